from __future__ import annotations

import json

import pytest
from hypothesis import given

import policydoc
from policydoc import ConfigError, Level, RuleSet, assess, compare
from policydoc.cli import main
from tests.conftest import shared_path
from tests.strategies import formatting_variants, negation_flips, policy_specs, render

BASE = """# Privacy Policy

Last updated: January 1, 2025

## Information we collect

We collect your name and email address when you create an account.

## How we use information

We use your information only to provide the service.

## Sharing

We do not sell your personal information. We do not share your personal information with advertisers.
We share data with our hosting provider.

## Retention

We delete your data 30 days after you close your account.

## Security

All data is encrypted at rest and in transit.

## Your rights

You can access, correct and delete your data. You can object to processing at any time.

## Children

Our service is not intended for anyone under 16.

## Changes to this policy

We will email you at least 30 days before any material change takes effect.

## Contact

Acme Notes Ltd is the controller. Write to privacy@acme.example.
"""


def level(new: str, old: str = BASE, **kw) -> Level:
    return assess(compare(old, new), **kw).level


def rules_fired(new: str, old: str = BASE) -> set[str]:
    return {r.rule for r in assess(compare(old, new)).reasons}


# -- levels for one-word and hidden edits ------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "We do not share your personal information with advertisers.",
            "We share your personal information with advertisers.",
            Level.MATERIAL,
        ),
        (
            "We do not sell your personal information.",
            "We may sell your personal information.",
            Level.MAJOR,
        ),
        ("We delete your data 30 days", "We may delete your data 30 days", Level.MATERIAL),
        ("We delete your data 30 days", "We delete your data 365 days", Level.MATERIAL),
        ("We delete your data 30 days", "We delete your data 7 days", Level.MINOR),
        ("only to provide the service", "to provide the service", Level.MATERIAL),
        ("anyone under 16", "anyone under 13", Level.MAJOR),
        ("anyone under 16", "anyone under 18", Level.MINOR),
        ("at least 30 days before", "at least 7 days before", Level.MATERIAL),
        (
            "We will email you at least 30 days before any material change takes effect.",
            "We may change this policy at any time. Please check this page regularly.",
            Level.MATERIAL,
        ),
        (
            "your name and email address",
            "your name, email address and precise location",
            Level.MAJOR,
        ),
        (
            "your name and email address",
            "your name, email address and phone number",
            Level.MATERIAL,
        ),
        (
            "only to provide the service.",
            "to provide the service and to train our AI models, including on data you provided before this update.",
            Level.MAJOR,
        ),
        (
            "with our hosting provider.",
            "with our hosting provider and with data brokers.",
            Level.MATERIAL,
        ),
        (
            "All data is encrypted at rest and in transit.",
            "We take reasonable steps to protect your data.",
            Level.MATERIAL,
        ),
        ("You can object to processing at any time.", "", Level.MATERIAL),
        (
            "Acme Notes Ltd is the controller.",
            "Globex Holdings Inc is the controller.",
            Level.MATERIAL,
        ),
        ("privacy@acme.example", "dpo@acme.example", Level.MINOR),
        (
            "Our service is not intended for anyone under 16.",
            "Our service is not intended for anyone under 16. Any dispute will be resolved by binding arbitration and you waive any class action.",
            Level.MATERIAL,
        ),
        (
            "We share data with our hosting provider.",
            "We share data with our hosting provider, which stores it in the United States.",
            Level.MATERIAL,
        ),
        (
            "We share data with our hosting provider.",
            "We share data with our hosting provider. You can also export your notes at any time.",
            Level.MINOR,
        ),
        (
            "All data is encrypted at rest and in transit.",
            "All data is encrypted at rest and in transit, and protected with two-factor authentication.",
            Level.MINOR,
        ),
        ("January 1, 2025", "March 3, 2025", Level.EDITORIAL),
        ("We collect your name", "We colect your name", Level.EDITORIAL),
        ("We use your information only", "We utilize your information only", Level.EDITORIAL),
        (
            "when you create an account.",
            "when you create an account (for example, when you sign up on our website).",
            Level.MINOR,
        ),
    ],
)
def test_edit_levels(old: str, new: str, expected: Level) -> None:
    assert old in BASE
    assert level(BASE.replace(old, new)) == expected


