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


def test_a_new_cost_to_the_user_in_terms_is_material() -> None:
    # Renewal, fees, liability caps and content licences: the rubric's ToS risk terms.
    found = judge(
        None,
        "Each season pass then renews automatically at the list price until cancelled.",
        topic="other",
    )
    assert found["terms.risk_added"] is Level.MATERIAL
    assert fires(
        terms.risk_added,
        "You grant us a licence to show your clips.",
        "You grant us a perpetual, irrevocable licence to show your clips.",
    )
    # The user's own option is no risk, and a cost named before is not new.
    assert not fires(terms.risk_added, None, "You can cancel renewal at any time in Settings.")


def test_a_cost_dropped_from_terms_is_minor() -> None:
    found = judge("Booking fees are non-refundable.", "Booking fees are refunded on request.")
    assert found["terms.risk_removed"] is Level.MINOR


def test_acceptance_by_continued_use_weakens_the_change_clause() -> None:
    found = judge(
        "Changes apply to you only once you have accepted them in the app.",
        "If you continue to use the app after changes take effect, you will be deemed to have accepted them.",
        topic="changes",
    )
    assert found["change_clause.weakened"] is Level.MATERIAL


def test_terms_that_bind_the_users_household_are_a_new_risk() -> None:
    found = judge(
        "By using the reader app you agree to these terms.",
        "By using the reader app you agree to these terms on behalf of yourself and all "
        "members of your household.",
    )
    assert found["terms.risk_added"] is Level.MATERIAL
