"""Plain-text helpers shared by the parser, the differ and the significance rules.

Everything here is pure and deterministic: the same input always gives the same
output, independent of locale or machine.
"""

from __future__ import annotations

import re
import unicodedata

__all__: list[str] = []

# Characters that render as nothing; they must not create word differences.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HAS_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalize_space(text: str) -> str:
    """NFKC, every Unicode space as a plain space, invisible characters dropped, runs collapsed."""
    # The checks only skip work that would change nothing: ASCII text is NFKC already and
    # holds no invisible characters. str.split() splits on exactly re's \s (str.isspace).
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if _HAS_INVISIBLE.search(text):  # translate() looks every character up: slow
            text = text.translate(_INVISIBLE)
    # NFKC already maps NBSP and most Zs spaces to U+0020; split() covers the rest.
    # Most texts are single-spaced already: every whitespace character but " " is
    # unprintable, so a printable text without "  " or an outer space is its own result.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


# Terminal control characters (C0 but tab and newline, DEL, C1) and bidirectional
# overrides: printed raw they could recolour a terminal, move the cursor, set the window
# title (ESC ] ... BEL) or reorder what a reviewer reads.
_CONTROL = {
    c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    for c in (
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def visible(text: str) -> str:
    """*text* with control characters shown as escapes (``\\x1b``): safe to print to a terminal."""
    return text.translate(_CONTROL)


_MD_SPECIAL = {ord(c): "\\" + c for c in "\\`*_~[]<>#|&!"}


def escape_markdown(text: str) -> str:
    """Policy text made literal in Markdown: no live HTML, links, emphasis or control codes."""
    return visible(text).translate(_MD_SPECIAL)


_SLUG_DROP = re.compile(r"[^\w\s-]", re.UNICODE)
_SLUG_SEP = re.compile(r"[\s_-]+")


def slugify(title: str) -> str:
    """A Unicode-aware slug: lower case, words joined by ``-``, punctuation dropped."""
    text = normalize_space(title).casefold()
    text = _SLUG_DROP.sub("", text)
    return _SLUG_SEP.sub("-", text).strip("-")


# Words, numbers (with decimal/thousand separators) and single punctuation marks.
_TOKEN_RE = re.compile(r"\w+(?:[.,'’]\w+)*|[^\w\s]", re.UNICODE)


def words(text: str) -> list[str]:
    """The word and punctuation tokens of *text* (whitespace dropped)."""
    return _TOKEN_RE.findall(text)


# A sentence ends at . ! ? or ; followed by space and not preceded by a common
# abbreviation. Good enough for policy prose; never used for exactness.
_ABBREV = {
    "e.g",
    "i.e",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "llc",
    "pte",
    "pty",
    "mr",
    "mrs",
    "ms",
    "dr",
    "no",
    "vs",
    "st",
    "u.s",
    "u.k",
    "e.u",
    "art",
    "sec",
    "para",
    "cf",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "s.a",
    "b.v",
    "gmbh",
    "a.g",
    # Legal citations: "Cal. Civ. Code § 1798.100 et seq.", "Cal. Code Regs. tit. 11".
    "cal",
    "civ",
    "regs",
    "reg",
    "tit",
    "seq",
    "stat",
    "stats",
    "u.s.c",
    "c.f.r",
    "ch",
    "subd",
    "cl",
    "al",
    "vol",
    "ord",
}
_SENT_END = re.compile(r"[.!?;](?:[\"')\]]*)\s+")


def sentences(text: str) -> list[str]:
    """Split normalised text into sentences (character spans joined back give *text*)."""
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        raw = text[start : m.start()].rsplit(" ", 1)[-1].rstrip(".").lstrip("([{\"'")
        before = raw.casefold()
        # A lone capital or digit before the full stop is an initial or a clause
        # number ("J. Smith", "section 3. b"); a lone lower-case word ("a.") ends a sentence.
        initial = len(raw) == 1 and (raw.isupper() or raw.isdigit())
        if text[m.start()] == "." and (before in _ABBREV or initial):
            continue
        out.append(text[start:end].strip())
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]
