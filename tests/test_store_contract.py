"""One contract for every store backend: SQLite and a real PostgreSQL server.

Each test gets an empty store of each kind (a fresh file; a fresh schema on the
PostgreSQL server) and checks behaviour a user relies on: the same chain,
errors and decisions, serialised concurrent writers, a killed writer losing
nothing, tampering found by verify, copies between backends.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import uuid

import pytest

from policydoc import History, HistoryError, Level, StoreError
from policydoc.cli import main
from policydoc.history import migrate

V1 = """# Privacy Policy

## Sharing

We do not share your personal information with advertisers.

## Retention

We delete your data 30 days after you close your account.
"""
V2 = V1.replace("We do not share your", "We share your")  # material
V3 = V2.replace("We share your", "We do not share your")  # restores v1
V4 = V3.replace("30 days", "90 days")
PUBLISHED = ["2024-01-01T00:00:00+00:00", "2024-02-01T00:00:00+00:00", "2024-03-01T00:00:00+00:00", "2024-04-01T00:00:00+00:00"]  # fmt: skip


def _postgres_url(server: str) -> str:
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    return f"{server}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "h.sqlite3")
    return _postgres_url(request.getfixturevalue("postgres_server"))


def _sql(location: str, statement: str, *args: object) -> None:
    """Run raw SQL on the store behind policydoc's back (written with ``?`` placeholders)."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as db:
            db.execute(
                statement.replace("?", "%s")
                .replace("FROM versions", "FROM policydoc_versions")
                .replace("UPDATE versions", "UPDATE policydoc_versions")
                .replace("INTO versions", "INTO policydoc_versions")
                .replace("UPDATE meta", "UPDATE policydoc_meta"),
                args,
            )
        return
    db = sqlite3.connect(location)
    db.execute(statement, args)
    db.commit()
    db.close()


def _fill(location: str) -> History:
    h = History.open(location)
    for k, text in enumerate([V1, V2, V3, V4]):
        h.add(text, label=f"v{k + 1}", published=PUBLISHED[k], effective=PUBLISHED[k][:10])
    return h


def test_same_chain_decisions_and_texts_on_every_backend(location, tmp_path) -> None:
    with _fill(location) as h, _fill(str(tmp_path / "reference.sqlite3")) as ref:
        assert [v.to_dict() for v in h.versions] == [v.to_dict() for v in ref.versions]
        assert [h.text(f"v{k}") for k in range(1, 5)] == [V1, V2, V3, V4]
        assert h["v2"].level == Level.MATERIAL and h["v3"].revert_of == "v1"
        assert h.since("v1").to_dict() == ref.since("v1").to_dict()
        assert h.verify() == []


def test_refusals_are_the_same_errors(location) -> None:
    with _fill(location) as h:
        with pytest.raises(HistoryError, match="label 'v1' is already used"):
            h.add(V2 + "\nMore.\n", label="v1")
        with pytest.raises(HistoryError, match="earlier than the head"):
            h.add(V2, label="v5", effective="2020-01-01")
        assert not h.add(V4, label="v6").added  # identical to the head: nothing recorded
        with pytest.raises(HistoryError, match="no version labelled 'v9'"):
            h["v9"]
        assert len(h) == 4


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("UPDATE versions SET label = 'forged' WHERE seq = 2", "chain hash does not match"),
        ("UPDATE versions SET level = 'none' WHERE seq = 2", "chain hash does not match"),
        ("DELETE FROM versions WHERE seq = 4", "recorded head"),
        ("DELETE FROM versions WHERE seq = 2", "sequence gap"),
    ],
)
def test_verify_finds_tampering(location, statement, expected) -> None:
    _fill(location).close()
    _sql(location, statement)
    with History.open(location) as h:
        problems = h.verify()
    assert any(expected in p.message for p in problems), problems


def test_stored_kinds_and_reads_with_small_snapshot_interval(location) -> None:
    texts = [V1 + "".join(f"\n## Part {j}\n\nPart {j}.\n" for j in range(k)) for k in range(40)]
    with History.open(location, snapshot_every=2) as h:
        for k, text in enumerate(texts):
            h.add(text, label=f"v{k}", published=PUBLISHED[0])
        assert {r.storage for r in h.store.rows()} == {"full", "key", "delta"}
        h._texts.clear()
        assert [h.text(f"v{k}") for k in range(40)] == texts
        assert h.verify() == []


