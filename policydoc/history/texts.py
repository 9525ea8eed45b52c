"""Stored texts: how a version's text is packed into its row, and rebuilt from the rows.

A row holds its text whole (``full``), as a delta from the last full or key text
(``key``), or as a delta from the version before it (``delta``). :class:`TextChain`
is the one place that turns rows back into texts: reads feed it the few rows a
version needs, ``verify`` feeds it every row in order.
"""

from __future__ import annotations

import hashlib
import lzma
import zlib

from policydoc.errors import StoreError
from policydoc.history.store import StoredRow
from policydoc.patch import apply_delta_in_chain

__all__: list[str] = []


class Unbuildable(StoreError):
    """A row's text cannot be rebuilt from the rows before it."""

    def __init__(self, seq: int, reason: str):
        super().__init__(f"version {seq}: {reason}; the store is damaged")
        self.reason = reason
        """What is wrong, without the version (verify reports it against its row)."""


def digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def pack(text: str) -> bytes:
    """Compressed text: ``z`` + zlib, or ``r`` + raw bytes when that is no larger.

    (``x`` + XZ, written by development versions, is still read.) zlib rather than
    LZMA: within 10% of its size on a policy, and five times faster to decompress,
    which every read of a version does.
    """
    raw = text.encode("utf-8")
    packed = zlib.compress(raw, 9)
    return b"z" + packed if len(packed) < len(raw) else b"r" + raw


def unpack(data: bytes, seq: int) -> str:
    if not isinstance(data, bytes):
        raise StoreError(f"version {seq}: stored data is {type(data).__name__}, not bytes")
    try:
        kind, body = data[:1], data[1:]
        if kind == b"x":
            raw = lzma.decompress(body)
        elif kind == b"z":
            raw = zlib.decompress(body)
        elif kind == b"r":
            raw = body
        else:
            raise ValueError(f"unknown encoding {kind!r}")
        return raw.decode("utf-8")
    except (zlib.error, lzma.LZMAError, UnicodeDecodeError, ValueError) as e:
        raise StoreError(f"version {seq}: stored data is corrupted ({e})") from None


class TextChain:
    """Texts of consecutive rows, rebuilt one row at a time.

    It remembers the last text (what a ``delta`` applies to) and the last full or key
    text (what a ``key`` applies to).
    """

    __slots__ = ("_flags", "anchor", "text")

    def __init__(self) -> None:
        self.text: str | None = None
        self.anchor: str | None = None
        # Whether text and anchor hold only BMP characters (None: not known): applying a
        # delta needs it, and carrying it along saves a scan of the whole text per delta.
        self._flags: dict[str, bool | None] = {"text": None, "anchor": None}

    def push(self, row: StoredRow) -> str:
        """The text of *row*, the row after the last one pushed (or a full text).

        Raises :class:`Unbuildable` (or :class:`~policydoc.StoreError` for undecodable
        data) and forgets what the row's text would have replaced.
        """
        try:
            text, flag = self._rebuild(row)
        except StoreError:
            self.text = None
            if row.storage != "delta":
                self.anchor = None
            raise
        self.text, self._flags["text"] = text, flag
        if row.storage in ("full", "key"):
            self.anchor, self._flags["anchor"] = text, flag
        return text

    def _rebuild(self, row: StoredRow) -> tuple[str, bool | None]:
        payload = unpack(row.data, row.seq)
        if row.storage == "full":
            return payload, None
        which = "anchor" if row.storage == "key" else "text"
        base = self.anchor if which == "anchor" else self.text
        if base is None:
            raise Unbuildable(row.seq, f"{row.storage} text with nothing to apply it to")
        try:
            return apply_delta_in_chain(base, payload, self._flags[which])
        except (ValueError, IndexError):
            raise Unbuildable(
                row.seq, "its delta does not apply to the text it was made from"
            ) from None


def rebuild(rows: list[StoredRow]) -> str:
    """The text of the last of *rows*: a full text, the key texts after it, then deltas.

    The result is checked against the last row's content hash.
    """
    chain = TextChain()
    text = ""
    for row in rows:
        text = chain.push(row)
    target = rows[-1]
    if digest(text) != target.content_hash:
        raise StoreError(
            f"version {target.seq}: rebuilt text does not match its content hash; "
            "the store is damaged"
        )
    return text
