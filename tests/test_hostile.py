"""Hostile input and broken stores: clear errors with exit 2, bounded cost, escaped output."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import policydoc
from policydoc import History, HistoryError, InputError, PolicyError, StoreError, parse
from policydoc.cli import main
from policydoc.parse import decode

V1 = """# Privacy Policy

## Sharing

We do not share your personal information with advertisers.

## Retention

We delete your data 30 days after you close your account.
"""
V2 = V1.replace("We do not share your", "We share your")
V3 = V2.replace("30 days", "60 days")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


# -- exit codes ---------------------------------------------------------------------------


def test_internal_error_exits_2_with_one_line_and_debug_shows_it(tmp_path, monkeypatch) -> None:
    f = tmp_path / "p.md"
    f.write_text(V1, encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(sys.modules["policydoc.compare"], "compare", boom)
    code, _, err = _run("diff", str(f), str(f))
    assert code == 2  # never 1, which a gate reads as "differs"
    assert err.count("\n") == 1 and "internal error, please report" in err
    assert "Traceback" not in err and "RuntimeError: something unexpected" in err
    with pytest.raises(RuntimeError):
        main(["--debug", "diff", str(f), str(f)])


def test_error_lines_name_the_file_and_show_control_characters(tmp_path) -> None:
    bad = tmp_path / "evil\x1b]0;title\x07.md"
    bad.write_bytes(b"\xff\xfe")
    code, _, err = _run("outline", str(bad))
    assert code == 2 and "\x1b" not in err and "\x07" not in err
    assert "evil\\x1b]0;title\\x07.md:1: not valid UTF-8" in err


# -- front matter -------------------------------------------------------------------------

_ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("yaml_text", "line", "message"),
    [
        ("date: 2025-02-30\n", 2, "day is out of range"),
        ("title: x\ndate: 2025-13-01\n", 3, "invalid timestamp value '2025-13-01'"),
        ("date: 0000-01-01\n", 2, "invalid timestamp value"),
        ("n: !!int 'abc'\n", 2, "invalid int value 'abc'"),
        ("t: !!timestamp 'nope'\n", 2, "invalid timestamp value 'nope'"),
        ("x: " + "[" * 10_000 + "]" * 10_000 + "\n", 2, "nested more than 20 levels"),
        (_ALIAS_BOMB, 2, "anchors (&name) are not allowed"),
        ("a: *undefined\n", 2, "aliases (*name) are not allowed"),
        ("k: [1, 2\n", None, "invalid YAML front matter"),
        ("- just\n- a list\n", 2, "must be a mapping"),
        ("a: b\nc: \x07\n", 3, "character 0x7 is not allowed"),
    ],
)
def test_front_matter_errors_are_input_errors_with_the_line(yaml_text, line, message) -> None:
    text = f"---\n{yaml_text}---\n# Policy\n"
    with pytest.raises(InputError) as info:
        parse(text, source="p.md")
    assert message in info.value.message
    if line is not None:
        assert info.value.line == line and str(info.value).startswith(f"p.md:{line}: ")


def test_front_matter_size_and_node_count_are_bounded() -> None:
    big = "---\nnote: '" + "x" * 70_000 + "'\n---\n# P\n"
    with pytest.raises(InputError, match="front matter is 70,008 bytes"):
        parse(big)
    many = "---\nk: [" + ", ".join("1" for _ in range(10_001)) + "]\n---\n# P\n"
    with pytest.raises(InputError, match="more than 10,000 values"):
        parse(many)


def test_ordinary_front_matter_still_reads() -> None:
    p = parse("---\ntitle: Terms\neffective: 2025-03-01\ntags: [a, b]\n---\n\nText.\n")
    assert p.title == "Terms" and p.metadata["effective"].isoformat() == "2025-03-01"
    assert p.metadata["tags"] == ["a", "b"]


# -- quietly wrong before -----------------------------------------------------------------


def test_bom_is_stripped_for_parsing_and_kept_in_the_source() -> None:
    text = "\ufeff# Privacy Policy\n\n## Data\n\nWe collect email.\n"
    p = parse(text)
    assert p.bom and p.title == "Privacy Policy" and p.ids == ["data"]
    assert p.source == text
    assert policydoc.compare(text, text.replace("email", "location")).assess().level > (
        policydoc.Level.NONE
    )


def test_nul_anywhere_is_refused_with_its_line() -> None:
    data = ("# P\n\n" + "word " * 3000 + "\n\nlate \x00 byte\n").encode()
    assert data.index(b"\x00") > 8192
    with pytest.raises(InputError, match="NUL byte") as info:
        decode(data, source="p.md")
    assert info.value.line == 5
    with pytest.raises(InputError, match="NUL character"):
        parse("# P\n\nx\x00y\n")


@pytest.mark.parametrize(
    "line", ["31 June 2024", "June 31, 2024", "2024-02-30", "30/02/2024", "31st of June 2024"]
)
def test_impossible_dates_are_unknown_never_another_date(line) -> None:
    p = parse(f"# Policy\n\nLast updated: {line}\n\n## Data\n\nText.\n")
    assert "date" not in p.metadata


def test_possible_dates_still_read() -> None:
    p = parse("# Policy\n\nLast updated: 30 June 2024\n\n## Data\n\nText.\n")
    assert p.metadata["date"].isoformat() == "2024-06-30"


def test_to_markdown_keeps_tables_hard_breaks_and_thematic_breaks() -> None:
    src = (
        "# T\n\n## A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLine one  \nline two\n\n"
        "Para\n\n---\n\nAfter the rule\n"
    )
    p = parse(src)
    again = parse(p.to_markdown())
    assert (
        [b.kind for b in again["a"].blocks]
        == [b.kind for b in p["a"].blocks]
        == [
            "table",
            "paragraph",
            "paragraph",
            "rule",
            "paragraph",
        ]
    )
    assert "<br />" in _html(p.to_markdown())  # the hard break is still a break


# -- bounded cost -------------------------------------------------------------------------


def _naive_ids(titles: list[str]) -> list[str]:
    from policydoc.text import slugify

    used: set[str] = set()
    out = []
    for t in titles:
        base = slugify(t) or "section"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        out.append(candidate)
    return out


@given(st.lists(st.sampled_from(["a", "a 2", "a-3", "b", "a 2 2", "a-2", "!!"]), max_size=30))
def test_heading_ids_are_the_same_as_the_first_free_suffix(titles) -> None:
    text = "".join(f"## {t}\n\nx\n\n" for t in titles)
    assert parse(text).ids == _naive_ids(titles)


def test_many_equal_headings_get_unique_ids() -> None:
    p = parse("## a\n" * 20_000)
    assert len(set(p.ids)) == 20_000 and p.ids[-1] == "a-20000"


_tokens = st.lists(st.sampled_from(["we", "share", " ", ".", "data", "\n", "x", "y"]), max_size=60)


@given(_tokens, _tokens)
def test_diff_over_the_work_budget_is_coarser_but_exact(a, b) -> None:
    from policydoc import worddiff

    saved = worddiff._WORK_BUDGET
    worddiff._WORK_BUDGET = 30  # everything but tiny diffs goes the coarse way
    try:
        runs = worddiff.diff_tokens(a, b, semantic=False)
    finally:
        worddiff._WORK_BUDGET = saved
    assert [t for op, toks in runs if op != "insert" for t in toks] == a
    assert [t for op, toks in runs if op != "delete" for t in toks] == b


def test_two_different_large_paragraphs_diff_within_budget_exactly() -> None:
    import random

    from policydoc.patch import apply_delta, delta
    from policydoc.worddiff import diff_tokens, tokens

    rng = random.Random(7)
    words = [f"w{i}" for i in range(3000)]
    old = " ".join(rng.choice(words) for _ in range(5000))
    new = " ".join(rng.choice(words) for _ in range(5000))
    runs = diff_tokens(tokens(old), tokens(new), semantic=False)
    assert len(runs) <= 3  # one replacement rather than thousands of word edits
    assert apply_delta(old, delta(old, new)) == new


def test_more_distinct_words_than_characters_do_not_crash(monkeypatch) -> None:
    from policydoc import worddiff

    monkeypatch.setattr(worddiff, "_MAX_DISTINCT", 50)
    old = " ".join(f"a{i}" for i in range(100))
    new = " ".join(f"b{i}" for i in range(100))
    ops = worddiff.diff_words(old, new)
    assert "".join(o.text for o in ops if o.op != "insert") == old
    assert "".join(o.text for o in ops if o.op != "delete") == new


def test_oversized_input_is_refused_and_the_limit_can_be_raised(tmp_path) -> None:
    f = tmp_path / "p.md"
    f.write_text(V1, encoding="utf-8")
    code, _, err = _run("--max-bytes", "100", "outline", str(f))
    assert code == 2 and "the limit is 100" in err
    assert _run("--max-bytes", "100000", "outline", str(f))[0] == 0


def test_add_prepares_outside_the_lock_and_redoes_it_when_the_head_moved(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    first, second = History.open(path), History.open(path)
    first.add(V1, label="v1")
    calls = []
    prepare = History._prepare

    def racing(self, last, text, policy):
        if self is not first:
            return prepare(self, last, text, policy)
        calls.append(last.seq if last else 0)
        if len(calls) == 1:  # another process records a version meanwhile
            second.add(V2, label="v2")
        return prepare(self, last, text, policy)

    History._prepare = racing  # type: ignore[method-assign]
    try:
        result = first.add(V3, label="v3")
    finally:
        History._prepare = prepare  # type: ignore[method-assign]
    assert calls == [1, 2]  # computed against v1, redone against v2 under the lock
    assert result.version.seq == 3 and first.text("v3") == V3 and first.verify() == []
    first.close()
    second.close()


# -- escaped output -----------------------------------------------------------------------

_EVIL_TITLE = "&lt;img src=x onerror=alert(1)&gt; Sharing"


def test_notice_markdown_carries_no_live_html() -> None:
    old = V1.replace("## Sharing", f"## {_EVIL_TITLE}")
    new = old.replace("We do not share your", "We share your precise location and your")
    notice = policydoc.compare(old, new).assess().notice()
    assert notice and "onerror" in notice.to_markdown()
    assert "<img" not in _html(notice.to_markdown())


def test_markdown_redline_escapes_title_and_metadata_keys() -> None:
    old = "---\n'k<img src=x onerror=1>': a\n---\n# &lt;b onmouseover=1&gt;x\n\n## S\n\nText.\n"
    new = old.replace(": a", ": b").replace("Text.", "Text <i>changed</i>.")
    md = policydoc.compare(old, new).redline("markdown")
    html = _html(md)
    assert "<img" not in html and "<b " not in html and "<i>" not in html


def test_policy_to_markdown_does_not_decode_entities_into_html() -> None:
    p = parse(f"# &lt;script&gt;Policy\n\n## {_EVIL_TITLE}\n\nText.\n")
    out = p.to_markdown()
    assert "<img" not in _html(out) and "<script" not in _html(out)
    again = parse(out)
    assert again.title == p.title and [s.title for s in again] == [s.title for s in p]


_ESC = "\x1b]0;pwned\x07\x1b[2J"


def test_text_ansi_and_outline_output_show_control_characters(tmp_path) -> None:
    old = f"# Policy {_ESC}\n\n## Data {_ESC}\n\nWe collect email{_ESC}.\n"
    new = old.replace("email", "email and location")
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    for args in (["diff", "--format", "text"], ["diff", "--format", "ansi"], ["assess"]):
        code, out, _ = _run(*args, str(a), str(b))
        assert code in (0, 1)
        assert "\x1b]" not in out and "\x07" not in out and "\x1b[2J" not in out
    code, out, _ = _run("outline", str(a))
    assert code == 0 and "\x1b" not in out and "\\x1b]0;pwned\\x07" in out


def test_log_labels_show_control_characters(tmp_path) -> None:
    store = str(tmp_path / "h.sqlite3")
    with History.open(store) as h:
        h.add(V1, label=f"v1{_ESC}")
    code, out, _ = _run("history", "--store", store, "log")
    assert code == 0 and "\x1b" not in out and "v1\\x1b]0;pwned" in out


# -- stores -------------------------------------------------------------------------------


def _filled(path: Path) -> None:
    with History.open(path) as h:
        for k, text in enumerate([V1, V2, V3], start=1):
            h.add(text, label=f"v{k}")


def _sql(path: Path, statement: str, *args: object) -> None:
    db = sqlite3.connect(path)
    with db:
        db.execute(statement, args)
    db.close()


def test_empty_or_missing_store_is_an_error(tmp_path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="is empty"):
        History.open(empty)
    assert empty.stat().st_size == 0
    with pytest.raises(StoreError, match="no history store"):
        History.open(tmp_path / "missing.sqlite3", readonly=True)
    assert not (tmp_path / "missing.sqlite3").exists()
    code, _, err = _run("history", "--store", str(tmp_path / "missing.sqlite3"), "log")
    assert code == 2 and "no history store" in err


def test_foreign_sqlite_database_is_refused_untouched(tmp_path) -> None:
    path = tmp_path / "app.db"
    _sql(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(StoreError, match="not a policydoc history store"):
        History.open(path)
    db = sqlite3.connect(path)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert tables == {"customers"}
    other = tmp_path / "other.db"
    _sql(other, "PRAGMA application_id = 1234")
    _sql(other, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    with pytest.raises(StoreError, match="application_id 0x4d2"):
        History.open(other)


def test_new_stores_are_marked_and_unmarked_old_stores_still_open(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == 0x706F6C64
    # user_version is the store schema (3 since the compact layout).
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    db.execute("PRAGMA application_id = 0")  # as written before the marker existed
    db.close()
    with History.open(path) as h:
        assert len(h) == 3 and h.verify() == []


def test_read_only_store_reads_and_verifies_but_refuses_writes(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    with History.open(path, readonly=True) as h:
        assert h.text("v2") == V2 and h.verify() == [] and h.since("v1").level
        with pytest.raises(StoreError, match="read-only"):
            h.add(V1 + "\nMore.\n", label="v4")
    code, out, _ = _run("history", "--store", str(path), "verify")
    assert code == 0 and out.startswith("ok: 3 versions, head 3:")


def test_every_call_after_close_is_a_store_error(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    h = History.open(path)
    h.close()
    h.close()  # closing twice is harmless
    for call in (lambda: h.versions, h.verify, lambda: h.add(V1, label="x"), lambda: h.since("v1")):
        with pytest.raises(StoreError, match="closed"):
            call()


def test_verify_covers_size_and_normal_hash(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    _sql(path, "UPDATE versions SET size = size + 1 WHERE seq = 2")
    _sql(path, "UPDATE versions SET normal_hash = x'0000000000000000' WHERE seq = 3")
    with History.open(path) as h:
        problems = h.verify()
    assert any(p.seq == 2 and "size" in p.message for p in problems)
    assert any(p.seq == 3 and "normal-hash" in p.message for p in problems)


@pytest.mark.parametrize(
    ("column", "value", "reported"),
    [
        ("data", 42, "data is int"),
        ("effective", "not-a-date", "effective 'not-a-date' is not valid"),
        ("published", "yesterday", "published 'yesterday' is not valid"),
        ("level", "catastrophic", "level 'catastrophic' is not valid"),
        ("content_hash", "text", "content_hash is str"),
        ("revert_of", "one", "revert_of is str"),
    ],
)
def test_tampered_fields_are_problems_and_clear_errors_never_crashes(
    tmp_path, column, value, reported
) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    _sql(path, f"UPDATE versions SET {column} = ? WHERE label = 'v2'", value)
    with History.open(path) as h:
        problems = h.verify()
        assert any(reported in p.message for p in problems), problems
        for call in (lambda: h.log(), lambda: h.since("v1"), lambda: h.text("v3")):
            with contextlib.suppress(PolicyError):  # a clear error is fine, nothing else
                call()
    for action in (["log"], ["since", "v1"], ["verify"], ["export"]):
        code, _, err = _run("history", "--store", str(path), *action)
        assert code in (0, 1, 2) and "internal error" not in err and "Traceback" not in err


def test_verify_head_detects_truncation_and_a_rewritten_chain(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    with History.open(path) as h:
        kept = h.head_hash
        assert kept is not None and h.verify(head=kept) == []
        assert h.verify(head=kept.split(":")[1]) == []  # the bare hash works too
    # Remove the last version and fix the recorded head: the store alone looks intact.
    _sql(path, "DELETE FROM versions WHERE seq = 3")
    with History.open(path) as h:
        _sql(path, "UPDATE meta SET value = ? WHERE key = 'head'", h.head_hash)
    with History.open(path) as h:
        assert h.verify() == []
        problems = h.verify(head=kept)
        assert problems and "removed or the chain was rewritten" in problems[0].message
        with pytest.raises(HistoryError, match="not a chain hash"):
            h.verify(head="nonsense")
    code, _, _ = _run("history", "--store", str(path), "verify", "--head", kept)
    assert code == 1


def test_export_prints_the_head_hash_to_keep(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    code, out, err = _run("history", "--store", str(path), "export")
    assert code == 0 and len(out.splitlines()) == 3
    with History.open(path) as h:
        assert f"head {h.head_hash}" in err


# -- arbitrary bytes ----------------------------------------------------------------------

_MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            b"# T\n",
            b"## S\n",
            b"---\n",
            b"a: &x [1]\n",
            b"date: 2025-02-30\n",
            b"**B**  \n",
            b"| a |\n|---|\n",
            b"\xef\xbb\xbf",
            b"\x00",
            b"\xff",
            b"\x1b]0;t\x07",
            b"Last updated: 31 June 2024\n",
            b"We share your data.\n",
            b"[",
            b"\n",
        ]
    ),
    max_size=20,
).map(b"".join)


def _is_policy(data: bytes) -> bool:
    try:
        parse(decode(data))
    except PolicyError:
        return False
    return True


@given(st.one_of(st.binary(max_size=300), _MARKDOWNISH))
def test_cli_on_arbitrary_bytes_exits_0_1_or_2_without_traceback(data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "p.md"
        f.write_bytes(data)
        ok = Path(tmp) / "ok.md"
        ok.write_text(V1, encoding="utf-8")
        is_policy = _is_policy(data)
        for argv in (
            ["outline", str(f)],
            ["outline", "--json", str(f)],
            ["diff", str(ok), str(f)],
            ["diff", "--format", "markdown", str(f), str(ok)],
            ["assess", str(ok), str(f)],
        ):
            code, _, err = _run(*argv)
            assert code in (0, 1, 2), (argv, code)
            assert "Traceback" not in err and "internal error" not in err, err
            if argv[0] == "assess" and not is_policy:
                assert code == 2 and err.count("\n") == 1


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def _reads_but_refuses_writes(path: Path) -> None:
    with History.open(path, readonly=True) as h:
        assert h.verify() == [] and h.text("v3") == V3
    code, out, _ = _run("history", "--store", str(path), "log")
    assert code == 0 and "v3" in out
    code, _, err = _run("history", "--store", str(path), "add", str(path), "--label", "x")
    assert code == 2 and "Traceback" not in err


def test_store_on_read_only_file_and_folder(tmp_path) -> None:
    folder = tmp_path / "media"
    folder.mkdir()
    path = folder / "h.sqlite3"
    _filled(path)
    path.chmod(0o444)
    folder.chmod(0o555)  # like read-only media: no -wal or -shm file can be created
    try:
        _reads_but_refuses_writes(path)
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_pre_commit_hook_internal_error_exits_2(monkeypatch, tmp_path) -> None:
    from policydoc import precommit

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(precommit.Settings, "discover", boom)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = precommit.main([str(tmp_path / "privacy.md")])
    assert code == 2 and "internal error, please report: RuntimeError: unexpected" in err.getvalue()


def test_to_markdown_keeps_indented_paragraph_lines_from_becoming_other_blocks() -> None:
    # NBSP and deep indentation keep these lines in the paragraph; stripped, they must not
    # turn into a list, a heading, an ordered list or a thematic break.
    src = "# T\n\n## A\n\n\u00a0\u00a0- one\n\u00a0\u00a0# two\n    2. three\n\u00a0***\n"
    p = parse(src)
    again = parse(p.to_markdown())
    assert [b.kind for b in again["a"].blocks] == [b.kind for b in p["a"].blocks] == ["paragraph"]
    assert again["a"].text == p["a"].text == "- one # two 2. three ***"


def test_a_store_sqlite_cannot_write_gives_a_store_error_and_keeps_the_history(tmp_path) -> None:
    path = tmp_path / "h.sqlite3"
    _filled(path)
    with History.open(path) as h:
        # What a read-only file or medium does to a writer, without needing one: SQLite
        # refuses every write on this connection.
        h.store._db.execute("PRAGMA query_only = 1")  # type: ignore[attr-defined]
        with pytest.raises(StoreError, match="read-only"):
            h.add(V1 + "\nMore.\n", label="v4")
        assert len(h) == 3 and h.verify() == []


def test_normal_hashes_from_another_normaliser_are_not_reported_as_tampering(tmp_path) -> None:
    # A store written before the normaliser improved: its normal-hashes were right then.
    path = tmp_path / "h.sqlite3"
    _filled(path)
    _sql(path, "UPDATE versions SET normal_hash = x'0000000000000000' WHERE seq = 3")
    _sql(path, "UPDATE meta SET value = '1' WHERE key = 'normalizer'")
    with History.open(path) as h:
        assert h.verify() == []


def test_store_on_a_read_only_mount(tmp_path) -> None:
    # Real read-only media: a read-only bind mount (needs root; skipped elsewhere).
    import shutil
    import subprocess

    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a read-only mount needs root")
    src, media = tmp_path / "src", tmp_path / "media"
    src.mkdir()
    media.mkdir()
    _filled(src / "h.sqlite3")
    mounted = subprocess.run(["mount", "--bind", str(src), str(media)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount here: {mounted.stderr.decode().strip()}")
    try:
        ro = subprocess.run(["mount", "-o", "remount,ro,bind", str(media)], capture_output=True)
        if ro.returncode != 0:
            pytest.skip(f"cannot remount read-only: {ro.stderr.decode().strip()}")
        path = media / "h.sqlite3"
        _reads_but_refuses_writes(path)
    finally:
        # Lazy: detach now even if a handle is still open, so no mount outlives the test.
        subprocess.run(["umount", "-l", str(media)], capture_output=True)
