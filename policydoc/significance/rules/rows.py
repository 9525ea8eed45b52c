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


def _added_rows(new: dict[str, str], old: dict[str, str]) -> dict[str, str]:
    """Rows of *new* that are not in *old*, nor an edit of a long old row (a product renamed
    inside a row of examples is the old row, changed; its words are judged where they changed)."""
    old_bags = [set(k.split()) for k in old if len(k.split()) >= 10]
    out = {}
    for key, raw in new.items():
        if key in old:
            continue
        words = set(key.split())
        if len(words) >= 10 and any(
            len(words & b) >= 0.8 * max(len(words), len(b)) for b in old_bags
        ):
            continue
        out[key] = raw
    return out


def new_rows(u: Unit) -> list[str]:
    """Table rows or list items this unit adds (their raw text)."""
    if u.change is None or u.kind not in ("modify", "insert") or not u.change.new:
        return []
    change = u.change
    rows = u.doc.per_change(
        "rows",
        change,
        lambda: _added_rows(_rows(change.new), _rows(change.old)),
    )
    if u.kind == "insert":
        added = row_key(u.either.raw)
        return [raw for k, raw in rows.items() if k and k in added]
    assert u.sentence is not None
    runs = [row_key(o.text) for o in u.sentence.ops if o.op == "insert"]
    runs = [r for r in runs if r]
    # A row that is new, or that gained cells: it holds one of this sentence's inserted runs.
    return [raw for k, raw in rows.items() if k and any(f" {r} " in f" {k} " for r in runs)]
