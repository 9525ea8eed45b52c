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


def _text(a: Amendment, context: bool, *, ansi: bool = False) -> str:
    red, green, bold, dim, reset = (
        ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m") if ansi else ("",) * 5
    )
    # Policy text is shown through visible(): its control characters cannot reach the terminal.
    v = visible
    out = [f"{bold}--- {v(a.old.source_name or 'old')}\n+++ {v(a.new.source_name or 'new')}{reset}"]
    for m in a.metadata:
        out.append(f"{dim}metadata {v(m.key)}: {v(str(m.old))} -> {v(str(m.new))}{reset}")
    for c in _visible(a, context):
        sid = c.section_id
        out.append(f"\n{bold}@@ {v(_heading(c))} #{v(sid)}: {_label(c)} @@{reset}")
        if c.kind in (ChangeKind.ADDED,):
            out.append(f"{green}+ {v(c.new_text)}{reset}" if c.new_text else "")
            continue
        if c.kind == ChangeKind.REMOVED:
            out.append(f"{red}- {v(c.old_text)}{reset}" if c.old_text else "")
            continue
        for s in c.sentences:
            if ansi and s.old is not None and s.new is not None:
                line = "".join(
                    v(o.text)
                    if o.op == "equal"
                    else (
                        f"{red}\x1b[9m{v(o.text)}{reset}"
                        if o.op == "delete"
                        else f"{green}{v(o.text)}{reset}"
                    )
                    for o in s.ops
                )
                out.append(f"~ {line}")
                continue
            if s.old is not None:
                out.append(f"{red}- {v(s.old)}{reset}")
            if s.new is not None:
                out.append(f"{green}+ {v(s.new)}{reset}")
    if len(out) == 1 + len(a.metadata):
        out.append("\nno changes" if a.identical else "\nno section changes")
    return "\n".join(x for x in out if x is not None) + "\n"


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
        "ansi": lambda am, ctx: _text(am, ctx, ansi=True),
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
