"""New permissions: the company (or a third party) gives itself leave to do something with
data or with the user's account that the old version never allowed."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import permissions

from .judge import assess_texts, fires, judge


def test_a_new_permission_over_data_is_material() -> None:
    # No word list names "deduce" or "household": the claim's shape decides.
    found = judge(None, "We may deduce which accounts belong to one household.")
    assert found == {"practice.new_permission": Level.MATERIAL}
    assert fires(permissions.new_permission, None, "Quorvex may also transcribe your voicemails.")


def test_a_new_power_over_the_account_is_material() -> None:
    found = judge(None, "We may suspend your workspace at our discretion without notice.")
    assert found == {"practice.new_permission": Level.MATERIAL}


def test_a_choice_for_the_user_or_a_limit_is_not_a_new_permission() -> None:
    assert not fires(permissions.new_permission, None, "You may export your playlists at any time.")
    assert not fires(
        permissions.new_permission, None, "Our couriers may use your address only to deliver."
    )
    assert not fires(
        permissions.new_permission, None, "With your consent, we may transcribe your voicemails."
    )
    assert not fires(permissions.new_permission, None, "We may not sell your voicemails.")


def test_a_permission_the_old_version_already_granted_is_not_new() -> None:
    old = "# Use\n\nWe may transcribe your voicemails to show them as text.\n\nWe keep logs.\n"
    new = (
        "# Use\n\nWe may transcribe your voicemails to show them as text.\n\nWe keep logs.\n\n"
        "Quorvex may transcribe your voicemails to show them as text in the app.\n"
    )
    rules = {r.rule for r in assess_texts(old, new).reasons}
    assert "practice.new_permission" not in rules


def test_a_disclosure_the_law_compels_is_no_new_permission() -> None:
    assert not fires(
        permissions.new_permission,
        None,
        "We may disclose information to law enforcement when required by law.",
    )


def test_a_power_the_old_terms_already_gave_is_not_new() -> None:
    old = (
        "# Terms\n\n## Suspension\n\nIf you breach these terms, Quorvex may, in its reasonable "
        "discretion, suspend access to your workspace.\n"
    )
    new = old + "\nIf we believe you breached these terms, we may suspend the affected account.\n"
    rules = {r.rule for r in assess_texts(old, new).reasons}
    assert "practice.new_permission" not in rules