def test_negation_removed_is_explained_with_evidence() -> None:
    a = assess(compare(BASE, BASE.replace("We do not share your", "We share your")))
    (r,) = [r for r in a.reasons if r.rule == "polarity.permission_widened"]
    assert r.category == "sharing"
    assert r.section_id == "sharing" and r.section_title == "Sharing"
    assert r.evidence.before.startswith("We do not share")
    assert r.evidence.after.startswith("We share")
    assert "[-do not-]" in r.evidence.marked
    assert a.requires_notice and not a.requires_consent


def test_formatting_only_is_none_with_no_reasons() -> None:
    new = BASE.replace("## Sharing", "Sharing\n-------").replace(
        "We collect your name", "We collect\nyour *name*"
    )
    a = assess(compare(BASE, new))
    assert a.level == Level.NONE and a.reasons == ()
    assert not a.requires_notice


def test_reordered_sections_and_renamed_heading_are_editorial() -> None:
    p = policydoc.parse(BASE)
    parts = [s.full_source for s in p.sections]
    reordered = p.preamble_source + "".join([parts[1], parts[0], *parts[2:]])
    assert level(reordered) == Level.EDITORIAL
    assert level(BASE.replace("## Your rights", "## Your choices and rights")) == Level.EDITORIAL


def test_renamed_section_that_also_changes_a_commitment() -> None:
    new = BASE.replace("## Retention", "## How long we keep data").replace("30 days", "2 years")
    a = assess(compare(BASE, new))
    assert a.level == Level.MATERIAL
    assert {r.rule for r in a.reasons} >= {"heading.renamed", "quantity.worse"}


def test_removed_rights_section_is_material() -> None:
    new = BASE.replace(
        "## Your rights\n\nYou can access, correct and delete your data. You can object to processing at any time.\n\n",
        "",
    )
    a = assess(compare(BASE, new))
    assert a.level == Level.MATERIAL
    assert "section_removed" in a.categories or "user_rights" in a.categories


def test_sentence_moved_from_not_shared_to_shared() -> None:
    old = "# P\n\n## What we do not share\n\nWe give your email address to advertisers.\n\n## Who we share with\n\nOur host.\n"
    new = "# P\n\n## What we do not share\n\nNothing else.\n\n## Who we share with\n\nOur host. We give your email address to advertisers.\n"
    a = assess(compare(old, new))
    assert a.level >= Level.MATERIAL
    assert "moved.into_practice" in {r.rule for r in a.reasons}


REWRITE_OLD = """# Policy

## Use of data

We use Customer Data to run the service you signed up for.

## Prohibited uses

Notwithstanding anything to the contrary herein, Acme shall not: (i) sell, rent or trade
Customer Data; (ii) use Customer Data to direct targeted advertising to customers; or
(iii) use Customer Data to train machine-learning models.

## Retention

Acme retains Customer Data while your account is open. If you close your account, Acme
will delete your remaining Customer Data within 30 days.

## Contact

Write to Acme at privacy@acme.test about Customer Data.
"""


def test_a_rewrite_that_drops_a_prohibition_is_still_material() -> None:
    new = REWRITE_OLD.replace(
        """## Prohibited uses

Notwithstanding anything to the contrary herein, Acme shall not: (i) sell, rent or trade
Customer Data; (ii) use Customer Data to direct targeted advertising to customers; or
(iii) use Customer Data to train machine-learning models.""",
        """Whatever else this policy says, we will not:

- sell, rent or trade your Customer Data;
- or use it to train machine-learning models.""",
    )
    assert assess(compare(REWRITE_OLD, new)).requires_notice


def test_a_sentence_moved_into_a_table_in_other_words_is_editorial() -> None:
    new = REWRITE_OLD.replace(
        """Acme retains Customer Data while your account is open. If you close your account, Acme
will delete your remaining Customer Data within 30 days.""",
        """| When | Customer Data |
| --- | --- |
| While your account is open | Retained |
| When you close your account | Deleted within 30 days |""",
    )
    assert assess(compare(REWRITE_OLD, new)).level <= Level.MINOR