def test_newer_schema_is_refused(location) -> None:
    History.open(location).close()
    _sql(location, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer policydoc"):
        History.open(location)


def test_closed_history_gives_a_store_error(location) -> None:
    h = _fill(location)
    h.close()
    with pytest.raises(StoreError):
        h.versions  # noqa: B018


def _writer(location: str, worker: int, count: int) -> None:
    with History.open(location) as h:
        for k in range(count):
            h.add(
                V1 + f"\n## Note {worker}-{k}\n\nWorker {worker} wrote {k}.\n",
                label=f"w{worker}-{k}",
            )


@pytest.mark.slow
def test_concurrent_writers_lose_and_duplicate_nothing(location) -> None:
    History.open(location).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(location, w, 8)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
        assert p.exitcode == 0
    with History.open(location) as h:
        assert len(h) == 32 and h.verify() == []
        labels = [v.label for v in h.versions]
        assert sorted(labels) == sorted(f"w{w}-{k}" for w in range(4) for k in range(8))
        for v in h.versions:
            worker, k = v.label[1:].split("-")
            assert h.text(v.label).endswith(f"Worker {worker} wrote {k}.\n")


KILLED_WRITER = """
import sys, time, attrs
from policydoc import History
h = History.open(sys.argv[1])
last = h.store.last()
with h.store.write():
    h.store.insert(attrs.evolve(last, seq=last.seq + 1, label="half"))
    print("ready", flush=True)
    time.sleep(120)
"""


@pytest.mark.slow
def test_writer_killed_mid_transaction_loses_nothing(location) -> None:
    _fill(location).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, location], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with History.open(location, timeout=30) as h:
        assert len(h) == 4 and h.verify() == []
        h.add(V1, label="after")  # the lock died with the writer
        assert h.verify() == [] and "half" not in h


def test_migrate_copies_and_verifies_both_ways(location, tmp_path) -> None:
    source = str(tmp_path / "source.sqlite3")
    _fill(source).close()
    assert migrate(source, location) == 4
    back = str(tmp_path / "back.sqlite3")
    assert migrate(location, back) == 4
    with History.open(source) as a, History.open(location) as b, History.open(back) as c:
        assert [v.chain_hash for v in a.versions] == [v.chain_hash for v in b.versions]
        assert [v.to_dict(text=True) for v in a.versions] == [
            v.to_dict(text=True) for v in c.versions
        ]
        assert b.verify() == [] and c.verify() == []
    with pytest.raises(HistoryError, match="already holds 4 versions"):
        migrate(source, location)


def test_migrate_refuses_a_tampered_source(location, tmp_path) -> None:
    _fill(location).close()
    _sql(location, "UPDATE versions SET label = 'forged' WHERE seq = 2")
    target = str(tmp_path / "copy.sqlite3")
    with pytest.raises(HistoryError, match="does not verify"):
        migrate(location, target)
    with History.open(target) as h:
        assert len(h) == 0


def test_cli_store_option_and_migrate(location, tmp_path, capsys) -> None:
    v1, v2 = tmp_path / "v1.md", tmp_path / "v2.md"
    v1.write_text(V1)
    v2.write_text(V2)
    assert main(["history", "--store", location, "add", str(v1), "--label", "v1"]) == 0
    assert main(["history", "--store", location, "add", str(v2), "--label", "v2"]) == 0
    assert main(["history", "--store", location, "verify"]) == 0
    assert main(["history", "--store", location, "since", "v1"]) == 1  # material: the gate fails
    copy = str(tmp_path / "copy.sqlite3")
    capsys.readouterr()
    assert main(["history", "migrate", "--from", location, "--to", copy]) == 0
    assert "copied 2 versions" in capsys.readouterr().out
    assert main(["history", "--store", copy, "log"]) == 0
    assert "material" in capsys.readouterr().out


def test_unreachable_server_is_a_clear_error(capsys) -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(
        StoreError, match=r"cannot connect to postgresql://u:\*\*\*@127\.0\.0\.1:9/"
    ):
        History.open("postgresql://u:secret@127.0.0.1:9/none", timeout=1)
    assert main(["history", "--store", "postgresql://u:secret@127.0.0.1:9/x", "log"]) == 2
    assert "secret" not in capsys.readouterr().err
