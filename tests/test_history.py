from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydoc import History, HistoryError, Level, StoreError
from policydoc.cli import main
from tests.conftest import shared_path
from tests.strategies import edited_policies

V1 = """# Privacy Policy

## Sharing

We do not share your personal information with advertisers.

## Retention

We delete your data 30 days after you close your account.
"""
V2 = V1.replace("We do not share your", "We share your")  # material
V3 = V2.replace("30 days", "30 days ")  # trailing space only: formatting
V4 = V3.replace("We delete your", "We delete all your")  # a small wording change


@pytest.fixture
def hist(tmp_path):
    h = History.open(tmp_path / "h.sqlite3")
    yield h
    h.close()


def test_add_read_and_log(hist) -> None:
    r1 = hist.add(V1, label="v1", effective="2025-01-01", published="2024-11-01T00:00:00Z")
    assert r1.added and r1.version.cause == "first_record" and r1.version.level is None
    r2 = hist.add(V2, label="v2", effective="2025-03-01", published="2025-01-01T00:00:00Z")
    assert r2.version.level == Level.MATERIAL
    assert r2.version.previous_hash == r1.version.chain_hash
    assert [v.label for v in hist.versions] == ["v1", "v2"]
    assert hist.head.label == "v2" and len(hist) == 2
    assert hist.text("v1") == V1 and hist["v2"].text == V2
    assert hist["v2"].assessment.level == Level.MATERIAL
    log = hist.log()
    assert log[1]["level"] == "material" and log[1]["effective"] == "2025-03-01"
    assert "v1" in hist and "v9" not in hist


def test_refusals(hist) -> None:
    hist.add(V1, label="v1", effective="2025-02-01")
    with pytest.raises(HistoryError, match="label 'v1' is already used"):
        hist.add(V2, label="v1")
    with pytest.raises(HistoryError, match="earlier than the head"):
        hist.add(V2, label="v2", effective="2025-01-01")
    with pytest.raises(HistoryError, match="no version labelled 'v3'"):
        hist["v3"]
    with pytest.raises(HistoryError, match="not a date"):
        hist.add(V2, label="v2", effective="next week")
    same = hist.add(V1, label="again")
    assert not same.added and "identical to the head" in same.message
    assert len(hist) == 1


def test_revert_is_flagged(hist) -> None:
    hist.add(V1, label="a")
    hist.add(V2, label="b")
    r = hist.add(V1.replace("\n", "\r\n"), label="c")  # same text after normalisation
    assert r.added and r.version.revert_of == "a"
    assert "restores version 'a'" in r.message


def test_since_keeps_reverted_material_steps(hist) -> None:
    hist.add(V1, label="v1")
    hist.add(V2, label="v2")
    hist.add(V4, label="v3")
    hist.add(V4.replace("We share your", "We do not share your"), label="v4")  # reverts v2's change
    since = hist.since("v1")
    assert [s.label for s in since.steps] == ["v2", "v3", "v4"]
    assert since.level == Level.MATERIAL and since.requires_notice
    assert since.assessment.level < Level.MATERIAL
    assert [v.label for v in since.reverted] == ["v2"]
    assert hist.since("v3").level < Level.MATERIAL
    assert hist.since("v4").steps == ()


def test_compare_and_assess_any_two(hist) -> None:
    for k, text in enumerate([V1, V2, V3, V4], start=1):
        hist.add(text, label=f"v{k}")
    assert hist.assess("v1", "v4").level == Level.MATERIAL
    assert hist.compare("v2", "v3").changes  # formatting only
    assert hist.assess("v2", "v3").level == Level.NONE


def test_notice_period_check(hist) -> None:
    hist.add(V1, label="v1", published="2025-01-01T00:00:00Z", effective="2025-01-01")
    hist.add(V2, label="v2", published="2025-02-01T00:00:00Z", effective="2025-02-10")
    (problem,) = hist.check()
    assert (
        problem.label == "v2"
        and "only 9 days' notice; at least 30 days required" in problem.message
    )
    assert hist.check(notice_days=5) == []


# -- tampering --------------------------------------------------------------------------------


def _filled(path) -> History:
    h = History.open(path)
    for k, text in enumerate([V1, V2, V3, V4], start=1):
        h.add(text, label=f"v{k}")
    assert h.verify() == []
    h.close()
    return h


