"""Who is responsible: a new controller is material, new contact details minor."""

from __future__ import annotations

from policydoc import Level

from .judge import judge


def test_another_company_responsible_is_material() -> None:
    found = judge(
        "We share data with Acme Inc., which is responsible for your data.",
        "We share data with Bolt Inc., which is responsible for your data.",
        topic="controller",
    )
    assert found["controller.changed"] is Level.MATERIAL


def test_a_new_email_address_is_a_minor_contact_change() -> None:
    found = judge(
        "Contact us at privacy@acme.com.", "Contact us at help@acme.com.", topic="contact"
    )
    assert found == {"contact.changed": Level.MINOR}


def test_an_address_spelled_against_harvesters_is_still_an_address() -> None:
    found = judge(
        "Send correction requests to fixes2025 (at) quorvex.example.",
        "Send correction requests to fixes2026 (at) quorvex.example.",
    )
    assert found == {"contact.changed": Level.MINOR}
