"""Versions of a policy in a tamper-evident store."""

from policydoc.history.backends import DEFAULT_STORE, open_store
from policydoc.history.history import AddResult, History, Problem, Since, Version
from policydoc.history.migrate import migrate
from policydoc.history.postgres import PostgresStore
from policydoc.history.store import SQLiteStore, Store, StoredRow

__all__ = [
    "DEFAULT_STORE",
    "AddResult",
    "History",
    "PostgresStore",
    "Problem",
    "SQLiteStore",
    "Since",
    "Store",
    "StoredRow",
    "Version",
    "migrate",
    "open_store",
]
