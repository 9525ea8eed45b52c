"""Markdown text -> :class:`~policydoc.model.Policy`, built on markdown-it-py's token stream.

The parser works in two passes: markdown-it-py turns the text into block
tokens with line maps; we then decide which tokens are headings (ATX, setext,
or bold pseudo-headings), cut the *lines* of the input at heading starts (so
every character lands in exactly one node), and nest the sections by level.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from policydoc.dates import find_date_line
from policydoc.errors import InputError
from policydoc.frontmatter import load_front_matter
from policydoc.model import Block, Policy, Section
from policydoc.text import normalize_space, slugify

__all__ = ["MAX_BYTES", "load", "parse"]

MAX_BYTES = 2 * 1024 * 1024
"""Inputs larger than this are refused with :class:`~policydoc.InputError`.

Eight times the largest real policy in the test corpus (250 KB); assessing an edit of a
1.9 MB policy took 37 s on a shared 2-core machine, and the cost grows linearly with size.
"""

# markdown-it's own line splitting: only CR, LF and CRLF end a line.
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

_BLOCK_KINDS = {
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "blockquote_open": "blockquote",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "hr": "rule",
}

_NUMBER_RE = re.compile(
    r"""^(?P<number>
        (?:article|section|clause|part|chapter|schedule|annex)\s+(?:\d+(?:\.\d+)*|[IVXLCDM]+)\b\.?
      | \d{1,3}(?:\.\d{1,3})*(?:\.|\)|(?=\s))
      | [IVXLCDM]+[.)](?=\s)
      | [A-Z][.)](?=\s)
      | \(\w{1,4}\)(?=\s)
    )
    \s*(?:[-–—:.]\s*)?(?P<title>\S.*)?$""",
    re.X | re.I,
)
_TAG_RE = re.compile(r"<[^>]*>")
_MAX_PSEUDO_WORDS = 12


def _markdown() -> MarkdownIt:
    # maxNesting bounds recursion on adversarial input (deeply nested quotes and lists).
    md = MarkdownIt("commonmark", {"maxNesting": 40}).use(front_matter_plugin)
    md.enable("table")
    return md


_MD = _markdown()


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Policy:
    """Read and parse a policy file (UTF-8; the exact bytes are kept)."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes; the limit is {max_bytes:,} (pass max_bytes= to raise it)",
                source=name,
            )
        with open(name, "rb") as f:
            data = f.read()
    except OSError as e:
        raise InputError(e.strerror or str(e), source=name) from None
    return parse(decode(data, source=name), source=name, max_bytes=max_bytes)


def decode(data: bytes, *, source: str | None = None) -> str:
    """Decode UTF-8 bytes, refusing binary data with an error that names the line."""
    nul = data.find(b"\x00")
    if nul >= 0:  # anywhere: a NUL after the first kilobytes is no more Markdown than one before
        line = data[:nul].count(b"\n") + 1
        raise InputError(
            "this looks like a binary file (NUL byte), not Markdown", source=source, line=line
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "convert the file to UTF-8",
            source=source,
            line=line,
        ) from None


def split_lines(text: str) -> list[str]:
    """Split on CR, LF and CRLF only, keeping the line endings (``"".join`` gives *text*)."""
    return _LINE_RE.findall(text)


class _Heading:
    __slots__ = ("body", "end", "level", "number", "start", "title")

    def __init__(self, start: int, end: int, level: float, title: str, body: Block | None):
        self.start = start  # first line (0-based)
        self.end = end  # line after the heading (0-based, exclusive)
        self.level = level
        number, self.title = split_number(title)
        self.number = number
        self.body = body  # body that shares the heading's paragraph (bold pseudo-heading)


