from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import policydoc
from policydoc import InputError, parse
from policydoc.parse import split_number
from tests.conftest import FIXTURES, shared_path
from tests.strategies import STYLES, any_text, policy_specs, render

SEED_TITLES = [
    "Summary",
    "Content",
    "Privacy protection",
    "Safety measures",
    "Information Collection",
    "Information Use",
    "Information Share",
    "Privacy Security",
    "Terms amendment",
    "Questions and suggestions",
]


def test_seed_policy_shape() -> None:
    path = shared_path("seed", "tomtop-privacy-policy-2012.md")
    policy = policydoc.load(path)
    assert policy.title == "Privacy Policy"
    assert [s.title for s in policy.sections] == SEED_TITLES
    assert [b.kind for b in policy.preamble] == ["blockquote", "paragraph"]
    assert "Wayback Machine" in policy.preamble_text
    assert policy.preamble_text.endswith("to learn more about that.")
    assert policy.source == path.read_bytes().decode("utf-8")
    assert policy["information-collection"].text.startswith("When you register")


def test_bold_heading_fixture_keeps_seed_behaviour() -> None:
    path = FIXTURES / "bold-headings.md"
    policy = policydoc.load(path)
    assert policy.title == "Privacy Policy"
    assert [s.title for s in policy.sections] == [
        "Summary",
        "Content",
        "Information Collection",
        "Information Use",
        "Information Share",
        "Questions and suggestions",
    ]
    assert policy.preamble[0].kind == "blockquote"
    assert policy.source == path.read_bytes().decode("utf-8")
    for section in policy.walk():
        assert section.text, section.id
        assert "\u00a0" not in section.text
        assert "**" not in section.text


def test_atx_setext_nesting_and_numbers() -> None:
    text = (
        "# Terms\n\nIntro.\n\n## 1. Scope\n\nScope text.\n\n### 1.1 Definitions\n\nDefs.\n\n"
        "Cookies\n-------\n\nWe use cookies.\n\n## Article 4 - Liability\n\nNone.\n\n## IV. Law\n\nIrish law.\n"
    )
    p = parse(text)
    assert p.title == "Terms"
    assert [s.id for s in p.sections] == ["scope", "cookies", "liability", "law"]
    scope = p["scope"]
    assert scope.number == "1" and scope.level == 1
    assert [c.id for c in scope.children] == ["definitions"]
    assert p["definitions"].number == "1.1" and p["definitions"].path == ("scope", "definitions")
    assert p["liability"].number == "Article 4"
    assert p["law"].number == "IV"
    assert p["definitions"].lines == (9, 12)


def test_ids_stable_under_renumbering_and_body_edits() -> None:
    a = parse("## 1. Cookies\n\nOld body.\n\n## 2. Contact\n\nx\n")
    b = parse("## 4. Cookies\n\nA completely new body.\n\n## 5. Contact\n\ny\n")
    assert a.ids == b.ids == ["cookies", "contact"]


def test_duplicate_titles_get_deterministic_suffixes() -> None:
    p = parse("## Scope\n\na\n\n## Scope\n\nb\n\n## Scope 2\n\nc\n\n## Scope\n\nd\n")
    assert p.ids == ["scope", "scope-2", "scope-2-2", "scope-3"]


def test_unicode_ids() -> None:
    p = parse("## Données collectées\n\ntext\n\n## Datenschutzerklärung für Kinder\n\nx\n")
    assert p.ids == ["données-collectées", "datenschutzerklärung-für-kinder"]


def test_bold_sentence_is_not_a_heading() -> None:
    p = parse("## Sharing\n\n**We never sell your personal information.**\n\nMore.\n")
    assert p.ids == ["sharing"]
    assert p["sharing"].text.startswith("We never sell")


def test_front_matter_and_last_updated_line() -> None:
    text = "---\ntitle: Acme Privacy\nversion: 2.1\n---\nLast updated: March 3, 2024\n\n## Scope\n\nx\n"
    p = parse(text)
    assert p.title == "Acme Privacy"
    assert p.metadata["version"] == 2.1
    assert p.metadata["date"] == dt.date(2024, 3, 3)
    assert "Last updated" in p.preamble_text  # recognised, not removed
    assert p.source == text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Last updated: 15 January 2024", dt.date(2024, 1, 15)),
        ("Effective date: 2024-01-15", dt.date(2024, 1, 15)),
        ("Effective as of Jan. 5th, 2023.", dt.date(2023, 1, 5)),
        ("Last modified on 03/15/2024", dt.date(2024, 3, 15)),
        ("This policy was last revised 31/12/2022", dt.date(2022, 12, 31)),
    ],
)
def test_date_lines(line: str, expected: dt.date) -> None:
    assert parse(f"# P\n\n{line}\n\n## A\n\nx\n").metadata["date"] == expected


def test_plain_text_is_normalised_separately_from_source() -> None:
    text = (
        "## Use\r\n\r\n\u00a0\u00a0We *use* [your data](https://x.example)\u2003to\r\nhelp.  \r\n"
    )
    p = parse(text)
    assert p["use"].text == "We use your data to help."
    assert p.source == text
    assert p["use"].source == text


