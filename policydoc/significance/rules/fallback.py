"""Fallback rules (the ``fallback`` stage): run only when no other rule judged a unit; the
first that fires decides. Nothing privacy-relevant is left as editorial without proof."""

from __future__ import annotations

from collections.abc import Iterator

from policydoc.significance.analysis import Features
from policydoc.significance.rules.meaning import signature, still_said
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import practice_category, verb_class

_PRACTICE_TOPICS = frozenset(
    "collection use sharing rights retention security children transfer cookies".split()
)


@rule("clarification", "minor", "other", stage="fallback")
def clarification(u: Unit) -> Iterator[Finding]:
    """Privacy-relevant text added that introduces nothing new: a clarification or example."""
    # A new sentence in a section about a data practice or a right says something about it
    # even when no vocabulary word does ("We respond within 30 days").
    in_practice_section = (
        u.kind == "insert"
        and u.topic in _PRACTICE_TOPICS
        and len(u.content_added) >= 3
        and u.new is not None
        and not u.new.pointer
    )
    if not (u.privacy_relevant or in_practice_section):
        return
    # A modified sentence clarifies only if it gained words (a renumbered clause did not).
    if u.kind == "insert" or (u.kind == "modify" and u.content_added and not u.content_removed):
        yield Finding(
            "Adds detail without new data, purposes or recipients.",
            category=practice_category(u.either, u.topic),
        )


@rule("practice.description_removed", "minor", "other", stage="fallback")
def description_removed(u: Unit) -> Iterator[Finding]:
    """Text describing a data practice was removed (less collection or sharing described)."""
    if (
        u.kind == "delete"
        and u.privacy_relevant
        and u.old
        and not u.old.negated
        and verb_class(u.old) != "protect"
    ):
        if u.topic in (
            "collection",
            "sharing",
            "use",
            "cookies",
            "other",
            "controller",
            "children",
        ):
            yield Finding(
                "A description of a data practice was removed.",
                category=practice_category(u.old, u.topic),
            )


@rule("editorial.paraphrase", "editorial", "other", stage="fallback")
def paraphrase(u: Unit) -> Iterator[Finding]:
    """A sentence reworded with every term, negation, modal, condition and number kept."""
    if u.kind == "modify" and u.old and u.new and signature(u.old) == signature(u.new):
        yield Finding("Reworded; the same data, parties, rights, conditions and numbers as before.")


@rule("review.unresolved", "minor", "other", stage="fallback")
def review_unresolved(u: Unit) -> Iterator[Finding]:
    """A privacy-relevant sentence changed and no rule could judge it: review it (fail-safe)."""
    if u.kind == "delete" and u.old is not None and not u.old.negated and still_said(u):
        return  # its words are still in the section: merged into a neighbour, not removed
    if u.privacy_relevant and (u.kind == "delete" or (u.kind == "modify" and u.change_relevant)):
        yield Finding(
            "Privacy-relevant wording changed in a way no rule could classify; review it.",
            category=practice_category(u.either, u.topic),
            needs_review=True,
        )


# The shape of a commitment, whatever it is about: a modal verb, an agreement, a refusal.
_COMMITMENT_WORDS = frozenset(
    "will shall must may can cannot can't won't agree agrees reserve reserves entitled liable "
    "responsible required obliged obligated guarantee guarantees only solely exclusively always never "
    "governed subject".split()
)


def commitment_shape(f: Features) -> bool:
    """Does the sentence commit anyone to anything (not a label, greeting or pointer)?"""
    return bool(_COMMITMENT_WORDS.intersection(f.words)) or f.negated or bool(f.durations)


@rule("review.commitment", "minor", "other", stage="fallback")
def review_commitment(u: Unit) -> Iterator[Finding]:
    """A sentence shaped like a commitment (a modal verb, an agreement, a refusal) was added
    or removed, and no rule knows its subject: review it (fail-safe, never editorial)."""
    f = u.new if u.kind == "insert" else u.old if u.kind == "delete" else None
    if f is None or u.restated or f.pointer or len(f.words) < 6 or not commitment_shape(f):
        return
    yield Finding(
        "A sentence that commits to something was added or removed and no rule could judge "
        "it; review it.",
        needs_review=True,
    )


@rule("editorial.text", "editorial", "other", stage="fallback")
def editorial_text(u: Unit) -> Iterator[Finding]:
    """Text with no privacy relevance changed (navigation, headings, boilerplate)."""
    if u.kind in ("modify", "insert", "delete", "move") and not u.privacy_relevant:
        yield Finding("Wording without privacy relevance changed.")
    elif u.kind == "modify" and not u.change_relevant:
        yield Finding("The changed words carry no privacy meaning (names, wording, labels).")
    elif u.kind == "move":
        yield Finding("A sentence moved to another section.")


@rule("metadata.changed", "editorial", "other", stage="fallback")
def metadata_changed(u: Unit) -> Iterator[Finding]:
    """Only document metadata (front matter: version, dates, title) changed."""
    if u.kind == "metadata":
        yield Finding(f"Metadata '{u.section_title}' changed.")