def _sql(path, statement, *args) -> None:
    db = sqlite3.connect(path)
    with db:
        if args:
            db.execute(statement, args)
        else:
            db.executescript(statement)
    db.close()


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("UPDATE versions SET note = 'edited by hand' WHERE seq = 1", "chain hash"),
        (
            "UPDATE versions SET content_hash = 'ab' || substr(content_hash, 3) WHERE seq = 2",
            "chain hash",
        ),
        ("UPDATE versions SET label = 'v2-edited' WHERE seq = 2", "chain hash"),
        ("UPDATE versions SET effective = '2020-01-01' WHERE seq = 3", "chain hash"),
        # Downgrading the recorded decision would hide a needed notice.
        ("UPDATE versions SET level = 'minor' WHERE seq = 2", "chain hash"),
        ("UPDATE versions SET summary = NULL WHERE seq = 2", "chain hash"),
        ("DELETE FROM versions WHERE seq = 2", "sequence gap"),
        ("DELETE FROM versions WHERE seq = 4", "versions were removed"),
        (
            "UPDATE versions SET seq = 100 WHERE seq = 2; UPDATE versions SET seq = 2 WHERE seq = 3; "
            "UPDATE versions SET seq = 3 WHERE seq = 100",
            # Schema 3 derives previous_hash from the row before: the chain hashes show it.
            "chain hash does not match",
        ),
    ],
)
def test_verify_detects_tampering(tmp_path, statement, expected) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    _sql(path, statement)
    problems = History.open(path).verify()
    assert any(expected in p.message for p in problems), problems


def test_verify_detects_edited_text(tmp_path) -> None:
    from policydoc.history.history import _pack

    path = tmp_path / "h.sqlite3"
    _filled(path)
    _sql(path, "UPDATE versions SET data = ? WHERE seq = 1", _pack(V1.replace("not ", "")))
    problems = History.open(path).verify()
    assert any("does not match its content hash" in p.message and p.seq == 1 for p in problems)
    assert any(p.seq == 2 for p in problems)  # later deltas no longer apply either


