"""Settings: one typed object for [tool.policydoc] and the integrations' options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import policydoc
from policydoc import ConfigError, Level, Settings
from policydoc.cli import main as cli
from tests.pages import V1, material

MATERIAL = policydoc.compare(V1, material(None)).assess()
TODAY = dt.date(2026, 3, 1)


def test_defaults_are_the_documented_ones() -> None:
    s = Settings()
    assert s.fail_on == Level.MATERIAL and s.notice_days == 30 and s.major_notice_days == 30
    assert s.record is False and s.policies == () and s.store == ".policydoc/history.sqlite3"


def test_hyphen_and_underscore_keys_mean_the_same() -> None:
    a = Settings.from_mapping({"fail-on": "major", "notice-days": 14, "major-notice-days": 60})
    b = Settings.from_mapping({"fail_on": "major", "notice_days": 14, "major_notice_days": 60})
    assert a == b and a.fail_on == Level.MAJOR and a.notice_days == 14


def test_base_settings_are_overlaid_key_by_key() -> None:
    base = Settings.from_mapping({"notice-days": 10, "policies": ["privacy.md"]})
    top = Settings.from_mapping({"fail_on": "major"}, base=base)
    assert (top.notice_days, top.policies, top.fail_on) == (10, ("privacy.md",), Level.MAJOR)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fail_onn": "major"}, "x.toml: unknown key 'fail_onn'; did you mean 'fail_on'?"),
        ({"colour": 1}, "x.toml: unknown key 'colour'; expected one of policies, store"),
        ({"fail-on": "huge"}, "x.toml: fail-on: unknown level 'huge'"),
        ({"fail-on": 3}, "x.toml: fail-on: must be a level name"),
        ({"notice-days": -1}, "x.toml: notice-days: must be a non-negative whole number"),
        ({"notice-days": True}, "x.toml: notice-days: must be a non-negative whole number"),
        ({"notice-days": "30"}, "x.toml: notice-days: must be a non-negative whole number"),
        ({"record": "yes"}, "x.toml: record: must be true or false"),
        ({"policies": "privacy.md"}, "x.toml: policies: must be a list of strings"),
        ({"policies": [""]}, "x.toml: policies: must be a list of non-empty strings"),
        ({"store": ""}, "x.toml: store: must be a path"),
        ({"levels": {"quantity.worse": "huge"}}, "x.toml: levels.quantity.worse: unknown level"),
        ({"levels": {"quantity.wrose": "minor"}}, "x.toml: levels.quantity.wrose: unknown rule id"),
        ({"disable": ["contact.chnaged"]}, "x.toml: disable: unknown rule id 'contact.chnaged'"),
        ({"vocabulary": {"recipient": "Acme"}}, "x.toml: vocabulary.recipient: must be a list"),
        ({"vocabulary": {"flavour": ["x"]}}, "x.toml: vocabulary.flavour: unknown vocabulary"),
    ],
)
def test_bad_values_are_errors_naming_the_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as e:
        Settings.from_mapping(data, source="x.toml")
    assert str(e.value).startswith(message), str(e.value)


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(ValueError):
        Settings(notice_days=-3)
    assert Settings(fail_on="major").fail_on == Level.MAJOR  # type: ignore[arg-type]


def test_load_and_discover(tmp_path: Path) -> None:
    assert Settings.discover(tmp_path) == Settings()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert Settings.discover(tmp_path) == Settings()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.policydoc]\npolicies = ["legal/*.md"]\nfail-on = "major"\n'
        '[tool.policydoc.levels]\n"quantity.worse" = "minor"\n'
    )
    s = Settings.discover(tmp_path)
    assert s.policies == ("legal/*.md",) and s.levels == {"quantity.worse": Level.MINOR}
    (tmp_path / "policydoc.toml").write_text("notice-days = 5\n")  # preferred when present
    assert Settings.discover(tmp_path).notice_days == 5
    (tmp_path / "policydoc.toml").write_text("notice-days = [\n")
    with pytest.raises(ConfigError, match=r"policydoc\.toml: invalid TOML"):
        Settings.discover(tmp_path)
    with pytest.raises(ConfigError, match=r"missing\.toml"):
        Settings.load(tmp_path / "missing.toml")


def test_rules_follow_the_settings() -> None:
    s = Settings.from_mapping(
        {"levels": {"quantity.worse": "minor"}, "disable": ["contact.changed"]}
    )
    rules = s.rules()
    assert "contact.changed" in rules.disabled
    assert policydoc.compare(V1, material(None)).assess(rules=rules).level == Level.MINOR
    vocab = Settings.from_mapping({"vocabulary": {"recipient": ["Zorbly"]}}).rules()
    assert "zorbly" in vocab.terms["recipient"]


def test_history_check_uses_the_configured_notice_period(tmp_path: Path) -> None:
    rules = Settings.from_mapping({"notice-days": 10}).rules()
    with policydoc.History.open(tmp_path / "h.sqlite3", rules=rules) as h:
        h.add(V1, label="v1", effective="2024-01-01", published="2023-11-01T00:00:00")
        h.add(material(None), label="v2", effective="2024-03-20", published="2024-03-01T00:00:00")
        assert h.check() == []  # 19 days' notice, 10 required
    with policydoc.History.open(tmp_path / "h.sqlite3") as h:
        assert [p.label for p in h.check()] == ["v2"]  # the default 30 days


def test_cli_reads_a_pyproject_with_integration_keys(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "old.md").write_text(V1)
    (tmp_path / "new.md").write_text(material(None))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.policydoc]\npolicies = ["*.md"]\nrecord = true\nfail-on = "major"\n'
    )
    monkeypatch.chdir(tmp_path)
    assert cli(["assess", "old.md", "new.md"]) == 0  # material, below the configured major
    assert "Level: material" in capsys.readouterr().out


def test_store_path() -> None:
    s = Settings.from_mapping({"store": ".policydoc/{name}.sqlite3"})
    assert s.store_path("legal/privacy", root="/site") == Path(
        "/site/.policydoc/legal/privacy.sqlite3"
    )
    assert Settings().store_path("x", root="/site") == Path("/site/.policydoc/history.sqlite3")
    assert Settings(store="/abs/h.sqlite3").store_path("x", root="/site") == Path("/abs/h.sqlite3")


def test_gate_messages() -> None:
    s = Settings()
    assert "it has no effective date" in (s.gate(MATERIAL, effective=None, today=TODAY) or "")
    past = s.gate(MATERIAL, effective=TODAY - dt.timedelta(days=1), today=TODAY) or ""
    assert "already past" in past and "on or after 2026-03-31" in past
    assert '"How long we keep data"' in past and "quantity.worse" in past
    assert s.gate(MATERIAL, effective=None, today=TODAY) is not None
    assert attrs.evolve(s, fail_on=Level.MAJOR).gate(MATERIAL, effective=None, today=TODAY) is None


@given(
    offset=st.integers(-400, 400),
    days=st.integers(0, 120),
    fail_on=st.sampled_from(list(Level)),
)
def test_gate_blocks_exactly_when_the_notice_is_too_short(
    offset: int, days: int, fail_on: Level
) -> None:
    s = Settings(notice_days=days, fail_on=fail_on)
    blocked = s.gate(MATERIAL, effective=TODAY + dt.timedelta(days=offset), today=TODAY)
    assert (blocked is not None) == (MATERIAL.level >= fail_on and offset < days)
