"""Words the rules compare sentences with: grammar words, contractions, stems, synonyms."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from policydoc.significance.analysis import words_of
from policydoc.significance.vocab import SYNONYMS

# Grammar words: a change in them alone changes no claim (modals are MEANINGFUL, not these).
FUNCTION_WORDS = frozenset(
    "the a an that which this these those of to in on for by and as at from also such is are be been being its it "
    "there then thus so very please our we us you your their they them he she his her i me my who whom whose when "
    "where how what here".split()
)

# Words that change what a sentence commits to, even without any privacy term.
MEANINGFUL = frozenset(
    "may might can could will shall must should only solely unless except all any every some none always never "
    "immediately promptly later before after within without until including excluding limited unlimited "
    "indefinitely permanently automatically optional required mandatory".split()
)


def quote(terms: Iterable[str]) -> str:
    """Terms for a message: sorted, each in quotes."""
    return ", ".join(f"'{t}'" for t in sorted(terms))


# Who a sentence is about: grammar to FUNCTION_WORDS, but swapping them changes the claim.
PARTIES = frozenset("you your we our us their they them he she his her i me my".split())


CONTRACTIONS = {
    "don't": "do not", "doesn't": "does not", "didn't": "did not", "isn't": "is not",
    "aren't": "are not", "won't": "will not", "can't": "cannot", "wouldn't": "would not",
    "we're": "we are", "we've": "we have", "it's": "it is", "you're": "you are",
    "dont": "do not", "doesnt": "does not", "isnt": "is not", "wont": "will not", "cant": "cannot",
    "shouldn't": "should not", "couldn't": "could not", "mustn't": "must not", "hasn't": "has not",
    "haven't": "have not", "wasn't": "was not", "weren't": "were not", "we'll": "we will",
    "you'll": "you will", "they'll": "they will", "it'll": "it will", "they're": "they are",
    "that's": "that is", "there's": "there is", "what's": "what is", "let's": "let us",
    "we'd": "we would", "you'd": "you would", "you've": "you have", "they've": "they have",
    "i'm": "i am", "i've": "i have", "here's": "here is", "who's": "who is",
}  # fmt: skip

# British and American spellings of one word ("organisation", "organization"; "licence",
# "license"; "favourite", "favorite"): folded to one form before words are compared, so a
# spelling sweep proves itself editorial. Folding both sides the same way can only merge
# spellings of one word; no two English words that differ in meaning differ only so.
_SPELLING_FOLDS = (
    (re.compile(r"(?<=\w\w)is(ation|ations|e|ed|es|ing|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=\w\w)ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w\w\w)our(s|ed|ing|ite|ites|able|ably|ful)?$"), r"or\1"),
    (re.compile(r"(lic|def|off|pret)ence(s|d)?$"), r"\1ense\2"),
    (re.compile(r"(?<=\w\w[^aeiou\W])tre(s|d)?$"), r"ter\1"),
    (re.compile(r"(?<=\w)ogue(s)?$"), r"og\1"),
    (re.compile(r"(?<=\w[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"^programme(s)?$"), r"program\1"),
    (re.compile(r"^enquir"), "inquir"),
    (re.compile(r"^judgement(s)?$"), r"judgment\1"),
    (re.compile(r"^ageing$"), "aging"),
    (re.compile(r"^fulfil(s|ment)?$"), r"fulfill\1"),
    (re.compile(r"^enrol(s|ment)?$"), r"enroll\1"),
    (re.compile(r"^cheque(s)?$"), r"check\1"),
)


@functools.lru_cache(maxsize=65536)
def american(w: str) -> str:
    """*w* in American spelling (both sides of a comparison are folded the same way)."""
    for pattern, replacement in _SPELLING_FOLDS:
        w = pattern.sub(replacement, w)
    return w


# Verbs that carry no meaning of their own when a sentence is rephrased ("we use X to
# protect" / "we protect ... with X").
LIGHT_VERBS = frozenset(
    "use uses using make makes have has take takes do does get gets with via through".split()
)


def _canonical_words() -> dict[str, str]:
    """Single-word synonyms mapped to one representative, so "ask" and "request" compare equal."""
    groups: dict[str, set[str]] = {}
    for pair in SYNONYMS:
        words = sorted(pair)
        if len(words) != 2 or any(" " in w for w in words):
            continue
        merged = groups.get(words[0], {words[0]}) | groups.get(words[1], {words[1]})
        for w in merged:
            groups[w] = merged
    return {w: min(g) for w, g in groups.items()}


CANONICAL = _canonical_words()


def bag(words: list[str], *, synonyms: bool = True) -> Counter[str]:
    """The content words of a sentence (contractions expanded, stemmed, and with *synonyms*
    folded to one representative), without grammar words, pronouns or light verbs."""
    return Counter(
        CANONICAL.get(w, stem(american(w))) if synonyms else stem(american(w))
        for w in expand(words)
        if w[:1].isalnum() and w not in FUNCTION_WORDS and w not in PARTIES and w not in LIGHT_VERBS
    )


def same_period(a: float, b: float) -> bool:
    # "2 years" is 730 days and "24 months" 720: calendar units differ by a few percent.
    return abs(a - b) <= 0.03 * max(a, b)


def expand(ws: list[str]) -> list[str]:
    return [p for w in ws for p in CONTRACTIONS.get(w, w).split()]


@functools.lru_cache(maxsize=65536)
def stem(w: str) -> str:
    for suffix in ("ing", "es", "ed", "s", "e", "d"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


# The synonym pairs as words_of() reads them ("e.g." is the word "e.g").
SYNONYM_WORDS = (
    frozenset(frozenset(" ".join(words_of(p)) for p in pair) for pair in SYNONYMS) | SYNONYMS
)


def capitalised(raw: str) -> set[str]:
    """Capitalised words other than the first: the names a sentence mentions."""
    words = re.findall(r"[A-Za-z][\w&'-]*", raw)
    return {w for w in words[1:] if w[0].isupper() and w.lower() not in FUNCTION_WORDS}
