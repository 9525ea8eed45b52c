"""Redlines: one Amendment rendered as text, Markdown, HTML, ANSI colours or JSON.

The text, Markdown and HTML redlines keep the policy's structure: lists stay
lists, tables stay tables (a changed cell is marked in its cell, an added row
is a whole inserted row) and headings stay headings (see
:mod:`policydoc.blockdiff`). The plain-text redline marks words the way
``git diff --word-diff=plain`` does: ``[-old-]{+new+}``.

Every piece of policy text that goes into HTML is escaped, so a policy cannot
inject markup or script into a redline page.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from policydoc.blockdiff import DiffLine, diff_lines, lines_of
from policydoc.errors import PolicyError
from policydoc.kinds import ChangeKind
from policydoc.text import escape_markdown, visible

if TYPE_CHECKING:
    # Types only: Amendment.redline() calls into this module, which must not import it back.
    from policydoc.amendment import Amendment, SectionChange
    from policydoc.worddiff import DiffOp

__all__ = ["FORMATS", "render"]

FORMATS = ("text", "markdown", "html", "ansi", "json")


def _label(c: SectionChange) -> str:
    flags = [
        f
        for f in ("renamed", "moved", "renumbered", "modified")
        if getattr(c, f) and f != c.kind.value
    ]
    label = c.kind.value + (f" ({', '.join(flags)})" if flags else "")
    if c.kind == ChangeKind.FORMATTING and c.normalizers:
        label += f" [{', '.join(c.normalizers)}]"
    return label


def _names(c: SectionChange) -> tuple[str, str]:
    """The old and new sections' names (:attr:`Section.display_name`); the same name twice
    unless a title changed, so an untitled section whose first words changed is not renamed."""
    new = " + ".join(s.display_name for s in c.new)
    if [s.title for s in c.old] == [s.title for s in c.new]:
        return new, new
    return " + ".join(s.display_name for s in c.old), new


def _heading(c: SectionChange) -> str:
    old, new = _names(c)
    if old and new and old != new:
        return f"{old} -> {new}"
    return new or old


def section_path(a: Amendment, c: SectionChange) -> str:
    """Titles from the top-level section down to the changed one: ``Data > Cookies``."""
    if c is a.preamble:
        return "Preamble"
    side = c.new or c.old
    policy = a.new if c.new else a.old
    titles = {s.id: s.display_name for s in policy.walk()}
    parents = [titles.get(i, i) for i in side[0].path[:-1]]
    return " > ".join([*parents, _heading(c)])


def _visible(a: Amendment, context: bool) -> list[SectionChange]:
    every = [a.preamble, *a.changes]
    return [c for c in every if context or c.kind != ChangeKind.UNCHANGED]


def change_lines(c: SectionChange) -> list[DiffLine]:
    """The body of a change as aligned lines (empty when no word changed)."""
    if c.kind in (ChangeKind.UNCHANGED, ChangeKind.FORMATTING) or not (
        c.modified or c.kind in (ChangeKind.ADDED, ChangeKind.REMOVED)
    ):
        return diff_lines(lines_of(c.new), lines_of(c.new)) if c.new else []
    return diff_lines(lines_of(c.old), lines_of(c.new))


# -- plain text and ANSI ------------------------------------------------------------


Piece = tuple[str, str]
"""A run of redline text and its style name ("" for none): one list renders as text or ANSI."""


def _marks(ops: Sequence[DiffOp], ansi: bool) -> list[Piece]:
    # Policy text goes through visible(): its control characters cannot reach the terminal.
    v = visible
    if ansi:
        styles = {"equal": "", "delete": "red strike", "insert": "green"}
        return [(v(o.text), styles[o.op]) for o in ops]
    return [
        (
            v(o.text)
            if o.op == "equal"
            else (f"[-{v(o.text)}-]" if o.op == "delete" else f"{{+{v(o.text)}+}}"),
            "",
        )
        for o in ops
    ]


def _text_line(line: DiffLine, ansi: bool) -> list[Piece]:
    cells = [_marks(c, ansi) for c in line.cells]
    if line.kind in ("row", "header"):
        out: list[Piece] = [("| ", "")]
        for k, cell in enumerate(cells):
            out += ([(" | ", "")] if k else []) + cell
        return [*out, (" |", "")]
    text = cells[0] if cells else []
    if line.kind == "item":
        return [("  " * (line.depth - 1) + "- ", ""), *text]
    if line.kind == "code":
        return [("    ", ""), *text]
    return text


def _hunks(lines: Sequence[DiffLine], context_lines: int) -> Iterator[list[DiffLine]]:
    """Runs of changed lines with *context_lines* unchanged lines around them."""
    keep = [False] * len(lines)
    for k, line in enumerate(lines):
        if line.changed:
            for m in range(max(0, k - context_lines), min(len(lines), k + context_lines + 1)):
                keep[m] = True
    run: list[DiffLine] = []
    for k, line in enumerate(lines):
        if keep[k]:
            run.append(line)
        elif run:
            yield run
            run = []
    if run:
        yield run


def _pieces(a: Amendment, context: bool, context_lines: int, *, ansi: bool) -> list[Piece]:
    v = visible
    out: list[Piece] = [
        (f"--- {v(a.old.source_name or 'old')}\n+++ {v(a.new.source_name or 'new')}", "bold"),
        ("\n", ""),
    ]
    for m in a.metadata:
        out += [(f"metadata {v(m.key)}: {v(str(m.old))} -> {v(str(m.new))}", "dim"), ("\n", "")]
    shown = 0
    for c in _visible(a, context):
        shown += 1
        head: list[Piece] = [
            ("\n", ""),
            (f"@@ {v(section_path(a, c))} #{v(c.section_id)}: {_label(c)} @@", "bold"),
            ("\n", ""),
        ]
        hunks = list(_hunks(change_lines(c), context_lines))
        if not hunks:
            out += head
            continue
        for hunk in hunks:
            out += head
            for line in hunk:
                out += [*_text_line(line, ansi), ("\n", "")]
    if not shown:
        out.append(("\nno changes\n" if a.identical else "\nno section changes\n", ""))
    return out


def _text(a: Amendment, context: bool, context_lines: int) -> str:
    return "".join(text for text, _ in _pieces(a, context, context_lines, ansi=False))


def _ansi(a: Amendment, context: bool, context_lines: int) -> str:
    # rich writes the escape codes (no hand-written ANSI); forced on, since the
    # caller asked for colour whatever the environment says.
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        no_color=False,
        color_system="standard",
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        width=10_000,
    )
    pieces = _pieces(a, context, context_lines, ansi=True)
    console.print(Text.assemble(*pieces), end="")
    return buffer.getvalue()


# -- Markdown -----------------------------------------------------------------------


def _md_ops(ops: Sequence[DiffOp]) -> str:
    parts = []
    for o in ops:
        t = escape_markdown(o.text)
        stripped = t.strip()
        if o.op == "equal" or not stripped:
            parts.append(t)
        else:
            lead, trail = t[: len(t) - len(t.lstrip())], t[len(t.rstrip()) :]
            mark = "~~" if o.op == "delete" else "**"
            parts.append(f"{lead}{mark}{stripped}{mark}{trail}")
    return "".join(parts)


def _groups(lines: Sequence[DiffLine]) -> Iterator[tuple[str, list[DiffLine]]]:
    """Consecutive lines of one shape: ``table`` rows, list ``items`` or a single paragraph."""
    run: list[DiffLine] = []
    shape = ""
    for line in lines:
        s = (
            "table"
            if line.kind in ("row", "header")
            else ("items" if line.kind == "item" else "para")
        )
        if run and (s != shape or s == "para"):
            yield shape, run
            run = []
        shape = s
        run.append(line)
    if run:
        yield shape, run


def _md_table(rows: Sequence[DiffLine]) -> list[str]:
    width = max(len(r.cells) for r in rows)
    out = []
    for k, r in enumerate(rows):
        cells = [_md_ops(c) for c in r.cells] + [""] * (width - len(r.cells))
        out.append("| " + " | ".join(cells) + " |")
        if k == 0:
            out.append("|" + "---|" * width)
    return out


def _md_items(items: Sequence[DiffLine]) -> list[str]:
    """List items, each indented under its parent's marker (``- `` or ``1. ``)."""
    out = []
    widths: list[int] = []  # marker width at each depth so far
    for ln in items:
        marker = "1. " if ln.ordered else "- "
        del widths[ln.depth - 1 :]
        indent = sum(widths) + 2 * max(0, ln.depth - 1 - len(widths))
        widths.extend([2] * (ln.depth - 1 - len(widths)))
        widths.append(len(marker))
        out.append(" " * indent + marker + (_md_ops(ln.cells[0]) if ln.cells else ""))
    return out


