"""Security: security measures added, strengthened, removed or weakened."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.analysis import Features
from policydoc.significance.rules.helpers import gone_from_section, term_root, under_user_rules
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.words import quote


@rule("security.weakened", "material", "security")
def weakened(u: Unit) -> Iterator[Finding]:
    """A security commitment was removed or weakened."""
    if (
        u.kind == "delete"
        and u.old
        and u.old.has("security")
        and u.old.protective_verb | u.old.has("security")
    ):
        named = u.old.terms("security") - {"secure", "security"}
        if named and not gone_from_section(u, "security", named):
            return  # every measure it named is still named in the section
        if u.topic == "security" or named:
            yield Finding("A security measure is no longer described.")
    elif u.kind == "modify" and u.old and u.new and not under_user_rules(u):
        removed = gone_from_section(u, "security", u.removed("security") - {"secure", "security"})
        weak = u.added("security_weak")
        if (removed and not u.added("security")) or weak:
            yield Finding(f"Security wording weakened: {quote(removed | weak)}.")
    elif u.kind == "insert" and u.new and u.new.has("security_weak") and u.topic == "security":
        yield Finding("A new caveat limits the security commitment.")


@rule("security.strengthened", "minor", "security")
def strengthened(u: Unit) -> Iterator[Finding]:
    """A security measure was added or strengthened."""
    if u.new is None or u.new.negated or u.kind not in ("modify", "insert"):
        return
    known = {term_root(t) for t in u.doc.disclosed("security")}
    added = {t for t in u.added("security") - {"secure", "security"} if term_root(t) not in known}
    if u.old is not None and _deidentification(u.old) > _deidentification(u.new) > 0:
        return  # "anonymised" -> "pseudonymised" is weaker, whatever new word it uses
    if added and not u.added("security_weak"):
        yield Finding(f"New security measures: {quote(added)}.")


# How far data is stripped of who it is about: anonymised or aggregated data is no longer
# personal data; de-identified data may be; pseudonymised (coded, hashed) data still is.
_DEIDENTIFIED = (
    (3, re.compile(r"\banonymi[sz]\w*|\baggregat\w*|\bnon-identifiable\b")),
    (2, re.compile(r"\bde-?identif\w*")),
    (1, re.compile(r"\bpseudonymi[sz]\w*|\bcoded\b|\bhashed\b|\btokeni[sz]\w*|\bkey-coded\b")),
)


def _deidentification(f: Features) -> int:
    return max((rank for rank, pattern in _DEIDENTIFIED if pattern.search(f.text)), default=0)


@rule("security.deidentification_weakened", "material", "security")
def deidentification_weakened(u: Unit) -> Iterator[Finding]:
    """Data once anonymised or aggregated is now only pseudonymised or de-identified: it still
    identifies people ("anonymised" -> "pseudonymised")."""
    if u.kind != "modify" or u.old is None or u.new is None:
        return
    before, after = _deidentification(u.old), _deidentification(u.new)
    if after and before > after:
        yield Finding(
            "Data is now less stripped of identity than before (e.g. anonymised -> pseudonymised)."
        )
