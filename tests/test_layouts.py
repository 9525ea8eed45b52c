"""The section layouts real policies use: each fixture's outline and its exact round trip."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import policydoc
from policydoc import parse
from policydoc.dates import parse_date
from tests.conftest import FIXTURES, shared_path
from tests.strategies import LAYOUTS, fits_layout, policy_specs, render, render_layout

LAYOUT_DIR = FIXTURES / "layouts"


def outline(policy: policydoc.Policy) -> list[tuple[int, str | None, str]]:
    return [(s.level, s.number, s.title) for s in policy.walk()]


def load(name: str) -> policydoc.Policy:
    path = LAYOUT_DIR / name
    policy = policydoc.load(path)
    assert policy.source == path.read_bytes().decode("utf-8")
    return policy


def test_numbered_clauses_with_bold_titles_at_any_depth() -> None:
    p = load("numbered-bold-clauses.md")
    assert p.title == "Privacy Policy"
    assert outline(p) == [
        (1, "1", "Scope"),
        (1, "2", "Collection"),
        (1, "3", "Use of data"),
        (2, "1", "Analytics"),
        (2, "2", "Security"),
        (3, "a", "Logs"),
        (3, "b", "Alerts"),
        (1, "4", "Contact"),
    ]
    assert p["scope"].text == "This policy applies to the Acme app and website."
    # The rest of the item (paragraphs, nested lists) is the section body.
    collection = p["collection"]
    assert [b.kind for b in collection.blocks] == ["paragraph", "list", "paragraph"]
    assert collection.text.endswith("your device identifiers. We collect nothing else.")
    assert p["logs"].text == "We keep server logs for 30 days."
    assert p["scope"].heading == "1. **Scope.**"
    assert p["scope"].path == ("scope",) and p["logs"].path == ("use-of-data", "security", "logs")


def test_headings_inside_list_items_and_quotes() -> None:
    p = load("headings-in-list-items.md")
    assert p.title == "Acme Privacy Policy"
    assert outline(p) == [
        (1, None, "What Is Personal Data at Acme?"),
        (1, None, "Your Privacy Rights"),
        (2, None, "Right to object"),
        (1, "1", "INFORMATION WE COLLECT"),
        (1, None, "A quoted heading"),
    ]
    assert p["information-we-collect"].text == "We collect your name."
    assert p["a-quoted-heading"].text == "Quoted text stays in its section."
    assert p.preamble_text == "Acme describes how it handles your personal data."


def test_bold_title_block_is_the_title_and_metadata() -> None:
    p = load("bold-title-block.md")
    assert p.title == "PRIVACY POLICY"
    assert p.metadata["company"] == "Acme Widgets Ltd"
    assert p.metadata["date"] == dt.date(2025, 3, 1)
    assert outline(p) == [(1, None, "Data we collect"), (1, None, "Your rights")]


def test_bold_version_line_is_metadata_not_a_parent() -> None:
    p = load("bold-version-line.md")
    assert p.metadata["version"] == "5.0"
    assert p.metadata["date"] == dt.date(2026, 1, 12)
    # The version line stays preamble text; '## 1. Scope' is top level, and the bold
    # 'Background' under it never outranks the '## 2. Data' that follows.
    assert outline(p) == [(1, "1", "Scope"), (2, None, "Background"), (1, "2", "Data")]
    assert "Version 5.0" in p.preamble_text


def test_bold_heading_before_real_headings_never_outranks_them() -> None:
    p = parse("**Introduction**\n\nHello.\n\n## Data\n\nWe collect data.\n\n## Rights\n\nAsk us.\n")
    assert outline(p) == [(1, None, "Introduction"), (1, None, "Data"), (1, None, "Rights")]


def test_table_of_contents_is_navigation() -> None:
    p = load("table-of-contents.md")
    assert [b.kind for b in p["contents"].blocks] == ["navigation"]
    assert [s.id for s in p.sections] == ["contents", "scope", "data"]


def test_titled_items_are_sections() -> None:
    p = load("titled-items.md")
    assert outline(p) == [
        (1, None, "Who is the data controller"),
        (1, None, "What information do we collect"),
        (1, None, "Minors"),
    ]
    # The nested short items have no body of their own: they stay a list in the body.
    assert p["what-information-do-we-collect"].blocks[-1].kind == "list"


@pytest.mark.parametrize(
    "text",
    [
        "- **Email**: we collect it.\n- **Phone**: we collect it.\n",  # bulleted bold terms
        "* one\n* two\n",
        "1. We collect data.\n2. We share data.\n",
        "**We never sell your personal data to anyone at all.**\n",
    ],
)
def test_ordinary_lists_and_bold_sentences_stay_text(text: str) -> None:
    p = parse(text)
    assert len(p) == 0 and p.preamble_text


def test_bold_terms_listed_under_a_real_heading_stay_its_content() -> None:
    text = (
        "# Cookies\n\n## 1. What we use cookies for\n\n"
        "1. **Essential** – keeping you signed in.\n2. **Advertising** – ads on other sites.\n\n"
        "We stopped advertising.\n\n## 2. Your choices\n\nUse the banner.\n"
    )
    p = parse(text)
    assert outline(p) == [(1, "1", "What we use cookies for"), (1, "2", "Your choices")]
    assert p["what-we-use-cookies-for"].text.endswith("ads on other sites. We stopped advertising.")
    # The same clauses as the policy's own structure, or with bodies, are sections.
    assert len(parse(text.replace("## 1. What we use cookies for", "Intro."))) >= 2
    clauses = text.replace("keeping you signed in.", "keeping you signed in.\n\n   More.")
    assert [s.title for s in parse(clauses).walk()][1:3] == ["Essential", "Advertising"]


def test_clause_number_and_title_in_two_bold_runs() -> None:
    p = parse(
        "**11** **Rights**\n\nAsk us.\n\n**11.1** **Apply Applicants**\n\nSee the help page.\n"
    )
    assert outline(p) == [(1, "11", "Rights"), (2, "11.1", "Apply Applicants")]
    assert p["apply-applicants"].text == "See the help page."


def test_level_scheme_numbers_nest_as_readers_expect() -> None:
    text = (
        "# Terms\n\n**1. General**\n\nText.\n\n**1.1 Scope**\n\nText.\n\n"
        "**(a) Apps**\n\nText.\n\n**1.2 Law**\n\nText.\n\n**2. Data**\n\nText.\n"
    )
    assert outline(parse(text)) == [
        (1, "1", "General"),
        (2, "1.1", "Scope"),
        (3, "a", "Apps"),
        (2, "1.2", "Law"),
        (1, "2", "Data"),
    ]


@given(policy_specs(), st.sampled_from(LAYOUTS), st.sampled_from(["\n", "\r\n"]))
def test_every_layout_round_trips_and_gives_the_same_sections(spec, layout, newline) -> None:
    assume(fits_layout(spec, layout))
    text = render_layout(spec, layout).replace("\n", newline)
    p = parse(text)
    assert p.source == text
    reference = parse(render(spec))
    assert [(s.title, s.level, s.text) for s in p.walk()] == [
        (s.title, s.level, s.text) for s in reference.walk()
    ]
    assert (p.title, p.preamble_text) == (reference.title, reference.preamble_text)
    # Clean Markdown of any layout reads back to the same sections.
    q = parse(p.to_markdown())
    assert [(s.title, s.level, s.text) for s in q.walk()] == [
        (s.title, s.level, s.text) for s in p.walk()
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in LAYOUT_DIR.glob("*.md")))
def test_layout_fixtures_render_to_clean_markdown_with_the_same_sections(name: str) -> None:
    p = load(name)
    q = parse(p.to_markdown())
    assert q.title == p.title
    assert [(s.title, s.number, s.level, s.text) for s in q.walk()] == [
        (s.title, s.number, s.level, s.text) for s in p.walk()
    ]


@given(
    policy_specs(),
    st.sampled_from(LAYOUTS),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["5.0", "2", "12.1"]),
)
def test_title_blocks_version_lines_and_contents_leave_the_sections_alone(
    spec, layout, title_block, contents, version
) -> None:
    assume(fits_layout(spec, layout) and len(spec.sections) >= (2 if contents else 1))
    spec = dataclasses.replace(spec, title=None, preamble=[])
    body = render_layout(spec, layout)
    head = (
        "**PRIVACY POLICY**  \nAcme Widgets Ltd  \nLast revised: 1 March 2025\n\n"
        if title_block
        else "# Privacy Policy\n\n"
    )
    head += f"**Version {version} – in force from 12 January 2026**\n\n"
    if contents:
        links = "\n".join(f"- [{s.title}](#{k})" for k, s in enumerate(spec.sections))
        head += f"**Contents**\n\n{links}\n\n"
    text = head + body
    p = parse(text)
    assert p.source == text
    assert p.title == ("PRIVACY POLICY" if title_block else "Privacy Policy")
    assert p.metadata["version"] == version
    assert p.metadata["date"] == (dt.date(2025, 3, 1) if title_block else dt.date(2026, 1, 12))
    reference = [(s.title, s.text) for s in parse(render_layout(spec, layout)).walk()]
    got = [(s.title, s.text) for s in p.walk()]
    if contents:
        # The table of contents is one section of navigation before the others.
        assert got[0] == ("Contents", " ".join(s.title for s in spec.sections))
        assert p.sections[0].blocks[0].kind == "navigation"
        got = got[1:]
    assert got == reference


_SNIPPETS = [
    "1. **Scope.** We collect data.",
    "2. **Use**: We use it.",
    "   1. **Sub.** Text.",
    "      (a) **Logs**: Kept.",
    "(b) **Alerts**: Sent.",
    "* What we collect",
    "    ----------------",
    "    Body text.",
    "1.  ****TITLE****",
    "> ## Quoted",
    "> text",
    "**PRIVACY POLICY**  ",
    "Acme Ltd  ",
    "**Version 2.0 – in force from 1 May 2026**",
    "### Updated March 3, 2025",
    "- [Scope](#scope)",
    "## Real heading",
    "Setext",
    "======",
    "",
    "\u00a0 **Bold**",
    "| a | b |",
    "|---|---|",
]


@given(
    st.lists(st.sampled_from(_SNIPPETS), max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_mixed_layouts_round_trip(lines, newline) -> None:
    text = newline.join(lines)
    p = parse(text)
    assert p.source == text
    assert len(set(p.ids)) == len(p.ids)
    starts = [s.lines[0] for s in p.walk()]
    assert starts == sorted(set(starts))  # one section per heading line, in reading order
    for s in p.walk():
        assert s.source.startswith(s.heading)
    policydoc.check_structure(p)  # the report never fails on what the parser accepts


# -- corpus (optional) -----------------------------------------------------------

_MD = MarkdownIt("commonmark").enable("table")
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _shown_headings(text: str, title: str | None) -> list[str]:
    """Headings a browser shows, less the document title and lines that only give a date."""
    out = []
    for m in _HEADING.finditer(_MD.render(text)):
        words = _TAGS.sub("", m.group(1)).strip()
        if words == title or (parse_date(words) and len(words.split()) <= 6):
            continue
        out.append(words)
    return out


@pytest.mark.corpus
def test_corpus_pages_with_headings_have_sections() -> None:
    root = shared_path("corpus")
    files = sorted(root.glob("pairs/*/*.md")) + sorted(root.glob("histories/*/*.md"))
    assert files
    short = []
    for f in files:
        text = f.read_bytes().decode("utf-8")
        p = parse(text)
        if len(_shown_headings(text, p.title)) >= 3 and len(p) < 3:
            short.append(f"{f.relative_to(root)}: {len(p)} sections")
    assert not short, "\n".join(short)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("pair", "first", "count"),
    [
        ("007", "What Is Personal Data at Apple?", 12),
        ("105", "Who is the data controller", 12),
        ("112", "INFORMATION WE COLLECT AND HOW WE USE IT", 12),
    ],
)
def test_corpus_headings_in_list_items(pair: str, first: str, count: int) -> None:
    path = shared_path("corpus", "pairs", pair, "new.md")
    p = policydoc.load(path)
    titles = [s.title for s in p.walk()]
    assert first in titles
    # Every one of the page's list-item headings is a section of its own.
    start = titles.index(first)
    assert len(titles) - start >= count


# -- the structure report ----------------------------------------------------------


def test_structure_report_names_what_was_not_placed() -> None:
    long_preamble = " ".join(["We collect data."] * 200)
    text = (
        f"{long_preamble}\n\n**Sharing partners and processors**\n\nWe share data.\n\n"
        "| a |\n|---|\n| b |\n\n## Data\n\nText.\n"
    )
    issues = policydoc.check_structure(parse(text), max_preamble_words=100)
    assert [(i.kind, i.line) for i in issues] == [("unsectioned", 1)]
    # A bold line inside a list item that is not a clause title stays text, and is reported.
    text = "## Data\n\n- **Partners and processors**\n\n  We share data.\n\n- Other.\n"
    issues = policydoc.check_structure(parse(text))
    assert [(i.kind, i.line, i.section_id) for i in issues] == [("bold-as-text", 3, "data")]
    assert "Partners and processors" in issues[0].message


def test_structure_report_on_understood_layouts_is_empty() -> None:
    for path in sorted(LAYOUT_DIR.glob("*.md")):
        assert policydoc.check_structure(policydoc.load(path)) == (), path.name


def test_structure_report_long_section(capsys) -> None:
    text = "# Policy\n\n## Everything\n\n" + " ".join(["We collect data."] * 40) + "\n"
    issues = policydoc.check_structure(parse(text), max_words=100)
    assert [(i.kind, i.line, i.section_id) for i in issues] == [("unsectioned", 3, "everything")]


def test_outline_check_cli(tmp_path, capsys) -> None:
    from policydoc.cli import main

    bad = tmp_path / "bad.md"
    bad.write_text("## Data\n\n* **Our partners**\n\n  We share.\n\n* Other.\n", encoding="utf-8")
    assert main(["outline", "--check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:3: bold-as-text:" in out and "1 sections, 1 problem" in out
    assert main(["outline", "--check", str(LAYOUT_DIR / "titled-items.md")]) == 0
    assert main(["outline", "--check", "--json", str(bad)]) == 1
    assert '"kind": "bold-as-text"' in capsys.readouterr().out