def parse(text: str, *, source: str | None = None, max_bytes: int = MAX_BYTES) -> Policy:
    """Parse Markdown *text* into a :class:`Policy`.

    *source* names where the text came from; it appears in error messages.
    """
    if not isinstance(text, str):
        raise TypeError(
            f"parse() needs str, not {type(text).__name__}; use policydoc.load() for files"
        )
    if len(text) > max_bytes:
        raise InputError(
            f"text is {len(text):,} characters; the limit is {max_bytes:,}", source=source
        )
    # A byte order mark (Windows editors write one) would hide the first heading from
    # markdown-it; it is not content, so it is set aside and put back only in Policy.source.
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            "NUL character in the text; this is not Markdown",
            source=source,
            line=text.count("\n", 0, nul) + 1,
        )
    lines = split_lines(text)
    tokens = _MD.parse(text)

    front_matter_end = 0
    metadata: dict[str, Any] = {}
    headings: list[_Heading] = []
    blocks: list[tuple[int, Block]] = []  # (owner heading index or -1, block)
    last_real_level = 0.0

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        j = _group_end(tokens, i)
        group = tokens[i : j + 1]
        i = j + 1
        if tok.map is None:
            continue
        start, end = tok.map
        if tok.type == "front_matter" and start == 0:
            front_matter_end = end
            metadata = load_front_matter(tok.content, source)
            continue
        if tok.type == "heading_open":
            level = float(int(tok.tag[1:]))
            headings.append(
                _Heading(start, end, level, _inline_text(group[1].children or []), None)
            )
            last_real_level = level
            continue
        if tok.type == "paragraph_open":
            pseudo = _pseudo_heading(group, lines, last_real_level)
            if pseudo is not None:
                headings.append(pseudo)
                continue
        blocks.append((len(headings) - 1, _block(group, lines)))

    title: str | None = None
    sections_h = headings
    h1 = [h for h in headings if h.level == 1.0]
    if headings and headings[0].level == 1.0 and len(h1) == 1:
        first = headings[0]
        title = (f"{first.number} " if first.number else "") + first.title
        sections_h = headings[1:]

    first_start = sections_h[0].start if sections_h else len(lines)
    owner_offset = len(headings) - len(sections_h)  # 1 when the first heading is the title
    preamble_blocks = tuple(b for owner, b in blocks if owner < owner_offset)
    per_heading: list[list[Block]] = [[] for _ in sections_h]
    for h_index, h in enumerate(sections_h):
        if h.body is not None:
            per_heading[h_index].append(h.body)
    for owner, block in blocks:
        k = owner - owner_offset
        if k >= 0:
            per_heading[k].append(block)

    sections = _build_tree(sections_h, per_heading, lines)

    if title is None and isinstance(metadata.get("title"), str):
        title = metadata["title"].strip() or None

    found = find_date_line(" ".join(b.text for b in preamble_blocks))
    if found is None:
        for s in _walk(sections):
            found = find_date_line(s.text)
            if found:
                break
    if found is not None:
        metadata.setdefault("date", found[0])
        metadata.setdefault("date_text", found[1])

    return Policy(
        title=title,
        metadata=metadata,
        preamble=preamble_blocks,
        sections=sections,
        front_matter="".join(lines[:front_matter_end]),
        preamble_source="".join(lines[front_matter_end:first_start]),
        source_name=source,
        bom=bom,
    )


def split_number(title: str) -> tuple[str | None, str]:
    """Split a clause number off a heading title: ``"3.1 Analytics"`` -> ``("3.1", "Analytics")``."""
    title = normalize_space(title).rstrip(":").strip()
    m = _NUMBER_RE.match(title)
    if not m or not m.group("title"):
        return None, title
    number = m.group("number").strip().rstrip(".)").strip()
    if number.startswith("("):
        number = number.strip("()")
    return number, m.group("title").strip().rstrip(":").strip()


def _walk(sections: Sequence[Section]) -> list[Section]:
    return [s for top in sections for s in top.walk()]


