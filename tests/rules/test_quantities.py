"""Quantities: periods and ages judged by which way they moved for the user."""

from __future__ import annotations

from policydoc import Level

from .judge import assess_texts, judge


def test_longer_retention_is_material_and_shorter_is_minor() -> None:
    longer = judge(
        "We keep your data for 30 days.", "We keep your data for 2 years.", topic="retention"
    )
    assert longer["quantity.worse"] is Level.MATERIAL
    shorter = judge(
        "We keep your data for 2 years.", "We keep your data for 30 days.", topic="retention"
    )
    assert shorter["quantity.better"] is Level.MINOR
    assert "quantity.worse" not in shorter


def test_the_same_period_in_other_units_is_editorial() -> None:
    assert judge(
        "We keep your data for 24 months.", "We keep your data for 2 years.", topic="retention"
    ) == {"editorial.wording": Level.EDITORIAL}


def test_a_lower_minimum_age_is_major() -> None:
    lowered = judge(
        "Our service is not directed at children under 16.",
        "Our service is not directed at children under 13.",
    )
    assert lowered["quantity.age_lowered"] is Level.MAJOR
    raised = judge(
        "Our service is not directed at children under 13.",
        "Our service is not directed at children under 16.",
    )
    assert raised["quantity.age_raised"] is Level.MINOR


def test_a_period_made_open_ended_in_a_table_is_material() -> None:
    head = "# P\n\n## Retention\n\n| Data | How long we keep it |\n|---|---|\n| Account data | Until you delete your account, then 30 days |\n"
    old = head + "| Raw sensor readings | 12 months, then deleted |\n"
    new = (
        head
        + "| Raw sensor readings | For as long as the device stays registered to your account |\n"
    )
    assert assess_texts(old, new).level >= Level.MATERIAL


def test_a_period_made_vague_is_material() -> None:
    # Whatever replaces it ("a reasonable period", "promptly"), the limit is gone.
    found = judge(
        "Loan records are unlinked from your card 45 days after the loan ends.",
        "Loan records are unlinked from your card a sensible time after the loan ends.",
        topic="retention",
    )
    assert found["quantity.worse"] is Level.MATERIAL
    found = judge(
        "We respond to access requests within 30 days.",
        "We respond to access requests promptly.",
        topic="rights",
    )
    assert found["quantity.worse"] is Level.MATERIAL


def test_a_period_stated_where_there_was_none_is_minor() -> None:
    found = judge(
        "We keep chat transcripts for as long as necessary.",
        "We keep chat transcripts for 90 days.",
        topic="retention",
    )
    assert found == {"quantity.better": Level.MINOR}


def test_a_period_moved_to_the_next_sentence_is_not_lost() -> None:
    old = "# Keeping data\n\nWe delete voice clips within 14 days of upload. Backups follow.\n"
    new = "# Keeping data\n\nWe delete voice clips after upload. This happens within 14 days.\n"
    assert "quantity.worse" not in {r.rule for r in assess_texts(old, new).reasons}


def test_retention_made_open_ended_is_material() -> None:
    found = judge(
        "Trip logs are kept until you ask us to delete them.",
        "Trip logs are kept for as long as we need them.",
        topic="retention",
    )
    assert found["quantity.worse"] is Level.MATERIAL


def test_a_minimum_age_deleted_is_major() -> None:
    old = (
        "# Terms\n\n## Who may join\n\nYou must be at least 18 years old to open an account. "
        "Accounts are personal.\n"
    )
    new = "# Terms\n\n## Who may join\n\nAccounts are personal.\n"
    reasons = {r.rule: r.level for r in assess_texts(old, new).reasons}
    assert reasons["children.age_limit_removed"] is Level.MAJOR
    # Another sentence keeping the same age gate: nothing opened up.
    kept = new + "\nOnly people aged 18 or older may use the service.\n"
    assert "children.age_limit_removed" not in {r.rule for r in assess_texts(old, kept).reasons}


def test_a_longer_window_for_the_user_to_act_is_minor() -> None:
    found = judge(
        "You may request a full refund within 14 days of purchase.",
        "You may request a full refund within 30 days of purchase.",
    )
    assert found == {"quantity.better": Level.MINOR}
    found = judge(
        "You may request a full refund within 30 days of purchase.",
        "You may request a full refund within 14 days of purchase.",
    )
    assert found["quantity.worse"] is Level.MATERIAL


def test_a_period_of_unknown_purpose_changed_is_reviewed_not_material() -> None:
    found = judge("The lighthouse tour lasts 2 hours.", "The lighthouse tour lasts 3 hours.")
    assert found == {"quantity.changed": Level.MINOR}


def test_a_shorter_deadline_to_tell_users_of_a_breach_is_better() -> None:
    found = judge(
        "We will notify you within 72 hours after becoming aware of a data breach.",
        "We will notify you within 24 hours after becoming aware of a data breach.",
    )
    assert found == {"quantity.better": Level.MINOR}
