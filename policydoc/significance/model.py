"""Value classes of the significance engine: levels, categories, reasons, assessments."""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = ["CATEGORIES", "Evidence", "Level", "Reason"]


class Level(str, enum.Enum):
    """How significant an amendment is. Ordered: ``Level.MINOR < Level.MATERIAL``."""

    NONE = "none"
    EDITORIAL = "editorial"
    MINOR = "minor"
    MATERIAL = "material"
    MAJOR = "major"

    @property
    def rank(self) -> int:
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


@attrs.frozen(slots=True)
class Evidence:
    """The sentences a reason rests on; changed words are marked ``[-deleted-]`` / ``{+inserted+}``."""

    before: str | None
    after: str | None
    marked: str
    concepts: tuple[str, ...] = ()
    """IRIs of the W3C Data Privacy Vocabulary (DPV) concepts the reason names, so a service
    can map decisions onto DPV-based records (``https://w3id.org/dpv/pd#Biometric``)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "marked": self.marked,
            "concepts": list(self.concepts),
        }


@attrs.frozen(slots=True)
class Reason:
    """Why an assessment reached a level: one rule firing on one change."""

    rule: str
    category: str
    level: Level
    section_id: str
    section_title: str
    message: str
    evidence: Evidence
    needs_review: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "level": self.level.value,
            "section": {"id": self.section_id, "title": self.section_title},
            "message": self.message,
            "evidence": self.evidence.to_dict(),
            "needs_review": self.needs_review,
        }
