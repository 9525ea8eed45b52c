"""Data collected: new kinds of data are material, fewer are minor."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import data

from .judge import fires, judge


def test_a_new_kind_of_data_is_material() -> None:
    found = judge(
        "We collect your name and email address.",
        "We collect your name, email address and phone number.",
        topic="collection",
    )
    assert found["data.new_type"] is Level.MATERIAL


def test_less_data_is_minor() -> None:
    old = "We collect your name, email address and phone number."
    new = "We collect your name and email address."
    assert fires(data.type_removed, old, new, topic="collection")
    assert not fires(data.new_type, old, new, topic="collection")
    assert data.type_removed.level is Level.MINOR


def test_new_tracking_technology_is_material() -> None:
    found = judge(None, "We use tracking pixels in our emails.", topic="cookies")
    assert found["tracking.new"] is Level.MATERIAL


def test_media_words_are_personal_data_only_when_they_are_the_users() -> None:
    site_images = (
        "Third-party services may process your data to deliver images displayed on our website."
    )
    assert "data.new_type" not in judge(None, site_images, topic="collection")
    assert (
        judge(None, "We collect the photos you upload.", topic="collection")["data.new_type"]
        is Level.MATERIAL
    )
