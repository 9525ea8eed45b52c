"""Structure: sections and sentences moved, split, merged, renamed or removed."""

from __future__ import annotations

from collections.abc import Iterator

from policydoc.significance.analysis import Features, negative_contexts, negative_heading
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import (
    TOPIC_CATEGORY,
    negated_practice,
    practice_category,
    verb_class,
)


@rule("moved.into_practice", "material", "sharing")
def moved_into_practice(u: Unit) -> Iterator[Finding]:
    """A sentence moved from a 'what we do not do' section into one that describes the practice."""
    if u.kind != "move":
        return
    if negative_heading(u.old_title) != negative_heading(u.section_title):
        if negative_heading(u.old_title):
            yield Finding(
                f"Moved from '{u.old_title}' to '{u.section_title}': what was ruled out is now described as done.",
                category=practice_category(u.either, u.topic),
            )


@rule("structure.reordered", "editorial", "other")
def reordered(u: Unit) -> Iterator[Finding]:
    """A section was moved, split or merged without changing its words."""
    if u.kind == "structure" and u.change is not None:
        kind = u.change.kind.value
        what = {
            "split": "split into several sections",
            "merged": "merged with another section",
        }.get(kind, "moved")
        yield Finding(f"Section '{u.section_title}' was {what}.")


@rule("heading.negation_flip", "material", "sharing")
def heading_negation_flip(u: Unit) -> Iterator[Finding]:
    """A heading's meaning flipped ('What we do not share' -> 'What we share')."""
    if (
        u.kind == "heading"
        and negative_heading(u.old_title)
        and not negative_heading(u.section_title)
    ):
        yield Finding(
            f"Heading '{u.old_title}' became '{u.section_title}'.",
            category=TOPIC_CATEGORY.get(u.topic, "other"),
        )


@rule("heading.renamed", "editorial", "other", stage="fallback")
def heading_renamed(u: Unit) -> Iterator[Finding]:
    """A heading was renamed."""
    if u.kind == "heading":
        yield Finding(f"Heading '{u.old_title}' renamed to '{u.section_title}'.")


_REQUIRED_TOPICS = frozenset(
    {"rights", "security", "retention", "changes", "contact", "children", "transfer", "controller"}
)


@rule("section.removed", "material", "section_removed")
def section_removed(u: Unit) -> Iterator[Finding]:
    """A section with commitments or legally required information was removed."""
    if u.kind != "section_removed" or u.old is None:
        return
    found = [Features(s, u.doc.vocab) for s in _sentences(u.old.raw)]
    commitments = [
        f
        for f, ruled_out in zip(found, negative_contexts(found), strict=True)
        if f.privacy_relevant
        and (
            negated_practice(f)
            or (ruled_out and verb_class(f) == "use")  # "(ii) sell data;" after "We will not:"
            or verb_class(f) == "protect"
            or f.has("right")
        )
    ]
    if (u.topic in _REQUIRED_TOPICS and u.old.privacy_relevant) or commitments:
        yield Finding(f"Section '{u.section_title}' ({u.topic}) was removed.")


@rule("section.practice_removed", "minor", "section_removed", stage="fallback")
def section_practice_removed(u: Unit) -> Iterator[Finding]:
    """A section describing a practice was removed."""
    if u.kind == "section_removed" and u.old is not None and u.old.privacy_relevant:
        yield Finding(
            f"Section '{u.section_title}' was removed; it described a practice rather than a promise."
        )


def _sentences(text: str) -> list[str]:
    from policydoc.text import sentences

    return sentences(text)
