"""Storage behind :class:`~policydoc.History`: a small interface and its SQLite implementation.

History logic never talks SQL; it talks to a :class:`Store`. Another backend
(PostgreSQL for services on several machines) implements the same methods.
"""

from __future__ import annotations

import abc
import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from policydoc.errors import StoreError
from policydoc.history import compact

__all__ = ["SQLiteStore", "Store", "StoredRow"]

SCHEMA_VERSION = 3
"""Schema 3 keeps row metadata compactly (:mod:`policydoc.history.compact`); stores with
schema 1 or 2 are upgraded to it in one transaction when opened for writing."""
APPLICATION_ID = 0x706F6C64
"""SQLite ``application_id`` of a policydoc store ("pold"); stores made before it have 0."""
PAGE_SIZE = 2048
"""SQLite page size of new stores (an existing store keeps its own)."""


@attrs.frozen(slots=True)
class StoredRow:
    """One version as stored: metadata, hashes and the (compressed) text or delta."""

    seq: int
    label: str
    content_hash: bytes
    previous_hash: bytes
    chain_hash: bytes
    effective: str | None
    published: str
    cause: str
    note: str | None
    author: str | None
    revert_of: int | None
    normal_hash: bytes
    """First 8 bytes of the SHA-256 of the normalised text: finds reverts without rebuilding versions."""
    storage: str  # "full" or "delta"
    data: bytes
    size: int
    level: str | None
    summary: str | None
    """Compact JSON of the cached decision: categories, needs_review, number of reasons."""


class Store(abc.ABC):
    """What History needs from storage. All writes happen inside :meth:`write`."""

    @abc.abstractmethod
    def write(self) -> contextlib.AbstractContextManager[None]:
        """An exclusive write transaction: nothing is visible to others until it commits."""

    @abc.abstractmethod
    def rows(self) -> list[StoredRow]:
        """Every stored row, in sequence order."""

    @abc.abstractmethod
    def row(self, seq: int) -> StoredRow | None: ...

    @abc.abstractmethod
    def row_by_label(self, label: str) -> StoredRow | None: ...

    @abc.abstractmethod
    def last(self) -> StoredRow | None: ...

    @abc.abstractmethod
    def nearest_full(self, seq: int) -> StoredRow | None:
        """The last full-text row at or before *seq* (where rebuilding a version starts)."""

    @abc.abstractmethod
    def range(self, first: int, last: int) -> list[StoredRow]:
        """Rows with ``first <= seq <= last``, in order."""

    def keys(self, first: int, last: int) -> list[StoredRow]:
        """``key`` rows (deltas from the previous full or key text) with ``first <= seq <= last``."""
        return [r for r in self.range(first, last) if r.storage == "key"]

    schema_version: int = SCHEMA_VERSION
    """The schema the store was created with (older stores hold no ``key`` rows)."""

    @abc.abstractmethod
    def find_normal(self, normal_hash: bytes, before: int) -> StoredRow | None:
        """The latest row before *before* whose normalised text has this hash."""

    @abc.abstractmethod
    def insert(self, row: StoredRow) -> None: ...

    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None: ...

    @abc.abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    def read(self) -> contextlib.AbstractContextManager[None]:
        """A consistent view for several reads (a snapshot, where the backend has them)."""
        return contextlib.nullcontext()

    def close(self) -> None:  # noqa: B027 - optional for backends without resources
        """Release resources."""


_COLUMNS = (
    "seq, label, content_hash, previous_hash, chain_hash, effective, published, cause, note, author, "
    "revert_of, normal_hash, storage, data, size, level, summary"
)
_COLUMN_COUNT = len(_COLUMNS.split(","))


class SQLRowQueries:
    """The row look-ups both SQL stores share; they differ only in the parameter placeholder
    and in how a storage kind is written in SQL."""

    placeholder = "?"

    def _select(self, where: str, args: tuple[Any, ...] = ()) -> list[StoredRow]:
        raise NotImplementedError

    def _kind(self, storage: str) -> str:
        """SQL literal for a storage kind."""
        return f"'{storage}'"

    def _first(self, where: str, args: tuple[Any, ...] = ()) -> StoredRow | None:
        found = self._select(where + " LIMIT 1", args)
        return found[0] if found else None

    def rows(self) -> list[StoredRow]:
        return self._select("ORDER BY seq")

    def row(self, seq: int) -> StoredRow | None:
        return self._first(f"WHERE seq = {self.placeholder}", (seq,))

    def row_by_label(self, label: str) -> StoredRow | None:
        return self._first(f"WHERE label = {self.placeholder}", (label,))

    def last(self) -> StoredRow | None:
        return self._first("ORDER BY seq DESC")

    def nearest_full(self, seq: int) -> StoredRow | None:
        p = self.placeholder
        return self._first(
            f"WHERE seq <= {p} AND storage = {self._kind('full')} ORDER BY seq DESC", (seq,)
        )

    def range(self, first: int, last: int) -> list[StoredRow]:
        p = self.placeholder
        return self._select(f"WHERE seq BETWEEN {p} AND {p} ORDER BY seq", (first, last))

    def keys(self, first: int, last: int) -> list[StoredRow]:
        # Filtered in SQL: reading the deltas in between would load their data for nothing.
        p = self.placeholder
        return self._select(
            f"WHERE seq BETWEEN {p} AND {p} AND storage = {self._kind('key')} ORDER BY seq",
            (first, last),
        )

    def find_normal(self, normal_hash: bytes, before: int) -> StoredRow | None:
        p = self.placeholder
        return self._first(
            f"WHERE normal_hash = {p} AND seq < {p} ORDER BY seq DESC", (normal_hash, before)
        )


