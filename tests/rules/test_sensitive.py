"""Children and sensitive data: newly collected or shared is major."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import sensitive

from .judge import assess_texts, fires, judge


def test_biometric_data_newly_collected_is_major() -> None:
    found = judge(None, "We collect your fingerprints to verify your identity.", topic="collection")
    assert found["sensitive.new"] is Level.MAJOR


def test_a_promise_not_to_collect_sensitive_data_is_not_collection() -> None:
    assert not fires(sensitive.sensitive_new, None, "We never collect your health data.")


def test_childrens_data_newly_collected_is_major() -> None:
    found = judge(
        None, "We collect personal information from children under 13 with parental consent."
    )
    assert found["children.new"] is Level.MAJOR


def test_the_same_sensitive_concept_in_other_words_is_not_new() -> None:
    old = "# Privacy\n\n## Verification\n\nWe make a facial template from your selfie.\n"
    new = "# Privacy\n\n## Verification\n\nWe make a face template from your selfie.\n"
    assert assess_texts(old, new).level < Level.MATERIAL


def test_unlocking_the_app_with_a_fingerprint_is_not_biometric_collection() -> None:
    assert not fires(
        sensitive.sensitive_new,
        None,
        "The app itself is protected by your fingerprint, face or passcode.",
    )
    assert fires(sensitive.sensitive_new, None, "We collect your fingerprint to verify you.")


def test_a_statutes_list_of_categories_is_not_sensitive_collection() -> None:
    listing = (
        "Examples include: a real name, alias, postal address, Social Security number, "
        "driver's license number, passport number or other similar identifiers."
    )
    assert not fires(sensitive.sensitive_new, None, listing)


def test_a_raised_age_threshold_is_not_new_childrens_data() -> None:
    found = judge(
        "If we learn that a child under 13 has provided us with personal information, we will delete it.",
        "If we learn that a child under 18 has provided us with personal information, we will delete it.",
    )
    assert "children.new" not in found


def test_parental_consent_or_a_minors_right_collects_no_childrens_data() -> None:
    assert not fires(
        sensitive.children_new,
        None,
        "If you are under 16, your parent or guardian must read and agree to these terms.",
    )
    assert not fires(
        sensitive.children_new,
        None,
        "If you are a resident under the age of 18, you may request that we remove your posts.",
    )


def test_a_new_table_row_is_never_read_as_page_chrome() -> None:
    old = (
        "# Processing terms\n\n## Sub-processors\n\n| Sub-processor | Service | Location |\n"
        "|---|---|---|\n| Hetzner Online GmbH | Hosting | Germany |\n"
    )
    new = old + "| Brightline Helpdesk Inc | Support Ticketing Screen Share | United States |\n"
    reasons = {r.rule for r in assess_texts(old, new).reasons}
    assert "editorial.chrome" not in reasons
    assert assess_texts(old, new).level >= Level.MINOR
