"""Policy -> clean Markdown, and the outline used by ``policydoc outline``."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from typing import TYPE_CHECKING, Any

from policydoc._display import short
from policydoc.text import escape_markdown, visible

if TYPE_CHECKING:
    # Types only: Policy.to_markdown() and outline() call into this module; the model
    # stays a data layer that rendering reads, never the other way round.
    from policydoc.model import Block, Policy, Section

__all__: list[str] = []


# What a paragraph line may start with once its indentation is gone, that would then begin
# another block: a list item, quote, heading, fence, thematic break or setext underline.
_BLOCK_START = re.compile(
    r"[-+*](?=[ \t]|$)|>|#{1,6}(?=[ \t]|$)|(?:```|~~~)|([-*_=])(?:[ \t]*\1)*[ \t]*$"
)
_QUOTE = re.compile(r"^[ \t]*>[ \t]?")
_ORDERED_START = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)")


def _paragraph_line(line: str, hard_break: bool) -> str:
    """A paragraph line without indentation, still read as the same paragraph text."""
    text = line.strip()
    if _BLOCK_START.match(text):
        text = "\\" + text  # escaped, the character reads as itself
    elif m := _ORDERED_START.match(text):
        text = f"{m.group(1)}\\{text[len(m.group(1)) :]}"
    # A hard break (two trailing spaces) becomes a backslash, which stripping cannot lose.
    return text + ("\\" if hard_break and text else "")


def _clean_block(block: Block) -> str:
    lines = block.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if block.kind == "paragraph":
        # A paragraph from inside a quote (a section whose heading was quoted) carries the
        # quote's markers in its source; its text is the paragraph without them.
        while any(ln.strip() for ln in lines) and all(
            _QUOTE.match(ln) for ln in lines if ln.strip()
        ):
            lines = [_QUOTE.sub("", ln, count=1) for ln in lines]
        # Leading spaces/NBSP would turn a paragraph into code after re-parsing.
        last = len(lines) - 1
        lines = [_paragraph_line(ln, k < last and ln.endswith("  ")) for k, ln in enumerate(lines)]
    else:
        # Blocks from inside a list item keep the item's indentation in their source; under
        # a heading of their own, four spaces of it would turn them into code.
        lines = textwrap.dedent("\n".join(ln.rstrip() for ln in lines)).split("\n")
    return "\n".join(ln for ln in lines if ln.strip() or block.kind == "code").strip("\n")


def _heading(section: Section, offset: int) -> str:
    depth = section.level + offset
    # The title is decoded text ("&lt;img&gt;" became "<img>"): escaped, it reads back the same
    # instead of turning into live HTML or emphasis.
    title = escape_markdown(section.title)
    if not section.number:
        pass  # the title alone
    elif section.number[0].isdigit():
        title = f"{section.number}. {title}"
    else:
        title = (
            f"{section.number}. {title}"
            if len(section.number) <= 4 and section.number.isalpha()
            else f"{section.number} {title}"
        )
    if depth > 6:
        return f"**{title}**"
    return "#" * depth + " " + title


def to_markdown(policy: Policy) -> str:
    out: list[str] = []
    if policy.front_matter:
        out.append(policy.front_matter.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n"))
    # Top-level sections are always "##": a lone "#" heading would read back as the title.
    offset = 1
    if policy.title is not None:
        out.append("# " + escape_markdown(policy.title))
    out.extend(_clean_block(b) for b in policy.preamble)
    for section in policy.walk():
        out.append(_heading(section, offset))
        out.extend(_clean_block(b) for b in section.blocks)
    return "\n\n".join(part for part in out if part) + "\n"


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def outline(policy: Policy) -> list[dict[str, Any]]:
    def node(s: Section) -> dict[str, Any]:
        return {
            "id": s.id,
            "title": s.title,
            "inferred": s.inferred,
            "number": s.number,
            "level": s.level,
            "lines": list(s.lines),
            "words": s.word_count,
            "children": [node(c) for c in s.children],
        }

    return [node(s) for s in policy.sections]


def outline_text(policy: Policy) -> str:
    rows = [f"{policy.title or '(untitled)'}  [{policy.word_count} words]"]
    for s in policy.walk():
        num = f"{s.number} " if s.number else ""
        # Titles read from a plain line, bold text or the line after an empty heading are
        # marked, so a user sees at once which headings policydoc guessed.
        how = f"  (inferred: {s.inferred})" if s.inferred else ""
        rows.append(
            f"{'  ' * s.level}{num}{s.display_name}  #{s.id}  lines {s.lines[0]}-{s.lines[1]},"
            f" {s.word_count} words{how}"
        )
    for r in policy.chrome:
        rows.append(f"  [chrome: {r.kind}]  lines {r.lines[0]}-{r.lines[1]}: {short(r.text, 50)}")
    for t in policy.texts:
        rows.append(f"  [text: {t.role}]  lines {t.lines[0]}-{t.lines[1]}")
    return visible("\n".join(rows))  # printed to a terminal: no control sequences


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    return {
        "title": policy.title,
        "source": policy.source_name,
        "metadata": _jsonable(dict(policy.metadata)),
        "words": policy.word_count,
        "sections": outline(policy),
        **page_to_dict(policy),
    }


def page_to_dict(policy: Policy) -> dict[str, Any]:
    """How *policy*'s page was read: its chrome regions and the texts it holds."""
    return {
        "chrome": [
            {"kind": r.kind, "lines": list(r.lines), "section": r.section_id, "text": r.text}
            for r in policy.chrome
        ],
        "texts": [
            {
                "role": t.role,
                "lines": list(t.lines),
                "effective_from": t.effective_from.isoformat() if t.effective_from else None,
                "effective_until": t.effective_until.isoformat() if t.effective_until else None,
                "cue": t.cue,
            }
            for t in policy.texts
        ],
    }
