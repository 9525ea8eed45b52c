"""Is a sentence's meaning still said somewhere in the other version?

Plain-language rewrites, merged and split sections and prose turned into tables
delete sentences and insert others that say the same thing in other words. Word
overlap cannot see that; comparing what the sentences *commit to* can. A sentence
is restated when one sentence of the other version, or a few consecutive ones,
carry every privacy term it names (data, recipients, purposes, rights, sensitive
categories, security measures), every number, period, age and address, every
limiting word ("only", "unless", "except"), the same polarity (a prohibition
stays a prohibition, also when the negation sits in a heading such as "What we
never do") and no weaker commitment ("will delete" is not restated by "may
delete"), and enough of its words: 40% of its content words (70% without a
privacy term), and none the other version never uses, apart from legal filler
and one in six words of a long sentence.

A restated deletion is a rewording, not a removal; a restated insertion is not a
new disclosure. Nothing here decides a level: the engine only uses it to avoid
reading a rewrite as a removal plus an addition.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

import attrs

from policydoc.significance.analysis import (
    NEGATORS,
    Features,
    negative_contexts,
    negative_heading,
    topic_of,
    words_of,
)
from policydoc.significance.rules import (
    PRIVACY_CATEGORIES,
    bag,
    canonical_term,
    capitalised,
    privacy_terms,
    stem,
)
from policydoc.significance.vocab import Vocabulary

__all__: list[str] = []

# Words that limit or widen what a sentence commits to; a restatement must keep them.
_GUARDS = {
    "only": "only", "solely": "only", "exclusively": "only", "unless": "unless",
    "except": "except", "until": "until", "automatically": "automatically",
    "indefinitely": "indefinitely", "permanently": "permanently", "without": "without",
    "optional": "optional", "required": "required", "mandatory": "required",
}  # fmt: skip
# Terms of these categories are interchangeable names for "personal data" itself.
_GENERIC = frozenset({"personal"})
MIN_OVERLAP = 0.4
MIN_OVERLAP_UNANCHORED = 0.7
# A clause with a list, "(a) ...; (b) ...; (c) ...", may come back as that many sentences.
MAX_WINDOW = 6


@attrs.frozen(slots=True)
class Concepts:
    """What one sentence commits to, in a form that survives rewording."""

    term_words: tuple[tuple[str, frozenset[str]], ...]
    """Each term with its content words: "delete" is also said by "deleted within 30 days"."""
    numbers: frozenset[str]
    guards: frozenset[str]
    negated: bool
    modality: int
    content: frozenset[str]
    refused: frozenset[str] = frozenset()
    """The content words in reach of the first negation: what a refusal refuses."""

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(canonical for canonical, _ in self.term_words)

    @classmethod
    def of(
        cls,
        f: Features,
        *,
        negative_context: bool = False,
        content: frozenset[str] | None = None,
    ) -> Concepts:
        """*content* is :func:`content_words` of *f*, when the caller already has it."""
        found = {(c if c in _GENERIC else canonical_term(t), t) for c, t in privacy_terms(f)}
        term_words = tuple(
            sorted((canonical, frozenset(map(_root, bag(words_of(t))))) for canonical, t in found)
        )
        numbers = frozenset(
            [f"d{round(d)}" for d in f.durations]
            + [f"a{a}" for a in f.ages]
            + [f"p{p}" for p in f.percents]
            + sorted(f.emails)
            + sorted(f.phones)
        )
        guards = frozenset(_GUARDS[w] for w in words_of(f.text) if w in _GUARDS)
        # A sentence listed under "What we never do" is a prohibition even without "not".
        negated = f.negated or negative_context
        return cls(
            term_words,
            numbers,
            guards,
            negated,
            f.modality,
            content if content is not None else content_words(f),
            _refused(f) if f.negated else frozenset(),
        )


# Practices whose lists must not be confused: "email address" listed under what is
# shared is not the one listed under what is collected.
_PRACTICES = frozenset({"collection", "use", "sharing"})


def _refused(f: Features) -> frozenset[str]:
    words = f.words
    at = next((i for i, w in enumerate(words) if w in NEGATORS), None)
    if at is None:
        return frozenset()
    # Both sides of the negator: "no employee or contractor listens", "we do not sell X".
    scope = words[max(0, at - 4) : at + 10]
    return _content_of(tuple(w for w in scope if w not in NEGATORS))


def _compatible(a: str, b: str) -> bool:
    return a == b or not (a in _PRACTICES and b in _PRACTICES)


def content_words(f: Features) -> frozenset[str]:
    """Content words as rough roots, without the "(a)" of a clause."""
    return _content_of(tuple(f.words))


@functools.lru_cache(maxsize=65536)
def _content_of(words: tuple[str, ...]) -> frozenset[str]:
    # The old and the new version share most sentences: their roots are worked out once.
    return frozenset(_root(w) for w in bag(list(words)) if len(w) > 1)


def _root(word: str) -> str:
    """A rough root shared by a word's derivations: "secure" and "security", "delete(d)"."""
    for suffix in ("ation", "ity", "ion", "ment", "ness", "ive", "al", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# Words a plain-language rewrite drops without losing meaning.
_LEGAL_FILLER = frozenset(
    _root(w)
    for w in bag(
        """herein hereby hereof hereunder thereof therein thereto whereby notwithstanding namely
        aforementioned foregoing pursuant contrary respective respectively applicable such
        circumstances whatsoever otherwise generally certain particular relevant appropriate
        further additionally accordingly purpose purposes limitation shall""".split()
    )
)


class Restatements:
    """The sentences of one version, indexed so another sentence can be looked up by meaning."""

    def __init__(self, sentences: Sequence[Features], titles: Sequence[str], vocab: Vocabulary):
        self._sentences = sentences
        self._titles = titles
        self._vocab = vocab
        self._concepts: dict[int, Concepts] = {}  # computed for candidates only
        self._topics: dict[str, str] = {}
        self._content = [content_words(f) for f in sentences]
        self._index: dict[str, list[int]] = defaultdict(list)
        names: Counter[str] = Counter()
        for i, f in enumerate(sentences):
            for w in self._content[i]:
                self._index[w].append(i)
            names.update(capitalised(f.raw))
        self._negative = negative_contexts(sentences, titles)
        self._negative_by_text: dict[str, bool] = {}
        for f, negative in zip(sentences, self._negative, strict=True):
            self._negative_by_text.setdefault(f.raw, negative)
        # Names used throughout (the company, its product, defined terms such as "Services")
        # may be replaced by "we" or "it" in a rewrite; a name used once may not.
        self.common_names = frozenset(n for n, k in names.items() if k >= 3)

    def _concept(self, i: int) -> Concepts:
        if i not in self._concepts:
            self._concepts[i] = Concepts.of(
                self._sentences[i], negative_context=self._negative[i], content=self._content[i]
            )
        return self._concepts[i]

    def _topic(self, title: str) -> str:
        if title not in self._topics:
            self._topics[title] = topic_of(title, "", self._vocab)
        return self._topics[title]

    @staticmethod
    def recognisable(f: Features, content: frozenset[str] | None = None) -> bool:
        """Does *f* say enough (a privacy term, or five content words) to be looked up?"""
        if any(f.has(c) for c in PRIVACY_CATEGORIES if c != "share_verb"):
            return True
        return len(content if content is not None else content_words(f)) >= 5

    def says(
        self,
        f: Features,
        *,
        title: str = "",
        source: Restatements | None = None,
    ) -> bool:
        """Does this version say what *f* (in a section titled *title*) says, in one
        sentence or a few consecutive ones of a section on a compatible topic?

        *source* is *f*'s own version: the names it uses throughout may be left out of
        a rewording, and a list item there may be a prohibition by its lead-in.

        The content words of *f* must be known to this version, except legal filler
        ("herein", "notwithstanding") and one in six of a long sentence: a sentence that
        says "portable" says something a version without that word does not."""
        content = content_words(f)
        if not self.recognisable(f, content):
            return False
        negative = negative_heading(title)
        if source is not None:
            negative = source._negative_by_text.get(f.raw, negative)
        mine = Concepts.of(f, negative_context=negative, content=content)
        names = capitalised(f.raw) - (source.common_names if source is not None else set())
        if any(_root(stem(n.lower())) not in self._index for n in names):
            return False  # a name this version never mentions ("Moloco" added to partners)
        topic = self._topic(title)
        if not self._knows(mine):
            return False
        hits: dict[int, int] = defaultdict(int)
        for w in mine.content:
            for i in self._index.get(w, ()):
                hits[i] += 1
        need = (MIN_OVERLAP if mine.terms else MIN_OVERLAP_UNANCHORED) * len(mine.content)
        seen: set[range] = set()
        for i in sorted(hits):
            if not _compatible(topic, self._topic(self._titles[i])):
                continue
            for window in self._windows(i):
                if window in seen or sum(hits.get(j, 0) for j in window) < need:
                    continue
                seen.add(window)
                if _covers([self._concept(j) for j in window], mine):
                    return True
        return False

    def _knows(self, mine: Concepts) -> bool:
        unknown = [w for w in mine.content if w not in self._index and w not in _LEGAL_FILLER]
        # A long sentence may lose a word or two ("remaining") in a rewrite; a short one
        # cannot ("a copy in a portable format").
        return len(unknown) <= len(mine.content) // 6

    def _windows(self, i: int) -> Iterator[range]:
        """Runs of up to MAX_WINDOW consecutive sentences of one section that include *i*."""
        for size in range(1, MAX_WINDOW + 1):
            for start in range(i - size + 1, i + 1):
                end = start + size - 1
                if start < 0 or end >= len(self._sentences):
                    continue
                if self._titles[start] != self._titles[end]:
                    continue
                yield range(start, end + 1)


def _covers(window: Sequence[Concepts], mine: Concepts) -> bool:
    terms = frozenset().union(*(p.terms for p in window))
    numbers = frozenset().union(*(p.numbers for p in window))
    guards = frozenset().union(*(p.guards for p in window))
    content = frozenset().union(*(p.content for p in window))
    if not all(
        canonical in terms or (words and words <= content) for canonical, words in mine.term_words
    ):
        return False
    if not (mine.numbers <= numbers and mine.guards <= guards):
        return False
    # New exceptions are not a restatement: "we share X" vs "we share X unless ...".
    if (guards - mine.guards) & {"unless", "except", "without"}:
        return False
    # Polarity and modality are read from the sentence that carries most of the words:
    # a neighbour's "not" does not restate "we do not share X" once "not" was dropped.
    # A prohibition split off a long clause ("... and for no other purpose") may come
    # back as a sentence of its own.
    main = max(window, key=lambda p: len(p.content & mine.content))
    if mine.negated and not any(p.negated and len(p.content & mine.content) >= 2 for p in window):
        return False
    if mine.refused and not any(
        p.negated and len(p.content & mine.refused) >= 0.5 * len(mine.refused) for p in window
    ):
        return False  # a neighbour refuses something else; what this refused is now done
    if not mine.negated and any(p.negated for p in window):
        return False  # "the app records audio" is not said by "no audio is recorded"
    if not mine.negated and main.modality < mine.modality:
        return False  # "will delete" is not restated by "may delete"
    # Without a privacy term to anchor it, a sentence must keep most of its words.
    need = MIN_OVERLAP if mine.terms else MIN_OVERLAP_UNANCHORED
    return len(mine.content & content) >= need * len(mine.content)
