"""policydoc: model, diff and assess amendments to Markdown policies.

The flow of data::

    text --parse--> Policy --compare--> Amendment --assess--> Assessment --notice--> Notice

with :class:`History` keeping versions in a tamper-evident store beside it.
"""

from __future__ import annotations

from policydoc.amendment import (
    Amendment,
    ChangeKind,
    MetadataChange,
    SectionChange,
    SentenceChange,
)
from policydoc.compare import compare
from policydoc.errors import (
    ConfigError,
    HistoryError,
    InputError,
    PatchError,
    PolicyError,
    StoreError,
)
from policydoc.history import AddResult, History, Problem, Since, Version
from policydoc.model import Block, ChromeRegion, Policy, PolicyText, Section
from policydoc.normalize import NORMALIZERS, Normalizer
from policydoc.parse import load, parse
from policydoc.patch import apply_patch
from policydoc.review import review_page
from policydoc.schema import SCHEMA_KINDS, json_schema
from policydoc.settings import Settings
from policydoc.significance import (
    Assessment,
    Evidence,
    Finding,
    Level,
    Notice,
    Reason,
    Rule,
    RuleSet,
    Unit,
    assess,
)
from policydoc.structure import StructureIssue, check_structure, inferred_headings
from policydoc.worddiff import DiffOp

__version__ = "0.1.0.dev0"

__all__ = [
    "NORMALIZERS",
    "SCHEMA_KINDS",
    "AddResult",
    "Amendment",
    "Assessment",
    "Block",
    "ChangeKind",
    "ChromeRegion",
    "ConfigError",
    "DiffOp",
    "Evidence",
    "Finding",
    "History",
    "HistoryError",
    "InputError",
    "Level",
    "MetadataChange",
    "Normalizer",
    "Notice",
    "PatchError",
    "Policy",
    "PolicyError",
    "PolicyText",
    "Problem",
    "Reason",
    "Rule",
    "RuleSet",
    "Section",
    "SectionChange",
    "SentenceChange",
    "Settings",
    "Since",
    "StoreError",
    "StructureIssue",
    "Unit",
    "Version",
    "__version__",
    "apply_patch",
    "assess",
    "check_structure",
    "compare",
    "inferred_headings",
    "json_schema",
    "load",
    "parse",
    "review_page",
]
