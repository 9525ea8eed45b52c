"""Disputes and terms: arbitration, weaker change notices and retroactive terms."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import terms

from .judge import fires, judge


def test_arbitration_is_material_and_its_removal_minor() -> None:
    clause = "Any dispute will be resolved by binding arbitration."
    assert judge(None, clause)["dispute.added"] is Level.MATERIAL
    assert fires(terms.dispute_removed, clause, None)
    assert terms.dispute_removed.level is Level.MINOR


def test_a_weaker_change_notice_is_material() -> None:
    found = judge(
        "We will notify you by email before changes take effect.",
        "We may post changes on this page.",
        topic="changes",
    )
    assert found["change_clause.weakened"] is Level.MATERIAL


def test_terms_reaching_data_already_collected_are_major() -> None:
    assert fires(
        terms.grandfathering_removed,
        "Changes apply only to information collected after the change takes effect, going forward.",
        "Changes apply to all information.",
    )
    assert terms.grandfathering_removed.level is Level.MAJOR


def test_arbitration_the_user_may_choose_adds_a_remedy() -> None:
    option = (
        "If we do not resolve your complaint, you may invoke binding arbitration before the panel."
    )
    assert judge(None, option) == {"dispute.option_added": Level.MINOR}
    imposed = "You agree to binding arbitration and waive any class action."
    assert judge(None, imposed)["dispute.added"] is Level.MATERIAL
