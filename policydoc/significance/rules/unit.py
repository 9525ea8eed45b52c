"""The rule interface: a :class:`Rule` checks one :class:`Unit` of change and yields
:class:`Finding` objects."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import attrs

from policydoc._display import short
from policydoc.significance.analysis import Features, words_of
from policydoc.significance.model import Level
from policydoc.significance.rules.context import DocContext
from policydoc.significance.rules.helpers import GENERIC_DATA, PRIVACY_CATEGORIES, plain_recipient
from policydoc.significance.rules.rows import new_rows
from policydoc.significance.rules.verbs import verb_class
from policydoc.significance.rules.words import FUNCTION_WORDS, MEANINGFUL
from policydoc.significance.vocab import (
    DEFAULT_VOCABULARY,
    Vocabulary,
    covered,
    same_concept_disclosed,
)
from policydoc.worddiff import DiffOp, diff_words

if TYPE_CHECKING:
    from policydoc.amendment import SectionChange, SentenceChange

__all__ = ["Finding", "Rule", "SentencePair", "Unit", "UnitKind", "rule"]

Stage = Literal["trivial", "substantive", "fallback"]
Check = Callable[["Unit"], Iterator["Finding"]]

UnitKind = Literal[
    "modify", "insert", "delete", "move", "heading", "structure", "section_removed", "metadata"
]


@attrs.frozen(slots=True, repr=False)
class Finding:
    """What a rule's check yields: a message, and optionally a category override."""

    message: str
    """The reason in words, shown to users of the assessment."""
    category: str | None = None
    """Overrides the rule's category for this finding."""
    needs_review: bool = False
    """Ask a person to look at this finding."""

    def __repr__(self) -> str:
        return (
            f"<Finding {short(self.message, 60)}{' (needs review)' if self.needs_review else ''}>"
        )


@attrs.frozen(slots=True, repr=False)
class Rule:
    """A significance rule: ``check(unit)`` yields findings at ``level`` in ``category``."""

    id: str
    """Unique id, ``area.what`` (e.g. ``sharing.new``)."""
    level: Level = attrs.field(converter=Level.parse)  # type: ignore[misc]
    """The level of the rule's findings (a configuration may override it)."""
    category: str
    """What the rule's findings are about (one of ``CATEGORIES``)."""
    description: str
    """What the rule detects, in words."""
    check: Callable[[Unit], Iterable[Finding]] = attrs.field(repr=False)
    """The function that inspects one :class:`Unit` and yields findings."""
    stage: Literal["trivial", "substantive", "fallback"] = "substantive"
    """``trivial`` rules explain a unit away (typo, date); ``fallback`` rules run when nothing else fired."""

    def __repr__(self) -> str:
        return f"<Rule {self.id} {self.level.value} {self.category}: {short(self.description)}>"


def rule(
    id: str, level: str, category: str, *, stage: Stage = "substantive"
) -> Callable[[Check], Rule]:
    """Make the decorated check function a :class:`Rule`; its docstring is the description.

    The rule runs once ``chain.py`` lists it (or a :class:`~policydoc.RuleSet` places it).
    """

    def make(check: Check) -> Rule:
        if not check.__doc__:
            raise ValueError(f"rule {id!r}: its check function needs a docstring (the description)")
        description = " ".join(check.__doc__.split())
        return Rule(id, Level.parse(level), category, description, check, stage)

    return make


_EDITS = ("insert", "delete")


@attrs.frozen(slots=True)
class SentencePair:
    """Two sentences (``old`` is ``None`` for an insertion, ``new`` for a deletion) and their
    word diff ``ops``: what a comparison's ``SentenceChange`` holds, for
    :meth:`Unit.from_sentences`, which compares no documents."""

    old: str | None
    new: str | None
    ops: tuple[DiffOp, ...]

    @property
    def inserted(self) -> str:
        """The inserted words, joined by spaces."""
        return self._runs()["insert"]

    @property
    def deleted(self) -> str:
        """The deleted words, joined by spaces."""
        return self._runs()["delete"]

    def _runs(self) -> dict[str, str]:
        return {op: " ".join(o.text.strip() for o in self.ops if o.op == op) for op in _EDITS}