def test_newer_schema_and_corrupt_file_are_refused(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    _sql(path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer policydoc"):
        History.open(path)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a readable policydoc history store"):
        History.open(bad)


# -- concurrency and faults ---------------------------------------------------------------


def _writer(path: str, worker: int, count: int) -> None:
    h = History.open(path)
    for k in range(count):
        text = V1 + f"\n## Note {worker}-{k}\n\nWorker {worker} wrote version {k}.\n"
        h.add(text, label=f"w{worker}-{k}")
    h.close()


@pytest.mark.slow
def test_eight_processes_add_concurrently(tmp_path) -> None:
    path = str(tmp_path / "h.sqlite3")
    History.open(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 25)) for w in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
        assert p.exitcode == 0
    h = History.open(path)
    assert len(h) == 200
    assert h.verify() == []
    for v in h.versions:
        worker, k = v.label[1:].split("-")
        assert h.text(v.label).endswith(f"Worker {worker} wrote version {k}.\n")


KILLED_WRITER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO versions (seq, label, content_hash, chain_hash, published, cause, normal_hash, storage, data, size) VALUES (99, 'half', 'x', 'z', 'now', 'change', 'n', 'full', x'00', 1)")
print("ready", flush=True)
time.sleep(60)
"""


@pytest.mark.slow
def test_writer_killed_mid_transaction_leaves_store_consistent(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    h = History.open(path)
    assert len(h) == 4 and h.verify() == []
    h.add(V1, label="after")  # the store still takes writes
    assert h.verify() == []


# -- import / export / CLI ---------------------------------------------------------------------


def test_import_dir_and_export(tmp_path) -> None:
    folder = tmp_path / "versions"
    folder.mkdir()
    (folder / "2024-01-01.md").write_text(V1)
    (folder / "2024-06-01.md").write_text(V2)
    h = History.open(tmp_path / "h.sqlite3")
    results = h.import_dir(folder)
    assert [r.version.label for r in results] == ["2024-01-01", "2024-06-01"]
    assert h["2024-06-01"].effective.isoformat() == "2024-06-01"
    out = tmp_path / "export.jsonl"
    with out.open("w") as f:
        assert h.export_jsonl(f) == 2
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[1]["text"] == V2 and rows[1]["level"] == "material"


def test_import_dir_again_continues_without_duplicates(tmp_path) -> None:
    folder = tmp_path / "versions"
    folder.mkdir()
    (folder / "0001.md").write_text(V1)
    (folder / "0002.md").write_text(V2)
    h = History.open(tmp_path / "h.sqlite3")
    h.import_dir(folder)
    (folder / "0003.md").write_text(V4)
    again = h.import_dir(folder)
    assert [r.added for r in again] == [False, False, True]
    assert [v.label for v in h.versions] == ["0001", "0002", "0003"]
    assert h.verify() == []


def _grow(h: History, n: int) -> list[str]:
    texts = [
        V1 + "".join(f"\n## Part {j}\n\nWe added part {j}.\n" for j in range(k)) for k in range(n)
    ]
    for k, text in enumerate(texts):
        h.add(text, label=f"v{k}")
    return texts


def test_stored_text_kinds_follow_the_snapshot_interval(tmp_path) -> None:
    from policydoc.history.history import KEYS_PER_FULL

    # Every 2nd version a key text (a delta from the previous key), every 2 * K-th a full text.
    n = 2 * KEYS_PER_FULL * 2 + 5
    h = History.open(tmp_path / "h.sqlite3", snapshot_every=2)
    texts = _grow(h, n)
    storage = [r.storage for r in h.store.rows()]
    assert storage[:4] == ["full", "delta", "key", "delta"]
    fulls = [k + 1 for k, s in enumerate(storage) if s == "full"]
    assert fulls == [1, 2 * KEYS_PER_FULL + 1, 4 * KEYS_PER_FULL + 1]
    h._texts.clear()
    assert [h.text(f"v{k}") for k in range(n)] == texts
    assert h.verify() == []
    h.close()
    every = History.open(tmp_path / "h1.sqlite3", snapshot_every=1)
    _grow(every, KEYS_PER_FULL + 2)
    expected = ["full"] + ["key"] * (KEYS_PER_FULL - 1) + ["full", "key"]
    assert [r.storage for r in every.store.rows()] == expected
    every.close()


def test_verify_reports_an_edited_key_text(tmp_path) -> None:
    from policydoc.history.history import _pack
    from policydoc.patch import delta

    path = tmp_path / "h.sqlite3"
    h = History.open(path, snapshot_every=2)
    texts = _grow(h, 8)
    h.close()
    forged = delta(texts[0], texts[2].replace("part 1", "part one"))
    _sql(path, "UPDATE versions SET data = ? WHERE seq = 3", _pack(forged))
    problems = History.open(path).verify()
    assert any(p.seq == 3 and "content hash" in p.message for p in problems), problems
    # the versions built on it no longer rebuild to their hashes either
    assert {p.seq for p in problems} >= {3, 4, 5}


def test_opening_does_not_wait_for_a_writer(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    History.open(path).add(V1, label="v1")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process in the middle of add()
    try:
        reader = History.open(path, timeout=0.2)
        assert reader.text("v1") == V1 and reader.verify() == []
        with pytest.raises(StoreError, match="cannot start a write transaction"):
            reader.add(V2, label="v2")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_unstorable_text_and_closed_history_give_clear_errors(tmp_path) -> None:
    from policydoc import PolicyError

    h = History.open(tmp_path / "h.sqlite3")
    with pytest.raises(PolicyError, match="cannot be stored as UTF-8"):
        h.add("# Policy\n\nBroken \ud800 text.\n", label="v1")
    h.close()
    with pytest.raises(StoreError) as info:
        h.versions  # noqa: B018
    assert "corrupted" not in str(info.value)


def test_import_git(tmp_path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(repo), *args],
            check=True,
            capture_output=True,
            env={
                **os.environ,
                "GIT_AUTHOR_NAME": "t",
                "GIT_AUTHOR_EMAIL": "t@x",
                "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@x",
            },
        )

    git("init", "-q")
    for k, text in enumerate([V1, V2, V4]):
        (repo / "policy.md").write_text(text)
        (repo / "other.txt").write_text(str(k))
        git("add", ".")
        git("commit", "-q", "-m", f"version {k}")
    (repo / "other.txt").write_text("unrelated")
    git("commit", "-qam", "unrelated")
    h = History.open(tmp_path / "h.sqlite3")
    results = h.import_git(repo, "policy.md")
    assert len(results) == 3 and all(r.added for r in results)
    assert h.text(h.head.label) == V4
    assert h.versions[1].note == "version 1"


def test_cli_history(tmp_path, capsys) -> None:
    store = str(tmp_path / "h.sqlite3")
    f1, f2 = tmp_path / "v1.md", tmp_path / "v2.md"
    f1.write_text(V1)
    f2.write_text(V2)
    assert main(["history", "--store", store, "add", str(f1), "--label", "v1"]) == 0
    assert (
        main(
            [
                "history",
                "--store",
                store,
                "add",
                str(f2),
                "--label",
                "v2",
                "--effective",
                "2030-01-01",
            ]
        )
        == 0
    )
    assert "recorded version 2 'v2': material" in capsys.readouterr().out
    assert main(["history", "--store", store, "log", "--json"]) == 0
    assert [v["label"] for v in json.loads(capsys.readouterr().out)] == ["v1", "v2"]
    # since/assess gate like `policydoc assess`: 1 at or above --fail-on (default material)
    assert main(["history", "--store", store, "since", "v1", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["requires_notice"] is True
    assert main(["history", "--store", store, "since", "v1", "--fail-on", "major"]) == 0
    assert main(["history", "--store", store, "since", "v2"]) == 0
    assert main(["history", "--store", store, "verify"]) == 0
    assert main(["history", "--store", store, "show", "v1"]) == 0
    assert capsys.readouterr().out.endswith(V1)
    assert main(["history", "--store", store, "diff", "v1", "v2"]) == 1
    assert main(["history", "--store", store, "assess", "v1", "v2", "--json"]) == 1
    assert main(["history", "--store", store, "assess", "v2", "v2"]) == 0
    capsys.readouterr()
    assert main(["history", "--store", store, "add", str(f2), "--label", "v1"]) == 2
    assert "already used" in capsys.readouterr().err
    assert main(["history", "--store", store, "check", "--json"]) == 0  # 2030 is far enough away
    soon = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    f1.write_text(V1 + "\n## Children\n\nWe collect the precise location of children.\n")
    assert (
        main(["history", "--store", store, "add", str(f1), "--label", "v3", "--effective", soon])
        == 2
    )
    assert "earlier than the head" in capsys.readouterr().err
    assert main(["history", "--store", store, "add", str(f1), "--label", "v3"]) == 0
    assert (
        main(["history", "--store", store, "check", "--json"]) == 1
    )  # major change, no effective date
    assert main(["history", "--store", store, "export", "-o", str(tmp_path / "x.jsonl")]) == 0
    capsys.readouterr()
    f1.write_text("---\neffective: 2031-06-01\n---\n" + V1)
    args = ["add", str(f1), "--label", "v4", "--published", "2031-01-01T09:00:00Z", "--json"]
    assert main(["history", "--store", store, *args]) == 0
    added = json.loads(capsys.readouterr().out)["version"]
    assert added["effective"] == "2031-06-01"  # read from the front matter
    assert added["published"].startswith("2031-01-01T09:00:00")


# -- properties ---------------------------------------------------------------------------


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(edited_policies(), min_size=1, max_size=4))
def test_any_sequence_is_stored_and_read_back_exactly(tmp_path_factory, pairs) -> None:
    path = tmp_path_factory.mktemp("prop") / "h.sqlite3"
    h = History(History.open(path).store, snapshot_every=3)
    texts = [pairs[0][0]] + [new for _, new in pairs]
    for k, text in enumerate(texts):
        h.add(text, label=f"v{k}")
    stored = {v.label: v for v in h.versions}
    h._texts.clear()
    for k, text in enumerate(texts):
        if f"v{k}" in stored:
            assert h.text(f"v{k}") == text
    assert h.verify() == []
    first = h.versions[0].label
    since = h.since(first)
    assert all(since.level >= s.level for s in since.steps if s.level)
    h.close()


@pytest.mark.corpus
def test_corpus_histories_import_and_verify(tmp_path) -> None:
    root = shared_path("corpus", "histories")
    for service in sorted(p for p in root.iterdir() if p.is_dir()):
        h = History.open(tmp_path / f"{service.name}.sqlite3")
        h.import_dir(service)
        assert h.verify() == [], service.name
        files = sorted(service.glob("*.md"))
        assert h.text(h.head.label) == files[-1].read_bytes().decode()
        h.close()
