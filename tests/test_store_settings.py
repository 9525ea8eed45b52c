"""A ``store`` setting may be a SQLite file or a PostgreSQL URL wherever settings are read.

The integrations (MkDocs plugin, Sphinx extension, pre-commit hook) and the
command line's default store all go through ``Settings.store_location``; the
PostgreSQL test records and reviews a page through them on a real server.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from policydoc import ConfigError, Settings, StoreError, _site
from policydoc.cli import main
from policydoc.history.backends import describe, store_exists
from tests.pages import V1, material

TODAY = dt.date(2026, 3, 1)
URL = "postgresql://app:secret@db.example:5432/policies"


def test_a_file_store_is_a_path_relative_to_the_root() -> None:
    s = Settings.from_mapping({"store": ".policydoc/{name}.sqlite3"})
    assert s.store_location("legal/privacy", root="/site") == Path(
        "/site/.policydoc/legal/privacy.sqlite3"
    )
    assert s.store_location("legal/privacy", root="/site") == s.store_path(
        "legal/privacy", root="/site"
    )


def test_a_url_store_is_kept_as_written() -> None:
    s = Settings.from_mapping({"store": URL})
    assert s.store_location("legal/privacy", root="/site") == URL
    assert s.store_location() == URL


def test_name_in_a_url_becomes_a_schema_name() -> None:
    s = Settings.from_mapping({"store": URL + "?options=-csearch_path%3D{name}"})
    assert (
        s.store_location("legal/privacy-2024")
        == URL + "?options=-csearch_path%3Dlegal_privacy_2024"
    )
    with pytest.raises(ConfigError, match=r"needs a policy name") as e:
        s.store_location()
    assert "secret" not in str(e.value)


def test_store_path_refuses_a_url_and_says_what_to_use() -> None:
    with pytest.raises(
        ConfigError, match=r"PostgreSQL URL, not a file; use Settings.store_location"
    ):
        Settings.from_mapping({"store": URL}).store_path("x")


def test_messages_never_show_the_password() -> None:
    assert describe(URL) == "postgresql://app:***@db.example:5432/policies"
    assert describe(Path("a/b.sqlite3")) == "a/b.sqlite3"


def test_an_unreachable_server_is_an_error_not_an_empty_history() -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed (policydoc[postgres])")
    with pytest.raises(
        StoreError, match=r"cannot connect to postgresql://u:\*\*\*@127\.0\.0\.1:9/"
    ):
        store_exists("postgresql://u:secret@127.0.0.1:9/none")


def _schema(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {name}")
    return name


def test_integrations_record_and_review_against_a_postgres_store(postgres_server: str) -> None:
    prefix = "s" + uuid.uuid4().hex[:10]
    _schema(postgres_server, f"{prefix}_legal_privacy")
    settings = Settings.from_mapping(
        {
            "store": f"{postgres_server}?options=-csearch_path%3D{prefix}_{{name}}",
            "policies": ["**/*.md"],
        }
    )
    store = settings.store_location("legal/privacy")
    assert isinstance(store, str) and not store_exists(store)

    first = _site.review("legal/privacy.md", V1, settings, today=TODAY)
    assert first.store == store and first.pending is None and first.entries == ()
    assert not store_exists(store)  # reviewing creates nothing
    assert "v" in (_site.record(first, settings, today=TODAY) or "")
    assert store_exists(store)

    changed = _site.review("legal/privacy.md", material(None), settings, today=TODAY)
    assert changed.pending is not None and changed.pending.level.value == "material"
    assert changed.blocked is not None and "needs 30 days' notice" in changed.blocked
    noticed = _site.review(
        "legal/privacy.md", material(TODAY + dt.timedelta(days=40)), settings, today=TODAY
    )
    assert noticed.blocked is None


def test_cli_defaults_to_the_store_in_the_settings(
    postgres_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    schema = _schema(postgres_server, "s" + uuid.uuid4().hex[:10])
    url = f"{postgres_server}?options=-csearch_path%3D{schema}"
    (tmp_path / "pyproject.toml").write_text(f'[tool.policydoc]\nstore = "{url}"\n')
    (tmp_path / "privacy.md").write_text(V1)
    monkeypatch.chdir(tmp_path)
    assert main(["history", "add", "privacy.md", "--label", "v1"]) == 0
    assert main(["history", "log"]) == 0
    assert "v1" in capsys.readouterr().out
    assert not (tmp_path / ".policydoc").exists()  # nothing went to the default file
    assert store_exists(url)
