"""Polarity and modality: a negation or a modal verb that moves against the user is material."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import polarity

from .judge import assess_texts, fires, judge


def test_a_lifted_prohibition_is_material() -> None:
    found = judge(
        "We will not share your email address with advertisers.",
        "We will share your email address with advertisers.",
        topic="sharing",
    )
    assert found["polarity.permission_widened"] is Level.MATERIAL


def test_a_new_prohibition_is_minor() -> None:
    old, new = (
        "We share your location with partners.",
        "We do not share your location with partners.",
    )
    assert fires(polarity.practice_limited, old, new)
    assert not fires(polarity.permission_widened, old, new)
    assert polarity.practice_limited.level is Level.MINOR


def test_a_protection_made_optional_is_material() -> None:
    found = judge(
        "We will delete your data when you close your account.",
        "We may delete your data when you close your account.",
        topic="retention",
    )
    assert found["modality.protection_weakened"] is Level.MATERIAL
    # The reverse direction is a firmer promise: minor.
    assert fires(
        polarity.practice_narrowed,
        "We may delete your data when you close your account.",
        "We will delete your data when you close your account.",
    )


def test_a_removed_consent_condition_is_material() -> None:
    found = judge("We only use your location with your consent.", "We use your location.")
    assert found["modality.practice_broadened"] is Level.MATERIAL


def test_something_taken_out_of_a_prohibition_is_material() -> None:
    assert fires(
        polarity.prohibition_narrowed,
        "We never share your email address or phone number with advertisers.",
        "We never share your email address with advertisers.",
    )


def test_opt_in_replaced_by_legitimate_interest_is_material() -> None:
    old = (
        "# Cookies\n\n## Analytics cookies\n\nAnalytics cookies are placed only after you click "
        '"Accept". Until then, no analytics data is collected.\n'
    )
    new = (
        "# Cookies\n\n## Analytics cookies\n\nWe place analytics cookies on the basis of our "
        "legitimate interest. You can object at any time in the cookie settings.\n"
    )
    rules = {r.rule for r in assess_texts(old, new).reasons}
    assert "consent.opt_in_replaced" in rules


def test_refusals_regrouped_lift_no_prohibition() -> None:
    old = "# P\n\n## Providers\n\nWe do not use social media pixels, and we do not use any third-party retargeting service.\n"
    new = "# P\n\n## Providers\n\nSocial media pixels and third-party retargeting services are not part of our set-up.\n"
    assert assess_texts(old, new).level < Level.MATERIAL
    # A refusal that lost one of its objects still lifts a prohibition.
    narrowed = "# P\n\n## Providers\n\nSocial media pixels are not part of our set-up.\n"
    assert assess_texts(old, narrowed).level >= Level.MATERIAL


def test_a_refusal_without_not_is_a_refusal() -> None:
    # "stay away from" refuses as "are not passed to" did: no prohibition was lifted.
    assert not fires(
        polarity.permission_widened,
        "Search terms are not passed to any marketing provider.",
        "What you type into our search box stays away from marketing providers.",
    )
    assert fires(
        polarity.permission_widened,
        "Search terms are not passed to any marketing provider.",
        "Search terms are passed to marketing providers.",
    )


def test_a_refusal_about_sensitive_data_named_before_it_is_sensitive() -> None:
    old = (
        "# P\n\n## Things we will not do\n\nYour prescriptions and consultation answers stay between "
        "you and us. They are not shared with advertisers, with drug manufacturers or with insurers.\n"
    )
    new = old.replace(", with drug manufacturers", "")
    assess = assess_texts(old, new)
    assert assess.level is Level.MAJOR
    assert "sensitive.prohibition_narrowed" in {r.rule for r in assess.reasons}


def test_an_opt_out_replaced_by_consent_removes_no_limit() -> None:
    assert not fires(
        polarity.practice_broadened,
        "We send you these emails unless you opt out.",
        "We send you these emails; you can withdraw your consent at any time.",
    )
    assert fires(
        polarity.practice_broadened,
        "We send you these emails unless you opt out.",
        "We send you these emails.",
    )


def test_an_item_dropped_from_a_never_list_is_material_and_major_when_sensitive() -> None:
    old = (
        "# Plumbright privacy\n\n## What we never do\n\nWhatever happens, Plumbright will never:\n\n"
        "1. rent your meter readings to landlords;\n"
        "2. share your heart rate with employers;\n"
        "3. show your address to other members.\n"
    )
    plain = old.replace("1. rent your meter readings to landlords;\n", "")
    reasons = {r.rule: r.level for r in assess_texts(old, plain).reasons}
    assert reasons["polarity.ruled_out_item_removed"] is Level.MATERIAL
    sensitive = old.replace("2. share your heart rate with employers;\n", "")
    reasons = {r.rule: r.level for r in assess_texts(old, sensitive).reasons}
    assert reasons["sensitive.ruled_out_item_removed"] is Level.MAJOR
    # Reordering the items lifts nothing.
    lines = old.splitlines(keepends=True)
    swapped = "".join([*lines[:6], lines[7], lines[6], *lines[8:]])
    assert all(r.level <= Level.EDITORIAL for r in assess_texts(old, swapped).reasons)


def test_an_exclusion_from_a_benefit_is_not_a_refusal() -> None:
    # "What's not covered" lists what a guarantee excludes: dropping one widens it.
    old = (
        "# Guarantee\n\n## What's not covered\n\n- vehicles collected in person by the buyer;\n"
        "- gift cards bought from resellers.\n"
    )
    new = "# Guarantee\n\n## What's not covered\n\n- gift cards bought from resellers.\n"
    rules = {r.rule for r in assess_texts(old, new).reasons}
    assert "polarity.ruled_out_item_removed" not in rules


def test_the_users_own_wish_not_to_share_is_no_company_refusal() -> None:
    assert not fires(
        polarity.permission_widened,
        "If you prefer not to share your full name with friends, remove them from your list.",
        None,
    )
    # The company's own refusal still is one.
    assert fires(polarity.permission_widened, "We do not share your full name with friends.", None)


def test_a_prohibition_said_with_prohibit_from_is_a_refusal() -> None:
    # Both wordings refuse the same use: no purpose is new, no prohibition lifted.
    found = judge(
        "Such couriers are contractually prohibited from using addresses for any other purpose.",
        "Our contracts prohibit these couriers from using addresses for any other purpose.",
    )
    assert max(found.values(), default=Level.NONE) <= Level.MINOR


def test_opt_in_said_as_off_unless_you_join_replaced_by_a_switch_off() -> None:
    old = (
        "# Privacy\n\n## Research programme\n\nThe research programme is off unless you choose "
        "to join it in Settings.\n"
    )
    new = (
        "# Privacy\n\n## Research programme\n\nAll accounts take part in the research programme "
        "unless you switch it off in Settings.\n"
    )
    reasons = {r.rule: r.level for r in assess_texts(old, new).reasons}
    assert reasons["consent.opt_in_replaced"] is Level.MATERIAL


def test_fewer_things_the_user_is_forbidden_is_no_lifted_prohibition() -> None:
    old = (
        "# Terms\n\n## Acceptable use\n\nCustomer shall not, directly or indirectly: (a) upload "
        "unlawful content or content that infringes the privacy of any third party; (b) reverse "
        "engineer the app, except to the extent that such restriction is prohibited by law.\n"
    )
    new = (
        "# Terms\n\n## Acceptable use\n\nYou must not do any of the following: (a) upload "
        "illegal content or content that infringes anyone's privacy; (b) reverse engineer "
        "the app, unless the law does not allow us to prohibit this.\n"
    )
    rules = {r.rule for r in assess_texts(old, new).reasons}
    assert not rules & {"polarity.prohibition_narrowed", "polarity.protection_removed"}


def test_an_opt_in_box_replaced_by_sending_to_every_buyer_is_material() -> None:
    old = (
        "# Privacy\n\n## Newsletters\n\nWe send offers by email only to people who have actively "
        "ticked the box at checkout.\n"
    )
    new = "# Privacy\n\n## Newsletters\n\nWhen you buy from us, we send you offers by email.\n"
    reasons = {r.rule: r.level for r in assess_texts(old, new).reasons}
    assert reasons["consent.opt_in_replaced"] is Level.MATERIAL
