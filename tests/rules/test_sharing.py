"""Sharing and sale: selling is major, new recipients material, fewer recipients minor."""

from __future__ import annotations

from policydoc import Level
from policydoc.significance.rules import sharing

from .judge import fires, judge


def test_selling_data_is_major() -> None:
    found = judge(None, "We sell your personal information to data brokers.", topic="sharing")
    assert found["sale.new"] is Level.MAJOR


def test_a_right_to_opt_out_of_a_sale_is_not_a_sale() -> None:
    assert not fires(
        sharing.sale_new, None, "You can opt out of the sale of your data.", topic="sharing"
    )


def test_a_new_recipient_is_material_and_a_dropped_one_minor() -> None:
    old = "We share your personal data with our service providers."
    new = "We share your personal data with our service providers and advertisers."
    assert judge(old, new, topic="sharing")["sharing.new_recipient"] is Level.MATERIAL
    assert fires(sharing.recipient_removed, new, old, topic="sharing")
    assert not fires(sharing.new_recipient, new, old, topic="sharing")


def test_a_transfer_abroad_is_material() -> None:
    found = judge(None, "Your personal data is stored on servers in the United States.")
    assert found["transfer.new"] is Level.MATERIAL


def test_selling_goods_is_not_selling_data() -> None:
    shared = "We share purchase information with the manufacturers of products we sell."
    assert not fires(sharing.sale_new, None, shared, topic="sharing")
    assert fires(sharing.sale_new, None, "We may sell your purchase information.", topic="sharing")


def test_a_representatives_address_abroad_is_not_a_transfer() -> None:
    contact = "EU Representative: Mishcon de Reya, Africa House, 70 Kingsway, London WC2B 6AH, UK (representative@example.com)."
    assert not fires(sharing.transfer_new, None, contact)


def test_websites_not_owned_by_us_are_third_parties_not_a_refusal() -> None:
    found = judge(
        "Your personal information may be visible to users of other applications we own.",
        "Your personal information may be visible to users of other applications and websites not owned by us.",
        topic="sharing",
    )
    assert found.get("sharing.new_recipient") is Level.MATERIAL
    assert "polarity.practice_limited" not in found


def test_a_right_to_know_the_recipients_names_no_recipient() -> None:
    right = (
        "Minnesota residents also have the right to obtain a list of the specific third parties "
        "to which we have disclosed their personal data."
    )
    assert not fires(sharing.new_recipient, None, right, topic="rights")


def test_a_new_office_address_names_no_recipient() -> None:
    found = judge(
        "Our registered office is Unit 4, Kingsway Park, Cardiff.",
        "Our registered office is 2nd Floor, Capital Quarter 3, Tyndall Street, Cardiff.",
        topic="sharing",
    )
    assert "sharing.new_recipient" not in found
