"""Fallback: nothing privacy-relevant is called editorial without proof."""

from __future__ import annotations

from policydoc import Level

from .judge import judge


def test_an_unclassified_privacy_change_needs_review_not_editorial() -> None:
    found = judge(
        "We process your account data in our own data centres.",
        "We process your account data in rented data centres.",
    )
    assert found == {"review.unresolved": Level.MINOR}


def test_text_without_privacy_meaning_is_editorial() -> None:
    assert judge("Our office hours are nine to five.", "Our office hours are ten to six.") == {
        "editorial.paraphrase": Level.EDITORIAL
    }


def test_an_added_detail_is_a_minor_clarification() -> None:
    found = judge(None, "We collect your email address when you sign up.", topic="collection")
    assert found.get("clarification", Level.MINOR) is Level.MINOR
    assert min(found.values()) >= Level.MINOR


def test_an_unknown_commitment_is_never_editorial() -> None:
    # No word list knows this subject, but a modal verb commits someone to something.
    found = judge(None, "Gift vouchers will lapse unless redeemed at a participating bakery.")
    assert found == {"review.commitment": Level.MINOR}
    # A label or greeting commits no one.
    assert judge(None, "Thank you for choosing Crumbwell for your baking supplies.") == {
        "editorial.text": Level.EDITORIAL
    }
