"""The parser's shortcuts give what the plain ways give; property tests hold them to it.

Each reference below is the code as it was before the shortcut: the line regex,
the group-end scan, the date patterns without the year check, the label
pattern without its lookahead, and markdown-it's own link normaliser.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from policydoc import dates
from policydoc.parse import _LINE_RE, _MD, _group_end, _Tokens, split_lines
from tests.strategies import LAYOUTS, any_text, policy_specs, render_layout

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
    fast = _Tokens(tokens)
    assert [_group_end(fast, i) for i in range(len(tokens))] == [
        _scan_end(tokens, i) for i in range(len(tokens))
    ]


@given(date_texts)
def test_parse_date_year_check_skips_only_texts_without_a_date(text: str) -> None:
    saved = dates._YEAR_RE
    dates._YEAR_RE = re.compile("")  # lets every text through to the five patterns
    try:
        expected = dates.parse_date(text)
    finally:
        dates._YEAR_RE = saved
    assert dates.parse_date(text) == expected


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