def _md_heading(a: Amendment, c: SectionChange) -> str:
    side = c.new or c.old
    level = min(6, 1 + max(1, side[0].level))
    old, new = _names(c)
    if old and new and old != new:
        title = f"~~{escape_markdown(old)}~~ **{escape_markdown(new)}**"
    else:
        title = escape_markdown(new or old)
    return f"{'#' * level} {title} *({_label(c)})*"


def _markdown(a: Amendment, context: bool, context_lines: int) -> str:
    out = [f"# Changes: {escape_markdown(a.new.title or a.new.source_name or 'policy')}", ""]
    for m in a.metadata:
        out.append(
            f"- metadata {escape_markdown(m.key)}: {escape_markdown(str(m.old))} → "
            f"{escape_markdown(str(m.new))}"
        )
    if a.metadata:
        out.append("")
    for c in _visible(a, context):
        out.append(_md_heading(a, c))
        out.append("")
        lines = change_lines(c)
        if not lines:
            out.extend(["*(no text)*", ""])
        for shape, group in _groups(lines):
            if shape == "table":
                out.extend(_md_table(group))
            elif shape == "items":
                out.extend(_md_items(group))
            else:
                ln = group[0]
                text = _md_ops(ln.cells[0]) if ln.cells else ""
                out.append(f"    {text}" if ln.kind == "code" else text)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# -- HTML ---------------------------------------------------------------------------


