"""Redlines: one Amendment rendered as text, Markdown, HTML, ANSI colours or JSON.

Every piece of policy text that goes into HTML is escaped, so a policy cannot
inject markup or script into a redline page.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from policydoc.amendment import Amendment, ChangeKind, SectionChange
from policydoc.errors import PolicyError
from policydoc.text import escape_markdown, visible

__all__ = ["FORMATS"]

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


def _heading(c: SectionChange) -> str:
    old = " + ".join(f"{s.title}" for s in c.old)
    new = " + ".join(f"{s.title}" for s in c.new)
    if old and new and old != new:
        return f"{old} -> {new}"
    return new or old


def _visible(a: Amendment, context: bool) -> list[SectionChange]:
    every = [a.preamble, *a.changes]
    return [c for c in every if context or c.kind != ChangeKind.UNCHANGED]


Piece = tuple[str, str]
"""A run of redline text and its style name ("" for none): one list renders as text or ANSI."""


def _pieces(a: Amendment, context: bool, *, inline: bool) -> list[Piece]:
    # Policy text is shown through visible(): its control characters cannot reach the terminal.
    v = visible
    out: list[Piece] = [
        (f"--- {v(a.old.source_name or 'old')}\n+++ {v(a.new.source_name or 'new')}", "bold"),
        ("\n", ""),
    ]
    for m in a.metadata:
        out += [(f"metadata {v(m.key)}: {v(str(m.old))} -> {v(str(m.new))}", "dim"), ("\n", "")]
    shown = _visible(a, context)
    for c in shown:
        sid = c.section_id
        out += [("\n", ""), (f"@@ {v(_heading(c))} #{v(sid)}: {_label(c)} @@", "bold"), ("\n", "")]
        if c.kind == ChangeKind.ADDED:
            out += [(f"+ {v(c.new_text)}", "green"), ("\n", "")] if c.new_text else [("\n", "")]
            continue
        if c.kind == ChangeKind.REMOVED:
            out += [(f"- {v(c.old_text)}", "red"), ("\n", "")] if c.old_text else [("\n", "")]
            continue
        for s in c.sentences:
            if inline and s.old is not None and s.new is not None:
                # On a terminal, a changed sentence is one line with its words struck or coloured.
                out.append(("~ ", ""))
                out += [
                    (v(o.text), {"equal": "", "delete": "red strike", "insert": "green"}[o.op])
                    for o in s.ops
                ]
                out.append(("\n", ""))
                continue
            if s.old is not None:
                out += [(f"- {v(s.old)}", "red"), ("\n", "")]
            if s.new is not None:
                out += [(f"+ {v(s.new)}", "green"), ("\n", "")]
    if not shown:
        out.append(("\nno changes\n" if a.identical else "\nno section changes\n", ""))
    return out


def _text(a: Amendment, context: bool) -> str:
    return "".join(text for text, _ in _pieces(a, context, inline=False))


def _ansi(a: Amendment, context: bool) -> str:
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
    console.print(Text.assemble(*_pieces(a, context, inline=True)), end="")
    return buffer.getvalue()


def _markdown(a: Amendment, context: bool) -> str:
    out = [f"# Changes: {escape_markdown(a.new.title or a.new.source_name or 'policy')}", ""]
    for m in a.metadata:
        out.append(
            f"- metadata {escape_markdown(m.key)}: {escape_markdown(str(m.old))} → {escape_markdown(str(m.new))}"
        )
    if a.metadata:
        out.append("")
    for c in _visible(a, context):
        out.append(f"## {escape_markdown(_heading(c))} ({_label(c)})")
        out.append("")
        if c.ops:
            parts = []
            for o in c.ops:
                t = escape_markdown(o.text)
                stripped = t.strip()
                if o.op == "equal" or not stripped:
                    parts.append(t)
                else:
                    lead, trail = t[: len(t) - len(t.lstrip())], t[len(t.rstrip()) :]
                    mark = "~~" if o.op == "delete" else "**"
                    parts.append(f"{lead}{mark}{stripped}{mark}{trail}")
            out.append("".join(parts))
        else:
            out.append(escape_markdown(c.new_text or c.old_text) or "*(no text)*")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _ops_html(c: SectionChange) -> str:
    if not c.ops:
        text = html.escape(c.new_text or c.old_text)
        if c.kind == ChangeKind.ADDED:
            return f"<ins>{text}</ins>"
        if c.kind == ChangeKind.REMOVED:
            return f"<del>{text}</del>"
        return text
    parts = []
    for o in c.ops:
        t = html.escape(o.text)
        parts.append(
            t
            if o.op == "equal"
            else f"<{'del' if o.op == 'delete' else 'ins'}>{t}</{'del' if o.op == 'delete' else 'ins'}>"
        )
    return "".join(parts)


def render_html_fragment(a: Amendment, *, context: bool = False) -> str:
    """The redline as an HTML fragment (used for Jupyter)."""
    items = []
    toc = []
    for k, c in enumerate(_visible(a, context)):
        anchor = f"change-{k}"
        head = html.escape(_heading(c))
        toc.append(
            f'<li><a href="#{anchor}">{head}</a> <span class="kind">{html.escape(_label(c))}</span></li>'
        )
        items.append(
            f'<section id="{anchor}" class="change {html.escape(c.kind.value)}">'
            f"<h2>{head} <small>{html.escape(_label(c))}</small></h2>"
            f"<p>{_ops_html(c)}</p></section>"
        )
    meta = "".join(
        f"<li><code>{html.escape(m.key)}</code>: {html.escape(str(m.old))} → {html.escape(str(m.new))}</li>"
        for m in a.metadata
    )
    meta_html = f"<ul class='metadata'>{meta}</ul>" if meta else ""
    body = "".join(items) or "<p>No changes.</p>"
    return (
        f"<div class='policydoc-redline'><nav><ol>{''.join(toc)}</ol></nav>{meta_html}{body}</div>"
    )


_CSS = """body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5}
del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}
.kind,small{color:#666;font-weight:normal}section{border-top:1px solid #ddd}"""


def _html(a: Amendment, context: bool) -> str:
    title = html.escape(f"Changes: {a.new.title or a.new.source_name or 'policy'}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        # No script can run even if escaping were bypassed: the page allows only its own CSS.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{_CSS}</style></head>\n<body><h1>{title}</h1>\n"
        f"{render_html_fragment(a, context=context)}\n</body></html>\n"
    )


def render(a: Amendment, format: str = "text", *, context: bool = False) -> str:
    renderers: dict[str, Callable[[Amendment, bool], str]] = {
        "text": _text,
        "ansi": _ansi,
        "markdown": _markdown,
        "html": _html,
        "json": lambda am, ctx: am.to_json() + "\n",
    }
    try:
        fn = renderers[format]
    except KeyError:
        raise PolicyError(
            f"unknown redline format {format!r}; choose from {', '.join(FORMATS)}"
        ) from None
    return fn(a, context)
