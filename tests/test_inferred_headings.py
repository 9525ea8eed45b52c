"""Headings that lost their markup: plain title lines, empty ``####`` headings, bold questions.

Captured web pages often lose heading markup; a reader still sees the titles. Each fixture's
outline is asserted here, with the rule that matters most: a sentence never becomes a title.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import policydoc
from policydoc import assess, compare, parse
from policydoc.dates import parse_date
from tests.conftest import FIXTURES, shared_path
from tests.strategies import WORDS, policy_specs

LAYOUT_DIR = FIXTURES / "layouts"


def outline(policy: policydoc.Policy) -> list[tuple[int, str | None, str, str | None]]:
    return [(s.level, s.number, s.title, s.inferred) for s in policy.walk()]


def load(name: str) -> policydoc.Policy:
    path = LAYOUT_DIR / name
    policy = policydoc.load(path)
    assert policy.source == path.read_bytes().decode("utf-8")
    return policy


# -- the fixtures ----------------------------------------------------------------------


def test_plain_title_lines_become_sections_and_sentences_stay_text() -> None:
    p = load("plain-line-headings.md")
    assert outline(p) == [
        (1, None, "Information We Collect", "plain-line"),
        (1, None, "How we use your information", "plain-line"),
        (1, "1", "Who can see your data?", "plain-line"),
        (1, None, "Your Rights", "plain-line"),
        (1, None, "Contact Us", "plain-line"),
    ]
    # A lead-in without its colon and a sentence without its full stop stay body text.
    assert "We collect the following" in p["information-we-collect"].text
    assert p["who-can-see-your-data"].text.endswith(
        "We never sell your data Not to advertisers, and not to anyone else either."
    )
    # The address lines after "Write to us at:" are not titles either.
    assert p["contact-us"].text.endswith("Acme Widgets Ltd 10 Harbour Street Portsmouth PO1 2AB")
    assert p.metadata["date"].isoformat() == "2025-03-02"
    assert p["information-we-collect"].heading == "Information We Collect\n"


def test_empty_atx_headings_take_their_title_from_the_next_line() -> None:
    p = load("empty-atx-headings.md")
    assert outline(p) == [
        (1, None, "Privacy Policy", "next-line"),
        (1, None, "Information We Collect", "next-line"),
        (1, "1", "What Do We Do With It?", "next-line"),
        (1, None, "Your Choices", "next-line"),
    ]
    # An empty heading before a date line is not a section: the date is metadata.
    assert p.metadata["date"].isoformat() == "2024-06-29"
    assert p["privacy-policy"].text.startswith("Effective: 29 June 2024 Acme is a camera company.")
    assert p["what-do-we-do-with-it"].heading == "####\n\n1.\n\nWhat Do We Do With It?\n"
    assert p["what-do-we-do-with-it"].text == "We use it to run the service."


def test_bold_questions_and_numbered_bold_titles_with_a_stop() -> None:
    p = load("bold-question-headings.md")
    assert outline(p) == [
        (1, None, "What is Acme Meet?", "bold"),
        (1, None, "What personal information does Acme Meet process?", "bold"),
        (1, "1", "Who We Are", "bold"),
        (1, "2", "PERSONAL DATA WE SHARE", "bold"),
    ]
    # One bold run in sentence case with a full stop is a run-in clause title's style: text.
    assert len(parse("# Terms\n\n**2. Plans and payment.**\n\nWe charge monthly.\n")) == 0


def test_plain_titles_nest_under_real_and_bold_headings() -> None:
    p = load("plain-lines-under-headings.md")
    assert outline(p) == [
        (1, None, "Cookies", None),
        (2, None, "Essential cookies", "plain-line"),
        (2, None, "Analytics cookies", "plain-line"),
        (1, None, "Your rights", None),
        (2, None, "Sharing", "bold"),
        (3, None, "Payment processor", "plain-line"),
        (3, None, "Courier", "plain-line"),
    ]
    assert p["cookies"].text == "We use cookies on our website."
    assert p["courier"].path == ("your-rights", "sharing", "courier")


def test_one_short_line_alone_is_not_a_title() -> None:
    # Two title lines in one stretch confirm each other; a single one may be anything.
    one = "## Data\n\nWe collect data.\n\nGoogle Analytics\n\nIt counts visits to our pages.\n"
    assert [s.title for s in parse(one).walk()] == ["Data"]
    two = one + "\nMeta Pixel\n\nIt measures our advertising.\n"
    assert [s.title for s in parse(two).walk()] == ["Data", "Google Analytics", "Meta Pixel"]


@pytest.mark.parametrize(
    "line",
    [
        "We collect the following",  # a lead-in that lost its colon
        "You can contact us at any time",
        "The following information is not personal data",
        "Cookies can also be controlled in your browser",
        "Technical information about your device, such as",
        "Users in the European Economic Area may contact us at",
        "When you visit our site, we can see your address",
        "Here is how you can submit requests",
        "We use cookies.",
        "Read our cookie policy:",
        "Sign In Hi, {username}",
        "• Tailored advertising",
        "Quick question.Are you open yet?",
        "Data Protection Officer, Dublin D02 AY28",
    ],
)
def test_a_sentence_or_page_furniture_is_never_a_title(line: str) -> None:
    text = (
        "Information We Collect\n\nWe collect your name and your e-mail address.\n\n"
        f"{line}\n\nWe keep this for as long as you keep your account.\n\n"
        "Your Rights\n\nYou can ask us for a copy of your data at any time.\n"
    )
    p = parse(text)
    assert [s.title for s in p.walk()] == ["Information We Collect", "Your Rights"]
    assert p.source == text


def test_repeated_labels_after_empty_headings_are_not_titles() -> None:
    text = "".join(f"###\n\nRead more\n\nPart {k} of the policy says more.\n\n" for k in range(3))
    p = parse(text)
    assert len(p) == 3 and all(s.title == "" for s in p.walk())
    # Untitled sections are named by their first words wherever a user sees them.
    assert next(s.display_name for s in p.walk()) == "Read more Part 0 of the ..."


# -- the outline shows what was inferred -------------------------------------------------


def test_outline_text_json_repr_and_check_mark_inferred_titles(capsys) -> None:
    from policydoc.cli import main
    from policydoc.schema import json_schema

    path = LAYOUT_DIR / "plain-line-headings.md"
    p = policydoc.load(path)
    assert "(5 with inferred titles)" in repr(p)
    assert repr(p["your-rights"]).endswith("title inferred from plain-line>")
    assert main(["outline", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Your Rights  #your-rights  lines 29-32, 16 words  (inferred: plain-line)" in out
    assert main(["outline", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, json_schema("outline"))
    assert [s["inferred"] for s in data["sections"]] == ["plain-line"] * 5
    # --check lists every inferred heading (kind, line, title) and still exits 0.
    assert main(["outline", "--check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:8: inferred-heading: plain-line 'Information We Collect'" in out
    assert out.rstrip().endswith("5 sections, 0 problems, 5 inferred headings")
    assert main(["outline", "--check", "--json", str(path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0] == {
        "kind": "inferred-heading",
        "line": 8,
        "message": "plain-line 'Information We Collect'",
        "section": "information-we-collect",
    }
    assert [i.line for i in policydoc.inferred_headings(p)] == [8, 17, 21, 29, 33]


# -- no anonymous sections ---------------------------------------------------------------


def test_untitled_sections_are_named_by_number_or_first_words() -> None:
    p = parse("##\n\nWe keep logs for a month and then delete them.\n\n##\n")
    first, second = p.walk()
    assert first.title == "" and first.display_name == "We keep logs for a month ..."
    assert second.display_name == "untitled section at line 5"
    assert "We keep logs for a month ..." in repr(first)


def test_reasons_and_redlines_never_name_a_section_empty() -> None:
    old = parse("##\n\n\n\nWe keep logs for a month.\n\n## Sharing\n\nWe share nothing.\n")
    new = parse(
        "##\n\n\n\nWe keep logs for a month and sell them to data brokers.\n\n"
        "## Sharing\n\nWe share nothing.\n"
    )
    a = compare(old, new)
    result = assess(a)
    assert result.reasons
    for r in result.reasons:
        assert r.section_title == "We keep logs for a month ..."
    assert 'in ""' not in result.explain()
    assert "@@ We keep logs for a month ... #section: modified @@" in a.redline("text")
    assert "## We keep logs for a month ... *(modified)*" in a.redline("markdown")


# -- properties --------------------------------------------------------------------------


@st.composite
def _plain_policy(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A policy whose headings are plain lines or empty ``####`` headings; its titles."""
    spec = draw(policy_specs(min_sections=2))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    parts: list[str] = list(spec.preamble)
    for s in spec.sections:
        label = f"{s.number}\\. {s.title}" if s.number else s.title
        if draw(st.booleans()):
            parts.append(label)
        else:
            parts.extend(["####", label])
        parts.extend(s.paragraphs)
    text = (newline * 2).join(parts) + newline
    return text, [s.title for s in spec.sections]


