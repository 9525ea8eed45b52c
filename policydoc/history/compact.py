"""Store schema 3: the row metadata in compact form, losslessly.

Schema 2 kept every field as written in the chain (ISO timestamps, names of
causes, levels and storage kinds) and the previous version's chain hash in
each row. Schema 3 keeps what cannot be derived, in small types:

- ``previous_hash`` is not stored: it is the ``chain_hash`` of version
  ``seq - 1`` (empty for version 1), read back with the row;
- ``published`` is whole seconds since 1970 UTC when that gives back exactly
  the stored ISO text, ``effective`` a day number (``date.toordinal()``) when
  that does; anything else (another UTC offset, fractions of a second) stays text;
- ``cause``, ``storage`` and ``level`` are small integers; a value outside the
  known ones stays text.

SQLite columns without a declared type keep integers and text as given, so
both forms live in the same column. :func:`unpack` gives back exactly the
fields of the ``StoredRow`` that :func:`pack` received: the chain hashes are unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # store.py imports this module: no import at run time
    from policydoc.history.store import StoredRow

__all__: list[str] = []

_CAUSES = ("first_record", "change", "technical")
_STORAGE = ("full", "key", "delta")
_LEVELS = ("none", "editorial", "minor", "material", "major")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

COLUMNS = (
    "seq, label, content_hash, chain_hash, effective, published, cause, note, author, "
    "revert_of, normal_hash, storage, data, size, level, summary"
)
"""Schema 3 columns, in :func:`pack` order."""

TABLE = """CREATE TABLE IF NOT EXISTS {name} (
    seq INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    content_hash BLOB NOT NULL,
    chain_hash BLOB NOT NULL,
    effective,
    published NOT NULL,
    cause NOT NULL,
    note TEXT,
    author TEXT,
    revert_of INTEGER,
    normal_hash BLOB NOT NULL,
    storage NOT NULL,
    data BLOB NOT NULL,
    size INTEGER NOT NULL,
    level,
    summary TEXT
)"""
"""The schema 3 ``versions`` table. Untyped columns hold either form (see the module doc)."""


def _code(value: str | None, names: tuple[str, ...]) -> int | str | None:
    return names.index(value) if value in names else value


def _name(value: Any, names: tuple[str, ...]) -> Any:
    return names[value] if isinstance(value, int) and 0 <= value < len(names) else value


def _published(value: str) -> int | str:
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if stamp.tzinfo is None:
        return value
    seconds = int((stamp - _EPOCH).total_seconds())
    return seconds if _iso(seconds) == value else value


def _iso(seconds: int) -> str:
    return (_EPOCH + dt.timedelta(seconds=seconds)).isoformat()


def _read_published(value: Any) -> Any:
    if isinstance(value, int):
        try:
            return _iso(value)
        except (OverflowError, ValueError):  # a damaged row: verify() reports it
            return str(value)
    return value


def _read_effective(value: Any) -> Any:
    if isinstance(value, int):
        try:
            return dt.date.fromordinal(value).isoformat()
        except (OverflowError, ValueError):
            return str(value)
    return value


def _effective(value: str | None) -> int | str | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value).toordinal()
    except ValueError:
        return value
    return day if dt.date.fromordinal(day).isoformat() == value else value


def pack_storage(storage: str) -> int:
    """The code of a storage kind (``full``, ``key``, ``delta``)."""
    return _STORAGE.index(storage)


def pack(row: StoredRow) -> tuple[Any, ...]:
    """The schema 3 column values of *row* (in :data:`COLUMNS` order)."""
    return (
        row.seq,
        row.label,
        row.content_hash,
        row.chain_hash,
        _effective(row.effective),
        _published(row.published),
        _code(row.cause, _CAUSES),
        row.note,
        row.author,
        row.revert_of,
        row.normal_hash,
        _code(row.storage, _STORAGE),
        row.data,
        row.size,
        _code(row.level, _LEVELS),
        row.summary,
    )


def unpack(values: tuple[Any, ...], previous_hash: bytes | None) -> dict[str, Any]:
    """The ``StoredRow`` fields of the row stored as *values* (``previous_hash``: the
    chain hash of the row before, ``None`` when there is none)."""
    (seq, label, content, chain, effective, published, cause, note, author, revert_of,
     normal, storage, data, size, level, summary) = values  # fmt: skip
    return dict(
        seq=seq,
        label=label,
        content_hash=content,
        previous_hash=previous_hash if previous_hash is not None else b"",
        chain_hash=chain,
        effective=_read_effective(effective),
        published=_read_published(published),
        cause=_name(cause, _CAUSES),
        note=note,
        author=author,
        revert_of=revert_of,
        normal_hash=normal,
        storage=_name(storage, _STORAGE),
        data=data,
        size=size,
        level=_name(level, _LEVELS),
        summary=summary,
    )
