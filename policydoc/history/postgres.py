"""A PostgreSQL :class:`~policydoc.history.store.Store`, for services on several machines.

Same rows, same chain, same errors as the SQLite store; only the SQL differs.
Writers are serialised with a transaction-scoped advisory lock (released by the
server when a writer commits, rolls back or dies), so no version is lost or
recorded twice whatever the number of processes. Needs ``policydoc[postgres]``
(psycopg 3).

Tables live in the connection's current schema, so several histories can share
one database: give each its own schema (``?options=-csearch_path%3Dname``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from policydoc.errors import StoreError
from policydoc.history.store import SQLRowQueries, Store, StoredRow

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresStore", "is_postgres_url"]

_T = TypeVar("_T")
SCHEMA_VERSION = 2
"""Layout of the PostgreSQL tables (the wide schema 2 columns; space matters less on a server)."""
_COLUMNS = (
    "seq, label, content_hash, previous_hash, chain_hash, effective, published, cause, note, author, "
    "revert_of, normal_hash, storage, data, size, level, summary"
)
_COLUMN_COUNT = len(_COLUMNS.split(","))
# One lock per schema: histories in different schemas do not wait for each other.
_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('policydoc:' || current_schema(), 0))"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS policydoc_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS policydoc_versions (
        seq INTEGER PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,
        content_hash BYTEA NOT NULL,
        previous_hash BYTEA NOT NULL,
        chain_hash BYTEA NOT NULL,
        effective TEXT,
        published TEXT NOT NULL,
        cause TEXT NOT NULL,
        note TEXT,
        author TEXT,
        revert_of INTEGER,
        normal_hash BYTEA NOT NULL,
        storage TEXT NOT NULL CHECK (storage IN ('full', 'key', 'delta')),
        data BYTEA NOT NULL,
        size INTEGER NOT NULL,
        level TEXT,
        summary TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS policydoc_versions_normal ON policydoc_versions (normal_hash)",
)


def is_postgres_url(location: object) -> bool:
    """Whether *location* names a PostgreSQL server rather than a SQLite file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """*url* without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresStore(SQLRowQueries, Store):
    """History rows in two tables (``policydoc_versions``, ``policydoc_meta``) of a PostgreSQL database."""

    placeholder = "%s"

    def __init__(self, url: str, *, timeout: float = 60.0, readonly: bool = False):
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "PostgreSQL stores need psycopg 3: pip install 'policydoc[postgres]'"
            ) from None
        self._psycopg = psycopg
        self.url = url
        self.name = redact(url)
        self.readonly = readonly
        try:
            # autocommit: transactions are opened explicitly by write() and read(), as in SQLite.
            self._db: psycopg.Connection[tuple[Any, ...]] = psycopg.connect(
                url, autocommit=True, connect_timeout=max(1, int(timeout))
            )
        except psycopg.Error as e:
            raise StoreError(f"cannot connect to {self.name}: {_first_line(e)}") from None
        # A writer waits at most *timeout* seconds for the others (the advisory lock obeys it).
        self._checked(lambda: self._db.execute(f"SET lock_timeout = {int(timeout * 1000)}"))
        self._init_schema()

    # -- schema ---------------------------------------------------------------------------

    def _init_schema(self) -> None:
        version = self._schema_version()
        if version is None:
            if self.readonly:
                raise StoreError(f"{self.name}: not a policydoc history store (no schema)")
            with self.write():  # under the lock: two first openers do not race to create it
                for statement in _SCHEMA:
                    self._db.execute(statement)
                if self.get_meta("schema_version") is None:
                    self.set_meta("schema_version", str(SCHEMA_VERSION))
            version = self._schema_version()
        if version is None or not version.isdigit():
            raise StoreError(f"{self.name}: the store is corrupted (schema version {version!r})")
        self.schema_version = int(version)
        if self.schema_version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.name} was written by a newer policydoc (store schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}); upgrade policydoc to open it"
            )

    def _schema_version(self) -> str | None:
        exists = self._query("SELECT to_regclass('policydoc_meta') IS NOT NULL")
        if not exists[0][0]:
            return None
        return self.get_meta("schema_version")

    # -- transactions ---------------------------------------------------------------------

    def _in_transaction(self) -> bool:
        return self._db.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        if self.readonly:
            raise StoreError(f"{self.name}: opened read-only; cannot record versions")
        if self._in_transaction():  # nested: join the outer transaction
            yield
            return
        try:
            self._db.execute("BEGIN")
            self._db.execute(_LOCK)
        except self._psycopg.Error as e:
            self._rollback()
            raise StoreError(
                f"{self.name}: cannot start a write transaction ({_first_line(e)})"
            ) from None
        try:
            yield
        except BaseException:
            self._rollback()
            raise
        else:
            self._checked(lambda: self._db.execute("COMMIT"))

    @contextlib.contextmanager
    def read(self) -> Iterator[None]:
        if self._in_transaction():
            yield
            return
        # One snapshot for several reads, whatever other processes commit meanwhile.
        self._checked(lambda: self._db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ"))
        try:
            yield
        finally:
            self._rollback()

    def _rollback(self) -> None:
        with contextlib.suppress(self._psycopg.Error):
            if not self._db.closed:
                self._db.execute("ROLLBACK")

    # -- queries --------------------------------------------------------------------------

    def _checked(self, fn: Callable[[], _T]) -> _T:
        psycopg = self._psycopg
        try:
            return fn()
        except psycopg.errors.IntegrityError as e:
            raise StoreError(f"{self.name}: {_first_line(e)}") from None
        except psycopg.InterfaceError as e:
            # Closed, or used wrongly: a usage error, not a damaged store.
            raise StoreError(f"{self.name}: {_first_line(e)}") from None
        except psycopg.Error as e:
            raise StoreError(f"{self.name}: the store is unreadable ({_first_line(e)})") from None

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._checked(lambda: self._db.execute(sql, args).fetchall())

    def _select(self, where: str, args: tuple[Any, ...] = ()) -> list[StoredRow]:
        rows = self._query(f"SELECT {_COLUMNS} FROM policydoc_versions {where}", args)
        return [StoredRow(*r) for r in rows]

    def insert(self, row: StoredRow) -> None:
        placeholders = ", ".join(["%s"] * _COLUMN_COUNT)
        self._checked(
            lambda: self._db.execute(
                f"INSERT INTO policydoc_versions ({_COLUMNS}) VALUES ({placeholders})",
                attrs.astuple(row),
            )
        )

    def get_meta(self, key: str) -> str | None:
        found = self._query("SELECT value FROM policydoc_meta WHERE key = %s", (key,))
        return str(found[0][0]) if found else None

    def set_meta(self, key: str, value: str) -> None:
        self._checked(
            lambda: self._db.execute(
                "INSERT INTO policydoc_meta (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (key, value),
            )
        )

    def close(self) -> None:
        self._db.close()


def has_history(url: str, *, timeout: float = 60.0) -> bool:
    """Whether the server at *url* holds a policydoc history (its tables) in the URL's schema.

    A server that cannot be reached is a :class:`StoreError`, not "no history": a mistyped
    URL must not read as an empty history.
    """
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            "PostgreSQL stores need psycopg 3: pip install 'policydoc[postgres]'"
        ) from None
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout))) as db:
            found = db.execute("SELECT to_regclass('policydoc_meta') IS NOT NULL").fetchone()
    except psycopg.Error as e:
        raise StoreError(f"cannot connect to {redact(url)}: {_first_line(e)}") from None
    return bool(found and found[0])


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
