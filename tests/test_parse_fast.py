"""The parser's shortcuts give what the plain ways give; property tests hold them to it.

Each reference below is the code as it was before the shortcut: the line regex,
the group-end scan, the metadata-line check without the year check, the label
pattern without its lookahead, markdown-it's own link normaliser, and markdown-it's
full parse (the parser's token stream builds plain inline text itself).
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from mdit_py_plugins.front_matter import front_matter_plugin

from policydoc import dates, parse
from policydoc.parse import (
    _LINE_RE,
    _MD,
    _META_LINE_RE,
    _RICH_RE,
    _group_end,
    _is_meta_line,
    _kids,
    _plain_children,
    _Tokens,
    _tokens,
    split_lines,
)
from tests.conftest import shared_path
from tests.strategies import LAYOUTS, any_text, policy_specs, render_layout

parse_module = sys.modules["policydoc.parse"]


def _filled(tokens: list) -> list:
    """The parser's tokens with the children of plain text filled in, as the walker sees them."""
    for t in tokens:
        if t.type == "inline":
            _kids(t)
    return list(tokens)


_PLAIN = MarkdownIt("commonmark", {"maxNesting": 40}).use(front_matter_plugin).enable("table")

_BREAKS = st.sampled_from(["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x85", "\u2028", "a", " "])
texts_with_breaks = st.one_of(any_text, st.lists(_BREAKS, max_size=60).map("".join))

_DATE_WORDS = st.sampled_from(
    [
        "Last updated",
        "last revised on",
        "Effective date:",
        "EFFECTIVE AS OF",
        "in force from",
        "Version date",
        "This policy was updated",
        "updated",
        "March 3, 2024",
        "3 March 2024",
        "2024-03-15",
        "03/15/2024",
        "31 June 2024",
        "Sept. 2023",
        "İn force since",
        "x",
        " ",
        ": ",
        "1234",
        "\u0661\u0662\u0663\u0664",
    ]
)
date_texts = st.one_of(any_text, st.lists(_DATE_WORDS, max_size=12).map(" ".join))


@given(texts_with_breaks)
def test_split_lines_is_the_line_regex(text: str) -> None:
    assert split_lines(text) == _LINE_RE.findall(text)
    assert "".join(split_lines(text)) == text


def _scan_end(tokens: list, i: int) -> int:
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


@given(st.one_of(any_text, st.builds(render_layout, policy_specs(), st.sampled_from(LAYOUTS))))
def test_group_ends_found_in_one_pass_are_the_scanned_ones(text: str) -> None:
    tokens = _MD.parse(text)
    assert isinstance(tokens, _Tokens)
    assert list(tokens) == _PLAIN.parse(text)  # the same tokens as markdown-it's own
    plain = list(tokens)
    assert [_group_end(tokens, i) for i in range(len(tokens))] == [
        _group_end(plain, i) for i in range(len(plain))
    ]
    assert [_group_end(plain, i) for i in range(len(plain))] == [
        _scan_end(plain, i) for i in range(len(plain))
    ]


@given(date_texts)
def test_meta_line_check_looks_for_dates_only_where_a_year_is(text: str) -> None:
    plain = bool(_META_LINE_RE.match(text)) or (
        dates.parse_date(text) is not None and len(text.split()) <= 6
    )
    assert _is_meta_line(text) == plain


_LABEL_AS_WRITTEN = re.compile(dates._LABEL.pattern.removeprefix("(?=[deilrtuv])"), re.I)


@given(date_texts)
def test_label_lookahead_finds_the_same_labels(text: str) -> None:
    assert dates._LABEL.pattern.startswith("(?=[deilrtuv])")
    fast = [(m.start(), m.end()) for m in dates._LABEL.finditer(text)]
    assert fast == [(m.start(), m.end()) for m in _LABEL_AS_WRITTEN.finditer(text)]


@given(st.lists(st.sampled_from(["http://Example.COM/a b", "#sec", "mailto:x@bücher.de", "é"])))
def test_remembered_link_destinations_are_markdown_its(parts: list[str]) -> None:
    url = "".join(parts)
    assert _MD.normalizeLink(url) == normalizeLink(url)
    assert _MD.normalizeLink(url) == normalizeLink(url)  # the second time from the cache


# Inline Markdown in pieces: emphasis, links and references, entities, escapes, code, HTML,
# line breaks soft and hard, indentation, Unicode spaces and a combining mark.
_INLINE_PIECES = st.sampled_from(
    [
        "word",
        "Two words",
        " ",
        "  ",
        "\t",
        "\n",
        "  \n",
        "   \n",
        "\t\n",
        " \n  ",
        "**",
        "*",
        "__",
        "_",
        "snake_case",
        "a*b",
        "[link](http://x.org/a b)",
        "[ref]",
        "[ref]: /url\n\n",
        "![alt **b**](i.png)",
        "<http://a.b>",
        "<b>",
        "a < b",
        "&amp;",
        "&nbsp;",
        "&#32;",
        "& co",
        "&bogus;",
        "\\*",
        "\\",
        "`code`",
        "``",
        "\u3000",
        "\u0301",
        "\u00a0",
        "é",
        "1.",
        "- ",
        "# ",
        "> ",
        "|",
        "---",
        "\n\n",
        "(a)",
        ":",
    ]
)
inline_texts = st.lists(_INLINE_PIECES, max_size=40).map("".join)


@given(st.one_of(inline_texts, any_text))
def test_plain_inline_tokens_are_markdown_its(text: str) -> None:
    content = text.strip()
    if _RICH_RE.search(content) or "\r" in content or "\x00" in content:
        return
    assert _plain_children(content) == _MD.parseInline(content)[0].children


@given(
    st.one_of(
        inline_texts,
        any_text,
        st.builds(render_layout, policy_specs(), st.sampled_from(LAYOUTS)),
    )
)
def test_the_parsers_token_stream_is_markdown_its(text: str) -> None:
    assert _filled(_tokens(text)) == _MD.parse(text)


@pytest.mark.corpus
def test_the_parsers_token_stream_is_markdown_its_on_the_corpus() -> None:
    for path in sorted(shared_path("corpus", "pairs").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        assert _filled(_tokens(text)) == _MD.parse(text), path


def test_remembered_inline_tokens_never_cross_reference_definitions() -> None:
    # "[terms]" is a link where a definition names it and text where none does, whichever
    # document is parsed first.
    without, with_ = "See [terms] and **this**.\n", "See [terms] and **this**.\n\n[terms]: /t\n"
    for text in (without, with_, without, with_):
        assert _filled(_tokens(text)) == _MD.parse(text)


@given(st.builds(render_layout, policy_specs(), st.sampled_from(LAYOUTS)), inline_texts)
def test_policies_are_those_of_markdown_its_full_parse(layout: str, inline: str) -> None:
    text = layout + "\n" + inline
    fast = parse(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(parse_module, "_tokens", _MD.parse)
        assert parse(text) == fast


@pytest.mark.corpus
def test_corpus_policies_are_those_of_markdown_its_full_parse() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("**/*.md"))]
    fast = [parse(t, max_bytes=len(t) + 1) for t in texts]
    with pytest.MonkeyPatch.context() as m:
        m.setattr(parse_module, "_tokens", _MD.parse)
        for text, policy in zip(texts, fast, strict=True):
            assert parse(text, max_bytes=len(text) + 1) == policy
