"""Editorial rules explain a change away only when it provably changes no meaning."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import chrome, editorial

from .judge import fires, judge


def test_punctuation_and_typos_are_editorial() -> None:
    assert judge("We share your data with Acme Ltd.", "We share your data with Acme, Ltd.") == {
        "editorial.wording": Level.EDITORIAL
    }
    assert fires(editorial.wording, "We collect your name.", "We colect your name.")


def test_a_changed_word_that_means_something_is_not_a_typo() -> None:
    assert not fires(editorial.wording, "We may share your data.", "We will share your data.")
    assert not fires(editorial.wording, "We do not sell your data.", "We do sell your data.")


def test_a_changed_date_or_link_is_editorial() -> None:
    assert fires(editorial.wording, "Last updated 1 May 2024.", "Last updated 3 June 2025.")
    assert fires(
        editorial.links,
        "Read more at https://acme.com/privacy.",
        "Read more at https://www.acme.com/legal/privacy.",
    )


def test_navigation_and_page_chrome_are_editorial() -> None:
    assert fires(chrome.CHROME, None, "Home Careers Press Investors Help Center Store Locator")
    assert not fires(chrome.CHROME, None, "We keep your email address for 30 days.")


def test_a_spelling_sweep_is_editorial() -> None:
    # British to American spelling changes no commitment; no word list names these words.
    found = judge(
        "If you represent an organisation that utilises our licences, your favourite "
        "colour settings are personalised.",
        "If you represent an organization that utilizes our licenses, your favorite "
        "color settings are personalized.",
    )
    assert set(found.values()) == {Level.EDITORIAL}


def test_a_spelled_out_contraction_keeps_its_negation() -> None:
    assert set(
        judge(
            "You shouldn't have to give us your name.", "You should not have to give us your name."
        ).values()
    ) == {Level.EDITORIAL}
    # ...but dropping the negation is no contraction.
    assert (
        Level.EDITORIAL
        not in judge(
            "You shouldn't have to give us your name.", "You should have to give us your name."
        ).values()
    )


def test_a_hyphen_is_spelling_in_a_typo() -> None:
    assert fires(
        editorial.wording,
        "You receive a refund of any pre-payed fee.",
        "You receive a refund of any prepaid fee.",
    )


def test_spacing_alone_is_no_change() -> None:
    found = judge(
        "We engage the Sub- processors listed here.", "We engage the Sub-processors listed here."
    )
    assert found == {"none.spacing": Level.NONE}
