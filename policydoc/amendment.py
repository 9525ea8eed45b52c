"""The result of comparing two versions: an :class:`Amendment` of :class:`SectionChange` objects."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from policydoc._display import short
from policydoc.model import Policy, Section
from policydoc.worddiff import DiffOp

if TYPE_CHECKING:
    from policydoc.significance import Assessment, RuleSet

__all__ = ["Amendment", "ChangeKind", "MetadataChange", "SectionChange", "SentenceChange"]

SCHEMA_VERSION = 1


class ChangeKind(str, enum.Enum):
    """What happened to a section. Compares equal to its string value."""

    UNCHANGED = "unchanged"
    FORMATTING = "formatting"
    MODIFIED = "modified"
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    RENAMED = "renamed"
    SPLIT = "split"
    MERGED = "merged"

    def __str__(self) -> str:
        return self.value


@attrs.frozen(slots=True, repr=False)
class SentenceChange:
    """An aligned pair of sentences that differ; ``old`` or ``new`` is ``None`` for pure inserts/deletes."""

    old: str | None
    new: str | None
    ops: tuple[DiffOp, ...]

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
    old: tuple[Section, ...]
    new: tuple[Section, ...]
    old_text: str
    new_text: str
    ops: tuple[DiffOp, ...]
    sentences: tuple[SentenceChange, ...]
    words_inserted: int
    words_deleted: int
    renamed: bool = False
    moved: bool = False
    renumbered: bool = False
    modified: bool = False
    normalizers: tuple[str, ...] = ()
    """For formatting-only changes: the normalisers that absorbed the difference."""

    @property
    def section_id(self) -> str:
        return (self.new or self.old)[0].id

    @property
    def title(self) -> str:
        return (self.new or self.old)[0].title

    @property
    def old_section(self) -> Section | None:
        return self.old[0] if self.old else None

    @property
    def new_section(self) -> Section | None:
        return self.new[0] if self.new else None

    @property
    def changed(self) -> bool:
        return self.kind != ChangeKind.UNCHANGED

    def to_dict(self) -> dict[str, Any]:
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
    old: Any
    new: Any

    def __repr__(self) -> str:
        return f"<MetadataChange {self.key}: {short(str(self.old))} -> {short(str(self.new))}>"


@attrs.frozen(slots=True, repr=False)
class Amendment:
    """Everything that changed between two versions of a policy."""

    old: Policy
    new: Policy
    changes: tuple[SectionChange, ...]
    """One entry per section (or split/merge group), in reading order."""
    preamble: SectionChange
    metadata: tuple[MetadataChange, ...]
    title_changed: bool
    normalizers: tuple[str, ...]

    @property
    def identical(self) -> bool:
        """True when the two texts are byte for byte the same."""
        return self.old.source == self.new.source

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
        out = {k.value: 0 for k in ChangeKind}
        for c in self.changes:
            out[c.kind.value] += 1
        return out

    @property
    def words_inserted(self) -> int:
        return sum(c.words_inserted for c in (self.preamble, *self.changes))

    @property
    def words_deleted(self) -> int:
        return sum(c.words_deleted for c in (self.preamble, *self.changes))

    def to_patch(self) -> str:
        """A patch that rebuilds the new text from the old one exactly (see :func:`apply_patch`)."""
        from policydoc.patch import make_patch

        return make_patch(self.old.source, self.new.source)

    def assess(self, *, rules: RuleSet | None = None) -> Assessment:
        """Decide how significant this amendment is (see :func:`policydoc.assess`)."""
        from policydoc.significance import assess

        return assess(self, rules=rules)

    def redline(self, format: str = "text", *, context: bool = False) -> str:
        """Render the amendment as ``text``, ``markdown``, ``html``, ``ansi`` or ``json``."""
        from policydoc.redline import render

        return render(self, format, context=context)

    def to_dict(self, *, include_sources: bool = False) -> dict[str, Any]:
        """The JSON document (schema version :data:`SCHEMA_VERSION`); key order is stable."""
        from policydoc.render import _jsonable

        data: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "old": {"source": self.old.source_name, "title": self.old.title},
            "new": {"source": self.new.source_name, "title": self.new.title},
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
            data["old"]["text"] = self.old.source
            data["new"]["text"] = self.new.source
        return data

    def to_json(self, *, include_sources: bool = False, indent: int | None = 2) -> str:
        return json.dumps(
            self.to_dict(include_sources=include_sources), indent=indent, ensure_ascii=False
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Amendment:
        """Rebuild an amendment from ``to_dict(include_sources=True)`` output."""
        from policydoc.compare import compare
        from policydoc.errors import PolicyError
        from policydoc.parse import parse

        if data.get("schema") != SCHEMA_VERSION:
            raise PolicyError(
                f"unsupported amendment schema {data.get('schema')!r}; expected {SCHEMA_VERSION}"
            )
        try:
            old_text, new_text = data["old"]["text"], data["new"]["text"]
        except (KeyError, TypeError):
            raise PolicyError(
                "amendment JSON has no texts; write it with include_sources=True"
            ) from None
        old = parse(old_text, source=data["old"].get("source"))
        new = parse(new_text, source=data["new"].get("source"))
        return compare(old, new, normalizers=data.get("normalizers"))

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