def test_a_removed_section_said_again_elsewhere_is_a_move() -> None:
    old = """# Privacy policy

This policy explains how Acme Ltd handles personal data.

## Your rights

You can ask for a copy of your data, or ask us to delete it, by writing to privacy@acme.test.

## For California consumers

Please see our California Privacy Statement to learn about your California privacy rights.

## Contact

Acme Ltd, 1 Main Street, Springfield.
"""
    new = old.replace(
        "## For California consumers\n\n"
        "Please see our California Privacy Statement to learn about your California privacy rights.\n\n",
        "",
    ).replace(
        "handles personal data.",
        "handles personal data. To learn about your California privacy rights, "
        "see our California Privacy Statement.",
    )
    a = assess(compare(old, new))
    assert a.level == Level.EDITORIAL, [(r.rule, r.section_id) for r in a.reasons]
    assert {r.rule for r in a.reasons if r.section_id == "for-california-consumers"} == {
        "structure.reordered",
        "editorial.restated",
    }


def test_a_rewrite_that_contradicts_the_old_text_is_not_a_restatement() -> None:
    old = REWRITE_OLD.replace(
        "Acme retains Customer Data while your account is open.",
        "Voice commands are recognised on your device. No audio is recorded, stored or sent to us.",
    )
    new = REWRITE_OLD.replace(
        "Acme retains Customer Data while your account is open.",
        "Voice commands are recognised on our servers: the app records your audio and sends it to us.",
    )
    assert assess(compare(old, new)).requires_notice


def test_unknown_privacy_change_fails_safe() -> None:
    a = assess(
        compare(
            BASE,
            BASE.replace("to provide the service", "to provide the service to our platform family"),
        )
    )
    assert a.level >= Level.MATERIAL or a.level == Level.MINOR
    new = BASE.replace(
        "We share data with our hosting provider.",
        "We share data with our hosting provider as configured by Zeta.",
    )
    b = assess(compare(BASE, new))
    assert b.level != Level.NONE


def test_needs_review_flag() -> None:
    new = BASE.replace(
        "You can access, correct and delete your data.",
        "You can access, correct and delete your data via Zeta.",
    )
    a = assess(compare(BASE, new))
    if a.level == Level.MATERIAL:
        assert a.needs_review


# -- configuration -------------------------------------------------------------------


def test_rules_can_be_disabled_and_overridden() -> None:
    new = BASE.replace("30 days", "365 days")
    amendment = compare(BASE, new)
    assert assess(amendment).level == Level.MATERIAL
    assert (
        assess(amendment, rules=RuleSet.default().with_level("quantity.worse", "minor")).level
        == Level.MINOR
    )
    off = RuleSet.default().without("quantity.worse")
    assert "quantity.worse" not in {r.rule for r in assess(amendment, rules=off).reasons}


def test_vocabulary_can_be_extended() -> None:
    new = BASE.replace("with our hosting provider.", "with our hosting provider and Zorbly.")
    assert "sharing.new_recipient" not in rules_fired(new)
    rules = RuleSet.default().extend_vocabulary("recipient", ["Zorbly"])
    assert "sharing.new_recipient" in {
        r.rule for r in assess(compare(BASE, new), rules=rules).reasons
    }


def test_config_file_errors_name_the_key(tmp_path) -> None:
    cfg = tmp_path / "policydoc.toml"
    cfg.write_text('[levels]\n"quantity.wrose" = "minor"\n')
    with pytest.raises(
        ConfigError, match=r"levels\.quantity\.wrose: unknown rule id.*quantity\.worse"
    ):
        RuleSet.from_file(cfg)
    cfg.write_text('disable = ["contact.changed"]\n[levels]\n"quantity.worse" = "huge"\n')
    with pytest.raises(ConfigError, match=r"levels\.quantity\.worse: unknown level 'huge'"):
        RuleSet.from_file(cfg)
    cfg.write_text("colour = 1\n")
    with pytest.raises(ConfigError, match="unknown key 'colour'"):
        RuleSet.from_file(cfg)
    cfg.unlink()
    py = tmp_path / "pyproject.toml"
    py.write_text(
        '[tool.policydoc]\ndisable = ["contact.changed"]\n[tool.policydoc.vocabulary]\nrecipient = ["Zorbly"]\n'
    )
    rs = RuleSet.discover(tmp_path)
    assert "contact.changed" in rs.disabled and "zorbly" in rs.terms["recipient"]


