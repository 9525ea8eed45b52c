"""A structure report: what the parser could not place in a section.

``policydoc outline --check`` prints it, so a user sees at once when a policy's
layout is not understood (everything in one preamble, bold titles read as
text, headings that did not start a section) instead of finding out from a
redline that diffs a whole policy as one section.
"""

from __future__ import annotations

import re

import attrs

from policydoc._display import short
from policydoc.model import Block, Policy
from policydoc.pagechrome import declared_chrome
from policydoc.parse import _BLOCKS, _is_meta_line, split_lines
from policydoc.text import normalize_space, words

__all__ = ["StructureIssue", "check_structure", "inferred_headings"]

_BOLD_LINE = re.compile(
    r"^[ \t\u00a0]*(?:(?:>|[*+-]|\d{1,3}[.)])[ \t]+)*(?:\*\*|__)(?P<title>[^*_\n].*?)(?:\*\*|__)[ \t:]*$"
)
_MAX_TITLE_WORDS = 12


@attrs.frozen(slots=True, repr=False)
class StructureIssue:
    """One thing the parser could not place, with the line it starts on."""

    kind: str
    """``unsectioned`` (a long stretch of text in no section or one section),
    ``bold-as-text`` (a short bold line kept as body text) or ``skipped-heading``; and, as
    information rather than problems, ``inferred-heading`` from :func:`inferred_headings`
    (how a title was read), ``chrome`` (page text that is not the policy) and ``text`` (one
    of several versions of the policy the page holds)."""
    line: int
    """First line (1-based) of the text concerned."""
    message: str
    """What was not placed, in words (names the bold line or heading)."""
    section_id: str | None = None
    """The section the text was placed in (``None`` for the preamble)."""

    def __repr__(self) -> str:
        where = f" in {short(self.section_id, 30)}" if self.section_id else ""
        return f"<StructureIssue {self.kind} line {self.line}{where}: {short(self.message, 50)}>"

    @property
    def problem(self) -> bool:
        """Something the parser could not place (``chrome`` and ``text`` entries only inform)."""
        return self.kind not in ("chrome", "text")

    def to_dict(self) -> dict[str, object]:
        """Plain data: what ``policydoc outline --check --json`` prints for each issue."""
        return {
            "kind": self.kind,
            "line": self.line,
            "message": self.message,
            "section": self.section_id,
        }


def _count(text: str) -> int:
    return sum(1 for w in words(text) if w[0].isalnum())


def _bold_lines(block: Block) -> list[tuple[int, str]]:
    """Lines of *block* that are only a short bold title: (line number, title)."""
    out = []
    for k, line in enumerate(split_lines(block.source)):
        m = _BOLD_LINE.match(line.rstrip("\r\n"))
        if m is None:
            continue
        title = normalize_space(m.group("title")).strip()
        if (
            title
            and title[-1] not in ".!;,"
            and len(title.split()) <= _MAX_TITLE_WORDS
            and not _is_meta_line(title)
        ):
            out.append((block.lines[0] + k, title))
    return out


def check_structure(
    policy: Policy,
    *,
    max_words: int = 2000,
    max_preamble_words: int = 500,
    chrome_headings: tuple[str, ...] = (),
    chrome_text: tuple[str, ...] = (),
) -> tuple[StructureIssue, ...]:
    """List what *policy*'s parse left unplaced, and how the page was read, in line order.

    A section without sub-sections longer than *max_words*, or more than
    *max_preamble_words* before the first section, is reported as a long
    stretch with no section: real policies rarely run that long under one heading.
    The page's chrome (with what *chrome_headings* and *chrome_text* declare, as
    in the settings) and its several texts are listed too, as information.
    """
    issues: list[StructureIssue] = []
    declared = declared_chrome(policy, headings=chrome_headings, text=chrome_text)
    for r in policy.chrome + declared:
        issues.append(
            StructureIssue(
                "chrome",
                r.lines[0],
                f"lines {r.lines[0]}-{r.lines[1]} read as page chrome ({r.kind}), "
                f"not policy: {short(r.text, 60)}",
                r.section_id,
            )
        )
    for t in policy.texts:
        dates = "".join(
            f", {k} {d.isoformat()}"
            for k, d in (("effective", t.effective_from), ("until", t.effective_until))
            if d is not None
        )
        cue = f" ({short(t.cue, 50)})" if t.cue else ""
        issues.append(
            StructureIssue(
                "text",
                t.lines[0],
                f"lines {t.lines[0]}-{t.lines[1]}: the {t.role} text{dates}{cue}",
            )
        )
    pre_words = _count(policy.preamble_text)
    if policy.preamble and pre_words > max_preamble_words:
        where = (
            "the document has no sections" if not policy.sections else "before the first section"
        )
        issues.append(
            StructureIssue(
                "unsectioned",
                policy.preamble[0].lines[0],
                f"{pre_words:,} words {where}: are its headings written in a layout "
                "policydoc does not recognise?",
            )
        )
    for s in policy.walk():
        if not s.children and s.word_count > max_words:
            issues.append(
                StructureIssue(
                    "unsectioned",
                    s.lines[0],
                    f"section {s.display_name!r} has {s.word_count:,} words and no sub-sections",
                    s.id,
                )
            )
    owners: list[tuple[str | None, Block]] = [(None, b) for b in policy.preamble]
    owners += [(s.id, b) for s in policy.walk() for b in s.blocks]
    for sid, block in owners:
        if block.kind not in ("paragraph", "list"):
            continue
        for line, title in _bold_lines(block):
            issues.append(
                StructureIssue(
                    "bold-as-text",
                    line,
                    f"bold line {title!r} was read as text, not as a heading",
                    sid,
                )
            )
    issues.extend(_skipped_headings(policy))
    return tuple(sorted(issues, key=lambda i: (i.line, i.kind)))


def _skipped_headings(policy: Policy) -> list[StructureIssue]:
    """Headings a Markdown renderer shows that start no section and are not the title."""
    starts = {s.lines[0] for s in policy.walk()}
    offset = len(split_lines(policy.front_matter))
    out: list[StructureIssue] = []
    tokens = _BLOCKS.parse(policy.source)  # headings' raw text is enough: no inline pass
    owner: dict[int, str] = {}
    for s in policy.walk():
        owner[s.lines[0]] = s.id
    for k, tok in enumerate(tokens):
        if tok.type != "heading_open" or tok.map is None:
            continue
        line = tok.map[0] + 1
        text = normalize_space(tokens[k + 1].content.replace("*", "").replace("_", " "))
        if line in starts or line <= offset or text == policy.title or not text:
            continue  # an empty heading shows nothing (its line may be a date, kept as text)
        if _is_meta_line(text):
            continue  # a date or version heading is metadata, placed on purpose
        why = "it could not start a section here"
        section = max((ln for ln in starts if ln < line), default=None)
        out.append(
            StructureIssue(
                "skipped-heading",
                line,
                f"heading {text!r} is not a section: {why}",
                owner.get(section) if section is not None else None,
            )
        )
    return out


def inferred_headings(policy: Policy) -> tuple[StructureIssue, ...]:
    """The sections whose title policydoc inferred, in line order (what ``outline --check`` lists).

    The message starts with how the title was read (``plain-line``, ``next-line``, ``bold`` or
    ``list-item``, as in :attr:`Section.inferred <policydoc.Section.inferred>`) and gives it.
    """
    return tuple(
        StructureIssue("inferred-heading", s.lines[0], f"{s.inferred} {s.display_name!r}", s.id)
        for s in policy.walk()
        if s.inferred
    )