def _html_ops(ops: Sequence[DiffOp]) -> str:
    parts = []
    for o in ops:
        t = html.escape(o.text)
        if o.op == "equal":
            parts.append(t)
        else:
            tag = "del" if o.op == "delete" else "ins"
            parts.append(f"<{tag}>{t}</{tag}>")
    return "".join(parts)


def _html_items(items: Sequence[DiffLine]) -> str:
    out: list[str] = []
    open_tags: list[str] = []
    for ln in items:
        while len(open_tags) < ln.depth:
            open_tags.append("ol" if ln.ordered and len(open_tags) == ln.depth - 1 else "ul")
            out.append(f"<{open_tags[-1]}>")
        while len(open_tags) > ln.depth:
            out.append(f"</{open_tags.pop()}>")
        cls = f' class="line-{ln.op}"' if ln.changed else ""
        out.append(f"<li{cls}>{_html_ops(ln.cells[0]) if ln.cells else ''}</li>")
    out.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(out)


def _html_table(rows: Sequence[DiffLine]) -> str:
    out = ["<table>"]
    for r in rows:
        cell = "th" if r.kind == "header" else "td"
        cls = f' class="line-{r.op}"' if r.changed else ""
        cells = "".join(f"<{cell}>{_html_ops(c)}</{cell}>" for c in r.cells)
        out.append(f"<tr{cls}>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


def body_html(lines: Sequence[DiffLine]) -> str:
    """The lines of one change as HTML: paragraphs, nested lists and tables."""
    out = []
    for shape, group in _groups(lines):
        if shape == "table":
            out.append(_html_table(group))
        elif shape == "items":
            out.append(_html_items(group))
        else:
            ln = group[0]
            cls = f' class="line-{ln.op}"' if ln.changed else ""
            tag = "pre" if ln.kind == "code" else "p"
            out.append(f"<{tag}{cls}>{_html_ops(ln.cells[0]) if ln.cells else ''}</{tag}>")
    return "".join(out)


def heading_html(c: SectionChange) -> str:
    old, new = _names(c)
    if old and new and old != new:
        return f"<del>{html.escape(old)}</del> <ins>{html.escape(new)}</ins>"
    return html.escape(new or old)


def render_html_fragment(a: Amendment, *, context: bool = False) -> str:
    """The redline as an HTML fragment (used for Jupyter)."""
    items = []
    toc = []
    for k, c in enumerate(_visible(a, context)):
        anchor = f"change-{k}"
        side = c.new or c.old
        level = min(6, 1 + max(1, side[0].level))
        toc.append(
            f'<li><a href="#{anchor}">{html.escape(section_path(a, c))}</a> '
            f'<span class="kind">{html.escape(_label(c))}</span></li>'
        )
        items.append(
            f'<section id="{anchor}" class="change {html.escape(c.kind.value)}">'
            f"<h{level}>{heading_html(c)} <small>{html.escape(_label(c))}</small></h{level}>"
            f"{body_html(change_lines(c))}</section>"
        )
    meta = "".join(
        f"<li><code>{html.escape(m.key)}</code>: {html.escape(str(m.old))} → "
        f"{html.escape(str(m.new))}</li>"
        for m in a.metadata
    )
    meta_html = f"<ul class='metadata'>{meta}</ul>" if meta else ""
    body = "".join(items) or "<p>No changes.</p>"
    return (
        f"<div class='policydoc-redline'><nav><ol>{''.join(toc)}</ol></nav>{meta_html}{body}</div>"
    )


_CSS = """body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5}
del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}
tr.line-insert td,li.line-insert,p.line-insert{background:#efe}tr.line-delete td,li.line-delete,p.line-delete{background:#fee}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}
.kind,small{color:#666;font-weight:normal}section{border-top:1px solid #ddd}"""

# No script can run even if escaping were bypassed: the page allows only its own CSS.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _html(a: Amendment, context: bool, context_lines: int) -> str:
    title = html.escape(f"Changes: {a.new.title or a.new.source_name or 'policy'}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{title}</title><style>{_CSS}</style></head>\n<body><h1>{title}</h1>\n"
        f"{render_html_fragment(a, context=context)}\n</body></html>\n"
    )


def render(
    a: Amendment, format: str = "text", *, context: bool = False, context_lines: int = 1
) -> str:
    """Render *a* as ``text``, ``markdown``, ``html``, ``ansi`` or ``json``.

    *context* also lists unchanged sections; *context_lines* is how many
    unchanged lines the text and ANSI redlines show around each changed line.
    """
    if context_lines < 0:
        raise PolicyError(f"context_lines must be 0 or more, not {context_lines}")
    renderers: dict[str, Callable[[Amendment, bool, int], str]] = {
        "text": _text,
        "ansi": _ansi,
        "markdown": _markdown,
        "html": _html,
        "json": lambda am, ctx, n: am.to_json() + "\n",
    }
    try:
        fn = renderers[format]
    except KeyError:
        raise PolicyError(
            f"unknown redline format {format!r}; choose from {', '.join(FORMATS)}"
        ) from None
    return fn(a, context, context_lines)