def _group_end(tokens: Sequence[Token], i: int) -> int:
    """Index of the token that closes the group opened at *i* (or *i* for a single token)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _inline_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for c in children:
        if c.type in ("text", "code_inline"):
            parts.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif c.type == "image":
            parts.append(_inline_text(c.children or []))
    return "".join(parts)


def _group_text(group: Sequence[Token]) -> str:
    parts: list[str] = []
    for t in group:
        if t.type == "inline":
            parts.append(_inline_text(t.children or []))
        elif t.type in ("fence", "code_block"):
            parts.append(t.content)
        elif t.type == "html_block":
            parts.append(_TAG_RE.sub(" ", t.content))
    return normalize_space(" ".join(parts))


def _block(group: Sequence[Token], lines: Sequence[str]) -> Block:
    tok = group[0]
    assert tok.map is not None
    start, end = tok.map
    return Block(
        kind=_BLOCK_KINDS.get(tok.type, "other"),
        source="".join(lines[start:end]),
        text=_group_text(group),
        lines=(start + 1, max(start + 1, end)),
    )


def _pseudo_heading(
    group: Sequence[Token], lines: Sequence[str], last_real: float
) -> _Heading | None:
    """A paragraph that is only bold text, or bold text + line break + body, is a heading."""
    inline = group[1]
    children = [
        c for c in (inline.children or []) if not (c.type == "text" and not c.content.strip())
    ]
    if not children or children[0].type != "strong_open":
        return None
    close = next((k for k, c in enumerate(children) if c.type == "strong_close"), None)
    if close is None:
        return None
    inner = children[1:close]
    if any(c.type in ("softbreak", "hardbreak") for c in inner):
        return None
    title = normalize_space(_inline_text(inner)).rstrip(":").strip()
    if not title or len(title.split()) > _MAX_PSEUDO_WORDS or title[-1] in ".!?;,":
        return None
    rest = children[close + 1 :]
    if rest and rest[0].type == "text" and rest[0].content.strip() in (":", ""):
        rest = rest[1:]
    assert group[0].map is not None
    start, end = group[0].map
    level = last_real + 0.5 if last_real else 0.5
    if not rest:
        return _Heading(start, end, level, title, None)
    if rest[0].type not in ("hardbreak", "softbreak"):
        return None
    body_children = rest[1:]
    body = Block(
        kind="paragraph",
        source="".join(lines[start + 1 : end]),
        text=normalize_space(_inline_text(body_children)),
        lines=(start + 2, max(start + 2, end)),
    )
    return _Heading(start, start + 1, level, title, body)


def _build_tree(
    headings: Sequence[_Heading], bodies: Sequence[Sequence[Block]], lines: Sequence[str]
) -> tuple[Section, ...]:
    n = len(headings)
    if n == 0:
        return ()
    starts = [h.start for h in headings] + [len(lines)]
    # Parent of each heading: nearest earlier heading with a lower level.
    parent: list[int] = []
    stack: list[int] = []
    for k, h in enumerate(headings):
        while stack and headings[stack[-1]].level >= h.level:
            stack.pop()
        parent.append(stack[-1] if stack else -1)
        stack.append(k)
    children: list[list[int]] = [[] for _ in range(n)]
    roots: list[int] = []
    for k, p in enumerate(parent):
        (children[p] if p >= 0 else roots).append(k)

    # Duplicate titles get -2, -3, ... in document order: deterministic, and
    # independent of section bodies and numbers.
    ids: list[str] = []
    used: set[str] = set()
    # Where the search for a free "-n" suffix resumes for each base: every suffix tried
    # before is still taken (*used* only grows), so the ids are the same as searching from
    # 2 each time, in linear rather than quadratic time for many equal titles.
    next_suffix: dict[str, int] = {}
    for h in headings:
        base = slugify(h.title) or "section"
        candidate, n = base, next_suffix.get(base, 2)
        if candidate in used:
            candidate = f"{base}-{n}"
            while candidate in used:
                n += 1
                candidate = f"{base}-{n}"
            next_suffix[base] = n + 1
        used.add(candidate)
        ids.append(candidate)

    def last_line(k: int) -> int:
        while children[k]:
            k = children[k][-1]
        return starts[k + 1]

    def build(k: int, path: tuple[str, ...], depth: int) -> Section:
        h = headings[k]
        own_end = starts[k + 1]
        p = (*path, ids[k])
        kids = tuple(build(c, p, depth + 1) for c in children[k])
        end = last_line(k)
        return Section(
            id=ids[k],
            path=p,
            title=h.title,
            number=h.number,
            level=depth,
            heading="".join(lines[h.start : h.end]),
            blocks=tuple(bodies[k]),
            children=kids,
            source="".join(lines[h.start : own_end]),
            lines=(h.start + 1, max(h.start + 1, end)),
        )

    return tuple(build(r, (), 1) for r in roots)
