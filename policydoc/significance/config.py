"""Rule sets: which rules run, at which level, with which vocabularies.

Configuration comes from code (``RuleSet.default().without("contact.changed")``),
from ``[tool.policydoc]`` in ``pyproject.toml`` or a ``policydoc.toml`` file,
and third-party rules register through the ``policydoc.rules`` entry-point group.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points
from typing import Any

import attrs

from policydoc._toml import discover_file, read_table
from policydoc.errors import ConfigError
from policydoc.significance.model import Level
from policydoc.significance.rules import RULES, Rule
from policydoc.significance.vocab import DEFAULT_VOCABULARY, Vocabulary

__all__ = ["RuleSet"]

ENTRY_POINT_GROUP = "policydoc.rules"


@attrs.frozen(slots=True, repr=False)
class RuleSet:
    """An immutable set of rules with level overrides and vocabularies; methods return new sets."""

    rules: tuple[Rule, ...]
    """Every rule, enabled or not."""
    disabled: frozenset[str] = frozenset()
    """Ids of rules switched off."""
    levels: Mapping[str, Level] = attrs.field(factory=dict)
    """Level overrides by rule id."""
    terms: Mapping[str, frozenset[str]] = attrs.field(factory=lambda: dict(DEFAULT_VOCABULARY))
    """Vocabulary: terms per category (data types, recipients, ...)."""
    settings: Mapping[str, Any] = attrs.field(factory=dict)
    """Other configuration (``fail-on``, notice periods) for the faces that use it."""

    @classmethod
    def default(cls, *, plugins: bool = True) -> RuleSet:
        """The built-in rules (the chain table in ``significance/rules/chain.py``), plus rules
        registered by installed packages (entry points)."""
        rules = list(RULES)
        if plugins:
            rules.extend(_plugin_rules())
        return cls(rules=tuple(rules))

    @property
    def ids(self) -> list[str]:
        """Ids of every rule."""
        return [r.id for r in self.rules]

    def _check_id(self, rule_id: str, key: str = "rule") -> None:
        if rule_id not in self.ids:
            import difflib

            close = difflib.get_close_matches(rule_id, self.ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{key}: unknown rule id {rule_id!r}{hint}")

    def without(self, *rule_ids: str) -> RuleSet:
        """Switch rules off."""
        for r in rule_ids:
            self._check_id(r, "disable")
        return attrs.evolve(self, disabled=self.disabled | set(rule_ids))

    def with_level(self, rule_id: str, level: str | Level) -> RuleSet:
        """Override the level a rule assigns."""
        self._check_id(rule_id, f"levels.{rule_id}")
        try:
            lvl = Level.parse(level)
        except ValueError as e:
            raise ConfigError(f"levels.{rule_id}: {e}") from None
        return attrs.evolve(self, levels={**self.levels, rule_id: lvl})

    def with_rules(self, *rules: Rule) -> RuleSet:
        """Add rules (a rule with an existing id replaces it)."""
        ids = {r.id for r in rules}
        return attrs.evolve(self, rules=tuple(r for r in self.rules if r.id not in ids) + rules)

    def before(self, rule_id: str, *rules: Rule) -> RuleSet:
        """Insert *rules* just before the rule *rule_id* in its chain (markdown-it style), e.g.
        a third-party trivial rule that must explain a unit away before the built-in ones."""
        return self._insert(rule_id, rules, after=False)

    def after(self, rule_id: str, *rules: Rule) -> RuleSet:
        """Insert *rules* just after the rule *rule_id*."""
        return self._insert(rule_id, rules, after=True)

    def _insert(self, rule_id: str, rules: tuple[Rule, ...], *, after: bool) -> RuleSet:
        self._check_id(rule_id, "before" if not after else "after")
        ids = {r.id for r in rules}
        kept = [r for r in self.rules if r.id not in ids]
        at = next(k for k, r in enumerate(kept) if r.id == rule_id) + (1 if after else 0)
        return attrs.evolve(self, rules=(*kept[:at], *rules, *kept[at:]))

    def enable(self, *rule_ids: str) -> RuleSet:
        """Switch rules that were switched off back on."""
        for r in rule_ids:
            self._check_id(r, "enable")
        return attrs.evolve(self, disabled=self.disabled - set(rule_ids))

    def extend_vocabulary(self, category: str, terms: Iterable[str]) -> RuleSet:
        """Add terms to a vocabulary (e.g. ``"recipient"``, ``["Acme Analytics"]``)."""
        if category not in self.terms:
            raise ConfigError(
                f"vocabulary.{category}: unknown vocabulary; choose from {', '.join(sorted(self.terms))}"
            )
        items = list(terms) if not isinstance(terms, str) else None
        if items is None or not all(isinstance(t, str) for t in items):
            raise ConfigError(f"vocabulary.{category}: must be a list of strings")
        merged = self.terms[category] | {t.lower() for t in items}
        return attrs.evolve(self, terms={**self.terms, category: merged})

    def level_of(self, rule: Rule) -> Level:
        """The level *rule* reports at in this set (its override, or its own)."""
        return self.levels.get(rule.id, rule.level)

    def enabled(self) -> list[Rule]:
        """The rules that run."""
        return [r for r in self.rules if r.id not in self.disabled]

    def vocabulary(self) -> Vocabulary:
        """The compiled vocabulary the rules match against."""
        return _compiled(tuple(sorted((k, tuple(sorted(v))) for k, v in self.terms.items())))

    # -- configuration files ------------------------------------------------------------

    def configure(self, data: Mapping[str, Any], *, source: str = "configuration") -> RuleSet:
        """Apply a ``[tool.policydoc]``-style mapping; errors name the offending key.

        A thin call into :class:`policydoc.Settings`, the one reader of that table, so
        keys, types and defaults are written once.
        """
        from policydoc.settings import Settings  # the face on top, imported when used

        return Settings.from_mapping(data, source=source, rules_base=self).rules(base=self)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], *, base: RuleSet | None = None) -> RuleSet:
        """Load ``policydoc.toml`` (top-level keys) or ``pyproject.toml`` (``[tool.policydoc]``)."""
        return (base or cls.default()).configure(read_table(path), source=str(path))

    @classmethod
    def discover(cls, folder: str | os.PathLike[str] = ".") -> RuleSet:
        """``policydoc.toml`` or ``pyproject.toml`` with ``[tool.policydoc]`` in *folder*, else defaults."""
        found = discover_file(folder)
        return cls.from_file(found) if found is not None else cls.default()

    def __repr__(self) -> str:
        return (
            f"<RuleSet {len(self.rules)} rules, {len(self.disabled)} disabled, "
            f"{len(self.levels)} level overrides>"
        )


_CACHE: dict[tuple[tuple[str, tuple[str, ...]], ...], Vocabulary] = {}


def _compiled(key: tuple[tuple[str, tuple[str, ...]], ...]) -> Vocabulary:
    vocab = _CACHE.get(key)
    if vocab is None:
        vocab = Vocabulary(dict(key))
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = vocab
    return vocab


def _plugin_rules() -> list[Rule]:
    out: list[Rule] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            obj = ep.load()
        except Exception as e:  # a broken plugin must not break assessments silently
            raise ConfigError(f"entry point {ep.name!r} ({ep.value}) failed to load: {e}") from None
        items = obj if isinstance(obj, (list, tuple)) else [obj]
        for item in items:
            if not isinstance(item, Rule):
                raise ConfigError(
                    f"entry point {ep.name!r} must provide a policydoc.Rule or a list of them, "
                    f"not {type(item).__name__}"
                )
            out.append(item)
    return out
