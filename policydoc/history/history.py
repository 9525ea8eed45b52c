"""History: published versions of one policy in a tamper-evident chain.

Each version stores its exact text (as a full snapshot every
``SNAPSHOT_EVERY`` versions and as exact patches in between, compressed), a
SHA-256 of its bytes, and a chain hash over its metadata and the previous
version's chain hash. Editing, deleting or reordering stored rows breaks the
chain, which :meth:`History.verify` reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from policydoc._display import cell, esc, level_badge, short, table
from policydoc.compare import compare
from policydoc.errors import HistoryError, PolicyError, StoreError
from policydoc.history import importers
from policydoc.history.backends import DEFAULT_STORE, open_store
from policydoc.history.store import Store, StoredRow
from policydoc.history.texts import TextChain, Unbuildable, rebuild
from policydoc.history.texts import digest as _digest
from policydoc.history.texts import pack as _pack
from policydoc.model import Policy
from policydoc.normalize import NORMALIZER_VERSION, normalize
from policydoc.parse import parse
from policydoc.patch import delta
from policydoc.significance import Assessment, Level, RuleSet, assess

__all__ = ["DEFAULT_NOTICE_DAYS", "DEFAULT_STORE", "AddResult", "History", "Since", "Version"]

DEFAULT_NOTICE_DAYS = 30
"""Days of notice a material or major change needs unless configured otherwise."""
SNAPSHOT_EVERY = 64
KEYS_PER_FULL = 16
"""Every SNAPSHOT_EVERY-th version is a key text; every KEYS_PER_FULL-th key a full text."""
Cause = Literal["first_record", "change", "technical"]
Progress = Callable[["AddResult", int, int], None]
"""``progress(result, done, total)``: called by the imports after each saved (or already saved) version."""
CAUSES = ("first_record", "change", "technical")


@attrs.frozen(slots=True, repr=False)
class Version:
    """One recorded version. ``text`` is read from the store on first use."""

    seq: int
    """Position in the history, from 1."""
    label: str
    """The version's unique name."""
    content_hash: str
    """SHA-256 of the text's UTF-8 bytes, hex."""
    previous_hash: str
    """Chain hash of the version before (empty for the first), hex."""
    chain_hash: str
    """SHA-256 over this version's record and the previous chain hash, hex."""
    effective: dt.date | None
    """The date it takes effect, if known."""
    published: dt.datetime
    """When users could first read it."""
    cause: str
    """``first_record``, ``change`` or ``technical``."""
    note: str | None
    """A free-text note."""
    author: str | None
    """Who recorded it."""
    revert_of: str | None
    """Label of the earlier version this one restores (a "blink"), if any."""
    level: Level | None
    """Significance against the previous version (``None`` for the first)."""
    _history: History = attrs.field(eq=False, alias="history")
    categories: tuple[str, ...] = ()
    """Decisive categories of the cached assessment against the previous version."""
    needs_review: bool = False
    """The cached assessment asked for a person to look."""

    @property
    def text(self) -> str:
        """The exact text (rebuilt from the store on first use)."""
        return self._history.text(self.label)

    @property
    def policy(self) -> Policy:
        """The text parsed as a :class:`Policy`."""
        return parse(self.text, source=self.label)

    @property
    def assessment(self) -> Assessment | None:
        """The full assessment against the previous version (recomputed; ``level`` is the cached decision)."""
        if self.seq == 1:
            return None
        return self._history._assess_seq(self.seq - 1, self.seq)

    def to_dict(self, *, text: bool = False) -> dict[str, Any]:
        """The version as JSON-ready data (``history log --json``; ``text=True`` adds the text)."""
        data: dict[str, Any] = {
            "seq": self.seq,
            "label": self.label,
            "content_hash": self.content_hash,
            "previous_hash": self.previous_hash,
            "chain_hash": self.chain_hash,
            "effective": self.effective.isoformat() if self.effective else None,
            "published": self.published.isoformat(),
            "cause": self.cause,
            "note": self.note,
            "author": self.author,
            "revert_of": self.revert_of,
            "level": self.level.value if self.level else None,
            "categories": list(self.categories),
            "needs_review": self.needs_review,
        }
        if text:
            data["text"] = self.text
        return data

    def __repr__(self) -> str:
        eff = f" effective={self.effective.isoformat()}" if self.effective else ""
        lvl = f" level={self.level.value}" if self.level else ""
        rev = f" revert_of={self.revert_of!r}" if self.revert_of else ""
        return f"<Version {self.seq} {short(self.label)}{eff}{lvl}{rev} {self.content_hash[:12]}>"

    def _repr_html_(self) -> str:
        fields = [
            ("level", level_badge(self.level)),
            ("effective", esc(self.effective)),
            ("published", esc(self.published.isoformat())),
            ("cause", esc(self.cause)),
            ("categories", esc(", ".join(self.categories))),
            ("restores", esc(self.revert_of)),
            ("note", esc(self.note)),
            ("author", esc(self.author)),
            ("content hash", f"<code>{esc(self.content_hash)}</code>"),
        ]
        rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in fields if v)
        return (
            f"<div class='policydoc-version'><strong>Version {self.seq}: {esc(self.label)}</strong>"
            f"<table>{rows}</table></div>"
        )


