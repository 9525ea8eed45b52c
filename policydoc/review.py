"""The review page: an HTML report that puts each change next to its level and reasons.

What a legal reviewer reads: the verdict and the draft notice at the top, a
table of contents of the changed sections coloured by level, then every
changed section as a structured redline beside the reasons the rules gave.
The page is self-contained (inline CSS, no script, a Content-Security-Policy
that allows nothing else), every policy text is escaped by Jinja2's
autoescaping, and it prints readably.
"""

from __future__ import annotations

from policydoc._reviewpage import page
from policydoc.amendment import Amendment
from policydoc.significance import Assessment

__all__ = ["review_page"]


def review_page(subject: Amendment | Assessment, *, context: bool = False) -> str:
    """The review page of an amendment (assessed with the default rules) or an assessment.

    The same page as :meth:`Assessment.to_html() <policydoc.Assessment.to_html>` and
    :meth:`Amendment.to_html() <policydoc.Amendment.to_html>`; *context* also lists the
    unchanged sections.
    """
    if isinstance(subject, Amendment):
        subject = subject.assess()
    elif not isinstance(subject, Assessment):
        raise TypeError(
            f"review_page() needs an Amendment or an Assessment, not {type(subject).__name__}"
        )
    return page(subject, context=context)
