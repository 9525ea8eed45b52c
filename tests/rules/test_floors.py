"""Fail-safe floors on single pairs: the shape of a commitment decides, not its verb."""

from __future__ import annotations

from policydoc import Level

from .judge import assess_texts, judge


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


def test_a_refusal_by_no_one_deleted_is_material() -> None:
    old = (
        "# Terms\n\n## Clips\n\nClips are transcribed by software only; no employee or "
        "contractor listens to your clips.\n"
    )
    new = (
        "# Terms\n\n## Clips\n\nClips are transcribed by software and, for a sample, by "
        "staff or contractors who listen to them.\n"
    )
    levels = [r.level for r in assess_texts(old, new).reasons]
    assert max(levels) >= Level.MATERIAL


def test_a_limit_said_another_way_is_not_removed() -> None:
    # "unless you switch it off" -> "only if you switch it on": opt-out became opt-in.
    found = judge(
        "Your name appears on the donor board unless you switch off Show my name.",
        "Your name appears on the donor board only if you switch on Show my name.",
    )
    assert "floor.limit_removed" not in found
    assert max(found.values()) <= Level.MINOR


def test_a_refusal_split_into_a_sentence_of_its_own_is_not_removed() -> None:
    old = (
        "# Privacy\n\n## Statistics\n\nWe send yearly figures to our funders, which never "
        "identify you.\n"
    )
    new = (
        "# Privacy\n\n## Statistics\n\nWe send yearly figures to our funders; these figures "
        "never identify you.\n"
    )
    assert "floor.negation_removed" not in {r.rule for r in assess_texts(old, new).reasons}
