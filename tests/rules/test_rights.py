"""Rights: a removed or restricted right is material, a new one minor."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import rights

from .judge import assess_texts, fires, judge


def test_a_deleted_right_is_material() -> None:
    found = judge("You have the right to delete your data.", None, topic="rights")
    assert found["rights.removed"] is Level.MATERIAL


def test_a_new_right_is_minor() -> None:
    found = judge("You can access your data.", "You can access, correct or erase your data.")
    assert found == {"rights.added": Level.MINOR}
    # "request" alone names no right.
    assert not fires(rights.rights_added, None, "You can request a quote.", topic="rights")


def test_a_fee_for_a_right_is_material() -> None:
    found = judge(
        "You can request a copy of your data.",
        "You can request a copy of your data; we may charge a fee.",
        topic="rights",
    )
    assert found["rights.restricted"] is Level.MATERIAL


def test_a_lost_way_to_exercise_a_right_is_material() -> None:
    assert fires(
        rights.rights_removed,
        "To exercise your rights, email privacy@acme.com or call 0800 123 4567.",
        "To exercise your rights, call 0800 123 4567.",
        topic="rights",
    )


def test_an_opt_out_deleted_with_its_practice_is_no_right_taken_away() -> None:
    old = (
        "# P\n\n## Things you should know\n\n- Donors: We use WealthEngine to learn more about donors "
        "from public sources. Donors can opt-out of this use.\n- Cookies: we use cookies.\n"
    )
    new = "# P\n\n## Things you should know\n\n- Cookies: we use cookies.\n"
    assert "rights.removed" not in {r.rule for r in assess_texts(old, new).reasons}


def test_a_right_limited_to_some_places_is_material() -> None:
    # Universal reach lost, or a condition on who may ask added: fewer people keep the right.
    found = judge(
        "Whatever country you are in, you may ask us to correct your record.",
        "If you live in Canada, you may ask us to correct your record.",
        topic="rights",
    )
    assert found["rights.scope_narrowed"] is Level.MATERIAL
    assert fires(
        rights.scope_narrowed,
        "You can obtain a copy of your file.",
        "Where required by law, you can obtain a copy of your file.",
    )


def test_a_right_opened_to_everyone_is_minor() -> None:
    found = judge(
        "Oregon residents may ask us to erase their quiz answers.",
        "You may ask us to erase your quiz answers.",
        topic="rights",
    )
    assert found == {"rights.scope_widened": Level.MINOR}
    # The same condition before and after changes no one's reach.
    assert not fires(
        rights.scope_narrowed,
        "If you live in Peru, you can ask us to erase your file.",
        "If you live in Peru, you can ask us to erase your whole file.",
    )


def test_a_condition_said_another_way_changes_no_reach() -> None:
    assert not fires(
        rights.scope_narrowed,
        "Subject to applicable law, you may request a copy of your data.",
        "Depending on the law where you live, you can ask for a copy of your data.",
    )


def test_a_right_waived_is_not_a_right_added() -> None:
    found = judge(None, "You must tell us within 60 days or you waive the right to contest a bill.")
    assert "rights.added" not in found
    assert found["rights.restricted"] is Level.MATERIAL


def test_an_address_hidden_by_the_capture_is_not_a_way_removed() -> None:
    # Some CDNs show every e-mail address as "[email protected]" in captured pages.
    found = judge(
        "To exercise your rights, email us at privacy@quillbox.example.",
        "To exercise your rights, email us at [email protected].",
        topic="rights",
    )
    assert "rights.removed" not in found
    assert max(found.values()) <= Level.MINOR
