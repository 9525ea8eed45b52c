"""The document model: a :class:`Policy` is a tree of :class:`Section` objects.

All classes are small, frozen ``attrs`` classes. Every character of the parsed
input belongs to exactly one node (front matter, preamble or a section's own
source), so :attr:`Policy.source` rebuilds the input byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from policydoc._display import cell, esc, short, table
from policydoc.text import words

__all__ = ["Block", "ChromeRegion", "Policy", "PolicyText", "Section"]

_NAME_WORDS = 6


@attrs.frozen(slots=True, repr=False)
class Block:
    """One block of body content: a paragraph, list, table, quote, code or HTML block."""

    kind: str
    """``paragraph``, ``list``, ``table``, ``blockquote``, ``code``, ``html``, ``rule`` or ``other``."""
    source: str
    """The exact source lines of the block."""
    text: str
    """Plain text: markup stripped, NFKC, spaces normalised and collapsed."""
    lines: tuple[int, int]
    """First and last line (1-based, inclusive)."""

    def __repr__(self) -> str:
        return f"<Block {self.kind} lines {self.lines[0]}-{self.lines[1]}: {short(self.text)}>"


@attrs.frozen(slots=True, repr=False)
class ChromeRegion:
    """Text captured around a policy that is not the policy: a menu, banner, footer or form."""

    kind: str
    """``navigation``, ``consent-banner``, ``link-list``, ``social-links``, ``footer``, ``form``,
    ``promotion``, ``after-end``, ``repeated``, ``revision-notice`` (the site says the policy
    is being revised) or ``declared`` (matched a pattern in the settings)."""
    lines: tuple[int, int]
    """First and last line (1-based, inclusive)."""
    text: str
    """Plain text of the region."""
    section_id: str | None = None
    """The section the region lies in (``None``: before the first section)."""

    def __repr__(self) -> str:
        return (
            f"<ChromeRegion {self.kind} lines {self.lines[0]}-{self.lines[1]}: {short(self.text)}>"
        )


@attrs.frozen(slots=True, repr=False)
class PolicyText:
    """One of several versions of a policy printed on one page."""

    role: str
    """``in-force``, ``announced`` (takes effect later), ``previous`` or ``duplicate``."""
    lines: tuple[int, int]
    """First and last line (1-based, inclusive)."""
    effective_from: dt.date | None = None
    """The date the text says it takes effect, if it says."""
    effective_until: dt.date | None = None
    """The date the text says it stops applying, if it says."""
    cue: str = ""
    """What marked the text: the banner or heading that starts it, in words."""

    def __repr__(self) -> str:
        dates = "".join(
            f" {k} {d.isoformat()}"
            for k, d in (("from", self.effective_from), ("until", self.effective_until))
            if d is not None
        )
        return f"<PolicyText {self.role} lines {self.lines[0]}-{self.lines[1]}{dates}>"


@attrs.frozen(slots=True, repr=False)
class Section:
    """A heading and its body; sub-sections are :attr:`children`."""

    id: str
    """Stable id: a slug of the title without its number, unique in the document."""
    path: tuple[str, ...]
    """Ids from the top-level ancestor down to this section (inclusive)."""
    title: str
    """The heading text without its number and markup."""
    number: str | None
    """The clause number if the heading was numbered (``"3.1"``, ``"IV"``, ``"Article 4"``)."""
    level: int
    """Depth in the tree: 1 for a top-level section."""
    heading: str
    """The exact source of the heading line(s)."""
    blocks: tuple[Block, ...]
    """The body's blocks (children excluded)."""
    children: tuple[Section, ...]
    """Sub-sections, in document order."""
    source: str
    """Exact source of the heading and body, excluding children."""
    lines: tuple[int, int]
    """First and last line (1-based, inclusive) of the section including its children."""
    inferred: str | None = None
    """How the title was read when the heading has no heading markup of its own: ``"bold"``
    (a bold paragraph), ``"list-item"`` (a titled or numbered list item), ``"plain-line"`` (a
    short line standing alone between paragraphs) or ``"next-line"`` (an empty ``####`` whose
    title is the line after it); ``None`` for an ATX or setext heading with its title."""

    @property
    def text(self) -> str:
        """The plain text of the body (without the heading and without children)."""
        return " ".join(b.text for b in self.blocks if b.text)

    @property
    def full_source(self) -> str:
        """Exact source of the section including all its descendants."""
        return self.source + "".join(c.full_source for c in self.children)

    @property
    def word_count(self) -> int:
        """Words in the body (children excluded)."""
        return sum(1 for w in words(self.text) if w[0].isalnum())

    @property
    def display_name(self) -> str:
        """How the section is named to a user: its title, else its number, else its first words.

        Reasons, notices, redlines and the review page use it, so a section whose heading
        has no text is never named ``""``.
        """
        if self.title.strip():
            return self.title
        if self.number:
            return f"section {self.number}"
        first = self.text.split()
        if first:
            return " ".join(first[:_NAME_WORDS]) + (" ..." if len(first) > _NAME_WORDS else "")
        return f"untitled section at line {self.lines[0]}"

    def walk(self) -> Iterator[Section]:
        """This section and all descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def __repr__(self) -> str:
        num = f"{self.number} " if self.number else ""
        kids = f", {len(self.children)} subsections" if self.children else ""
        how = f", title inferred from {self.inferred}" if self.inferred else ""
        return (
            f"<Section {short(self.id)}: {num}{short(self.display_name)}, lines {self.lines[0]}-"
            f"{self.lines[1]}, {self.word_count} words{kids}{how}>"
        )

    def _repr_html_(self) -> str:
        return _outline_html([self], self.display_name, css="policydoc-section")


@attrs.frozen(slots=True, repr=False)
class Policy:
    """A parsed policy document."""

    title: str | None
    """The document title: the first top-level heading, or ``title`` in the front matter."""
    metadata: Mapping[str, Any]
    """Front matter keys, plus ``date`` (a :class:`datetime.date`) from a "Last updated" line."""
    preamble: tuple[Block, ...]
    """Blocks before the first section."""
    sections: tuple[Section, ...]
    """Top-level sections, in document order."""
    front_matter: str
    """Exact source of the YAML front matter block (empty if none)."""
    preamble_source: str
    """Exact source of everything between the front matter and the first section."""
    source_name: str | None = None
    """Where the text came from (a path), used in error messages."""
    bom: bool = False
    """The input started with a UTF-8 byte order mark (stripped before parsing, kept in :attr:`source`)."""
    chrome: tuple[ChromeRegion, ...] = ()
    """Regions of the page that are not the policy (menus, banners, footers), in line order."""
    texts: tuple[PolicyText, ...] = ()
    """The versions of the policy the page holds, when it holds more than one (else empty)."""

    @property
    def source(self) -> str:
        """The exact input text, rebuilt from the nodes."""
        return (
            ("\ufeff" if self.bom else "")
            + self.front_matter
            + self.preamble_source
            + "".join(s.full_source for s in self.sections)
        )

    @property
    def preamble_text(self) -> str:
        """Plain text of the preamble."""
        return " ".join(b.text for b in self.preamble if b.text)

    def walk(self) -> Iterator[Section]:
        """Every section, depth first, in document order."""
        for section in self.sections:
            yield from section.walk()

    @property
    def ids(self) -> list[str]:
        """Every section id, depth first."""
        return [s.id for s in self.walk()]

    def get(self, section_id: str) -> Section | None:
        """The section with this id, or ``None``."""
        return next((s for s in self.walk() if s.id == section_id), None)

    def __getitem__(self, section_id: str) -> Section:
        found = self.get(section_id)
        if found is None:
            import difflib

            close = difflib.get_close_matches(section_id, self.ids, n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise KeyError(f"no section with id {section_id!r}{hint}")
        return found

    def __contains__(self, section_id: object) -> bool:
        return isinstance(section_id, str) and self.get(section_id) is not None

    def __iter__(self) -> Iterator[Section]:
        return self.walk()

    def __len__(self) -> int:
        return sum(1 for _ in self.walk())

    @property
    def word_count(self) -> int:
        """Words in the preamble and every section."""
        pre = sum(1 for w in words(self.preamble_text) if w[0].isalnum())
        return pre + sum(s.word_count for s in self.walk())

    def to_markdown(self) -> str:
        """Clean Markdown: ATX headings of one style, normalised whitespace, same structure."""
        from policydoc.render import to_markdown

        return to_markdown(self)

    def outline(self) -> list[dict[str, Any]]:
        """The section tree as plain data (what ``policydoc outline --json`` prints)."""
        from policydoc.render import outline

        return outline(self)

    def __repr__(self) -> str:
        name = f", from {short(self.source_name, 60)}" if self.source_name else ""
        n = len(self)
        guessed = sum(1 for s in self.walk() if s.inferred)
        how = f" ({guessed} with inferred titles)" if guessed else ""
        return (
            f"<Policy {short(self.title)}: {n} section{'' if n == 1 else 's'}{how}, "
            f"{self.word_count} words{name}>"
        )

    def _repr_html_(self) -> str:
        return _outline_html(
            self.sections, self.title or "(untitled policy)", css="policydoc-policy"
        )


def _outline_html(sections: tuple[Section, ...] | list[Section], title: str, *, css: str) -> str:
    """An outline table of *sections* and their descendants, indented by depth; all escaped."""
    top = min((s.level for s in sections), default=1)
    rows = [
        "<tr><td>{}{}</td>{}{}<td>{}-{}</td><td>{}</td></tr>".format(
            "&nbsp;" * 4 * (s.level - top),
            esc(s.display_name) + (" <em>(inferred)</em>" if s.inferred else ""),
            cell(s.id),
            cell(s.number),
            s.lines[0],
            s.lines[1],
            s.word_count,
        )
        for section in sections
        for s in section.walk()
    ]
    body = table(["section", "id", "no.", "lines", "words"], rows, "policydoc-outline")
    return f"<div class='{css}'><strong>{esc(title)}</strong>{body}</div>"
