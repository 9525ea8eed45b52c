"""Significance: decide, explainably, whether an amendment needs a user notice or fresh consent."""

from __future__ import annotations

from policydoc.significance.config import RuleSet
from policydoc.significance.engine import Assessment, Notice, NoticeItem, assess
from policydoc.significance.model import CATEGORIES, Evidence, Level, Reason
from policydoc.significance.rules import Finding, Rule, Unit

__all__ = [
    "CATEGORIES",
    "Assessment",
    "Evidence",
    "Finding",
    "Level",
    "Notice",
    "NoticeItem",
    "Reason",
    "Rule",
    "RuleSet",
    "Unit",
    "assess",
]
