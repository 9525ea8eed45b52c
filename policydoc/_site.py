"""What the documentation integrations share: review a policy page against its history.

The MkDocs plugin, the Sphinx extension and the pre-commit hook are thin faces over
this module, which itself only uses the public API: :func:`policydoc.parse`,
:func:`policydoc.compare`, :func:`policydoc.assess`, :class:`policydoc.History` and
:class:`policydoc.Settings`. Everything here is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import html
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import attrs

from policydoc.compare import compare
from policydoc.history import History
from policydoc.history.backends import store_exists
from policydoc.model import Policy
from policydoc.parse import parse
from policydoc.settings import Settings
from policydoc.significance import Assessment, Level, assess

__all__ = [
    "Box",
    "Entry",
    "PageReview",
    "box",
    "change_box",
    "changelog",
    "effective_date",
    "is_policy",
    "policy_name",
    "record",
    "review",
]

_BOX_ITEMS = 6


def is_policy(path: str, settings: Settings) -> bool:
    """Whether *path* (posix, relative to the docs folder or repository) matches ``policies``."""
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in settings.policies)


def policy_name(path: str) -> str:
    """``legal/privacy.md`` -> ``legal/privacy``: the ``{name}`` in a store path."""
    p = PurePosixPath(path)
    return str(p.with_suffix("")) if p.suffix.lower() in (".md", ".markdown") else str(p)


@attrs.frozen(slots=True)
class Entry:
    """One line of a policy's changelog: a recorded version, or the change not yet recorded."""

    label: str
    effective: dt.date | None
    published: dt.date | None
    level: Level | None
    redline: str | None
    """HTML fragment against the entry before it (``None`` for the first version)."""


@attrs.frozen(slots=True)
class PageReview:
    """A policy page compared with the last version recorded in its history store."""

    path: str
    title: str
    text: str
    store: Path | str
    """The history store: a SQLite file or a ``postgresql://`` URL."""
    effective: dt.date | None
    pending: Assessment | None
    """This text against the last recorded version (``None``: nothing recorded, or identical)."""
    last: Assessment | None
    """The last recorded version against the one before it."""
    entries: tuple[Entry, ...]
    """Newest first; the unrecorded change, if any, comes first."""
    blocked: str | None
    """The gate's message when this change may not be published yet."""

    @property
    def shown(self) -> Assessment | None:
        """What the "What changed" box describes: the unrecorded change, else the last recorded one."""
        return self.pending if self.pending is not None else self.last


def effective_date(policy: Policy) -> dt.date | None:
    value = policy.metadata.get("effective")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def review(
    path: str,
    text: str,
    settings: Settings,
    *,
    root: str | Path = ".",
    today: dt.date,
    changelog: bool = True,
) -> PageReview:
    """Compare the page *text* (at *path*) with its history and apply the gate as of *today*.

    A store that does not exist is read as an empty history and is not created.
    """
    store = settings.store_location(policy_name(path), root=root)
    policy = parse(text, source=path)
    effective = effective_date(policy)
    pending: Assessment | None = None
    last: Assessment | None = None
    entries: list[Entry] = []
    if store_exists(store):
        rules = settings.rules()
        with History.open(store, rules=rules) as history:
            versions = history.versions
            if versions:
                head = versions[-1]
                head_policy = head.policy
                if head.text != text:
                    amendment = compare(head_policy, policy)
                    pending = assess(amendment, rules=rules)
                    if changelog:
                        entries.append(
                            Entry(
                                "not yet recorded",
                                effective,
                                None,
                                pending.level,
                                amendment._repr_html_(),
                            )
                        )
                if len(versions) > 1:
                    last = head.assessment
            if changelog:
                previous: Policy | None = None
                steps: list[Entry] = []
                for v in versions:
                    current = v.policy
                    redline = compare(previous, current)._repr_html_() if previous else None
                    steps.append(Entry(v.label, v.effective, v.published.date(), v.level, redline))
                    previous = current
                entries.extend(reversed(steps))
    blocked = (
        settings.gate(pending, effective=effective, today=today) if pending is not None else None
    )
    return PageReview(
        path=path,
        title=policy.title or path,
        text=text,
        store=store,
        effective=effective,
        pending=pending,
        last=last,
        entries=tuple(entries),
        blocked=blocked,
    )


