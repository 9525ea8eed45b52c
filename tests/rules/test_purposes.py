"""Purposes: a new purpose is material, training AI on user data is major."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import purposes

from .judge import fires, judge


def test_a_new_purpose_is_material() -> None:
    found = judge(
        "We use your data to provide the service.",
        "We use your data to provide the service and for targeted advertising.",
        topic="use",
    )
    assert found["purpose.new"] is Level.MATERIAL


def test_ai_training_is_major() -> None:
    found = judge(None, "We use your content to train our machine learning models.", topic="use")
    assert found["purpose.ai_training"] is Level.MAJOR


def test_a_dropped_purpose_is_minor() -> None:
    assert fires(
        purposes.purpose_removed,
        "We use your data to provide the service and for targeted advertising.",
        "We use your data to provide the service.",
        topic="use",
    )
    assert purposes.purpose_removed.level is Level.MINOR


def test_an_offer_to_opt_out_adds_no_purpose() -> None:
    assert not fires(
        purposes.purpose_new, None, "You may opt out of marketing emails at any time.", topic="use"
    )