class SQLiteStore(SQLRowQueries, Store):
    """One SQLite file in WAL mode; safe for several processes writing at once."""

    def __init__(
        self, path: str | os.PathLike[str], *, timeout: float = 60.0, readonly: bool = False
    ):
        self.path = Path(path)
        self.readonly = readonly
        self._closed = False
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a history store")
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no history store there (nothing has been recorded)")
        if self.path.exists() and self.path.stat().st_size == 0:
            # SQLite would take an empty file for a new database: a truncated store would
            # silently become an empty history.
            raise StoreError(
                f"{self.path} is empty (0 bytes): not a policydoc history store; it may have "
                "been truncated (delete it to start a new history)"
            )
        try:
            if readonly:
                self._db = self._connect_readonly(timeout)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # isolation_level=None: we issue BEGIN IMMEDIATE ourselves so writers queue up.
                self._db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            # Tampered rows may hold bytes that are not UTF-8: read them, let verify() report them.
            self._db.text_factory = lambda b: b.decode("utf-8", "replace")
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not readonly:
                # Set before WAL mode and the first table, so only a new file gets it. Rows are
                # a hundred-odd bytes of metadata and a short delta, key texts a kilobyte or
                # two: 2 KiB pages hold a key text without an overflow page, and a full text's
                # overflow chain ends with half the unused space of 4 KiB pages (a 1,000-version
                # history: 4% smaller; 1 KiB pages would overflow every key text).
                self._db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = FULL")
            self._init_schema()
        except sqlite3.DatabaseError as e:
            raise StoreError(
                f"{self.path} is not a readable policydoc history store ({e})"
            ) from None
        except OSError as e:
            raise StoreError(f"{self.path}: {e.strerror or e}") from None

    def _connect_readonly(self, timeout: float) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri()
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchall()
            return db
        except sqlite3.OperationalError:
            # On read-only media a WAL store cannot get its -shm file: nobody can write
            # there either, so reading it as immutable is safe.
            db.close()
            return sqlite3.connect(
                f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout, isolation_level=None
            )

    def _schema_version(self) -> str | None:
        try:
            found = self._db.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchall()
        except sqlite3.OperationalError as e:
            if "no such table" in str(e):
                return None
            raise
        return str(found[0][0]) if found else None

    def _init_schema(self) -> None:
        # Opening an existing store only reads: it does not queue behind writers.
        version = self._schema_version()
        app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or (version is None and self._has_tables()):
            # Someone else's database: adding our tables to it would corrupt theirs.
            raise StoreError(
                f"{self.path} is an SQLite database but not a policydoc history store "
                f"(application_id {app_id:#x}); refusing to change it"
            )
        if version is None:
            if self.readonly:
                raise StoreError(f"{self.path}: not a policydoc history store (no schema)")
            with self.write():
                self._create_schema()
            version = self._schema_version()
        if version is None or not version.isdigit():
            raise StoreError(f"{self.path}: the store is corrupted (schema version {version!r})")
        self.schema_version = int(version)
        if int(version) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer policydoc (store schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}); upgrade policydoc to open it"
            )
        if self.schema_version < SCHEMA_VERSION and not self.readonly:
            # Busy with another writer: keep reading this layout; a later open upgrades it.
            with contextlib.suppress(StoreError):
                self._upgrade()

    def _upgrade(self) -> None:
        """Rewrite a schema 1 or 2 store as schema 3, in one transaction, if that is lossless.

        Schema 3 derives each row's ``previous_hash`` from the row before it. A store whose
        stored ``previous_hash`` differs from that (a damaged or tampered chain) keeps its
        layout, so verify() still shows exactly what is stored; so does any row that would
        not come back identical.
        """
        with self.write():
            now = self._schema_version()
            if now != str(self.schema_version):  # another process upgraded it meanwhile
                self.schema_version = int(now) if now and now.isdigit() else self.schema_version
                return
            rows = self._select("ORDER BY seq")
            chains = {r.seq: r.chain_hash for r in rows}
            packed = []
            for r in rows:
                again = StoredRow(**compact.unpack(compact.pack(r), chains.get(r.seq - 1)))
                if again != r:
                    return
                packed.append(compact.pack(r))
            self._db.execute(compact.TABLE.format(name="versions_v3"))
            columns = compact.COLUMNS
            marks = ", ".join("?" * len(columns.split(",")))
            self._db.executemany(f"INSERT INTO versions_v3 ({columns}) VALUES ({marks})", packed)
            self._db.execute("DROP TABLE versions")
            self._db.execute("ALTER TABLE versions_v3 RENAME TO versions")
            self.set_meta("schema_version", str(SCHEMA_VERSION))
            self._mark()
            self.schema_version = SCHEMA_VERSION

    def _has_tables(self) -> bool:
        return bool(self._db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall())

    def _create_schema(self) -> None:
        # WITHOUT ROWID: a handful of key/value rows in one B-tree, not a table and an index.
        # The same SQL reads and writes it, so earlier versions of policydoc open it too.
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) "
            "WITHOUT ROWID"
        )
        version = self.get_meta("schema_version")
        if version is None:
            self._db.execute(compact.TABLE.format(name="versions"))
            self.set_meta("schema_version", str(SCHEMA_VERSION))
            self._mark()

    def _mark(self) -> None:
        # Marks the file as policydoc's for us and for tools like file(1).
        self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _open(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError(f"{self.path}: the history is closed")
        return self._db

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        db = self._open()
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; cannot record versions")
        if db.in_transaction:  # nested: join the outer transaction
            yield
            return
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.ProgrammingError as e:
            raise StoreError(f"{self.path}: {e}") from None
        except sqlite3.DatabaseError as e:
            if "readonly" in str(e):
                raise StoreError(
                    f"{self.path}: the store is read-only ({e}); check the file's permissions"
                ) from None
            raise StoreError(f"{self.path}: cannot start a write transaction ({e})") from None
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        else:
            self._checked(lambda: db.execute("COMMIT"))

    @contextlib.contextmanager
    def read(self) -> Iterator[None]:
        db = self._open()
        if db.in_transaction:
            yield
            return
        # A read transaction in WAL mode sees one snapshot, whatever other processes commit.
        self._checked(lambda: db.execute("BEGIN"))
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                db.execute("COMMIT")

    def _checked(self, fn: Any) -> Any:
        self._open()
        try:
            return fn()
        except (sqlite3.ProgrammingError, sqlite3.IntegrityError) as e:
            # Closed, used from another thread, or a duplicate: a usage error, not damage.
            raise StoreError(f"{self.path}: {e}") from None
        except sqlite3.OperationalError as e:
            if "readonly" in str(e):
                raise StoreError(
                    f"{self.path}: the store is read-only ({e}); check the file's permissions"
                ) from None
            raise StoreError(f"{self.path}: the store cannot be used ({e})") from None
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: the store is corrupted or unreadable ({e})") from None

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return list(self._checked(lambda: self._db.execute(sql, args).fetchall()))

    def _select(self, where: str, args: tuple[Any, ...] = ()) -> list[StoredRow]:
        """Rows of ``SELECT <every column> FROM versions <where>``."""
        if self.schema_version < 3:
            return [
                StoredRow(*r) for r in self._query(f"SELECT {_COLUMNS} FROM versions {where}", args)
            ]
        # previous_hash is the chain hash of the row before (one primary-key lookup).
        found = self._query(
            f"SELECT {compact.COLUMNS}, (SELECT p.chain_hash FROM versions AS p "
            f"WHERE p.seq = versions.seq - 1) FROM versions {where}",
            args,
        )
        return [StoredRow(**compact.unpack(r[:-1], r[-1])) for r in found]

    def _kind(self, storage: str) -> str:
        """SQL literal for a storage kind in this store's layout."""
        return str(compact.pack_storage(storage)) if self.schema_version >= 3 else f"'{storage}'"

    def insert(self, row: StoredRow) -> None:
        if self.schema_version >= 3:
            columns, values = compact.COLUMNS, compact.pack(row)
        else:
            columns, values = _COLUMNS, attrs.astuple(row)
        self._checked(
            lambda: self._db.execute(
                f"INSERT INTO versions ({columns}) VALUES ({', '.join('?' * len(values))})",
                values,
            )
        )

    def get_meta(self, key: str) -> str | None:
        found = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(found[0][0]) if found else None

    def set_meta(self, key: str, value: str) -> None:
        self._checked(
            lambda: self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)
            )
        )

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._db.close()
