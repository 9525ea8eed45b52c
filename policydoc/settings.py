"""One typed settings object for ``[tool.policydoc]`` and the integrations' options.

The same keys are read from ``pyproject.toml`` (``[tool.policydoc]``), a
``policydoc.toml`` file (top-level keys), the MkDocs plugin's options in
``mkdocs.yml``, the Sphinx extension's ``policydoc_*`` values in ``conf.py`` and the
pre-commit hook's arguments. Each key may be written with hyphens (TOML style,
``fail-on``) or underscores (YAML/Python style, ``fail_on``). Defaults are the
field defaults below and nowhere else; an unknown key is an error naming it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from policydoc._display import short
from policydoc._toml import discover_file, read_table
from policydoc.errors import ConfigError
from policydoc.history.history import DEFAULT_NOTICE_DAYS, DEFAULT_STORE
from policydoc.history.postgres import is_postgres_url, redact
from policydoc.significance import Assessment, Level, RuleSet

__all__ = ["Settings"]

_NAME = "{name}"


def _path(value: str | os.PathLike[str]) -> str:
    return os.fspath(value) if isinstance(value, os.PathLike) else value


def _level(value: str | Level) -> Level:
    return Level.parse(value)


def _days(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{attribute.name}: must be a non-negative whole number of days")


def _strings(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: Any) -> None:
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{attribute.name}: must be a list of non-empty strings")


def _patterns(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: Any) -> None:
    _strings(instance, attribute, value)
    for v in value:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"{attribute.name}: {v!r} is not a regular expression ({e})") from None


@attrs.frozen(slots=True, kw_only=True, repr=False)
class Settings:
    """Everything configurable about policydoc, typed, with its defaults written once.

    >>> s = Settings.from_mapping({"fail-on": "major", "policies": ["legal/*.md"]})
    >>> s.fail_on.value, s.notice_days, s.policies
    ('major', 30, ('legal/*.md',))
    >>> Settings.from_mapping({"fail_onn": "major"}, source="mkdocs.yml")
    Traceback (most recent call last):
    ...
    policydoc.ConfigError: mkdocs.yml: unknown key 'fail_onn'; did you mean 'fail_on'?
    """

    policies: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_strings)
    """Globs (relative to the docs folder or repository) of the pages that are policies."""
    store: str = attrs.field(default=str(DEFAULT_STORE), converter=_path)
    """History store: a SQLite file path or a ``postgresql://`` URL; ``{name}`` stands for the
    policy's path without ``.md`` (in a URL, with every character but letters, digits and ``_``
    as ``_``, so that it can name a schema)."""
    fail_on: Level = attrs.field(default=Level.MATERIAL, converter=_level)
    """The level at which a change needs an effective date far enough ahead."""
    notice_days: int = attrs.field(default=DEFAULT_NOTICE_DAYS, validator=_days)
    """Days between publication and the effective date of a material change."""
    major_notice_days: int = attrs.field(default=DEFAULT_NOTICE_DAYS, validator=_days)
    """Days between publication and the effective date of a major change."""
    record: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    """Whether a documentation build records each changed policy page as a new version."""
    disable: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_strings)
    """Rule ids switched off."""
    levels: Mapping[str, Level] = attrs.field(factory=dict)
    """Rule id -> the level it assigns instead of its own."""
    vocabulary: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    """Vocabulary category -> extra terms."""
    chrome_headings: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_patterns)
    """Regular expressions: a section whose title matches one is page chrome, not policy."""
    chrome_text: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_patterns)
    """Regular expressions: a block whose text matches one is page chrome, not policy."""
    source: str = attrs.field(default="defaults", eq=False, repr=False)
    """Where the settings were read from, for error messages."""

    @store.validator
    def _check_store(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{attribute.name}: must be a non-empty path or postgresql:// URL")

    def __repr__(self) -> str:
        # Only what differs from the defaults, scalars first and collections as counts,
        # so it fits on one line.
        default = Settings()
        scalars, counts = [], []
        for f in attrs.fields(Settings):
            value = getattr(self, f.name)
            if f.name == "source" or value == getattr(default, f.name):
                continue
            if isinstance(value, (tuple, Mapping)):
                counts.append(f"{len(value)} {f.name}")
            else:
                scalars.append(f"{f.name}={getattr(value, 'value', value)!r}")
        changed = ", ".join(scalars + counts) or "defaults"
        return f"<Settings from {short(self.source)}: {short(changed, 70)[1:-1]}>"

    # -- loading --------------------------------------------------------------------------

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        *,
        source: str = "configuration",
        base: Settings | None = None,
        rules_base: RuleSet | None = None,
    ) -> Settings:
        """Settings from a ``[tool.policydoc]``-style mapping, on top of *base* (default: defaults).

        Errors are :class:`~policydoc.ConfigError` naming *source* and the key.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"{source}: policydoc settings must be a table of key = value")
        names = [f.name for f in attrs.fields(cls) if f.name != "source"]
        changes: dict[str, Any] = {}
        for key, value in data.items():
            name = str(key).replace("-", "_")
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1)
                hint = (
                    f"; did you mean {close[0]!r}?"
                    if close
                    else f"; expected one of {', '.join(names)}"
                )
                raise ConfigError(f"{source}: unknown key {key!r}{hint}")
            try:
                changes[name] = _convert(name, value)
            except (TypeError, ValueError) as e:
                msg = str(e)  # ".rule-id: ..." for an entry of a table
                raise ConfigError(
                    f"{source}: {key}{msg}" if msg.startswith(".") else f"{source}: {key}: {msg}"
                ) from None
        try:
            settings = attrs.evolve(base or cls(), **changes, source=source)
        except (TypeError, ValueError) as e:  # an attrs validator: the message names the field
            raise ConfigError(f"{source}: {e}") from None
        # Unknown rule ids and vocabularies are errors now, not mid-build (checked against the
        # rule set they will apply to, which may hold third-party rules).
        settings.rules(base=rules_base)
        return settings

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, base: Settings | None = None) -> Settings:
        """Read ``policydoc.toml`` (top-level keys) or ``pyproject.toml`` (``[tool.policydoc]``)."""
        p = Path(path)
        data = read_table(p)
        return cls.from_mapping(data, source=str(p), base=base)

    @classmethod
    def discover(cls, folder: str | os.PathLike[str] = ".") -> Settings:
        """``policydoc.toml`` or ``pyproject.toml`` with ``[tool.policydoc]`` in *folder*, else defaults."""
        found = discover_file(folder)
        return cls.load(found) if found is not None else cls()

    # -- using ----------------------------------------------------------------------------

    def rules(self, base: RuleSet | None = None) -> RuleSet:
        """The rule set these settings describe (on top of *base*, default the built-in rules)."""
        try:
            out = (base or RuleSet.default()).without(*self.disable)
            for rule_id, level in self.levels.items():
                out = out.with_level(rule_id, level)
            for category, terms in self.vocabulary.items():
                out = out.extend_vocabulary(category, terms)
        except ConfigError as e:
            raise ConfigError(f"{self.source}: {e.message}") from None
        # Older readers (History.check, the CLI) find the gate values on the rule set.
        return attrs.evolve(
            out,
            settings={
                **out.settings,
                "fail-on": self.fail_on,
                "notice-days": self.notice_days,
                "major-notice-days": self.major_notice_days,
                "chrome-headings": self.chrome_headings,
                "chrome-text": self.chrome_text,
            },
        )

    def store_location(
        self, name: str | None = None, *, root: str | os.PathLike[str] = "."
    ) -> Path | str:
        """The history store of the policy *name* (its path without ``.md``).

        A ``postgresql://`` URL comes back as a string, a file as a path relative to *root*;
        both open with :meth:`History.open <policydoc.History.open>`.
        """
        store, url = self.store, is_postgres_url(self.store)
        if _NAME in store:
            if name is None:
                shown = redact(store) if url else store
                raise ConfigError(f"{self.source}: store {shown!r} needs a policy name")
            store = store.replace(_NAME, re.sub(r"\W", "_", name, flags=re.ASCII) if url else name)
        if url:
            return store
        path = Path(store)
        return path if path.is_absolute() else Path(root) / path

    def store_path(self, name: str | None = None, *, root: str | os.PathLike[str] = ".") -> Path:
        """The history store file of the policy *name*, relative to *root*.

        A ``postgresql://`` store is no file: a :class:`~policydoc.ConfigError` says to use
        :meth:`store_location`, which accepts both.
        """
        location = self.store_location(name, root=root)
        if isinstance(location, str):
            raise ConfigError(
                f"{self.source}: store {redact(location)!r} is a PostgreSQL URL, not a file; "
                "use Settings.store_location(), which gives a URL or a path"
            )
        return location

    def notice_needed(self, level: Level) -> int:
        """Days of notice a change at *level* needs before it takes effect."""
        return self.major_notice_days if level == Level.MAJOR else self.notice_days

    def gate(
        self, assessment: Assessment, *, effective: dt.date | None, today: dt.date
    ) -> str | None:
        """Why publishing this change *today* must be stopped, or ``None`` when it may go ahead.

        A change at or above ``fail_on`` needs an ``effective`` date at least the notice
        period after *today*; the message names the sections and reasons.
        """
        level = assessment.level
        if level < self.fail_on:
            return None
        days = self.notice_needed(level)
        earliest = today + dt.timedelta(days=days)
        if effective is not None and effective >= earliest:
            return None
        if effective is None:
            why = "it has no effective date"
        elif effective < today:
            why = f"its effective date {effective} is already past"
        else:
            why = f"its effective date {effective} is only {(effective - today).days} days ahead"
        lines = [
            f"{level.value} change needs {days} days' notice: give it an effective date on or "
            f"after {earliest} (front matter 'effective: {earliest}'); {why}."
        ]
        for r in assessment.reasons:
            if r.level >= self.fail_on:
                lines.append(f'  [{r.level.value}] "{r.section_title}": {r.message} ({r.rule})')
        return "\n".join(lines)


