"""Structure: what moves between sections, headings and removed sections."""

from __future__ import annotations

import pytest

from policydoc import Level, Rule, Unit
from policydoc.significance.rules import structure


def _unit(kind: str, text: str | None, **kw: str) -> Unit:
    doc = Unit.from_sentences(text or "Text.", None).doc
    return Unit(kind, None, doc, old=text, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "unit"),
    [
        pytest.param(
            structure.moved_into_practice,
            _unit(
                "move",
                "We sell your browsing history.",
                old_title="What we do not do",
                section_title="How we use your data",
            ),
            id="moved out of what we do not do",
        ),
        pytest.param(
            structure.heading_negation_flip,
            _unit("heading", None, old_title="What we do not share", section_title="What we share"),
            id="heading lost its negation",
        ),
        pytest.param(
            structure.section_removed,
            _unit(
                "section_removed",
                "You have the right to access and delete your personal data.",
                topic="rights",
                section_title="Your rights",
            ),
            id="section of rights removed",
        ),
    ],
)
def test_structural_losses_are_material(rule: Rule, unit: Unit) -> None:
    assert list(rule.check(unit))
    assert rule.level is Level.MATERIAL


def test_a_renamed_heading_without_a_flip_is_not_a_flip() -> None:
    renamed = _unit("heading", None, old_title="Sharing", section_title="Who we share with")
    assert not list(structure.heading_negation_flip.check(renamed))
    assert list(structure.heading_renamed.check(renamed))
    assert structure.heading_renamed.level is Level.EDITORIAL
