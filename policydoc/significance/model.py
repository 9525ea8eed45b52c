"""Value classes of the significance engine: levels, categories, reasons, assessments."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from policydoc._display import cell, esc, level_badge, short, table

__all__ = ["CATEGORIES", "Evidence", "Level", "Reason", "reasons_html"]


class Level(str, enum.Enum):
    """How significant an amendment is. Ordered: ``Level.MINOR < Level.MATERIAL``."""

    NONE = "none"
    """Nothing visible changed."""
    EDITORIAL = "editorial"
    """Wording, typos, formatting: nothing a reader's rights depend on."""
    MINOR = "minor"
    """Clarifications and changes in the user's favour."""
    MATERIAL = "material"
    """Changes users must be told about before they apply."""
    MAJOR = "major"
    """Changes that need users' fresh consent."""

    @property
    def rank(self) -> int:
        """Position in the order none < editorial < minor < material < major, from 0."""
        return _RANK[self]

    # str defines its own (alphabetical) comparisons, so all four are needed here.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank

    def __hash__(self) -> int:
        return hash(self.value)

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: str | Level) -> Level:
        """A level from its name (any case, surrounding spaces ignored); ``ValueError`` names the choices."""
        if isinstance(value, Level):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown level {value!r}; choose from {', '.join(m.value for m in cls)}"
            ) from None


_RANK = {lvl: i for i, lvl in enumerate(Level)}

CATEGORIES = (
    "data_collected",
    "purpose",
    "sharing",
    "sale",
    "user_rights",
    "retention",
    "security",
    "controller_identity",
    "contact",
    "policy_change_clause",
    "dispute_resolution",
    "international_transfer",
    "children",
    "sensitive_data",
    "retroactive",
    "section_removed",
    "cookies_tracking",
    "other",
)


@attrs.frozen(slots=True, repr=False)
class Evidence:
    """The sentences a reason rests on; changed words are marked ``[-deleted-]`` / ``{+inserted+}``."""

    before: str | None
    """The old sentence(s), or ``None`` for an insertion."""
    after: str | None
    """The new sentence(s), or ``None`` for a deletion."""
    marked: str
    """The change with deleted words as ``[-...-]`` and inserted ones as ``{+...+}``."""
    concepts: tuple[str, ...] = ()
    """IRIs of the W3C Data Privacy Vocabulary (DPV) concepts the reason names, so a service
    can map decisions onto DPV-based records (``https://w3id.org/dpv/pd#Biometric``)."""

    def to_dict(self) -> dict[str, Any]:
        """The evidence as JSON-ready data (``before``, ``after``, ``marked``, ``concepts``)."""
        return {
            "before": self.before,
            "after": self.after,
            "marked": self.marked,
            "concepts": list(self.concepts),
        }

    def __repr__(self) -> str:
        return f"<Evidence {short(self.marked, 70)}>"


@attrs.frozen(slots=True, repr=False)
class Reason:
    """Why an assessment reached a level: one rule firing on one change."""

    rule: str
    """Id of the rule that fired, e.g. ``sharing.new``."""
    category: str
    """What the change is about (one of ``CATEGORIES``), e.g. ``sharing``."""
    level: Level
    """How significant this change is."""
    section_id: str
    """Id of the section the change is in."""
    section_title: str
    """Title of the section the change is in."""
    message: str
    """The reason in words."""
    evidence: Evidence
    """The sentences the reason rests on."""
    needs_review: bool = False
    """The rule read the wording with less certainty: a person should look."""

    def __repr__(self) -> str:
        review = ", needs review" if self.needs_review else ""
        return f"<Reason {self.level.value} {self.rule} in {short(self.section_id)}{review}>"

    def _repr_html_(self) -> str:
        return reasons_html([self])

    def to_dict(self) -> dict[str, Any]:
        """The reason as JSON-ready data (what ``assess --json`` lists)."""
        return {
            "rule": self.rule,
            "category": self.category,
            "level": self.level.value,
            "section": {"id": self.section_id, "title": self.section_title},
            "message": self.message,
            "evidence": self.evidence.to_dict(),
            "needs_review": self.needs_review,
        }


def reasons_html(reasons: list[Reason] | tuple[Reason, ...]) -> str:
    """Reasons as an HTML table, levels coloured, with the marked evidence; all escaped."""
    rows = [
        f"<tr><td>{level_badge(r.level)}</td>{cell(r.rule)}{cell(r.category)}"
        f"{cell(r.section_title)}<td>{esc(r.message)}"
        f"{'<br><em>needs review</em>' if r.needs_review else ''}</td>"
        f"<td><small>{esc(r.evidence.marked)}</small></td></tr>"
        for r in reasons
    ]
    return table(
        ["level", "rule", "category", "section", "why", "evidence"], rows, "policydoc-reasons"
    )
