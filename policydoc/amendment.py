"""The result of comparing two versions: an :class:`Amendment` of :class:`SectionChange` objects."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from policydoc._display import short
from policydoc.kinds import ChangeKind
from policydoc.model import Policy, Section
from policydoc.worddiff import DiffOp

if TYPE_CHECKING:
    from policydoc.significance import Assessment, RuleSet

__all__ = ["Amendment", "ChangeKind", "MetadataChange", "SectionChange", "SentenceChange"]

SCHEMA_VERSION = 1


@attrs.frozen(slots=True)
class SentenceChange:
    """An aligned pair of sentences that differ; ``old`` or ``new`` is ``None`` for pure inserts/deletes."""

    old: str | None
    """The old sentence (``None`` for an inserted one)."""
    new: str | None
    """The new sentence (``None`` for a deleted one)."""
    ops: tuple[DiffOp, ...]
    """Word diff of the two sentences."""

    @property
    def inserted(self) -> str:
        """The inserted words, joined by spaces."""
        return " ".join(o.text.strip() for o in self.ops if o.op == "insert")

    @property
    def deleted(self) -> str:
        """The deleted words, joined by spaces."""
        return " ".join(o.text.strip() for o in self.ops if o.op == "delete")

    def __repr__(self) -> str:
        if self.old is None:
            return f"<SentenceChange inserted {short(self.new)}>"
        if self.new is None:
            return f"<SentenceChange deleted {short(self.old)}>"
        return f"<SentenceChange -{short(self.deleted, 30)} +{short(self.inserted, 30)}>"


@attrs.frozen(slots=True, repr=False)
class SectionChange:
    """How one section (or, for splits and merges, a group of sections) changed.

    ``old`` and ``new`` hold the sections on each side: one each for a 1:1
    change, none on one side for ``added``/``removed``, several on one side for
    ``split``/``merged``. Renamed, moved and modified are independent facts:
    ``kind`` names the most structural one, the flags keep them all.
    """

    kind: ChangeKind
    """What happened to the section."""
    old: tuple[Section, ...]
    """The section(s) on the old side (empty when added)."""
    new: tuple[Section, ...]
    """The section(s) on the new side (empty when removed)."""
    old_text: str
    """Plain text of the old side."""
    new_text: str
    """Plain text of the new side."""
    ops: tuple[DiffOp, ...]
    """Word diff of the old and new text."""
    sentences: tuple[SentenceChange, ...]
    """The sentences that differ, aligned in pairs."""
    words_inserted: int
    """Number of words inserted."""
    words_deleted: int
    """Number of words deleted."""
    renamed: bool = False
    """The title changed."""
    moved: bool = False
    """The section changed place among its siblings."""
    renumbered: bool = False
    """Only the clause number changed."""
    modified: bool = False
    """The words of the body changed."""
    normalizers: tuple[str, ...] = ()
    """For formatting-only changes: the normalisers that absorbed the difference."""

    @property
    def section_id(self) -> str:
        """The section's id (on the new side when it exists)."""
        return (self.new or self.old)[0].id

    @property
    def title(self) -> str:
        """The section's title (on the new side when it exists)."""
        return (self.new or self.old)[0].title

    @property
    def old_section(self) -> Section | None:
        """The single old section, or ``None`` (added, or a merge)."""
        return self.old[0] if self.old else None

    @property
    def new_section(self) -> Section | None:
        """The single new section, or ``None`` (removed, or a split)."""
        return self.new[0] if self.new else None

    @property
    def changed(self) -> bool:
        """True unless the kind is ``unchanged``."""
        return self.kind != ChangeKind.UNCHANGED

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data (one entry of ``changes`` in ``diff --json``)."""
        return {
            "kind": self.kind.value,
            "section": self.section_id,
            "title": self.title,
            "old": [_section_ref(s) for s in self.old],
            "new": [_section_ref(s) for s in self.new],
            "renamed": self.renamed,
            "moved": self.moved,
            "renumbered": self.renumbered,
            "modified": self.modified,
            "normalizers": list(self.normalizers),
            "words_inserted": self.words_inserted,
            "words_deleted": self.words_deleted,
            "ops": [[o.op, o.text] for o in self.ops if o.op != "equal" or len(self.ops) > 1]
            if self.modified
            else [],
            "sentences": [{"old": s.old, "new": s.new} for s in self.sentences],
        }

    def __repr__(self) -> str:
        flags = [f for f in ("renamed", "moved", "renumbered", "modified") if getattr(self, f)]
        extra = f" {'+'.join(flags)}" if flags and self.kind.value not in flags else ""
        delta = f" +{self.words_inserted}/-{self.words_deleted} words" if self.modified else ""
        return f"<SectionChange {self.kind.value}{extra} {self.section_id!r}{delta}>"


def _section_ref(s: Section) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "number": s.number, "lines": list(s.lines)}


@attrs.frozen(slots=True, repr=False)
class MetadataChange:
    """A front matter or "Last updated" value that changed (``None`` when absent on one side)."""

    key: str
    """The front matter key (``date`` for a "Last updated" line)."""
    old: Any
    """The old value (``None`` when absent)."""
    new: Any
    """The new value (``None`` when absent)."""

    def __repr__(self) -> str:
        return f"<MetadataChange {self.key}: {short(str(self.old))} -> {short(str(self.new))}>"


@attrs.frozen(slots=True, repr=False)
class Amendment:
    """Everything that changed between two versions of a policy."""

    old: Policy
    """The old version."""
    new: Policy
    """The new version."""
    changes: tuple[SectionChange, ...]
    """One entry per section (or split/merge group), in reading order."""
    preamble: SectionChange
    """How the text before the first section changed."""
    metadata: tuple[MetadataChange, ...]
    """Front matter and "Last updated" values that changed."""
    title_changed: bool
    """The document title changed."""
    normalizers: tuple[str, ...]
    """Names of the normalisers used to tell formatting from changes."""
    texts: tuple[str, ...] = ()
    """How pages holding several texts were read: which text in force was compared, which
    duplicate went (empty when each page holds one text)."""
    pages: tuple[Policy, Policy] | None = None
    """The whole old and new pages when one holds several texts (:attr:`old` and :attr:`new`
    are then the texts in force); patches and saved sources are of the pages."""

    @property
    def identical(self) -> bool:
        """True when the two texts are byte for byte the same."""
        old, new = self.pages or (self.old, self.new)
        return old.source == new.source

    @property
    def changed(self) -> tuple[SectionChange, ...]:
        """The changes other than ``unchanged`` (preamble included, first)."""
        every = (self.preamble, *self.changes)
        return tuple(c for c in every if c.kind != ChangeKind.UNCHANGED)

    def __iter__(self) -> Iterator[SectionChange]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def counts(self) -> dict[str, int]:
        """Number of sections per kind of change (every kind, zeros included)."""
        out = {k.value: 0 for k in ChangeKind}
        for c in self.changes:
            out[c.kind.value] += 1
        return out

    @property
    def words_inserted(self) -> int:
        """Words inserted across the document."""
        return sum(c.words_inserted for c in (self.preamble, *self.changes))

    @property
    def words_deleted(self) -> int:
        """Words deleted across the document."""
        return sum(c.words_deleted for c in (self.preamble, *self.changes))

    def to_patch(self) -> str:
        """A patch that rebuilds the new text from the old one exactly (see :func:`apply_patch`)."""
        from policydoc.patch import make_patch

        old, new = self.pages or (self.old, self.new)
        return make_patch(old.source, new.source)

    def assess(self, *, rules: RuleSet | None = None) -> Assessment:
        """Decide how significant this amendment is (see :func:`policydoc.assess`)."""
        from policydoc.significance import assess

        return assess(self, rules=rules)

    def to_html(self, *, rules: RuleSet | None = None, context: bool = False) -> str:
        """The review page of this amendment assessed with *rules* (default: the built-in ones).

        The same page as ``amendment.assess(rules=rules).to_html()`` (see
        :meth:`policydoc.Assessment.to_html`); in Jupyter the amendment shows its redline.
        """
        return self.assess(rules=rules).to_html(context=context)

    def redline(
        self, format: str = "text", *, context: bool = False, context_lines: int = 1
    ) -> str:
        """Render as ``text``, ``markdown``, ``html``, ``ansi`` or ``json``.

        *context* also lists unchanged sections; *context_lines* is how many
        unchanged lines the text redline shows around each changed line.
        """
        from policydoc.redline import render

        return render(self, format, context=context, context_lines=context_lines)

    def to_dict(self, *, include_sources: bool = False) -> dict[str, Any]:
        """The JSON document (schema version :data:`SCHEMA_VERSION`); key order is stable."""
        from policydoc.pagetexts import in_force
        from policydoc.render import _jsonable, page_to_dict

        def side(compared: Policy, page: Policy) -> dict[str, Any]:
            # The page as read: its chrome and texts in page lines, and which of its lines
            # were compared (null: the whole page).
            text = in_force(page) if page is not compared else None
            return {
                "source": compared.source_name,
                "title": compared.title,
                **page_to_dict(page),
                "compared": list(text.lines) if text is not None else None,
            }

        old_page, new_page = self.pages or (self.old, self.new)
        data: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "old": side(self.old, old_page),
            "new": side(self.new, new_page),
            "texts": list(self.texts),
            "identical": self.identical,
            "title_changed": self.title_changed,
            "normalizers": list(self.normalizers),
            "summary": {
                **self.counts(),
                "words_inserted": self.words_inserted,
                "words_deleted": self.words_deleted,
            },
            "metadata": [
                {"key": m.key, "old": _jsonable(m.old), "new": _jsonable(m.new)}
                for m in self.metadata
            ],
            "preamble": self.preamble.to_dict(),
            "changes": [c.to_dict() for c in self.changes],
        }
        if include_sources:
            data["old"]["text"] = old_page.source
            data["new"]["text"] = new_page.source
        return data

    def to_json(self, *, include_sources: bool = False, indent: int | None = 2) -> str:
        """The JSON document of :meth:`to_dict` as a string."""
        return json.dumps(
            self.to_dict(include_sources=include_sources), indent=indent, ensure_ascii=False
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Amendment:
        """Rebuild an amendment from ``to_dict(include_sources=True)`` output."""
        from policydoc.compare import amendment_from_dict

        return amendment_from_dict(data)

    def __repr__(self) -> str:
        counts = {k: v for k, v in self.counts().items() if v and k != "unchanged"}
        summary = ", ".join(f"{v} {k}" for k, v in counts.items()) or "no section changes"
        pre = ", preamble " + self.preamble.kind.value if self.preamble.changed else ""
        return (
            f"<Amendment {self.old.title or self.old.source_name!r}: {summary}{pre}; "
            f"+{self.words_inserted}/-{self.words_deleted} words>"
        )

    def _repr_html_(self) -> str:
        from policydoc.redline import render_html_fragment

        return render_html_fragment(self)
