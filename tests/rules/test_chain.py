"""The rule chain: one table, a chain per stage, placed and switched by id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from policydoc import Finding, Level, Rule, RuleSet, Unit
from policydoc.significance.rules import CHAIN, RULES, STAGES, SentencePair, rule

from .judge import judge


def test_every_rule_runs_in_the_stage_it_declares() -> None:
    assert [r.id for r in RULES] == [r.id for s in STAGES for r in CHAIN[s]]
    assert all(r.stage == s for s in STAGES for r in CHAIN[s])
    assert len({r.id for r in RULES}) == len(RULES)
    assert RuleSet.default(plugins=False).ids == [r.id for r in RULES]


def test_the_trivial_chain_starts_with_chrome_and_the_fallback_ends_with_metadata() -> None:
    assert CHAIN["trivial"][0].id == "editorial.chrome"
    assert CHAIN["fallback"][-1].id == "metadata.changed"


@rule("acme.blockchain", "major", "retention")
def _blockchain(u: Unit) -> Iterator[Finding]:
    """Data written to a blockchain, where it cannot be deleted."""
    if u.new is not None and "blockchain" in u.new.text:
        yield Finding("Data is written to a blockchain.")


def test_a_rule_takes_its_description_from_its_docstring() -> None:
    assert _blockchain.description == "Data written to a blockchain, where it cannot be deleted."
    assert _blockchain.level is Level.MAJOR and _blockchain.stage == "substantive"


def test_a_third_party_rule_placed_by_id_runs_there() -> None:
    rules = RuleSet.default(plugins=False).after("sale.new", _blockchain)
    assert rules.ids[rules.ids.index("sale.new") + 1] == "acme.blockchain"
    found = judge(None, "We keep a hash of your data on a blockchain.", rules=rules)
    assert found["acme.blockchain"] is Level.MAJOR
    assert "acme.blockchain" not in judge(
        None, "We keep a hash of your data on a blockchain.", rules=rules.without("acme.blockchain")
    )


def test_from_sentences_builds_the_unit_a_comparison_would() -> None:
    unit = Unit.from_sentences("We share your data.", "We sell your data.")
    assert unit.kind == "modify"
    assert isinstance(unit.sentence, SentencePair)
    assert unit.sentence.deleted == "share" and unit.sentence.inserted == "sell"
    assert Unit.from_sentences(None, "We sell your data.").kind == "insert"
    assert Unit.from_sentences("We sell your data.", None).kind == "delete"
    with pytest.raises(ValueError, match="old or a new sentence"):
        Unit.from_sentences(None, None)


def test_a_rule_without_a_docstring_is_refused() -> None:
    def check(u: Unit) -> Iterator[Finding]:
        yield from ()

    with pytest.raises(ValueError, match="docstring"):
        rule("acme.nodoc", "minor", "other")(check)
    assert isinstance(rule("acme.doc", "minor", "other")(_blockchain.check), Rule)
