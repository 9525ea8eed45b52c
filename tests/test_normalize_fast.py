"""The normalisers skip patterns that cannot match; a property test holds them to the full scans.

The reference functions below are the normalisers as they were before the
skips were added: every pattern applied to every text and line.
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from policydoc import normalize as n
from policydoc.compare import _STOP, _bag
from policydoc.text import normalize_space
from policydoc.worddiff import tokens


def _typography(text: str) -> str:
    text = n._TYPO_ENTITY.sub(lambda m: normalize_space(html.unescape(m.group(0))) or " ", text)
    return n._DASHES.sub("-", text.translate(n._TYPO))


def _links(text: str) -> str:
    prev = None
    while prev != text:
        prev = text
        text = n._IMAGE_OR_LINK.sub(r"\1", text)
    text = n._REF_LINK.sub(r"\1", text)
    text = n._REF_DEF.sub("", text)
    text = n._AUTOLINK.sub(r"\1", text)
    prev = None
    while prev != text:
        prev = text
        text = n._TRACKING.sub(r"\1", text)
    return re.sub(r"(?<=[^\s(\[])[?&](?=[\s)\]>\"]|$)", "", text, flags=re.M)


def _markup(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if n._SKIP_LINE.match(line):
            continue
        line = n._ATX_CLOSE.sub("", n._ATX.sub("", line)) if n._ATX.match(line) else line
        line = n._QUOTE.sub("", line)
        prev = None
        while prev != line:
            prev = line
            line = n._BULLET.sub("", line)
        if line.endswith("\\"):
            line = line[:-1]
        lines.append(line.replace("|", " "))
    text = "\n".join(lines)
    text = n._HTML_TAG.sub(" ", text)
    if "&" in text:
        text = n._ENTITY.sub(
            lambda m: unicodedata.normalize("NFKC", html.unescape(m.group(0))), text
        )
    text = n._EMPHASIS.sub("", text)
    return n._ESCAPE.sub(r"\1", text)


# Pieces of every construct the patterns look for, glued at random, plus any characters.
_PIECES = ["[", "]", "(", ")", "](", "][", "]:", "!", "<", ">", "http://x.y/a?utm_source=1&b=2", "?", "&", "=", "&amp;", "&mdash;", "--", "---", "\u2013", "\u2026", "*", "**", "_", "~~", "`", "\\", "#", "## ", " #", "> ", "- ", "* ", "+ ", "1. ", "2) ", "\u2022 ", "\u0663. ", "\u00b2 ", "|", ":-", "\n", " ", "\u00a0", "\u2003", "a", "word", "<b>", "<!-- c -->", "mailto:a@b.c", "x@y.z"]  # fmt: skip
texts = st.lists(st.sampled_from(_PIECES) | st.characters(), max_size=40).map("".join)


@given(texts)
def test_typography_is_the_full_scan(text) -> None:
    assert n._typography(text) == _typography(text)


@given(texts)
def test_links_is_the_full_scan(text) -> None:
    assert n._links(text) == _links(text)


@given(texts)
def test_markup_is_the_full_scan(text) -> None:
    assert n._markup(text) == _markup(text)


@given(texts)
def test_normalize_space_is_the_full_work(text) -> None:
    from policydoc.text import _INVISIBLE, normalize_space

    reference = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_INVISIBLE))
    assert normalize_space(text) == reference.strip()


def test_every_whitespace_character_but_space_is_unprintable() -> None:
    # normalize_space returns a printable, single-spaced text as it is.
    assert all(
        not c.isprintable() for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != " "
    )


@given(
    st.text(
        alphabet=st.sampled_from([*"ab \t\n\x1c\x85", "\u00a0", "\u2028", "\u3000", "\u200b", "ﬁ"]),
        max_size=30,
    )
)
def test_single_spaced_text_is_its_own_normal_form(text: str) -> None:
    from policydoc.text import _INVISIBLE

    reference = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_INVISIBLE))
    assert normalize_space(text) == reference.strip()


@given(st.text(alphabet=st.sampled_from([*"ab \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"]), max_size=60))
def test_unicode_fast_path_for_ascii_is_the_line_by_line_work(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert n._unicode(text) == "\n".join(normalize_space(ln) if ln.strip() else "" for ln in lines)


@given(st.text(alphabet=st.sampled_from([*"aZ_9 .-'", "É", "ß", "İ", "ﬁ", "\u0307"]), max_size=60))
def test_word_bag_fast_path_is_the_token_scan(text: str) -> None:
    words = [t.casefold() for t in tokens(text) if t[0].isalnum()]
    assert _bag(text) == Counter(w for w in words if w not in _STOP)
