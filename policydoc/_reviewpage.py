"""The review page's HTML, rendered from an assessment (public face: :mod:`policydoc.review`).

``Assessment.to_html()`` calls into this module, so it reads assessments and
amendments for types only: it imports neither the significance engine nor the
amendment module, and the thin calls on those classes import downward only.
Every policy text is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from policydoc.kinds import ChangeKind
from policydoc.redline import (
    CSP,
    _label,
    _visible,
    body_html,
    change_lines,
    heading_html,
    section_path,
)

if TYPE_CHECKING:
    from policydoc.amendment import SectionChange
    from policydoc.significance import Assessment, Reason

__all__ = ["page"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("policydoc", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _ids(c: SectionChange) -> set[str]:
    return {s.id for s in (*c.old, *c.new)}


def page(assessment: Assessment, *, context: bool = False) -> str:
    """The review page of *assessment* (see :func:`policydoc.review_page`)."""
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
        level = max(r.level for _, r in reasons).value if reasons else _quiet_level(c)
        changes.append(
            {
                "anchor": f"change-{k}",
                "path": section_path(a, c),
                "heading": Markup(heading_html(c)),
                "label": _label(c),
                "level": level,
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


def _quiet_level(c: SectionChange) -> str:
    # The level of a change no rule spoke about, by name: Level lives in the package
    # that calls this module.
    if c.kind in (ChangeKind.UNCHANGED, ChangeKind.FORMATTING):
        return "none"
    return "editorial"


def _no_reason(c: SectionChange) -> str:
    if c.kind == ChangeKind.UNCHANGED:
        return "Unchanged."
    if c.kind == ChangeKind.FORMATTING:
        return "Only formatting changed."
    return "No rule found this change significant."
