"""One edit at a time to a plain policy, and the same edit undone: the level a reader
expects in each direction.

Direction matters: the same kind of edit is minor when the user gains and material
when the user loses. Each case names the edit; the document around it stays the same,
so a wrong level points at one rule.
"""

from __future__ import annotations

import pytest

from policydoc import Level, assess, compare

BASE = """# Acme Privacy Policy

Last updated: January 1, 2024

## Information we collect

We collect your email address and your name when you create an account.

## How we use information

We use your information to provide and improve the service. We use cookies for analytics.

## Sharing

We share data with service providers who help us run the service. We do not sell your personal information.

## Retention

We retain your data for 2 years after your last login.

## Your rights

You can request access to your data. You can request deletion of your data.

## Security

We protect your data with appropriate safeguards.

## Children

We do not knowingly collect data from children under 13.

## Changes

We will notify you by email 30 days before any material change.

## Disputes

Disputes are resolved in the courts of California.

## Contact

Acme Inc. is the controller. Contact us at privacy@acme.com.
"""

EDITS = [
    pytest.param(
        "for 2 years",
        "for 24 months",
        Level.EDITORIAL,
        Level.EDITORIAL,
        id="2 years -> 24 months",
    ),
    pytest.param(
        "We will notify you by email",
        "We may notify you by email",
        Level.MATERIAL,
        Level.MINOR,
        id="will notify -> may notify",
    ),
    pytest.param(
        "We use cookies for analytics.",
        "We use cookies for analytics and advertising.",
        Level.MATERIAL,
        Level.MINOR,
        id="cookies + advertising",
    ),
    pytest.param(
        " You can request deletion of your data.",
        "",
        Level.MATERIAL,
        Level.MINOR,
        id="deletion right removed",
    ),
    pytest.param(
        "your email address and your name",
        "your email address, your phone number and your name",
        Level.MATERIAL,
        Level.MINOR,
        id="phone number collected",
    ),
    pytest.param(
        "with service providers who",
        "with service providers and advertising partners who",
        Level.MATERIAL,
        Level.MINOR,
        id="advertising partners",
    ),
    pytest.param(
        "with appropriate safeguards.",
        "with appropriate safeguards, including encryption in transit and at rest.",
        Level.MINOR,
        Level.MATERIAL,
        id="encryption added",
    ),
    pytest.param(
        "privacy@acme.com",
        "privacy@acme.io",
        Level.MINOR,
        Level.MINOR,
        id="new email",
    ),
    pytest.param(
        "Acme Inc. is the controller.",
        "Globex Holdings LLC is the controller.",
        Level.MATERIAL,
        Level.MATERIAL,
        id="new controller",
    ),
    pytest.param(
        "Disputes are resolved in the courts of California.",
        "Any dispute will be resolved by binding individual arbitration, and you waive any class action.",
        Level.MATERIAL,
        Level.MINOR,
        id="arbitration",
    ),
    pytest.param(
        "We protect your data",
        "We protectt your data",
        Level.EDITORIAL,
        Level.EDITORIAL,
        id="typo",
    ),
    pytest.param(
        "We do not sell your personal information.",
        "We sell your personal information to data brokers.",
        Level.MAJOR,
        Level.MINOR,
        id="sell",
    ),
    pytest.param(
        "We do not knowingly collect data from children under 13.",
        "We collect data from children under 13 with parental consent.",
        Level.MAJOR,
        Level.MINOR,
        id="children",
    ),
    pytest.param(
        "for 2 years",
        "for 5 years",
        Level.MATERIAL,
        Level.MINOR,
        id="retention longer",
    ),
    pytest.param(
        "for 2 years",
        "for 1 year",
        Level.MINOR,
        Level.MATERIAL,
        id="retention shorter",
    ),
    pytest.param(
        "30 days before",
        "7 days before",
        Level.MATERIAL,
        Level.MINOR,
        id="notice shorter",
    ),
    pytest.param(
        "January 1, 2024",
        "March 3, 2025",
        Level.EDITORIAL,
        Level.EDITORIAL,
        id="date only",
    ),
    pytest.param(
        "You can request access to your data. You can request deletion of your data.",
        "You can request deletion of your data. You can request access to your data.",
        Level.EDITORIAL,
        Level.EDITORIAL,
        id="sentence reorder",
    ),
    pytest.param(
        "your email address and your name",
        "your email address, your name and your precise location",
        Level.MAJOR,
        Level.MINOR,
        id="location",
    ),
    pytest.param(
        "to provide and improve the service.",
        "to provide and improve the service and to train our artificial intelligence models.",
        Level.MAJOR,
        Level.MINOR,
        id="AI training",
    ),
    pytest.param(
        "who help us run the service.",
        "who help us run the service. Your data may be transferred to and stored in the United States.",
        Level.MATERIAL,
        Level.MINOR,
        id="transfer",
    ),
    pytest.param(
        "We protect your data with appropriate safeguards.",
        "We try to protect your data but cannot guarantee its security.",
        Level.MATERIAL,
        Level.MINOR,
        id="security weakened",
    ),
    pytest.param(
        "to provide and improve the service.",
        "to provide and improve the service, for example to fix bugs.",
        Level.MINOR,
        Level.EDITORIAL,
        id="clarify example",
    ),
    pytest.param(
        "You can request deletion of your data.",
        "You can request deletion of your data. You can request a copy of your data in a portable format.",
        Level.MINOR,
        Level.MATERIAL,
        id="portability added",
    ),
    pytest.param(
        "We do not knowingly collect",
        "We knowingly collect",
        Level.MAJOR,
        Level.MINOR,
        id="remove 'not'",
    ),
    pytest.param(
        "We share data with service providers who help us run the service.",
        "We share data with service providers who help us run the service, and with partners for marketing without asking for your consent.",
        Level.MATERIAL,
        Level.MINOR,
        id="marketing sharing without consent",
    ),
    pytest.param(
        "We use your information to provide",
        "We utilize your information to provide",
        Level.EDITORIAL,
        Level.EDITORIAL,
        id="synonym",
    ),
    pytest.param(
        "## Sharing",
        "## Who we share with",
        Level.EDITORIAL,
        Level.EDITORIAL,
        id="heading rename",
    ),
    pytest.param(
        "We will notify you by email 30 days before any material change.",
        "Changes are effective when posted.",
        Level.MATERIAL,
        Level.MINOR,
        id="changes: effective when posted",
    ),
    pytest.param(
        "to provide and improve the service.",
        "to provide and improve the service and to build profiles of your interests.",
        Level.MATERIAL,
        Level.MINOR,
        id="new purpose profiling",
    ),
    pytest.param(
        "We share data with service providers who help us run the service.",
        "We share data with service providers who help us run the service. We may also share your information with our affiliates.",
        Level.MATERIAL,
        Level.MINOR,
        id="affiliates added",
    ),
    pytest.param(
        "We retain your data for 2 years after your last login.",
        "We retain your data indefinitely.",
        Level.MATERIAL,
        Level.MINOR,
        id="indefinite retention",
    ),
    pytest.param(
        "You can request access to your data.",
        "You can request access to your data. We respond within 30 days.",
        Level.MINOR,
        Level.MATERIAL,
        id="response time promised",
    ),
    pytest.param(
        "You can request deletion of your data.",
        "You can request deletion of your data. You may opt out of marketing emails at any time.",
        Level.MINOR,
        Level.MATERIAL,
        id="opt-out offered",
    ),
    pytest.param(
        "We use cookies for analytics.",
        "We use cookies for analytics. We also use the Meta Pixel on our website.",
        Level.MATERIAL,
        Level.MINOR,
        id="meta pixel",
    ),
    pytest.param(
        "Contact us at privacy@acme.com.",
        "Contact us at privacy@acme.com. You can also reach our Data Protection Officer at dpo@acme.com.",
        Level.MINOR,
        # Taking the DPO's address away is a contact change too: users lose a way to reach them.
        Level.MINOR,
        id="DPO contact added",
    ),
    pytest.param(
        "children under 13.",
        "children under 16.",
        Level.MINOR,
        Level.MAJOR,
        id="age 13->16 raised",
    ),
    pytest.param(
        "Contact us at privacy@acme.com.",
        "Contact us at [our form](https://acme.com/form?utm=1).",
        Level.MINOR,
        Level.MINOR,
        id="email replaced by a web form",
    ),
    pytest.param(
        "We share data with service providers who help us run the service.",
        "We share data with service providers who help us run the service. We share anonymised statistics with researchers.",
        Level.MINOR,
        Level.MINOR,
        id="anonymised statistics shared",
    ),
    pytest.param(
        "## Children\n\nWe do not knowingly collect data from children under 13.\n\n",
        "",
        Level.MATERIAL,
        Level.MINOR,
        id="section removed children",
    ),
    pytest.param(
        "We protect your data with appropriate safeguards.",
        "We use appropriate safeguards to protect your data.",
        Level.EDITORIAL,
        Level.EDITORIAL,
        id="paragraph wording",
    ),
    pytest.param(
        "We do not sell your personal information.",
        "We do not sell your personal information. We may disclose information to law enforcement when required by law.",
        Level.MINOR,
        Level.MINOR,
        id="legal request disclosure",
    ),
]


@pytest.mark.parametrize(("old", "new", "forward", "backward"), EDITS)
def test_single_edit_level(old: str, new: str, forward: Level, backward: Level) -> None:
    assert old in BASE
    assert assess(compare(BASE, BASE.replace(old, new, 1))).level == forward


@pytest.mark.parametrize(("old", "new", "forward", "backward"), EDITS)
def test_the_same_edit_undone(old: str, new: str, forward: Level, backward: Level) -> None:
    assert assess(compare(BASE.replace(old, new, 1), BASE)).level == backward