def _timeline(versions: Sequence[Version], *, reverted: Sequence[Version] = ()) -> str:
    """Versions as an HTML table, one row each with its level coloured; all escaped."""
    rows = [
        "<tr>{}{}<td>{}</td>{}{}{}</tr>".format(
            cell(v.seq),
            cell(v.label),
            level_badge(v.level) + (" (reverted later)" if v in reverted else ""),
            cell(v.effective),
            cell(v.published.date()),
            cell(v.cause + (f", restores {v.revert_of}" if v.revert_of else "")),
        )
        for v in versions
    ]
    return table(
        ["#", "label", "level", "effective", "published", "cause"], rows, "policydoc-timeline"
    )


@attrs.frozen(slots=True, repr=False)
class AddResult:
    """What :meth:`History.add` did."""

    version: Version
    """The version recorded (or the one already recorded with the same label and text)."""
    added: bool
    """False when nothing new was recorded."""
    message: str
    """What happened, in words (what ``policydoc history add`` prints)."""
    assessment: Assessment | None = None
    """The assessment against the previous head (``None`` for a first or skipped version)."""

    def __repr__(self) -> str:
        return f"<AddResult {short(self.message, 60)}>"


@attrs.frozen(slots=True, repr=False)
class Since:
    """The answer to "what changed since the version this user accepted?"."""

    base: Version
    """The version the user accepted."""
    head: Version
    """The latest version."""
    assessment: Assessment
    """The direct comparison of the two texts."""
    steps: tuple[Version, ...]
    """Every version after *base* up to the head, each with its level against its predecessor."""

    @property
    def level(self) -> Level:
        """Never lower than any step: a material change later reverted still counts."""
        return max([self.assessment.level, *(s.level for s in self.steps if s.level is not None)])

    @property
    def requires_notice(self) -> bool:
        """Users must be told (the level is material or major)."""
        return self.level >= Level.MATERIAL

    @property
    def requires_consent(self) -> bool:
        """Users must agree again (the level is major)."""
        return self.level == Level.MAJOR

    @property
    def reverted(self) -> list[Version]:
        """Steps that needed notice although the net change does not reach their level."""
        return [
            s
            for s in self.steps
            if s.level is not None and s.level >= Level.MATERIAL and s.level > self.assessment.level
        ]

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready data (``history since --json``; see ``policydoc schema since``)."""
        return {
            "from": self.base.label,
            "to": self.head.label,
            "level": self.level.value,
            "requires_notice": self.requires_notice,
            "requires_consent": self.requires_consent,
            "net": self.assessment.to_dict(),
            "steps": [
                {
                    "label": s.label,
                    "level": s.level.value if s.level else None,
                    "reverted": s in self.reverted,
                }
                for s in self.steps
            ],
        }

    def _repr_html_(self) -> str:
        head = (
            f"<p>Since <strong>{esc(self.base.label)}</strong> (to {esc(self.head.label)}): "
            f"{level_badge(self.level)}; notice "
            f"{'required' if self.requires_notice else 'not required'}, consent "
            f"{'required' if self.requires_consent else 'not required'}</p>"
        )
        return (
            f"<div class='policydoc-since'>{head}{_timeline(self.steps, reverted=self.reverted)}"
            f"<p>Net change:</p>{self.assessment._repr_html_()}</div>"
        )

    def __repr__(self) -> str:
        return (
            f"<Since {self.base.label!r} -> {self.head.label!r}: {self.level.value}, "
            f"{len(self.steps)} step{'' if len(self.steps) == 1 else 's'}, "
            f"notice={'yes' if self.requires_notice else 'no'}, "
            f"consent={'yes' if self.requires_consent else 'no'}>"
        )


@attrs.frozen(slots=True, repr=False)
class Problem:
    """A finding of :meth:`History.verify` or :meth:`History.check`."""

    seq: int | None
    """The version's number (``None`` for a problem of the whole store)."""
    label: str | None
    """The version's label (``None`` for a problem of the whole store)."""
    message: str
    """What is wrong, in words."""

    def __repr__(self) -> str:
        return f"<Problem {short(str(self), 70)}>"

    def __str__(self) -> str:
        where = f"version {self.seq} ({self.label})" if self.seq is not None else "store"
        return f"{where}: {self.message}"