def test_third_party_rule() -> None:
    def check(unit):
        if unit.new is not None and "blockchain" in unit.new.text:
            yield policydoc.Finding("Data goes on a blockchain, where it can never be deleted.")

    custom = policydoc.Rule("acme.blockchain", "major", "retention", "Blockchain storage.", check)
    new = BASE.replace(
        "We share data with our hosting provider.",
        "We share data with our hosting provider and store hashes on a blockchain.",
    )
    a = assess(compare(BASE, new), rules=RuleSet.default().with_rules(custom))
    assert a.level == Level.MAJOR and a.reasons[0].rule == "acme.blockchain"


# -- notice, JSON, CLI ---------------------------------------------------------------


def test_notice_draft() -> None:
    new = BASE.replace("30 days", "2 years").replace(
        "We do not sell your personal information. ", ""
    )
    a = assess(compare(BASE, new))
    notice = a.notice(effective_date="2025-03-01", company="Acme Notes")
    assert notice
    md = notice.to_markdown()
    assert "March 1, 2025" in md and "Retention" in md and "Acme Notes" in md
    assert "<script" not in notice.to_html()
    assert notice.to_text().startswith("Acme Notes is updating")
    editorial = assess(compare(BASE, BASE.replace("January 1", "January 2")))
    assert not editorial.notice() and editorial.notice().to_markdown() == ""


def test_assessment_json() -> None:
    a = assess(compare(BASE, BASE.replace("We do not share your", "We share your")))
    data = json.loads(a.to_json())
    assert list(data)[:4] == ["schema", "level", "requires_notice", "requires_consent"]
    assert data["level"] == "material" and data["reasons"][0]["evidence"]["before"]


def test_cli_assess_exit_codes(tmp_path, capsys) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(BASE)
    new.write_text(BASE.replace("January 1", "March 3"))
    assert main(["assess", str(old), str(new)]) == 0
    assert "Level: editorial" in capsys.readouterr().out
    assert main(["assess", str(old), str(new), "--fail-on", "editorial"]) == 1
    capsys.readouterr()
    new.write_text(BASE.replace("We do not share your", "We share your"))
    assert main(["assess", str(old), str(new), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["requires_notice"] and data["notice"]["markdown"]
    assert main(["assess", str(old), str(tmp_path / "missing.md")]) == 2
    assert "missing.md" in capsys.readouterr().err


# -- properties -----------------------------------------------------------------------


@given(formatting_variants())
def test_formatting_edits_never_need_notice(pair) -> None:
    a = assess(compare(*pair))
    assert a.level == Level.NONE


@given(policy_specs(min_sections=1))
def test_decision_is_deterministic(spec) -> None:
    text = render(spec)
    new = text.replace("we", "we never", 1)
    assert assess(compare(text, new)).to_dict() == assess(compare(text, new)).to_dict()


@given(negation_flips())
def test_a_negation_flip_in_a_practice_section_is_at_least_material(pair) -> None:
    old, new = pair
    assert assess(compare(old, new)).level >= Level.MATERIAL


# -- evaluation --------------------------------------------------------------------


@pytest.mark.corpus
def test_every_real_pair_gets_a_decision() -> None:
    root = shared_path("corpus", "pairs")
    for d in sorted(root.iterdir()):
        a = assess(compare(policydoc.load(d / "old.md"), policydoc.load(d / "new.md")))
        assert isinstance(a.level, Level)
        if a.level > Level.NONE:
            assert a.reasons, d.name


def test_docs_list_every_rule() -> None:
    from pathlib import Path

    page = (Path(__file__).parent.parent / "docs" / "significance.md").read_text("utf-8")
    missing = [r for r in RuleSet.default(plugins=False).ids if f"| `{r}` |" not in page]
    assert not missing, f"docs/significance.md does not document rules {missing}"
