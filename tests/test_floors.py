"""Fail-safe floors hold whatever the words: made-up verbs and nouns that no word list has.

A policy can promise anything with any verb. These properties generate commitments
from invented words and check that the shape of the change (a negation removed, a
modal weakened, a limit dropped, an item taken out of a refusal, a promise deleted)
decides the level, never the vocabulary.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydoc import Level, RuleSet, assess, compare

_VOCAB = RuleSet.default(plugins=False).vocabulary()
_CATEGORIES = tuple(RuleSet.default(plugins=False).terms)


def _unknown(word: str) -> bool:
    # Invented words must mean nothing to every vocabulary, else the test proves nothing new.
    return all(not _VOCAB.find(c, f"{word} {word}s {word}ed") for c in _CATEGORIES)


_SYLLABLES = ["bl", "fr", "gr", "kl", "pl", "sn", "tr", "v", "z", "m", "d", "p"]
_VOWELS = ["a", "o", "u", "e"]
made_up = (
    st.tuples(
        st.sampled_from(_SYLLABLES),
        st.sampled_from(_VOWELS),
        st.sampled_from(["rf", "nk", "sp", "mb", "lt", "x"]),
        st.sampled_from(_VOWELS),
        st.sampled_from(["z", "n", "t", "r"]),
    )
    .map("".join)
    .filter(_unknown)
)


def _policy(body: str) -> str:
    return (
        "# Privacy Policy\n\nLast updated: 1 March 2025\n\n"
        "## How we handle your account\n\n"
        "We provide the service to people who sign up for an account.\n\n"
        f"{body}\n\n"
        "## Contact\n\nWrite to us at privacy@example.com.\n"
    )


def _level(old: str, new: str) -> Level:
    return assess(compare(_policy(old), _policy(new))).level


# (floor, old, new): the same commitment before and after, in invented words.
FLOOR_EDITS = [
    (
        "a negation removed from what others do",
        "Your {noun}s are not {verb}ed to {other} sites.",
        "Your {noun}s are {verb}ed to {other} sites.",
    ),
    (
        "a company refusal that loses its 'not'",
        "We will not {verb} your {noun} records to anyone.",
        "We will {verb} your {noun} records to anyone.",
    ),
    (
        "a commitment made optional",
        "We will {verb} your {noun} records within 30 days of a request.",
        "We may {verb} your {noun} records within 30 days of a request.",
    ),
    (
        "a limiting word removed",
        "We {verb} your {noun} records only at your branch office.",
        "We {verb} your {noun} records at your branch office.",
    ),
    (
        "an item removed from a refusal",
        "We never {verb} your {noun}, {other} or {third} records.",
        "We never {verb} your {noun} or {third} records.",
    ),
    (
        "a deleted promise",
        "We provide a {noun} desk. We will never {verb} your {noun} history.",
        "We provide a {noun} desk.",
    ),
    (
        "what the user can no longer do",
        "You can {verb} your {noun} records at any time.",
        "You cannot {verb} your {noun} records at any time.",
    ),
]


@pytest.mark.parametrize(("floor", "old", "new"), FLOOR_EDITS, ids=[e[0] for e in FLOOR_EDITS])
@given(words=st.lists(made_up, min_size=4, max_size=4, unique=True))
def test_a_floor_holds_whatever_the_words(floor: str, old: str, new: str, words: list[str]) -> None:
    names = dict(zip(("verb", "noun", "other", "third"), words, strict=True))
    assert _level(old.format(**names), new.format(**names)) >= Level.MATERIAL, floor


@given(made_up, made_up)
def test_the_reverse_directions_need_no_notice_but_are_never_editorial(
    verb: str, noun: str
) -> None:
    pairs = [
        (f"You cannot {verb} your {noun} records.", f"You can {verb} your {noun} records."),
        (f"We {verb} your {noun} records.", f"We {verb} your {noun} records only at your branch."),
    ]
    for old, new in pairs:
        level = _level(old, new)
        assert Level.MINOR <= level <= Level.MINOR, (old, new, level)


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        (
            "Your listings are not syndicated to partner sites.",
            "Your listings are syndicated to partner sites.",
            "floor.negation_removed",
        ),
        (
            "Staff must use multi-factor authentication to reach production systems.",
            "Staff may use multi-factor authentication to reach production systems.",
            "floor.commitment_weakened",
        ),
        (
            "We may share your name with the organiser of an event you book.",
            "We will share your name with the organiser of an event you book.",
            "floor.practice_firmed",
        ),
        (
            "Backups are pseudonymised and encrypted before they leave the building.",
            "Backups are encrypted before they leave the building.",
            "floor.protection_narrowed",
        ),
    ],
)
def test_each_floor_names_itself(old: str, new: str, rule: str) -> None:
    assessment = assess(compare(_policy(old), _policy(new)))
    assert assessment.level >= Level.MATERIAL
    assert rule in {r.rule for r in assessment.reasons}


def test_a_floor_can_be_switched_off_like_any_rule() -> None:
    old = _policy("Your listings are not syndicated to partner sites.")
    new = _policy("Your listings are syndicated to partner sites.")
    rules = RuleSet.default().without("floor.negation_removed")
    assert "floor.negation_removed" not in {
        r.rule for r in assess(compare(old, new), rules=rules).reasons
    }


def test_a_change_confined_to_the_site_menu_is_editorial() -> None:
    menu_old = "Home Products Pricing Careers Press Investors Help Center Sign In"
    menu_new = "Home Products Pricing Careers Newsroom Investors Help Center Log In Join Now"
    old = f"{menu_old}\n\n" + _policy("We send your order to the courier.")
    new = f"{menu_new}\n\n" + _policy("We send your order to the courier.")
    assessment = assess(compare(old, new))
    assert assessment.level == Level.EDITORIAL
    assert {r.rule for r in assessment.reasons} == {"editorial.chrome"}


def test_a_data_list_is_never_read_as_chrome() -> None:
    old = _policy("We collect: Name, Email Address, Phone Number.")
    new = _policy("We collect: Name, Email Address, Phone Number, Passport Number.")
    assert assess(compare(old, new)).level >= Level.MATERIAL


def test_the_same_company_at_a_new_address_is_a_contact_change() -> None:
    old = _policy("Write to Acme Ltd, 110 William Street, Floor 28, New York, NY 10038.")
    new = _policy("Write to Acme Ltd, 14 Wall Street, 20th Floor, New York, NY 10005.")
    assessment = assess(compare(old, new))
    assert assessment.level == Level.MINOR
    assert "contact.changed" in {r.rule for r in assessment.reasons}


def test_a_reformatted_address_is_not_a_contact_change() -> None:
    old = _policy("Write to Acme Ltd, 1450 W. Canyon Blvd., Ste. 200, Boulder, CO 80302.")
    new = _policy("Write to Acme Ltd, 1450 West Canyon Boulevard, Suite 200, Boulder, CO 80302.")
    assert "contact.changed" not in {r.rule for r in assess(compare(old, new)).reasons}


@given(made_up, made_up)
def test_a_dropped_qualifier_widens_a_practice(qualifier: str, noun: str) -> None:
    if qualifier == noun:
        return
    old = f"We use your {qualifier} {noun} records to choose the ads you see."
    new = f"We use your {noun} records to choose the ads you see."
    assert _level(old, new) >= Level.MATERIAL


def test_an_item_dropped_from_a_list_of_collected_data_is_not_a_widening() -> None:
    old = _policy("We use your name, phone number and email address to set up your account.")
    new = _policy("We use your name and email address to set up your account.")
    assessment = assess(compare(old, new))
    assert "floor.qualifier_removed" not in {r.rule for r in assessment.reasons}
    assert assessment.level <= Level.MINOR


@given(made_up)
def test_a_company_never_named_before_that_now_handles_data_needs_notice(name: str) -> None:
    vendor = name.capitalize()
    old = _policy("We keep the feedback you give us when you close your account.")
    new = _policy(
        "We keep the feedback you give us when you close your account. "
        f"We use {vendor} to capture the feedback and your email address."
    )
    assessment = assess(compare(old, new))
    assert assessment.level >= Level.MATERIAL
    assert any(vendor in r.message for r in assessment.reasons)


def test_a_rule_can_place_itself_before_a_built_in_one_and_rules_switch_back_on() -> None:
    from policydoc import Finding, Rule, RuleSet

    def mine(unit: object) -> list[Finding]:
        return [Finding("House style: 'syndicated' is our word for listing on partner sites.")]

    rule = Rule("acme.syndication", "editorial", "other", "House style.", mine, stage="trivial")
    rules = RuleSet.default().before("editorial.chrome", rule)
    ids = rules.ids
    assert ids.index("acme.syndication") + 1 == ids.index("editorial.chrome")
    old = _policy("Your listings are not syndicated to partner sites.")
    new = _policy("Your listings are syndicated to partner sites.")
    # A trivial rule that fires first explains the unit away: no substantive rule runs.
    assert assess(compare(old, new), rules=rules).level == Level.EDITORIAL
    off = RuleSet.default().without("floor.negation_removed")
    assert off.enable("floor.negation_removed").disabled == frozenset()
    assert RuleSet.default().after("editorial.chrome", rule).ids[1] == "acme.syndication"