_CHAINED = (
    "seq",
    "label",
    "content_hash",
    "previous_hash",
    "effective",
    "published",
    "cause",
    "note",
    "author",
    # The decision recorded with the version is part of the record: editing it must show.
    "revert_of",
    "level",
    "summary",
)


def _chained(row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the chain hash covers, hashes as hex: what an export shows to verify."""
    return {k: (row[k].hex() if isinstance(row[k], bytes) else row[k]) for k in _CHAINED}


def _chain(row: Mapping[str, Any]) -> bytes:
    # Canonical JSON of everything that identifies a version, chained to its predecessor.
    payload = json.dumps(_chained(row), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).digest()


def _date(value: dt.date | str | None, what: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise HistoryError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)") from None


def _timestamp(value: dt.datetime | str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise HistoryError(f"published: {value!r} is not an ISO timestamp") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


class History:
    """Versions of one policy. Open with :meth:`History.open`."""

    def __init__(
        self, store: Store, *, rules: RuleSet | None = None, snapshot_every: int = SNAPSHOT_EVERY
    ):
        if not isinstance(snapshot_every, int) or snapshot_every < 1:
            raise HistoryError(
                f"snapshot_every must be a whole number >= 1, not {snapshot_every!r}"
            )
        self.store = store
        """Where the versions are kept (a :class:`~policydoc.history.store.Store`)."""
        self.rules = rules
        """Significance rules for assessing new versions (``None``: the defaults)."""
        self.snapshot_every = snapshot_every
        """A full or key text is stored every this many versions; patches in between."""
        self._texts: dict[int, str] = {}

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        rules: RuleSet | None = None,
        snapshot_every: int = SNAPSHOT_EVERY,
        timeout: float = 60.0,
        readonly: bool = False,
    ) -> History:
        """Open or create the store at *path*: a SQLite file (default ``.policydoc/history.sqlite3``)
        or a ``postgresql://`` URL (needs ``policydoc[postgres]``).

        *timeout* is how many seconds a writer waits for other writers before giving up.
        *readonly* opens an existing store without writing to it (a missing store is an
        error), which also works on read-only files and media.
        """
        store = open_store(
            path if path is not None else DEFAULT_STORE, timeout=timeout, readonly=readonly
        )
        return cls(store, rules=rules, snapshot_every=snapshot_every)

    def close(self) -> None:
        """Close the store; the history cannot be used afterwards."""
        self.store.close()

    def _where(self) -> str:
        path = getattr(self.store, "path", None)
        return str(path) if path is not None else type(self.store).__name__

    def __repr__(self) -> str:
        try:
            head = self.head
        except PolicyError:  # closed or unreadable: a repr must not raise
            return f"<History {short(self._where(), 60)} (not readable)>"
        if head is None:
            return f"<History {short(self._where(), 60)}: empty>"
        level = head.level.value if head.level else "first"
        return (
            f"<History {short(self._where(), 60)}: {head.seq} version"
            f"{'' if head.seq == 1 else 's'}, head {short(head.label)} {level}>"
        )

    def _repr_html_(self) -> str:
        try:
            versions = self.versions
        except PolicyError as e:
            return f"<p>History {esc(self._where())}: {esc(e)}</p>"
        return (
            f"<div class='policydoc-history'><strong>History {esc(self._where())}</strong> "
            f"({len(versions)} versions){_timeline(versions)}</div>"
        )

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading --------------------------------------------------------------------------

    def _version(self, row: StoredRow, labels: dict[int, str] | None = None) -> Version:
        try:
            return self._make_version(row, labels)
        except (TypeError, ValueError, AttributeError) as e:
            # Only a row edited outside policydoc gets here (add() validates everything).
            raise StoreError(
                f"version {row.seq!r}: stored metadata is damaged ({e}); run verify"
            ) from None

    def _make_version(self, row: StoredRow, labels: dict[int, str] | None) -> Version:
        revert = None
        if row.revert_of is not None:
            if labels is not None:
                revert = labels.get(row.revert_of)
            else:
                target = self.store.row(row.revert_of)
                revert = target.label if target else None
        categories, needs_review = _read_summary(row.summary)
        published = dt.datetime.fromisoformat(row.published)
        return Version(
            seq=row.seq,
            label=row.label,
            content_hash=_hex(row.content_hash),
            previous_hash=_hex(row.previous_hash),
            chain_hash=_hex(row.chain_hash),
            effective=dt.date.fromisoformat(row.effective) if row.effective else None,
            published=published,
            cause=row.cause,
            note=row.note,
            author=row.author,
            revert_of=revert,
            level=Level(row.level) if row.level else None,
            history=self,
            categories=categories,
            needs_review=needs_review,
        )

    @property
    def versions(self) -> list[Version]:
        """Every version, oldest first."""
        rows = self.store.rows()
        labels = {r.seq: r.label for r in rows}
        return [self._version(r, labels) for r in rows]

    @property
    def head(self) -> Version | None:
        """The latest version, or ``None`` for an empty history."""
        row = self.store.last()
        return self._version(row) if row else None

    def __len__(self) -> int:
        last = self.store.last()
        return last.seq if last else 0

    def __iter__(self) -> Iterator[Version]:
        return iter(self.versions)

    def __getitem__(self, label: str) -> Version:
        row = self.store.row_by_label(label)
        if row is None:
            raise HistoryError(f"no version labelled {label!r}" + self._hint(label))
        return self._version(row)

    def __contains__(self, label: object) -> bool:
        return isinstance(label, str) and self.store.row_by_label(label) is not None

    def _hint(self, label: str) -> str:
        import difflib

        close = difflib.get_close_matches(label, [r.label for r in self.store.rows()], n=3)
        return f"; did you mean {', '.join(map(repr, close))}?" if close else ""

    def text(self, label: str) -> str:
        """The exact text of a version, rebuilt from its snapshot and patches."""
        return self._text(self[label].seq)

    def _text(self, seq: int) -> str:
        cached = self._texts.get(seq)
        if cached is not None:
            return cached
        base, keys = self._anchors(seq)
        start = keys[-1].seq if keys else base.seq
        rows = self.store.range(start + 1, seq)
        if any(r.storage != "delta" for r in rows):
            raise StoreError(f"version {seq}: unexpected stored text kinds; the store is damaged")
        text = rebuild([base, *keys, *rows])
        if len(self._texts) > 64:
            self._texts.clear()
        self._texts[seq] = text
        return text

    def _anchors(self, seq: int) -> tuple[StoredRow, list[StoredRow]]:
        """The last full text at or before *seq*, and the key texts after it up to *seq*."""
        full = self.store.nearest_full(seq)
        if full is None:
            raise StoreError(
                f"version {seq}: no full snapshot to rebuild it from; the store is damaged"
            )
        return full, self.store.keys(full.seq + 1, seq)

    def _assess_seq(self, a: int, b: int) -> Assessment:
        return assess(compare(parse(self._text(a)), parse(self._text(b))), rules=self.rules)

    def log(self) -> list[dict[str, Any]]:
        """One entry per version: label, dates, cause, level against the previous version."""
        return [v.to_dict() for v in self.versions]

    # -- writing --------------------------------------------------------------------------

    def add(
        self,
        text_or_policy: str | Policy,
        *,
        label: str,
        effective: dt.date | str | None = None,
        published: dt.datetime | str | None = None,
        cause: str = "change",
        note: str | None = None,
        author: str | None = None,
    ) -> AddResult:
        """Record a new version (compared with and assessed against the head)."""
        text = text_or_policy.source if isinstance(text_or_policy, Policy) else text_or_policy
        if not isinstance(text, str):
            raise TypeError(
                f"add() needs Markdown text or a Policy, not {type(text_or_policy).__name__}"
            )
        if not isinstance(label, str) or not label.strip():
            raise HistoryError("a version needs a non-empty label")
        if cause not in CAUSES:
            raise HistoryError(f"cause must be one of {', '.join(CAUSES)}, not {cause!r}")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as e:
            raise PolicyError(
                f"{label}: the text holds a character that cannot be stored as UTF-8 "
                f"(at offset {e.start}: {text[e.start]!r})"
            ) from None
        if effective is None and isinstance(text_or_policy, Policy):
            effective = text_or_policy.metadata.get("effective")
        eff = _date(effective, "effective")
        pub = _timestamp(published)
        policy = parse(
            text, source=label
        )  # refuses what cannot be parsed, before touching the store
        content_hash = _digest(text)
        normal_hash = _digest(normalize(text))[:8]

        # The expensive part (assessment and delta against the head) before the write lock,
        # so other writers do not queue behind it; redone under the lock only if the head moved.
        with self.store.read():
            before = self.store.last()
            prepared = (
                self._prepare(before, text, policy)
                if before is None or before.content_hash != content_hash
                else (_row_key(before), None, "full", b"")
            )
        with self.store.write():
            if self.store.row_by_label(label) is not None:
                raise HistoryError(
                    f"label {label!r} is already used; labels are unique in a history"
                )
            last = self.store.last()
            if last is not None and last.content_hash == content_hash:
                head = self._version(last)
                return AddResult(
                    head, False, f"identical to the head version {last.label!r}; nothing recorded"
                )
            head_eff = (
                _date(last.effective, f"version {last.seq}: stored effective date (damaged store)")
                if last is not None and last.effective
                else None
            )
            if last is not None and eff is not None and head_eff is not None and eff < head_eff:
                raise HistoryError(
                    f"effective date {eff.isoformat()} is earlier than the head's ({last.effective}, "
                    f"version {last.label!r})"
                )
            revert_of: int | None = None
            if last is None:
                cause = "first_record"
            else:
                earlier = self.store.find_normal(normal_hash, last.seq)
                revert_of = earlier.seq if earlier is not None else None
            if prepared[0] != _row_key(last):
                # Another writer added a version since: redo the work against the new head.
                prepared = self._prepare(last, text, policy)
            _, assessment, storage, data = prepared
            seq = (last.seq if last else 0) + 1
            fields: dict[str, Any] = {
                "seq": seq,
                "label": label,
                "content_hash": content_hash,
                "previous_hash": last.chain_hash if last else b"",
                "effective": eff.isoformat() if eff else None,
                "published": pub.isoformat(),
                "cause": cause,
                "note": note,
                "author": author,
                "revert_of": revert_of,
                "level": assessment.level.value if assessment else None,
                "summary": _summary(assessment),
            }
            row = StoredRow(
                chain_hash=_chain(fields),
                normal_hash=normal_hash,
                storage=storage,
                data=data,
                size=len(text.encode("utf-8")),
                **fields,
            )
            self.store.insert(row)
            self.store.set_meta("head", f"{seq}:{row.chain_hash.hex()}")
            if seq == 1:
                # Which normaliser the normal-hashes were computed with: verify checks them only
                # when it is today's, so an improved normaliser is never reported as tampering.
                self.store.set_meta("normalizer", NORMALIZER_VERSION)
        self._texts[seq] = text
        version = self._version(row)
        msg = f"recorded version {seq} {label!r}"
        if assessment is not None:
            msg += f": {assessment.level.value}"
        if version.revert_of:
            msg += f" (restores version {version.revert_of!r})"
        return AddResult(version, True, msg, assessment)

    def _prepare(
        self, last: StoredRow | None, text: str, policy: Policy
    ) -> tuple[tuple[int, bytes], Assessment | None, str, bytes]:
        """Assessment against *last* and how to store *text* after it (full, key or delta)."""
        if last is None:
            return _row_key(last), None, "full", _pack(text)
        head_text = self._text(last.seq)
        assessment = assess(compare(parse(head_text, source=last.label), policy), rules=self.rules)
        storage, data = "full", _pack(text)
        if last.seq % self.snapshot_every != 0:
            storage, data = "delta", _pack(delta(head_text, text))
        elif last.seq % (self.snapshot_every * KEYS_PER_FULL) != 0 and (
            self.store.schema_version >= 2
        ):
            # A key text: a delta from the previous full or key text, so reading any
            # version applies a few key deltas and fewer than snapshot_every others.
            full, keys = self._anchors(last.seq)
            anchor = keys[-1].seq if keys else full.seq
            storage, data = "key", _pack(delta(self._text(anchor), text))
        return _row_key(last), assessment, storage, data

    # -- questions ------------------------------------------------------------------------

    def compare(self, a: str, b: str) -> Any:
        """Compare two versions (any two, not only neighbours) by label."""
        return compare(parse(self.text(a), source=a), parse(self.text(b), source=b))

    def assess(self, a: str, b: str) -> Assessment:
        """Assess the change between any two versions by label."""
        return assess(self.compare(a, b), rules=self.rules)

    def since(self, label: str) -> Since:
        """What changed from version *label* to the head, cumulatively and step by step."""
        with self.store.read():  # one snapshot: a concurrent add() cannot slip in between
            base = self[label]
            versions = self.versions
            head = versions[-1]
            steps = tuple(v for v in versions if v.seq > base.seq)
            return Since(
                base=base, head=head, assessment=self.assess(base.label, head.label), steps=steps
            )

    def check(
        self, *, notice_days: int | None = None, major_notice_days: int | None = None
    ) -> list[Problem]:
        """Versions whose notice period (publication to effective date) is too short."""
        settings = self.rules.settings if self.rules is not None else {}
        material_days = (
            notice_days
            if notice_days is not None
            else int(settings.get("notice-days", DEFAULT_NOTICE_DAYS))
        )
        major_days = (
            major_notice_days
            if major_notice_days is not None
            else int(settings.get("major-notice-days", DEFAULT_NOTICE_DAYS))
        )
        problems = []
        for v in self.versions:
            if v.level is None or v.level < Level.MATERIAL:
                continue
            need = major_days if v.level == Level.MAJOR else material_days
            if v.effective is None:
                problems.append(
                    Problem(
                        v.seq,
                        v.label,
                        f"{v.level.value} change with no effective date; needs {need} days' notice",
                    )
                )
                continue
            days = (v.effective - v.published.date()).days
            if days < need:
                problems.append(Problem(v.seq, v.label, _late(v, days, need)))
        return problems

    def verify(self, *, head: str | None = None) -> list[Problem]:
        """Recompute every hash and the chain; an empty list means the history is intact.

        *head* is a chain hash kept outside the store (``export`` and ``verify`` print it,
        as ``SEQ:HASH`` or the bare hash): the store must still hold that version, on an
        intact chain. Without it, removing the last versions or rewriting the whole chain
        with recomputed hashes cannot be told from a shorter honest history.
        """
        expected_head = _parse_head(head) if head is not None else None
        with self.store.read():  # rows and head from one snapshot, even while others add
            problems = self._verify()
            if expected_head is not None:
                problems.extend(self._check_head(*expected_head))
            return problems

    def _check_head(self, seq: int | None, chain_hash: str) -> list[Problem]:
        row = self.store.row(seq) if seq is not None else None
        rows = [row] if row is not None else ([] if seq is not None else self.store.rows())
        if any(isinstance(r.chain_hash, bytes) and r.chain_hash.hex() == chain_hash for r in rows):
            return []
        where = f"version {seq}" if seq is not None else "any version"
        return [
            Problem(
                seq,
                row.label if row is not None and isinstance(row.label, str) else None,
                f"the head hash kept outside the store ({chain_hash[:12]}…) is not the chain hash "
                f"of {where}: versions were removed or the chain was rewritten",
            )
        ]

    def _verify(self) -> list[Problem]:
        same_normalizer = self.store.get_meta("normalizer") == NORMALIZER_VERSION
        problems: list[Problem] = []
        rows = self.store.rows()
        previous = b""
        self._texts.clear()
        chain = TextChain()
        for expected_seq, row in enumerate(rows, start=1):

            def problem(message: str, row: StoredRow = row) -> None:
                label = row.label if isinstance(row.label, str) else repr(row.label)
                problems.append(Problem(row.seq, label, message))

            bad_types = _bad_types(row)
            if bad_types:
                problem("stored fields have the wrong type or value: " + "; ".join(bad_types))
            if row.seq != expected_seq:
                problem(f"sequence gap or reordering: expected version {expected_seq}")
            if row.previous_hash != previous:
                problem("previous-hash does not match the chain hash of the version before it")
            try:
                chained = _chain(attrs.asdict(row))
            except (TypeError, ValueError):
                chained = b""
            if chained != row.chain_hash:
                problem("chain hash does not match the stored metadata (edited row)")
            try:
                text = chain.push(row)
            except StoreError as e:
                reason = e.reason if isinstance(e, Unbuildable) else e.message
                problem(f"text cannot be rebuilt: {reason}")
            else:
                if _digest(text) != row.content_hash:
                    problem("stored text does not match its content hash (edited text)")
                else:
                    # Derived from the text, so not chained: recomputed here instead.
                    if row.size != len(text.encode("utf-8")):
                        problem(f"stored size {row.size!r} is not the size of the text")
                    if same_normalizer and row.normal_hash != _digest(normalize(text))[:8]:
                        problem("stored normal-hash does not match the text (edited row)")
            previous = row.chain_hash
        head = self.store.get_meta("head")
        expected = f"{rows[-1].seq}:{_hex(rows[-1].chain_hash)}" if rows else None
        if head != expected:
            problems.append(
                Problem(
                    None,
                    None,
                    f"recorded head {head!r} does not match the last stored version ({expected!r}): versions were removed or added outside policydoc",
                )
            )
        return problems

    @property
    def head_hash(self) -> str | None:
        """``SEQ:HASH`` of the last version: keep it elsewhere and pass it to ``verify(head=...)``."""
        last = self.store.last()
        return f"{last.seq}:{_hex(last.chain_hash)}" if last is not None else None

    # -- import / export --------------------------------------------------------------------

    def export_jsonl(self, out: Any) -> int:
        """Write every version (with its text) as JSON Lines to a text stream; returns the count."""
        n = 0
        with self.store.read():
            rows = {r.seq: r for r in self.store.rows()}
            for v in self.versions:
                line = v.to_dict(text=True)
                # Exactly what the chain hash covers, so an export can be verified on its own.
                line["chained"] = _chained(attrs.asdict(rows[v.seq]))
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                n += 1
        return n

    def _already(self, label: str, text: str) -> AddResult | None:
        row = self.store.row_by_label(label)
        if row is None or row.content_hash != _digest(text):
            return None
        return AddResult(self._version(row), False, f"version {label!r} is already recorded")

    def _record_all(
        self, total: int, found: Iterable[importers.Found], progress: Progress | None
    ) -> list[AddResult]:
        """Record imported versions in turn; *progress* after each one saved (or already saved)."""
        results: list[AddResult] = []
        for v in found:
            result = self._already(v.label, v.text)  # a re-run continues where it stopped
            if result is None:
                label = v.label
                if v.renamable and label in self:
                    label = f"{label}-{len(self) + 1}"
                result = self.add(
                    v.text,
                    label=label,
                    published=v.published,
                    effective=v.effective,
                    cause=v.cause if len(self) else "change",
                    note=v.note,
                )
            results.append(result)
            if progress is not None:
                progress(result, len(results), total)
        return results

    def import_dir(
        self, folder: str | os.PathLike[str], *, progress: Progress | None = None
    ) -> list[AddResult]:
        """Add every ``*.md`` file in *folder*, in name order (``0001.md``, ``2024-03-01.md``, ...).

        A ``meta.json`` beside them (the Open Terms Archive corpus layout) supplies
        dates and causes; otherwise a date in the file name becomes the effective date.
        *progress*, if given, is called as ``progress(result, done, total)`` after each
        file, once its version is saved: each version is its own transaction, so an
        interrupted import keeps what was reported and a re-run continues from there.
        """
        return self._record_all(*importers.from_dir(folder), progress)

    def import_git(
        self, repo: str | os.PathLike[str], path: str, *, progress: Progress | None = None
    ) -> list[AddResult]:
        """Add each commit of *repo* that changed *path* (oldest first); labels are date + short hash.

        A *path* that no commit of *repo* ever had is a :class:`HistoryError` (a typo
        must not look like "nothing to import"). *progress* is called as in
        :meth:`import_dir`.
        """
        return self._record_all(*importers.from_git(repo, path), progress)


def _row_key(row: StoredRow | None) -> tuple[int, bytes]:
    """Identifies the head a prepared version was computed against."""
    return (row.seq, row.chain_hash) if row is not None else (0, b"")


_HEAD_RE = re.compile(r"(?:(\d+):)?([0-9a-fA-F]{64})")


def _parse_head(head: str) -> tuple[int | None, str]:
    m = _HEAD_RE.fullmatch(head.strip())
    if m is None:
        raise HistoryError(
            f"head {head!r} is not a chain hash (64 hex digits, optionally SEQ: before it)"
        )
    return (int(m.group(1)) if m.group(1) else None), m.group(2).lower()


_TYPES: dict[str, tuple[type, ...]] = {
    "seq": (int,),
    "label": (str,),
    "content_hash": (bytes,),
    "previous_hash": (bytes,),
    "chain_hash": (bytes,),
    "effective": (str, type(None)),
    "published": (str,),
    "cause": (str,),
    "note": (str, type(None)),
    "author": (str, type(None)),
    "revert_of": (int, type(None)),
    "normal_hash": (bytes,),
    "storage": (str,),
    "data": (bytes,),
    "size": (int,),
    "level": (str, type(None)),
    "summary": (str, type(None)),
}


def _bad_types(row: StoredRow) -> list[str]:
    """Fields of a stored row that policydoc could not have written."""
    bad = [
        f"{name} is {type(getattr(row, name)).__name__}"
        for name, types in _TYPES.items()
        if not isinstance(getattr(row, name), types) or isinstance(getattr(row, name), bool)
    ]
    if bad:
        return bad

    def valid(name: str) -> bool:
        value = getattr(row, name)
        try:
            if name == "effective":
                return value is None or bool(dt.date.fromisoformat(value))
            if name == "published":
                return bool(dt.datetime.fromisoformat(value))
            if name == "level":
                return value is None or bool(Level(value))
        except ValueError:
            return False
        return value in {"cause": CAUSES, "storage": ("full", "key", "delta")}[name]

    return [
        f"{name} {getattr(row, name)!r} is not valid"
        for name in ("effective", "published", "level", "cause", "storage")
        if not valid(name)
    ]


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _late(v: Version, days: int, need: int) -> str:
    """A too-short notice period in plain words (never "-2530 days' notice")."""
    published, effective = v.published.date(), v.effective
    level = v.level.value if v.level else "change"
    if days < 0:
        return (
            f"{level} change published {published}, {_days(-days)} after it took effect on "
            f"{effective}: users had no notice; at least {_days(need)} required"
        )
    if days == 0:
        return (
            f"{level} change published on the day it took effect ({effective}): users had no "
            f"notice; at least {_days(need)} required"
        )
    notice = "1 day's" if days == 1 else f"{days} days'"
    return (
        f"{level} change published {published}, effective {effective}: only {notice} notice; "
        f"at least {_days(need)} required"
    )


def _hex(value: bytes | str) -> str:
    return value.hex() if isinstance(value, bytes) else str(value)


def _summary(assessment: Assessment | None) -> str | None:
    if assessment is None:
        return None
    # Compact, because it is kept for every version: "sharing,retention", with a
    # trailing "!" when the decision needs review.
    return ",".join(assessment.categories) + ("!" if assessment.needs_review else "")


def _read_summary(summary: str | None) -> tuple[tuple[str, ...], bool]:
    if not summary:
        return (), False
    if summary.startswith("{"):  # written by an earlier development version
        data = json.loads(summary)
        return tuple(data.get("categories", ())), bool(data.get("needs_review", False))
    return tuple(c for c in summary.rstrip("!").split(",") if c), summary.endswith("!")


def _labels(versions: Sequence[Version]) -> list[str]:
    return [v.label for v in versions]
