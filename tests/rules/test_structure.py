"""Structure: what moves between sections, headings and removed sections."""

from __future__ import annotations

from policydoc import Level, Unit
from policydoc.significance.rules import structure


def _unit(kind: str, text: str | None, **kw: str) -> Unit:
    doc = Unit.from_sentences(text or "Text.", None).doc
    return Unit(kind, None, doc, old=text, **kw)  # type: ignore[arg-type]


def test_a_sentence_moved_out_of_what_we_do_not_do_is_material() -> None:
    unit = _unit(
        "move",
        "We sell your browsing history.",
        old_title="What we do not do",
        section_title="How we use your data",
    )
    assert list(structure.moved_into_practice.check(unit))
    assert structure.moved_into_practice.level is Level.MATERIAL


def test_a_heading_that_lost_its_negation_is_material() -> None:
    unit = _unit("heading", None, old_title="What we do not share", section_title="What we share")
    assert list(structure.heading_negation_flip.check(unit))
    renamed = _unit("heading", None, old_title="Sharing", section_title="Who we share with")
    assert not list(structure.heading_negation_flip.check(renamed))


def test_a_removed_section_of_rights_is_material() -> None:
    unit = _unit(
        "section_removed",
        "You have the right to access and delete your personal data.",
        topic="rights",
        section_title="Your rights",
    )
    assert list(structure.section_removed.check(unit))
    assert structure.section_removed.level is Level.MATERIAL
