"""Copying a history from one store to another (SQLite <-> PostgreSQL), verified."""

from __future__ import annotations

import os

from policydoc.errors import HistoryError
from policydoc.history.backends import open_store
from policydoc.history.history import History

__all__ = ["migrate"]


def migrate(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> int:
    """Copy every version from the store at *source* to the empty store at *target*, then verify it.

    Rows are copied as stored (texts, deltas, hashes, recorded decisions), so the
    copy has the same chain and verifies on its own. Returns the number of versions.
    """
    if os.fspath(source) == os.fspath(target):
        raise HistoryError("migrate: the source and the target are the same store")
    with History(open_store(source)) as src, History(open_store(target)) as dst:
        with src.store.read():
            problems = src.verify()
            if problems:
                raise HistoryError(
                    f"migrate: the source does not verify ({problems[0]}); nothing copied"
                )
            rows = src.store.rows()
            head = src.store.get_meta("head")
            with dst.store.write():
                if dst.store.last() is not None:
                    raise HistoryError(
                        f"migrate: the target already holds {len(dst)} versions; "
                        "migrate into an empty store"
                    )
                for row in rows:
                    dst.store.insert(row)
                if head is not None:
                    dst.store.set_meta("head", head)
        problems = dst.verify()
        if problems:  # pragma: no cover - would mean a backend alters what it stores
            raise HistoryError(f"migrate: the copy does not verify ({problems[0]})")
        return len(rows)
