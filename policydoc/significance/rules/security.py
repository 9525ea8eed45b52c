"""Security: security measures added, strengthened, removed or weakened."""

from __future__ import annotations

from collections.abc import Iterator

from policydoc.significance.rules.helpers import gone_from_section, term_root
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
    elif u.kind == "modify" and u.old and u.new:
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
    if added and not u.added("security_weak"):
        yield Finding(f"New security measures: {quote(added)}.")
