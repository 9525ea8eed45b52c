"""Diff section bodies line by line, keeping their structure: paragraphs, list items, table rows.

The word diff in an :class:`~policydoc.amendment.SectionChange` runs over the
section's normalised text, which is right for deciding significance but loses
lists and tables. Redlines instead cut each body into *lines* a reader sees
(a paragraph, a list item at its depth, a table row of cells), align the lines
of the two versions, and diff words only inside a pair of aligned lines. A
changed cell is marked in its cell; an added row is a whole inserted row.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Sequence
from typing import Literal

import attrs
from markdown_it.token import Token

from policydoc.model import Block, Section
from policydoc.parse import _MD, _inline_text
from policydoc.text import normalize_space
from policydoc.worddiff import DiffOp, diff_words

__all__: list[str] = []

LineKind = Literal["paragraph", "item", "row", "header", "code"]
LineOp = Literal["equal", "insert", "delete", "change"]

_WORD = re.compile(r"\w+")
_PAIR_SIMILARITY = 0.4  # below this, a replaced line is shown deleted and a new one inserted


@attrs.frozen(slots=True)
class Line:
    """One line a reader sees: a paragraph, a list item at a depth, or a table row."""

    kind: LineKind
    depth: int
    cells: tuple[str, ...]
    group: int
    """Lines of one list or table share a group number."""
    ordered: bool = False
    """A list item of a numbered list."""


@attrs.frozen(slots=True)
class DiffLine:
    """A line of the redline: its shape and, per cell, the word operations."""

    kind: LineKind
    depth: int
    op: LineOp
    cells: tuple[tuple[DiffOp, ...], ...]
    group: int
    ordered: bool = False

    @property
    def changed(self) -> bool:
        return self.op != "equal"


def lines_of(sections: Sequence[Section]) -> list[Line]:
    """The reader's lines of the bodies of *sections* (without sub-sections)."""
    out: list[Line] = []
    for section in sections:
        for block in section.blocks:
            out.extend(_block_lines(block, len(out)))
    return out


def _block_lines(block: Block, group: int) -> list[Line]:
    if block.kind in ("paragraph", "html", "rule", "other"):
        return [Line("paragraph", 0, (block.text,), group)] if block.text else []
    if block.kind == "code":
        return [Line("code", 0, (block.text,), group)] if block.text else []
    source = textwrap.dedent(block.source.replace("\r\n", "\n").replace("\r", "\n"))
    lines = _token_lines(_MD.parse(source), group)
    if not lines and block.text:
        return [Line("paragraph", 0, (block.text,), group)]
    return lines


def _token_lines(tokens: Sequence[Token], group: int) -> list[Line]:
    out: list[Line] = []
    depth = 0
    ordered: list[bool] = []
    row: list[str] | None = None
    header = False
    item_open = False  # the next inline is the first of a list item
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            ordered.append(t == "ordered_list_open")
        elif t in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            ordered.pop()
        elif t == "list_item_open":
            item_open = True
        elif t == "thead_open":
            header = True
        elif t == "thead_close":
            header = False
        elif t == "tr_open":
            row = []
        elif t == "tr_close" and row is not None:
            out.append(Line("header" if header else "row", 0, tuple(row), group))
            row = None
        elif t == "inline":
            text = normalize_space(_inline_text(tok.children or []))
            if row is not None:
                row.append(text)
            elif text:
                kind: LineKind = "item" if depth else "paragraph"
                # A later paragraph of the same item continues it one step deeper.
                level = depth if item_open or not depth else depth + 1
                numbered = bool(ordered) and ordered[-1]
                out.append(Line(kind, level, (text,), group, numbered))
                item_open = False
        elif t in ("fence", "code_block"):
            text = normalize_space(tok.content)
            if text:
                out.append(Line("code", depth, (text,), group))
    return out


def _key(line: Line) -> tuple[str, tuple[str, ...]]:
    return (line.kind, tuple(c.casefold() for c in line.cells))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _similar(a: Line, b: Line) -> float:
    if a.kind != b.kind and {a.kind, b.kind} != {"row", "header"}:
        return 0.0
    wa, wb = _words(" ".join(a.cells)), _words(" ".join(b.cells))
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def diff_lines(old: Sequence[Line], new: Sequence[Line]) -> list[DiffLine]:
    """Align two line sequences and diff words inside each aligned pair."""
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(
        None, [_key(x) for x in old], [_key(x) for x in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(_whole(x, "equal") for x in new[j1:j2])
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        # Pair replaced lines in order when they are alike; the rest are whole deletes/inserts.
        i = j = 0
        while i < len(olds) or j < len(news):
            if i < len(olds) and j < len(news) and _similar(olds[i], news[j]) >= _PAIR_SIMILARITY:
                out.append(_changed(olds[i], news[j]))
                i += 1
                j += 1
            elif i < len(olds) and (
                j >= len(news)
                or not any(_similar(olds[i], n) >= _PAIR_SIMILARITY for n in news[j + 1 :])
            ):
                out.append(_whole(olds[i], "delete"))
                i += 1
            else:
                out.append(_whole(news[j], "insert"))
                j += 1
    return out


def _whole(line: Line, op: LineOp) -> DiffLine:
    word_op = "equal" if op == "equal" else op
    cells = tuple((DiffOp(word_op, c),) if c else () for c in line.cells)  # type: ignore[arg-type]
    return DiffLine(line.kind, line.depth, op, cells, line.group, line.ordered)


def _changed(old: Line, new: Line) -> DiffLine:
    n = max(len(old.cells), len(new.cells))
    cells = []
    for k in range(n):
        a = old.cells[k] if k < len(old.cells) else ""
        b = new.cells[k] if k < len(new.cells) else ""
        cells.append(diff_words(a, b) if a != b else ((DiffOp("equal", b),) if b else ()))
    return DiffLine(new.kind, new.depth, "change", tuple(cells), new.group, new.ordered)
