"""The review page: an HTML report that puts each change next to its level and reasons.

What a legal reviewer reads: the verdict and the draft notice at the top, a
table of contents of the changed sections coloured by level, then every
changed section as a structured redline beside the reasons the rules gave.
The page is self-contained (inline CSS, no script, a Content-Security-Policy
that allows nothing else), every policy text is escaped by Jinja2's
autoescaping, and it prints readably.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup

from policydoc.amendment import Amendment, ChangeKind, SectionChange
from policydoc.redline import (
    CSP,
    _label,
    _visible,
    body_html,
    change_lines,
    heading_html,
    section_path,
)
from policydoc.significance import Assessment, Level, Reason, assess

__all__ = ["review_page"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("policydoc", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _ids(c: SectionChange) -> set[str]:
    return {s.id for s in (*c.old, *c.new)}


def review_page(subject: Amendment | Assessment, *, context: bool = False) -> str:
    """The review page of an amendment (assessed with the default rules) or an assessment."""
    if isinstance(subject, Amendment):
        assessment = assess(subject)
    elif isinstance(subject, Assessment):
        assessment = subject
    else:
        raise TypeError(
            f"review_page() needs an Amendment or an Assessment, not {type(subject).__name__}"
        )
    a = assessment.amendment
    claimed: set[int] = set()
    changes: list[dict[str, Any]] = []
    for k, c in enumerate(_visible(a, context)):
        ids = _ids(c)
        reasons = [
            (n, r)
            for n, r in enumerate(assessment.reasons)
            if r.section_id in ids and n not in claimed
        ]
        claimed.update(n for n, _ in reasons)
        level = max((r.level for _, r in reasons), default=_quiet_level(c))
        changes.append(
            {
                "anchor": f"change-{k}",
                "path": section_path(a, c),
                "heading": Markup(heading_html(c)),
                "label": _label(c),
                "level": level.value,
                "reasons": [r for _, r in reasons],
                "no_reason": _no_reason(c),
                "body": Markup(body_html(change_lines(c))),
            }
        )
    other: list[Reason] = [r for n, r in enumerate(assessment.reasons) if n not in claimed]
    notice = assessment.notice()
    counts = {k: v for k, v in a.counts().items() if v and k != "unchanged"}
    template = _ENV.get_template("review.html.j2")
    return template.render(
        csp=CSP,
        title=a.new.title or a.new.source_name or "policy",
        old_name=a.old.source_name or "old version",
        new_name=a.new.source_name or "new version",
        level=assessment.level.value,
        requires_notice=assessment.requires_notice,
        requires_consent=assessment.requires_consent,
        needs_review=assessment.needs_review,
        counts=", ".join(f"{v} {k}" for k, v in counts.items()) + "." if counts else "",
        notice=notice.to_text() if notice else "",
        metadata=[
            {
                "key": m.key,
                "old": "" if m.old is None else str(m.old),
                "new": "" if m.new is None else str(m.new),
            }
            for m in a.metadata
        ],
        changes=changes,
        other_reasons=other,
    )


def _quiet_level(c: SectionChange) -> Level:
    if c.kind in (ChangeKind.UNCHANGED, ChangeKind.FORMATTING):
        return Level.NONE
    return Level.EDITORIAL


def _no_reason(c: SectionChange) -> str:
    if c.kind == ChangeKind.UNCHANGED:
        return "Unchanged."
    if c.kind == ChangeKind.FORMATTING:
        return "Only formatting changed."
    return "No rule found this change significant."
