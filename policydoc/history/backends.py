"""Choosing a store from a location: a SQLite file or a PostgreSQL URL."""

from __future__ import annotations

import os
from pathlib import Path

from policydoc.history.postgres import PostgresStore, has_history, is_postgres_url, redact
from policydoc.history.store import SQLiteStore, Store

__all__ = ["DEFAULT_STORE", "open_store", "store_exists"]

DEFAULT_STORE = Path(".policydoc") / "history.sqlite3"


def open_store(
    location: str | os.PathLike[str] | None, *, timeout: float = 60.0, readonly: bool = False
) -> Store:
    """The store at *location*: a ``postgresql://`` URL or a SQLite file (default ``DEFAULT_STORE``).

    *readonly*: open an existing store without writing to it.
    """
    if is_postgres_url(location):
        assert isinstance(location, str)
        return PostgresStore(location, timeout=timeout, readonly=readonly)
    return SQLiteStore(
        location if location is not None else DEFAULT_STORE, timeout=timeout, readonly=readonly
    )


def store_exists(location: str | os.PathLike[str]) -> bool:
    """Whether a history store is at *location* (a SQLite file or a ``postgresql://`` URL).

    Nothing is created. An unreachable server is a :class:`~policydoc.StoreError`.
    """
    if is_postgres_url(location):
        assert isinstance(location, str)
        return has_history(location)
    return Path(location).exists()


def describe(location: str | os.PathLike[str]) -> str:
    """*location* for messages: a URL without its password, or the path."""
    return (
        redact(location)
        if isinstance(location, str) and is_postgres_url(location)
        else str(location)
    )