def test_tables_lists_quotes_code_stay_blocks() -> None:
    text = (
        "## A\n\n- one\n- two\n\n| who | why |\n|---|---|\n| Ads Inc | ads |\n\n> quoted\n\n"
        "```\ncode\n```\n\n<div>html</div>\n"
    )
    kinds = [b.kind for b in parse(text)["a"].blocks]
    assert kinds == ["list", "table", "blockquote", "code", "html"]


@pytest.mark.parametrize(
    ("title", "number", "rest"),
    [
        ("3. Cookies", "3", "Cookies"),
        ("3.1 Analytics", "3.1", "Analytics"),
        ("Article 4 - Data", "Article 4", "Data"),
        ("IV. Rights", "IV", "Rights"),
        ("(a) Scope", "a", "Scope"),
        ("2024 Update", None, "2024 Update"),
        ("Cookies:", None, "Cookies"),
    ],
)
def test_split_number(title: str, number: str | None, rest: str) -> None:
    assert split_number(title) == (number, rest)


# -- bad input ----------------------------------------------------------------


def test_not_utf8_names_file_and_line(tmp_path) -> None:
    f = tmp_path / "latin1.md"
    f.write_bytes("# P\n\n## A\n\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.md:5: not valid UTF-8"):
        policydoc.load(f)


def test_binary_file(tmp_path) -> None:
    f = tmp_path / "x.md"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(InputError, match="binary"):
        policydoc.load(f)


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\r\n\r\n"])
def test_empty_and_whitespace(text: str) -> None:
    p = parse(text)
    assert p.sections == () and p.title is None and p.source == text


def test_huge_file_is_refused_quickly(tmp_path) -> None:
    f = tmp_path / "huge.md"
    with f.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="limit"):
        policydoc.load(f)


@pytest.mark.parametrize(
    "text", ["> " * 5000 + "x\n", "- " * 5000 + "x\n", "  " * 3000 + "- x\n" * 3]
)
def test_deep_nesting(text: str) -> None:
    p = parse(text)
    assert p.source == text


def test_bad_front_matter(tmp_path) -> None:
    f = tmp_path / "fm.md"
    f.write_text("---\ntitle: [unclosed\n---\n## A\n")
    with pytest.raises(InputError, match=r"fm\.md:\d+: invalid YAML front matter"):
        policydoc.load(f)


def test_missing_key_suggests_close_ids() -> None:
    p = parse("## Information Collection\n\nx\n")
    with pytest.raises(KeyError, match="information-collection"):
        p["information-colection"]


# -- properties ----------------------------------------------------------------


@given(any_text)
def test_exact_source_round_trip(text: str) -> None:
    try:
        p = parse(text)
    except InputError:
        # Only invalid front matter (after a byte order mark) and NUL characters are refused.
        assert text.removeprefix("\ufeff").startswith("---") or "\x00" in text
        return
    assert p.source == text
    ids = p.ids
    assert len(ids) == len(set(ids))


@given(policy_specs(), st.sampled_from(STYLES), st.sampled_from(["\n", "\r\n"]))
def test_generated_policies_parse_to_their_structure(spec, style, newline) -> None:
    text = render(spec, style=style, newline=newline)
    p = parse(text)
    assert p.source == text
    expected_levels = [s.level for s in spec.sections]
    assert [s.level for s in p.walk()] == expected_levels
    assert [s.title for s in p.walk()] == [s.title for s in spec.sections]
    assert len(set(p.ids)) == len(p.ids)


@given(policy_specs(), st.sampled_from(STYLES))
def test_to_markdown_round_trip(spec, style) -> None:
    p = parse(render(spec, style=style))
    q = parse(p.to_markdown())
    assert q.title == p.title
    assert [(s.id, s.title, s.number, s.level, s.text) for s in q.walk()] == [
        (s.id, s.title, s.number, s.level, s.text) for s in p.walk()
    ]
    assert q.preamble_text == p.preamble_text


@given(any_text)
def test_parsing_is_deterministic(text: str) -> None:
    try:
        a, b = parse(text), parse(text)
    except InputError:
        return
    assert a == b


# -- corpus (optional) -----------------------------------------------------------


def _corpus_files() -> list:
    root = shared_path("corpus")
    return sorted(root.glob("pairs/*/*.md")) + sorted(root.glob("histories/*/*.md"))


@pytest.mark.corpus
def test_every_corpus_policy_parses() -> None:
    files = _corpus_files()
    assert files
    for f in files:
        p = policydoc.load(f)
        assert p.source == f.read_bytes().decode("utf-8"), f
        assert len(p.ids) == len(set(p.ids)), f
        assert len(p) >= 1, f


_DATE_PIECES = ["Last ", "updated", "UPDATED", "up\u0131dated", "re\u017fed", "Effective", "version date", ": ", "3 March 2024", "2024-03-03", "\u0130", "\u212a", "é", "ß", " ", ".", "\n"]  # fmt: skip


@given(st.lists(st.sampled_from(_DATE_PIECES) | st.characters(), max_size=30).map("".join))
def test_date_line_prefilter_never_changes_the_answer(text) -> None:
    # find_date_line skips texts without a label word; it must find what a full scan finds.
    from policydoc import dates

    full = None
    for m in dates._LABEL.finditer(text):
        window = text[m.end() : m.end() + 40]
        date = dates.parse_date(window)
        if date is not None and dates._starts_near(window):
            full = date, text[m.start() : m.end() + dates._date_end(window)].strip()
            break
    assert dates.find_date_line(text) == full
