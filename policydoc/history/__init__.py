"""Versions of a policy in a tamper-evident store."""

from policydoc.history.history import DEFAULT_STORE, AddResult, History, Problem, Since, Version
from policydoc.history.store import SQLiteStore, Store, StoredRow

__all__ = [
    "DEFAULT_STORE",
    "AddResult",
    "History",
    "Problem",
    "SQLiteStore",
    "Since",
    "Store",
    "StoredRow",
    "Version",
]
