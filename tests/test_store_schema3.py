"""Store schema 3: compact metadata, the same rows, and the upgrade of schema 2 stores.

``fixtures/history-schema2.sqlite3`` and its export ``history-schema2.jsonl``
were written by policydoc before schema 3 (42 versions: full, key and delta
texts, a revert, a technical change, a note and author, timestamps with another
UTC offset and with microseconds).
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import attrs
from hypothesis import given
from hypothesis import strategies as st

from policydoc import History
from policydoc.history import compact
from policydoc.history.store import StoredRow
from tests.conftest import FIXTURES


def _schema2_copy(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "history-schema2.sqlite3", path)
    return path


def _schema(path) -> str:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        db.close()


def _export(h: History) -> list[dict]:
    lines: list[str] = []

    class Out:
        def write(self, s: str) -> None:
            lines.append(s)

    h.export_jsonl(Out())
    return [json.loads(line) for line in "".join(lines).splitlines()]


def test_opening_a_schema2_store_upgrades_it_with_every_hash_and_text_intact(tmp_path) -> None:
    path = _schema2_copy(tmp_path)
    expected = [
        json.loads(line)
        for line in (FIXTURES / "history-schema2.jsonl").read_text("utf-8").splitlines()
    ]
    with History.open(path) as h:
        assert h.store.schema_version == 3
        assert h.verify() == []
        assert _export(h) == expected  # texts, hashes, chain, decisions: all as before
        assert h["revert"].revert_of == "v30"
        h.add(h.text("material").replace("30 days", "90 days"), label="after")
        assert h.verify() == []
    assert _schema(path) == "3"
    db = sqlite3.connect(path)
    columns = [r[1] for r in db.execute("PRAGMA table_info(versions)")]
    db.close()
    assert "previous_hash" not in columns


def test_a_damaged_chain_is_not_upgraded_so_verify_still_sees_it(tmp_path) -> None:
    path = _schema2_copy(tmp_path)
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE versions SET previous_hash = x'00' WHERE seq = 5")
    db.close()
    with History.open(path) as h:
        assert h.store.schema_version == 2
        problems = h.verify()
    assert any(p.seq == 5 and "previous-hash" in p.message for p in problems), problems
    assert _schema(path) == "2"


def _packed_size(path) -> int:
    # Small pages, so the comparison is about the rows, not about rounding to 4 kB pages.
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA page_size = 512")
    db.execute("VACUUM")
    size = db.execute("PRAGMA page_count").fetchone()[0] * 512
    db.close()
    return size


def test_schema3_is_smaller(tmp_path) -> None:
    before = _schema2_copy(tmp_path)
    after = shutil.copy(before, tmp_path / "new.sqlite3")
    History.open(after).close()
    assert _packed_size(after) < 0.9 * _packed_size(before)


def _page_size(path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA page_size").fetchone()[0])
    finally:
        db.close()


def test_new_stores_use_small_pages_and_old_ones_keep_theirs(tmp_path) -> None:
    # Small pages are most of the gap to git's pack on a long history (benchmarks/bench_history.py).
    new = tmp_path / "new.sqlite3"
    with History.open(new) as h:
        h.add("# P\n\nWe keep data for 30 days.\n", label="v1")
    assert _page_size(new) == 2048
    db = sqlite3.connect(new)
    try:  # the key/value table is one B-tree: no separate index for its primary key
        assert (
            db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index'").fetchone()[0] == 1
        )
    finally:
        db.close()
    old = _schema2_copy(tmp_path)
    size = _page_size(old)
    with History.open(old) as h:
        h.add(h.head.text + "\nWe also keep logs.\n", label="more")
        assert h.verify() == []
    assert _page_size(old) == size


_texts = st.text(max_size=12)
rows = st.builds(
    StoredRow,
    seq=st.integers(1, 10**6),
    label=_texts,
    content_hash=st.binary(min_size=32, max_size=32),
    previous_hash=st.just(b""),
    chain_hash=st.binary(min_size=32, max_size=32),
    effective=st.none() | st.dates().map(lambda d: d.isoformat()) | _texts,
    published=st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()) | _texts,
    cause=st.sampled_from(["first_record", "change", "technical"]) | _texts,
    note=st.none() | _texts,
    author=st.none() | _texts,
    revert_of=st.none() | st.integers(1, 10**6),
    normal_hash=st.binary(min_size=8, max_size=8),
    storage=st.sampled_from(["full", "key", "delta"]),
    data=st.binary(max_size=20),
    size=st.integers(0, 10**7),
    level=st.none() | st.sampled_from(["none", "editorial", "minor", "material", "major"]) | _texts,
    summary=st.none() | _texts,
)


@given(rows, st.none() | st.binary(min_size=32, max_size=32))
def test_compact_rows_come_back_exactly(row, previous) -> None:
    row = attrs.evolve(row, previous_hash=previous or b"")
    assert StoredRow(**compact.unpack(compact.pack(row), previous)) == row