def _convert(name: str, value: Any) -> Any:
    """Turn a value read from TOML/YAML/Python into the field's type, or say what is wrong."""
    if name in ("policies", "disable", "chrome_headings", "chrome_text"):
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise TypeError("must be a list of strings")
        return tuple(value)
    if name == "fail_on":
        if not isinstance(value, (str, Level)):
            raise TypeError(f"must be a level name, not {value!r}")
        return Level.parse(value)
    if name in ("notice_days", "major_notice_days"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise TypeError(f"must be a non-negative whole number of days, not {value!r}")
        return value
    if name == "record":
        if not isinstance(value, bool):
            raise TypeError(f"must be true or false, not {value!r}")
        return value
    if name == "store":
        if not isinstance(value, (str, os.PathLike)) or not str(value).strip():
            raise TypeError(f"must be a path or a postgresql:// URL, not {value!r}")
        return os.fspath(value)
    if name == "levels":
        if not isinstance(value, Mapping):
            raise TypeError("must be a table of rule id = level")
        levels: dict[str, Level] = {}
        for k, v in value.items():
            try:
                levels[str(k)] = Level.parse(v)
            except ValueError as e:
                raise ValueError(f".{k}: {e}") from None
        return levels
    if name == "vocabulary":
        if not isinstance(value, Mapping):
            raise TypeError("must be a table of category = [terms]")
        out: dict[str, tuple[str, ...]] = {}
        for k, v in value.items():
            if isinstance(v, str) or not isinstance(v, (list, tuple)):
                raise TypeError(f".{k}: must be a list of strings")
            out[str(k)] = tuple(v)
        return out
    raise AssertionError(name)  # pragma: no cover - from_mapping checked the name
