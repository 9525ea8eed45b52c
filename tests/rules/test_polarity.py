"""Polarity and modality: a negation or a modal verb that moves against the user is material."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import polarity

from .judge import fires, judge


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
