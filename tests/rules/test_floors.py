"""Fail-safe floors on single pairs: the shape of a commitment decides, not its verb."""

from __future__ import annotations

from policydoc import Level

from .judge import judge


def test_a_negation_removed_from_an_unknown_verb_is_material() -> None:
    found = judge(
        "Your listings are not syndicated to partner sites.",
        "Your listings are syndicated to partner sites.",
    )
    assert found["floor.negation_removed"] is Level.MATERIAL


def test_a_weakened_modal_is_material() -> None:
    found = judge(
        "We will blorf your records after a year.", "We may blorf your records after a year."
    )
    assert found["floor.commitment_weakened"] is Level.MATERIAL
