"""Children and sensitive data (health, biometrics, precise location, ...): newly collected,
newly shared, or newly opened to children."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.rules.helpers import OUTWARD, affirmative_new, newly_named
from policydoc.significance.rules.rows import new_rows
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.words import quote

# A statute's list of categories copied into a policy ("Examples include: a real name, ...,
# passport number" under "categories listed in Cal. Civ. Code 1798.80(e)") names what the law
# covers; new data of those kinds is judged as data, not escalated for each word of the list.
_STATUTORY_LIST = re.compile(
    r"\bcategor(?:y|ies) (?:of personal information )?(?:listed|defined|described|enumerated) in\b"
    r"|\b1798\.\d+|\bciv(?:il|\.)? code\b|\bexamples include\b"
)


# A parent's consent required, or a right given to minors, protects them; it collects nothing.
_PARENT_MUST = re.compile(
    r"\b(?:parent|guardian)s?\b(?:\s+or\s+(?:legal\s+)?guardian)?\s+(?:must|should|needs? to|has to)\b|"
    r"\byou (?:may|can) (?:request|ask|delete|remove|erase|have)"
)


@rule("sensitive.new", "major", "sensitive_data")
def sensitive_new(u: Unit) -> Iterator[Finding]:
    """Sensitive data (health, biometric, precise location, ...) newly collected or shared."""
    if u.new is not None and _STATUTORY_LIST.search(u.new.text):
        return
    if added := newly_named(u, "sensitive"):
        yield Finding(f"Sensitive data newly mentioned as collected or used: {quote(added)}.")


@rule("children.new", "major", "children")
def children_new(u: Unit) -> Iterator[Finding]:
    """Children's data newly collected, or the service newly opened to children."""
    # A changed age threshold ("under 13" -> "under 18") is the age rules' business.
    added = {a for a in newly_named(u, "children") if not any(ch.isdigit() for ch in a)}
    new = u.new
    if (
        added
        and new
        and (new.has("collect_verb") or new.has("share_verb") or new.about_personal_data)
        and not _PARENT_MUST.search(new.text)  # a parent's consent required protects minors
    ):
        yield Finding(f"Data about children newly described as collected or used: {quote(added)}.")


@rule("sensitive.shared", "major", "sensitive_data")
def sensitive_shared(u: Unit) -> Iterator[Finding]:
    """Sensitive data (health, biometric, precise location, ...) newly shared with a recipient."""
    if not affirmative_new(u) or u.new is None:
        return
    local = u.local
    sensitive = u.doc.vocab.find("sensitive", local.text)
    if not sensitive:
        return
    recipients = u.added("recipient") & local.terms("recipient")
    # In a section about sharing, a new item or row naming a recipient shares by its place
    # ("Insurers: your precise GPS traces"), without a verb of its own.
    if (
        (recipients and OUTWARD.search(local.text))
        or (u.topic == "sharing" and any("|" in r for r in new_rows(u)))
        or (recipients and u.topic == "sharing" and u.kind == "insert")
    ):
        yield Finding(f"Sensitive data ({quote(sensitive)}) now goes to new recipients.")
