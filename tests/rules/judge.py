"""Run rules on one pair of sentences, as the engine runs its chains on one unit."""

from __future__ import annotations

from policydoc import Assessment, Level, Rule, RuleSet, Unit, assess, compare
from policydoc.significance.rules import STAGES

DEFAULT = RuleSet.default(plugins=False)


def fires(rule: Rule, old: str | None, new: str | None, *, topic: str = "other") -> bool:
    """Does *rule* find anything in the change from *old* to *new*?"""
    return any(True for _ in rule.check(Unit.from_sentences(old, new, topic=topic)))


def judge(
    old: str | None, new: str | None, *, topic: str = "other", rules: RuleSet = DEFAULT
) -> dict[str, Level]:
    """Rule id -> level of every rule that decides this pair: the trivial chain explains it
    away, else every substantive rule counts, else the first fallback rule that fires."""
    unit = Unit.from_sentences(old, new, topic=topic)
    for stage in STAGES:
        fired: dict[str, Level] = {}
        for rule in rules.enabled():
            if rule.stage == stage and any(True for _ in rule.check(unit)):
                fired[rule.id] = rules.level_of(rule)
                if stage == "fallback":
                    return fired
        if fired:
            return fired
    return {}


def assess_texts(old: str, new: str) -> Assessment:
    """Compare and assess two whole documents, for rules that read across a section."""
    return assess(compare(old, new))
