"""Table rows and list items: the rows a changed section gained."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from policydoc.significance.analysis import words_of

if TYPE_CHECKING:
    from policydoc.significance.rules.unit import Unit


_LIST_ITEM = re.compile(r"^[ \t\u00a0]*(?:[-*+•]|\d+[.)]|\(?[a-z]\))[ \t]+(.*)$", re.M)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def row_key(text: str) -> str:
    return " ".join(w for w in words_of(_MD_LINK.sub(r"\1", text)) if w[:1].isalnum())


def _rows(sections: Iterable[Any]) -> dict[str, str]:
    """Table rows and list items of some sections, by normalised text."""
    out: dict[str, str] = {}
    for s in sections:
        for m in _TABLE_ROW.finditer(s.source):
            if not re.fullmatch(r"[\s|:-]*", m.group(1)):
                out[row_key(m.group(1))] = m.group(1)
        for m in _LIST_ITEM.finditer(s.source):
            out[row_key(m.group(1))] = m.group(1)
    return out


def new_rows(u: Unit) -> list[str]:
    """Table rows or list items this unit adds (their raw text)."""
    if u.change is None or u.kind not in ("modify", "insert") or not u.change.new:
        return []
    change = u.change
    rows = u.doc.per_change(
        "rows",
        change,
        lambda: {k: v for k, v in _rows(change.new).items() if k not in _rows(change.old)},
    )
    if u.kind == "insert":
        added = row_key(u.either.raw)
        return [raw for k, raw in rows.items() if k and k in added]
    assert u.sentence is not None
    runs = [row_key(o.text) for o in u.sentence.ops if o.op == "insert"]
    runs = [r for r in runs if r]
    # A row that is new, or that gained cells: it holds one of this sentence's inserted runs.
    return [raw for k, raw in rows.items() if k and any(f" {r} " in f" {k} " for r in runs)]
