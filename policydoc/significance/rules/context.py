"""What the rules compare a change against: the whole of both versions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from policydoc.significance.analysis import Features, negative_contexts, words_of
from policydoc.significance.rules.words import bag
from policydoc.significance.vocab import Vocabulary

if TYPE_CHECKING:
    from policydoc.amendment import SectionChange

T = TypeVar("T")


class DocContext:
    """Document-wide facts the rules compare against (what the old version already disclosed)."""

    def __init__(
        self,
        old_sentences: Iterable[str],
        new_sentences: Iterable[str],
        vocab: Vocabulary,
        titles: Iterable[str] = (),
        *,
        sentence_titles: tuple[list[str], list[str]] | None = None,
    ):
        self.vocab = vocab
        self.titles = {t.lower().strip() for t in titles}
        # Most sentences are the same in both versions: one Features each, so what is read
        # lazily from a sentence (words, terms, negations) is read once per assessment.
        made: dict[str, Features] = {}

        def features(s: str) -> Features:
            f = made.get(s)
            if f is None:
                f = made[s] = Features(s, vocab)
            return f

        self.old_sentences = [features(s) for s in old_sentences]
        self.new_sentences = [features(s) for s in new_sentences]
        self.old_text = " ".join(f.text for f in self.old_sentences)
        self.new_text = " ".join(f.text for f in self.new_sentences)
        self._per_change: dict[tuple[str, int], Any] = {}
        # Per version, the title of the section each sentence is in.
        self.sentence_titles = sentence_titles or (
            [""] * len(self.old_sentences),
            [""] * len(self.new_sentences),
        )

    def per_change(self, name: str, change: SectionChange, compute: Callable[[], T]) -> T:
        """*compute*() once per section change: every sentence of a section asks the same."""
        key = (name, id(change))
        if key not in self._per_change:
            self._per_change[key] = (change, compute())  # holding change keeps its id unique
        result: T = self._per_change[key][1]
        return result

    def disclosed(self, category: str) -> set[str]:
        """Terms of *category* the old version used in affirmative (non-negated) sentences."""
        cache = self.__dict__.setdefault("_disclosed", {})
        if category not in cache:
            found: set[str] = set()
            for f in self.old_sentences:
                if not f.negated:
                    found |= f.terms(category)
            cache[category] = found
        result: set[str] = cache[category]
        return result

    @cached_property
    def old_ruled_out(self) -> frozenset[str]:
        """Old sentences read as prohibitions by their context alone: the items under a
        lead-in such as "We will never:" or a heading such as "What we do not share"."""
        flags = negative_contexts(self.old_sentences, self.sentence_titles[0])
        return frozenset(
            f.raw for f, ruled_out in zip(self.old_sentences, flags, strict=True) if ruled_out
        )

    @cached_property
    def old_prose(self) -> str:
        """The old text without e-mail and web addresses (a domain is not a company's name)."""
        return re.sub(r"\S+@\S+|https?://\S+|www\.\S+", " ", self.old_text)

    @cached_property
    def rewritten_words(self) -> set[str]:
        """The content words (stemmed, synonyms folded) of old sentences that are gone:
        what a rewrite had to say again."""
        kept = {f.raw for f in self.new_sentences}
        return {w for f in self.old_sentences if f.raw not in kept for w in bag(f.words)}

    @cached_property
    def old_words(self) -> set[str]:
        """Every word of the old version."""
        return set(words_of(self.old_text))

    @cached_property
    def old_numbers(self) -> set[str]:
        """Every number-like token of the old version (street numbers, postcodes, ...)."""
        return set(re.findall(r"\d[\w-]*", self.old_text))

    @cached_property
    def old_orgs(self) -> set[str]:
        return {o for f in self.old_sentences for o in f.orgs}

    @cached_property
    def old_emails(self) -> set[str]:
        return {e for f in self.old_sentences for e in f.emails}
