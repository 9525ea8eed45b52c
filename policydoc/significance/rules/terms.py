"""Disputes and terms: dispute resolution, how users are told of changes, and whether new
terms reach data already collected (retroactivity, backdating)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.analysis import Features
from policydoc.significance.rules.helpers import affirmative_new
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import verb_class
from policydoc.significance.rules.words import quote


@rule("retroactive.scope", "major", "retroactive")
def retroactive_scope(u: Unit) -> Iterator[Finding]:
    """New terms apply to data already collected."""
    # "You can delete data we collected before" is a right over old data, not new terms for it.
    if not affirmative_new(u) or u.new is None or _USER_ACTS.search(u.new.text):
        return
    added = u.added("retroactive")
    if added and (
        u.new.use_verb
        or verb_class(u.new) == "use"
        or u.new.has("change_weak")
        or "appl" in u.new.text
    ):
        yield Finding(f"The change reaches data collected before it: {quote(added)}.")


_USER_ACTS = re.compile(
    r"\byou (?:can|may|could|have the right|are entitled|are able)\b|\bright to\b|\brequest (?:that|the)\b"
)

_GRANDFATHER = re.compile(
    r"in effect at the time|at the time (?:it|the information|the data|your information) was collected|only to (?:information|data) collected after|going forward"
)


@rule("retroactive.grandfathering_removed", "major", "retroactive")
def grandfathering_removed(u: Unit) -> Iterator[Finding]:
    """A promise that changes only apply to future data was removed."""
    if (
        u.old
        and _GRANDFATHER.search(u.old.text)
        and not (u.new and _GRANDFATHER.search(u.new.text))
    ):
        yield Finding(
            "The promise that data is governed by the policy in force when it was collected was removed."
        )


# Arbitration the user may choose ("you may invoke binding arbitration") adds a remedy and
# waives nothing; arbitration imposed on the user ("disputes will be resolved by", "you waive
# your right to a jury") takes one away.
_ELECTIVE = re.compile(
    r"\byou (?:may|can|could) (?:also )?(?:elect|choose|invoke|request|opt)\b|\bpossibility to invoke\b"
    r"|\byou have the (?:right|option|possibility) to (?:invoke|elect|choose|request)\b"
    r"|\bat your (?:option|election|choice)\b"
)
_IMPOSED = re.compile(
    r"\bwaive|\bclass(?:-| )action|\bjury\b|\bexclusive(?:ly)?\b|\bmust\b|\bshall\b"
    r"|\b(?:will|are to) be (?:resolved|settled|decided)\b|\bagree to (?:binding |individual )?arbitrat"
)


def _new_dispute_terms(u: Unit) -> set[str]:
    if u.new is None or u.kind not in ("modify", "insert"):
        return set()
    return {t for t in u.added("dispute") if t not in u.doc.disclosed("dispute")}


def _elective(u: Unit) -> bool:
    return (
        u.new is not None and bool(_ELECTIVE.search(u.new.text)) and not _IMPOSED.search(u.new.text)
    )


@rule("dispute.added", "material", "dispute_resolution")
def dispute_added(u: Unit) -> Iterator[Finding]:
    """Arbitration, class-action or jury waivers, or new governing law."""
    if (added := _new_dispute_terms(u)) and not _elective(u):
        yield Finding(f"New dispute-resolution terms: {quote(added)}.")


@rule("dispute.option_added", "minor", "dispute_resolution")
def dispute_option_added(u: Unit) -> Iterator[Finding]:
    """A dispute-resolution route the user may choose (an added remedy, nothing waived)."""
    if (added := _new_dispute_terms(u)) and _elective(u):
        yield Finding(f"A dispute-resolution route you may choose: {quote(added)}.")


@rule("dispute.removed", "minor", "dispute_resolution")
def dispute_removed(u: Unit) -> Iterator[Finding]:
    """Dispute-resolution terms (arbitration, class waivers) were dropped."""
    if u.kind not in ("modify", "delete") or u.old is None:
        return
    gone = u.removed("dispute")
    if gone and not (u.new and u.new.terms("dispute") - u.old.terms("dispute")):
        yield Finding(f"Dispute-resolution terms no longer apply: {quote(gone)}.")


def _about_changes(f: Features, topic: str) -> bool:
    return topic == "changes" or bool(
        re.search(
            r"\b(?:chang|updat|modif|amend|revis)\w*\b.*\b(?:policy|notice|statement|terms)\b|\b(?:policy|notice|statement|terms)\b.*\b(?:chang|updat|modif|amend|revis)",
            f.text,
        )
    )


def _stronger_elsewhere(u: Unit) -> bool:
    """Did the section gain a notice promise while losing this sentence (a rewrite)?"""
    if u.change is None:
        return False
    vocab = u.doc.vocab
    before = vocab.find("change_strong", " ".join(s.text for s in u.change.old).lower())
    after = vocab.find("change_strong", " ".join(s.text for s in u.change.new).lower())
    return bool(after - before)


@rule("change_clause.weakened", "material", "policy_change_clause")
def change_clause_weakened(u: Unit) -> Iterator[Finding]:
    """How users are told about changes got weaker."""
    f = u.new or u.old
    if f is None or not _about_changes(f, u.topic):
        return
    if u.kind == "delete" and u.old and u.old.has("change_strong") and not u.old.negated:
        if not _stronger_elsewhere(u):
            yield Finding("A promise to notify users of changes was deleted.")
    elif u.kind in ("modify", "insert"):
        weak = u.added("change_weak")
        strong_lost = u.removed("change_strong")
        if weak or (strong_lost and not u.added("change_strong")):
            yield Finding(f"The change-notice clause is weaker: {quote(weak | strong_lost)}.")


@rule("change_clause.strengthened", "minor", "policy_change_clause")
def change_clause_strengthened(u: Unit) -> Iterator[Finding]:
    """Users are told about changes more reliably."""
    f = u.new
    if (
        f is None
        or f.negated
        or not _about_changes(f, u.topic)
        or u.kind not in ("modify", "insert")
    ):
        return
    strong = u.added("change_strong")
    if strong and not u.added("change_weak"):
        yield Finding(f"Stronger notice of changes: {quote(strong)}.")


_DATE_KEYS = ("effective", "effective_date", "effective-date", "effective_from")


@rule("retroactive.backdated", "major", "retroactive")
def backdated(u: Unit) -> Iterator[Finding]:
    """The effective date moved into the past: the new terms reach back."""
    if u.kind != "metadata" or u.old is None or u.new is None or u.section_title not in _DATE_KEYS:
        return
    from policydoc.dates import parse_date

    before, after = parse_date(u.old.raw), parse_date(u.new.raw)
    if before is not None and after is not None and after < before:
        yield Finding(
            f"The {u.section_title} date moved back from {before.isoformat()} to {after.isoformat()}."
        )


# "You can cancel at any time" or "you may terminate" is the user's option, not a new risk.
_USER_OPTION = re.compile(r"\byou (?:can|may|could|are free to|have the right to)\b")


def _new_risk_terms(u: Unit) -> set[str]:
    if not affirmative_new(u) or u.new is None or _USER_OPTION.search(u.local.text):
        return set()
    return {t for t in u.added("tos_risk") if t not in u.doc.disclosed("tos_risk")}


@rule("terms.risk_added", "material", "other")
def risk_added(u: Unit) -> Iterator[Finding]:
    """A term that costs the user money, rights or content: automatic renewal, fees, a
    liability cap, an indemnity, a perpetual content licence, account termination."""
    if added := _new_risk_terms(u):
        yield Finding(f"New terms that cost users money, rights or content: {quote(added)}.")


@rule("terms.risk_removed", "minor", "other")
def risk_removed(u: Unit) -> Iterator[Finding]:
    """Such a term was dropped (in the user's favour)."""
    if u.kind not in ("modify", "delete") or u.old is None or u.old.negated:
        return
    gone = u.removed("tos_risk") - (u.new.terms("tos_risk") if u.new else set())
    if gone:
        yield Finding(
            f"Terms that cost users money, rights or content no longer apply: {quote(gone)}."
        )