class Unit:
    """One unit of change, with the features rules need."""

    def __init__(
        self,
        kind: UnitKind,
        change: SectionChange | None,
        doc: DocContext,
        *,
        old: str | None = None,
        new: str | None = None,
        sentence: SentenceChange | SentencePair | None = None,
        topic: str = "other",
        old_topic: str = "other",
        section_id: str = "",
        section_title: str = "",
        old_title: str = "",
    ):
        self.kind = kind
        """What kind of change: ``modify``, ``insert``, ``delete``, ``move``, ``heading``, ``structure``, ``section_removed`` or ``metadata``."""
        self.change = change
        """The section change this unit comes from (``None`` for metadata)."""
        self.doc = doc
        """Document-wide facts (what the old version already disclosed)."""
        self.sentence = sentence
        """The aligned sentence pair, for sentence-level units."""
        self.old = Features(old, doc.vocab) if old is not None else None
        """Features of the old text (``None`` for an insertion)."""
        self.new = Features(new, doc.vocab) if new is not None else None
        """Features of the new text (``None`` for a deletion)."""
        self.topic = topic
        """Topic of the new side's section (``sharing``, ``retention``, ...)."""
        self.old_topic = old_topic
        """Topic of the old side's section."""
        self.section_id = section_id
        """Id of the section the change is in."""
        self.section_title = section_title
        """Title of the section the change is in."""
        self.old_title = old_title
        """The section's old title."""
        self.restated = False
        """Set by the engine: what this sentence says is still said in the other version."""

    def __repr__(self) -> str:
        text = self.new.text if self.new is not None else self.old.text if self.old else ""
        return f"<Unit {self.kind} in {short(self.section_id)}: {short(text)}>"

    @classmethod
    def from_sentences(
        cls,
        old: str | None,
        new: str | None,
        *,
        topic: str = "other",
        section_title: str = "",
        vocab: Vocabulary | None = None,
    ) -> Unit:
        """A unit for one pair of sentences, as if they were the whole of two versions: a
        modified sentence, or an insertion (*old* ``None``) or a deletion (*new* ``None``).

        For testing a rule on a pair of sentences: ``list(rule.check(Unit.from_sentences(
        "We will not share your data.", "We will share your data.")))``. *topic* is the
        section's topic (``sharing``, ``rights``, ...); *vocab* defaults to the built-in one.
        """
        if old is None and new is None:
            raise ValueError("Unit.from_sentences needs an old or a new sentence (both are None)")
        if old is None:
            kind: UnitKind = "insert"
            ops: tuple[DiffOp, ...] = (DiffOp("insert", new or ""),)
        elif new is None:
            kind, ops = "delete", (DiffOp("delete", old),)
        else:
            kind, ops = "modify", diff_words(old, new)
        words = vocab if vocab is not None else _default_vocabulary()
        doc = DocContext([old] if old is not None else [], [new] if new is not None else [], words)
        return cls(
            kind,
            None,
            doc,
            old=old,
            new=new,
            sentence=SentencePair(old, new, ops),
            topic=topic,
            old_topic=topic,
            section_id="test",
            section_title=section_title,
            old_title=section_title,
        )

    # Convenience views ---------------------------------------------------------
    @property
    def either(self) -> Features:
        """The new side's features, or the old side's when there is no new side."""
        f = self.new or self.old
        assert f is not None
        return f

    def added(self, category: str) -> set[str]:
        """Terms of *category* the new text has and the old one had not."""
        new = self.new.terms(category) if self.new else set()
        # What a negated sentence mentioned was ruled out, not disclosed: "do not sell" -> "may sell"
        # adds selling.
        negated_practice = (
            self.old is not None
            and self.old.negated
            and self.new is not None
            and not self.new.negated
            and verb_class(self.old) == "use"
        )
        old = self.old.terms(category) if self.old and not negated_practice else set()
        return new - old

    def removed(self, category: str) -> set[str]:
        """Terms of *category* the old text had and the new one has not."""
        new = self.new.terms(category) if self.new else set()
        old = self.old.terms(category) if self.old else set()
        return old - new

    def new_to_doc(self, category: str) -> set[str]:
        """Terms added here that the old version never used affirmatively."""
        if self.new is None or self.new.negated:
            return set()
        disclosed = self.doc.disclosed(category)
        if category == "data_type":
            return {t for t in self.added(category) if not covered(t, disclosed)}
        if category == "recipient":
            # "business partners" are the "partners" already named; "advertising partners" are not.
            plain = {plain_recipient(t) for t in disclosed}
            return {
                t
                for t in self.added(category)
                if t not in disclosed and plain_recipient(t) not in plain
            }
        if category == "sensitive":
            # "health data" is the "health" the policy already named.
            heads = {w for t in disclosed for w in t.split() if w not in GENERIC_DATA}
            return {
                t
                for t in self.added(category)
                if t not in disclosed
                and not (set(t.split()) - GENERIC_DATA) <= heads
                and not same_concept_disclosed(t, disclosed)
            }
        # Another name of a DPV concept already named ("credit bureaus" for "consumer
        # reporting agencies") is not new.
        return {
            t
            for t in self.added(category)
            if t not in disclosed and not same_concept_disclosed(t, disclosed)
        }

    @cached_property
    def word_delta(self) -> tuple[Counter[str], Counter[str]]:
        """Words removed and words added (as counters)."""
        old = Counter(words_of(self.old.raw)) if self.old else Counter()
        new = Counter(words_of(self.new.raw)) if self.new else Counter()
        return old - new, new - old

    @cached_property
    def content_removed(self) -> Counter[str]:
        """Content words removed (function words and punctuation left out)."""
        return Counter(
            {w: n for w, n in self.word_delta[0].items() if w not in FUNCTION_WORDS and w.isalnum()}
        )

    @cached_property
    def content_added(self) -> Counter[str]:
        """Content words added (function words and punctuation left out)."""
        return Counter(
            {w: n for w, n in self.word_delta[1].items() if w not in FUNCTION_WORDS and w.isalnum()}
        )

    @property
    def privacy_relevant(self) -> bool:
        """Either side mentions data, purposes, recipients, rights or similar."""
        return any(f.privacy_relevant for f in (self.old, self.new) if f is not None)

    @cached_property
    def local(self) -> Features:
        """The new sentence, or for a long one (a table, a run-on list) the words around the change."""
        assert self.new is not None
        if self.kind != "modify" or self.sentence is None or len(self.new.words) <= 40:
            return self.new
        rows = [r for r in new_rows(self) if "|" in r]
        if rows:  # a table gained rows: read the rows, not their neighbours
            return Features(" ... ".join(rows), self.doc.vocab)
        pieces: list[str] = []
        ops = [o for o in self.sentence.ops if o.op != "delete"]
        for k, o in enumerate(ops):
            if o.op == "insert":
                before = ops[k - 1].text.split()[-8:] if k and ops[k - 1].op == "equal" else []
                after = (
                    ops[k + 1].text.split()[:8]
                    if k + 1 < len(ops) and ops[k + 1].op == "equal"
                    else []
                )
                pieces.append(" ".join([*before, o.text.strip(), *after]))
        return Features(" ... ".join(pieces) or self.new.raw, self.doc.vocab)

    @cached_property
    def changed_text(self) -> Features:
        """Only the words that changed (for a modified sentence), or the whole sentence."""
        if self.kind == "modify" and self.sentence is not None:
            parts = [o.text for o in self.sentence.ops if o.op != "equal"]
            return Features(" ... ".join(parts), self.doc.vocab)
        return self.either

    @cached_property
    def _terms_changed(self) -> bool:
        """Did the edit add or remove a privacy term (not just move or inflect one)?"""
        if self.kind != "modify" or self.sentence is None:
            return self.changed_text.privacy_relevant
        gone = " ... ".join(o.text for o in self.sentence.ops if o.op == "delete")
        came = " ... ".join(o.text for o in self.sentence.ops if o.op == "insert")
        vocab = self.doc.vocab

        def terms(text: str) -> set[tuple[str, str]]:
            return {(c, t.rstrip("s")) for c in PRIVACY_CATEGORIES for t in vocab.find(c, text)}

        return terms(gone) != terms(came)

    @cached_property
    def change_relevant(self) -> bool:
        """Do the changed words themselves carry privacy meaning (terms, negation, modality, numbers)?"""
        f = self.changed_text
        # "do not" -> "don't" moves negators around without adding or removing one.
        negation_changed = f.negated and not (
            self.kind == "modify"
            and self.old is not None
            and self.new is not None
            and self.old.negations == self.new.negations
        )
        return (
            self._terms_changed
            or negation_changed
            or f.conditional
            or bool(set(f.words) & MEANINGFUL)
            or bool(f.durations or f.ages or f.emails or f.phones or f.orgs or f.percents)
            or f.use_verb
            or f.protective_verb
            or any(c.isdigit() for c in f.raw)
        )


_VOCABULARY: list[Vocabulary] = []


def _default_vocabulary() -> Vocabulary:
    # Compiling the vocabulary takes a moment: once per process.
    if not _VOCABULARY:
        _VOCABULARY.append(Vocabulary(DEFAULT_VOCABULARY))
    return _VOCABULARY[0]
