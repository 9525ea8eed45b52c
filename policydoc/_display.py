"""Helpers for reprs and Jupyter HTML: short quoted text, escaped cells, level colours.

Every ``_repr_html_`` builds its markup from these, so all text that came from a
policy or a user (titles, labels, messages, evidence) is escaped in one place.
"""

from __future__ import annotations

import html

__all__ = ["LEVEL_COLORS", "cell", "esc", "level_badge", "short", "table"]

LEVEL_COLORS = {
    "none": "#6b7280",
    "editorial": "#6b7280",
    "minor": "#0369a1",
    "material": "#b45309",
    "major": "#b91c1c",
}
"""Text colour per level in HTML (readable on light and dark notebook themes)."""


def short(text: str | None, limit: int = 40) -> str:
    """*text* quoted with ``repr``, cut to about *limit* characters with an ellipsis."""
    if text is None:
        return "None"
    one_line = " ".join(text.split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1].rstrip() + "…"
    return repr(one_line)


def esc(value: object) -> str:
    """Any value as escaped HTML text (``None`` as an empty string)."""
    return "" if value is None else html.escape(str(value), quote=True)


def cell(value: object, tag: str = "td") -> str:
    return f"<{tag}>{esc(value)}</{tag}>"


def level_badge(level: object) -> str:
    """A level name, bold and coloured by level (``first`` for a first version)."""
    name = getattr(level, "value", level) or "first"
    color = LEVEL_COLORS.get(str(name), "inherit")
    return f"<strong style='color:{color}'>{esc(name)}</strong>"


def table(headers: list[str], rows: list[str], css: str) -> str:
    """A table with escaped *headers*; *rows* are ``<tr>`` strings built with :func:`cell`."""
    head = "".join(cell(h, "th") for h in headers)
    return (
        f"<table class='{esc(css)}'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