@given(_plain_policy())
def test_inferred_headings_keep_the_exact_round_trip(case: tuple[str, list[str]]) -> None:
    text, titles = case
    p = parse(text)
    assert p.source == text
    starts = [s.lines[0] for s in p.walk()]
    assert starts == sorted(set(starts))
    for s in p.walk():
        assert s.source.startswith(s.heading)
        # Only the written titles are ever inferred: never a body sentence.
        assert s.title in titles or s.title == ""
    # Clean Markdown writes inferred titles as real headings: the same sections read back
    # (an untitled section is written as an empty heading, which reads its next line).
    if not all(s.title for s in p.walk()):
        return
    q = parse(p.to_markdown())
    assert [(s.title, s.text) for s in q.walk()] == [(s.title, s.text) for s in p.walk()]


_SUBJECT_STARTS = ["We", "You", "This", "If you", "The", "Our partners may", "It"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_SUBJECT_STARTS),
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=8),
            st.sampled_from(["", ".", ":", "!", ";", ","]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_sentences_are_never_promoted(lines: list[tuple[str, list[str], str]]) -> None:
    body = "We collect your name and your e-mail address when you sign up."
    parts = ["Information We Collect", body]
    for start, words, end in lines:
        parts.extend([f"{start} {' '.join(words)}{end}", body])
    parts.extend(["Your Rights", body])
    text = "\n\n".join(parts) + "\n"
    p = parse(text)
    assert [s.title for s in p.walk()] == ["Information We Collect", "Your Rights"]
    assert p.source == text


_SNIPPETS = [
    "####",
    "###   ",
    "1.",
    "Information We Collect",
    "How we use your data?",
    "2\\. Who we are",
    "1. Who we are",
    "We collect your name and e-mail address when you sign up.",
    "We collect the following",
    "Read more",
    "**What do we collect?**",
    "**9.** **Amendments.**",
    "**2. USE.** We use it.",
    "Effective: 1 May 2025",
    "- an item",
    "## Real heading",
    "",
    "",
]


@given(st.lists(st.sampled_from(_SNIPPETS), max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_mixed_headings_without_markup_round_trip(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    p = parse(text)
    assert p.source == text
    assert len(set(p.ids)) == len(p.ids)
    starts = [s.lines[0] for s in p.walk()]
    assert starts == sorted(set(starts))
    for s in p.walk():
        assert s.source.startswith(s.heading) and s.display_name
    policydoc.check_structure(p)
    assert len(policydoc.inferred_headings(p)) == sum(1 for s in p.walk() if s.inferred)


# -- corpus (optional) -------------------------------------------------------------------

_MD = MarkdownIt("commonmark").enable("table")
_SMALL = frozenset(
    "a an the and or of to in for on with by at from as about is are do we you our your "
    "how what who why when where".split()
)
_CAPITALISED = re.compile(r"[A-Z][\w’'&,/() -]*\??")


def _seen_titles(text: str, title: str | None) -> list[str]:
    """Titles a reader sees: shown headings, and bold or capitalised plain lines standing
    alone before a paragraph of ten or more words (a conservative reading of the page)."""
    out = []
    tokens = _MD.parse(text)
    for k, t in enumerate(tokens):
        if t.type == "heading_open":
            words = tokens[k + 1].content.replace("*", "").replace("_", " ").strip()
            if words and words != title and not (parse_date(words) and len(words.split()) <= 6):
                out.append(words)
            continue
        if t.type != "paragraph_open" or t.level or not t.map or t.map[1] - t.map[0] != 1:
            continue
        after = tokens[k + 3] if k + 4 < len(tokens) else None
        if after is None or after.type != "paragraph_open":
            continue
        if len(tokens[k + 4].content.split()) < 10:
            continue
        line = tokens[k + 1].content.strip()
        bold = re.fullmatch(r"\*\*([^*]+)\*\*", line)
        found = bold.group(1) if bold else line if _CAPITALISED.fullmatch(line) else None
        if not found or len(found.split()) > 8:
            continue
        content = [w for w in found.split() if w.casefold() not in _SMALL]
        if content and 3 * sum(w[0].isupper() for w in content) >= 2 * len(content):
            out.append(found)
    return out


@pytest.mark.corpus
def test_corpus_documents_with_three_visible_titles_have_three_sections() -> None:
    files = []
    for folder in ("corpus/pairs", "training/cases"):
        root = shared_path(*folder.split("/"))
        files += sorted(root.glob("*/old.md")) + sorted(root.glob("*/new.md"))
    assert files
    short = []
    for f in files:
        text = f.read_bytes().decode("utf-8")
        p = parse(text)
        if len(_seen_titles(text, p.title)) >= 3 and len(p) < 3:
            short.append(f"{f}: {len(p)} sections")
    assert not short, "\n".join(short)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("case", "kind", "title"),
    [
        ("063", "plain-line", "Information You Provide to Us"),
        ("100", "plain-line", "What Information Do We Collect?"),
    ],
)
def test_corpus_outline_check_names_what_it_inferred(case: str, kind: str, title: str) -> None:
    p = policydoc.load(shared_path("training", "cases", case, "new.md"))
    listed = {i.message for i in policydoc.inferred_headings(p)}
    assert f"{kind} {title!r}" in listed