def record(page: PageReview, settings: Settings, *, today: dt.date) -> str | None:
    """Record the page as a new version when it differs from the last one; the store's message."""
    if page.blocked is not None:
        return None
    if isinstance(page.store, Path):
        page.store.parent.mkdir(parents=True, exist_ok=True)
    with History.open(page.store, rules=settings.rules()) as history:
        head = history.head
        if head is not None and head.text == page.text:
            return None
        meta = parse(page.text, source=page.path).metadata.get("version")
        base = str(meta) if isinstance(meta, (str, int, float)) and str(meta).strip() else None
        base = base or (page.effective or today).isoformat()
        label, n = base, 1
        while label in history:
            n += 1
            label = f"{base}-{n}"
        result = history.add(page.text, label=label, effective=page.effective)
        return f"{page.path}: {result.message}"


def _summary(assessment: Assessment) -> list[tuple[str, str]]:
    """(section title, plain sentence) pairs: notice headlines when a notice is due, else reasons."""
    notice = assessment.notice()
    if notice:
        return [(item.section, item.headline) for item in notice.items]
    out: list[tuple[str, str]] = []
    for r in assessment.reasons:
        if r.level >= Level.MINOR and (r.section_title, r.message) not in out:
            out.append((r.section_title, r.message))
    return out


@attrs.frozen(slots=True)
class Box:
    """What the "What changed" box says, for each face to render in its own markup."""

    level: Level
    requires_notice: bool
    effective: dt.date | None
    items: tuple[tuple[str, str], ...]
    """(section title, plain sentence), at most a handful."""
    more: int
    """How many further items were left out."""

    @property
    def lead(self) -> str:
        when = f" They take effect on {self.effective.isoformat()}." if self.effective else ""
        return f"This version makes {self.level.value} changes to the policy.{when}"


def box(page: PageReview) -> Box | None:
    """The box for *page*, or ``None`` when the change shown is below ``minor``."""
    a = page.shown
    if a is None or a.level < Level.MINOR:
        return None
    items = _summary(a)
    return Box(
        level=a.level,
        requires_notice=a.requires_notice,
        effective=page.effective if page.pending is not None else None,
        items=tuple(items[:_BOX_ITEMS]),
        more=max(0, len(items) - _BOX_ITEMS),
    )


def change_box(page: PageReview, *, href: str | None) -> str:
    """The "What changed" box as HTML, or ``""`` when the change shown is below ``minor``."""
    b = box(page)
    if b is None:
        return ""
    kind = "warning" if b.requires_notice else "note"
    lis = "".join(
        f"<li><strong>{html.escape(section)}</strong>: {html.escape(text)}</li>"
        for section, text in b.items
    )
    if b.more:
        lis += f"<li>and {b.more} more</li>"
    link = (
        f'<p><a href="{html.escape(href, quote=True)}">Review every change</a></p>\n'
        if href
        else ""
    )
    return (
        f'<div class="admonition {kind} policydoc-changes" data-level="{b.level.value}">\n'
        f'<p class="admonition-title">What changed</p>\n'
        f"<p>{html.escape(b.lead)}</p>\n<ul>{lis}</ul>\n{link}</div>\n"
    )


def changelog(entries: Iterable[Entry]) -> str:
    """Every version, newest first, with its dates, level and redline (HTML)."""
    parts = ['<div class="policydoc-changelog">']
    entries = list(entries)
    if not entries:
        parts.append("<p>No versions recorded yet.</p>")
    for n, e in enumerate(entries, start=1):
        facts = []
        if e.effective:
            facts.append(f"effective {e.effective.isoformat()}")
        if e.published:
            facts.append(f"published {e.published.isoformat()}")
        level = e.level.value if e.level else "first recorded version"
        facts.append(f"level <strong>{html.escape(level)}</strong>")
        parts.append(
            f'<section class="policydoc-version">\n<h2>{html.escape(e.label)}</h2>\n'
            f"<p>{'; '.join(facts)}</p>"
        )
        if e.redline:
            # Each redline numbers its anchors from change-0; several share this page.
            # (Text from the policy is escaped, so only the renderer's own markup matches.)
            parts.append(
                e.redline.replace('id="change-', f'id="v{n}-change-').replace(
                    'href="#change-', f'href="#v{n}-change-'
                )
            )
        parts.append("</section>")
    parts.append("</div>")
    return "\n".join(parts) + "\n"
