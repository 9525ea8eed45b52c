"""Purposes: a new purpose is material, training AI on user data is major."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import purposes

from .judge import assess_texts, fires, judge


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


def test_ai_training_on_content_given_from_now_on_is_material_not_major() -> None:
    old = "# Privacy\n\n## Your posts\n\nWe show your public posts to other members.\n"
    new = old + (
        "\nFrom 1 May, we will use posts you publish on or after that date to train our models. "
        "Posts published before then will not be used for this purpose.\n"
    )
    reasons = {r.rule: r.level for r in assess_texts(old, new).reasons}
    assert reasons.get("purpose.ai_training_future") is Level.MATERIAL
    assert "purpose.ai_training" not in reasons
    everything = old + "\nWe will use all your posts, past and future, to train our models.\n"
    reasons = {r.rule: r.level for r in assess_texts(old, everything).reasons}
    assert reasons.get("purpose.ai_training") is Level.MAJOR
