"""Is this still said? Whether two sentences say the same thing (their signature: terms,
negation, modality, conditions, numbers, names) and whether a deleted sentence's words live on."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from policydoc.significance.analysis import Features, words_of
from policydoc.significance.rules.helpers import PRIVACY_CATEGORIES, RIGHT_FAMILY, WEAK_RIGHT_WORDS
from policydoc.significance.rules.unit import Unit
from policydoc.significance.rules.words import CANONICAL, MEANINGFUL, bag, capitalised, stem

_UNIVERSAL = dict.fromkeys(("any", "every", "each", "all"), "all")
# Phrases that say one thing in several ways, folded before comparing signatures.
_PHRASE_WORD = {
    "at any time": " anytime ", "prior to": " before ", "subsequent to": " after ",
    "in the event that": " if ", "in the event of": " if ", "whenever you like": " anytime ",
    "whenever you want": " anytime ", "whenever you wish": " anytime ",
    "whenever you choose": " anytime ",
}  # fmt: skip
_PHRASES = re.compile("|".join(r"\b" + re.escape(p) + r"\b" for p in _PHRASE_WORD))


def privacy_terms(f: Features) -> set[tuple[str, str]]:
    """(category, term) for every privacy term *f* names, without sharing verbs and
    without the words that name no right by themselves ("request a quote")."""
    return {
        (c, t)
        for c in PRIVACY_CATEGORIES
        if c != "share_verb"
        for t in f.terms(c)
        if not (c == "right" and t in WEAK_RIGHT_WORDS)
    }


def canonical_term(term: str) -> str:
    """One spelling per meaning: synonyms folded, rights by family ("erasure" is "erase")."""
    return RIGHT_FAMILY.get(term, CANONICAL.get(term, stem(term)))


def signature(f: Features) -> tuple[Any, ...]:
    """What a rewording must keep for the sentence to mean the same to a reader."""
    return (
        frozenset((c, canonical_term(t)) for c, t in privacy_terms(f)),
        f.has("share_verb"),
        f.negations,
        f.modality,
        f.conditional,
        frozenset(
            _UNIVERSAL.get(w, w)
            for w in words_of(_PHRASES.sub(lambda m: _PHRASE_WORD[m.group(0)], f.text))
            if w in MEANINGFUL or w in _UNIVERSAL
        ),
        tuple(round(d) for d in sorted(f.durations)),
        tuple(sorted(f.ages)),
        frozenset(f.emails),
        frozenset(f.phones),
        # Names: "AppLovin, InMobi, Moloco" is not a paraphrase of "AppLovin, InMobi".
        frozenset(capitalised(f.raw)),
    )


def still_said(u: Unit) -> bool:
    """Is a deleted sentence's content still in its section, merged into another sentence
    or reworded with synonyms ("we will respond within 45 days" -> "..., and we will reply
    within 45 days")?"""
    if u.kind != "delete" or u.old is None or u.change is None or not u.change.new:
        return False
    mine = bag(u.old.words)
    total = sum(mine.values())
    if total < 4:
        return False
    change, vocab = u.change, u.doc.vocab

    def section_words() -> tuple[Counter[str], list[int]]:
        section = Features(" ".join(s.text for s in change.new), vocab)
        return bag(section.words), [round(d) for d in section.durations]

    theirs, new_periods = u.doc.per_change("words", change, section_words)
    if sum((mine & theirs).values()) < 0.85 * total:
        return False
    return all(round(d) in new_periods for d in u.old.durations)


def same_meaning(a: Features, b: Features) -> bool:
    """Two sentences with the same signature and mostly the same (synonym-folded) words."""
    if signature(a) != signature(b):
        return False
    x, y = bag(a.words), bag(b.words)
    union = sum((x | y).values())
    return union > 0 and sum((x & y).values()) / union >= 0.6
