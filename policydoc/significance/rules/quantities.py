"""Quantities: periods (retention, notice, response time) and minimum ages that moved for or
against the user."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.analysis import Features
from policydoc.significance.rules.helpers import modified
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.words import same_period

_NOTICE_CTX = re.compile(
    r"\bnotif|\bnotice\b|\bbefore\b|\bprior\b|\bin advance\b|\binform\b|\bemail you\b"
)
_RESPONSE_CTX = re.compile(
    r"\brespond|\bresponse\b|\breply\b|\bfulfil|\bcomplete your request\b|\bprocess your request\b"
)


# A period the user has to act in ("request a refund within 30 days"): longer is better.
_USER_WINDOW = re.compile(
    r"\byou (?:may|can|have|are entitled to)\b[^.;]*\bwithin\b|"
    r"\b(?:refund|cancel\w*|return|withdraw\w*|money-back|cooling-off|trial)\b[^.;]*\bwithin\b"
)


# "We will notify you within 72 hours of a breach": a deadline to tell, shorter is better.
_DEADLINE = re.compile(r"\bwithin\b")
_AHEAD = re.compile(r"\bbefore\b|\bprior\b|\bin advance\b|\bat least\b|\bahead\b")


def _duration_context(f: Features, topic: str) -> str:
    if _USER_WINDOW.search(f.text) and not _RESPONSE_CTX.search(f.text):
        return "window"
    if _NOTICE_CTX.search(f.text) and _DEADLINE.search(f.text) and not _AHEAD.search(f.text):
        return "response"
    if _RESPONSE_CTX.search(f.text):
        return "response"
    if _NOTICE_CTX.search(f.text) and (
        topic == "changes" or "chang" in f.text or "updat" in f.text
    ):
        return "notice"
    if f.has("retention") or topic == "retention":
        return "retention"
    if _NOTICE_CTX.search(f.text):
        return "notice"
    return "unknown"


def _new_vague(old: Features, new: Features) -> bool:
    return len(new.terms("retention_vague")) > len(old.terms("retention_vague")) or (
        len(re.findall(r"\bas long as\b", new.text)) > len(re.findall(r"\bas long as\b", old.text))
    )


@rule("quantity.worse", "material", "retention")
def worse(u: Unit) -> Iterator[Finding]:
    """A number moved against the user: longer retention, shorter notice, slower response."""
    yield from _quantity(u, worse=True)


@rule("quantity.changed", "minor", "other")
def changed(u: Unit) -> Iterator[Finding]:
    """A period of time changed and whether it favours the user could not be told: review it."""
    if u.kind != "modify" or not (u.old and u.new):
        return
    a, b = u.old.durations, u.new.durations
    if not (a and b) or sorted(a) == sorted(b) or len(b) < len(a):
        return
    if len(a) == len(b) and all(map(same_period, sorted(a), sorted(b))):
        return
    if _duration_context(u.new, u.topic) == "unknown":
        yield Finding(
            "A period of time changed and its direction could not be judged; review it.",
            needs_review=True,
        )


@rule("quantity.better", "minor", "retention")
def better(u: Unit) -> Iterator[Finding]:
    """A number moved in the user's favour: shorter retention, longer notice, faster response."""
    yield from _quantity(u, worse=False)


def _quantity(u: Unit, *, worse: bool) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new):
        return
    a, b = u.old.durations, u.new.durations
    if a and b and len(a) == len(b) and all(map(same_period, sorted(a), sorted(b))):
        return
    if a and b and len(b) < len(a) and _sub_multiset(b, a):
        # A row or item went with its period; every period left was there before. Unless a
        # period made way for an open-ended one ("12 months" -> "as long as the device is
        # registered"), where the row stayed and its limit went.
        if worse and _new_vague(u.old, u.new):
            yield Finding(
                "A fixed retention period was replaced by an open-ended one.", category="retention"
            )
        return
    if a and b and sorted(a) != sorted(b):
        ctx = _duration_context(u.new, u.topic)
        longer = max(b) > max(a) if max(a) != max(b) else sum(b) > sum(a)
        bad = {
            "retention": longer,
            "response": longer,
            "notice": not longer,
            "window": not longer,
        }.get(ctx)
        category = {
            "retention": "retention",
            "response": "user_rights",
            "notice": "policy_change_clause",
            "window": "user_rights",
        }.get(ctx, "other")
        if bad is None:
            return  # quantity.changed says this
        if bad == worse:
            what = {
                "retention": "Retention period",
                "response": "Response time",
                "notice": "Notice period",
                "window": "The time you have to act",
            }[ctx]
            yield Finding(
                f"{what} changed from {_days(max(a))} to {_days(max(b))}.", category=category
            )
    elif a and not b and worse and not _still_stated(a, u):
        # A period the sentence no longer names ("30 days" -> "a reasonable period",
        # "within 30 days" -> "promptly") is a limit gone, whatever replaced it.
        ctx = _duration_context(u.old, u.old_topic)
        if ctx == "window":
            return  # no deadline left for the user to meet
        if ctx == "unknown" and not u.new.has("retention_vague"):
            yield Finding(
                f"A period of {_days(max(a))} is no longer stated; review what it limited.",
                category="other",
                needs_review=True,
            )
            return
        what, category = _GONE.get(ctx, _GONE["retention"])
        yield Finding(f"{what} ({_days(max(a))}) is no longer stated.", category=category)
    elif (
        not a
        and not b
        and worse
        and _new_vague(u.old, u.new)
        and _duration_context(u.old, u.old_topic) == "retention"
    ):
        # "kept until you ask us to delete it" -> "kept for as long as we need it".
        yield Finding(
            "How long data is kept is now open-ended ('as long as ...').", category="retention"
        )
    elif (
        b
        and not a
        and not worse
        and (u.old.has("retention_vague") or _duration_context(u.new, u.topic) != "unknown")
    ):
        what, category = _GONE.get(_duration_context(u.new, u.topic), _GONE["retention"])
        yield Finding(f"{what} ({_days(max(b))}) is now stated.", category=category)


_GONE = {
    "retention": ("A fixed retention period", "retention"),
    "response": ("A deadline for answering requests", "user_rights"),
    "notice": ("A notice period", "policy_change_clause"),
}


def _still_stated(periods: list[float], u: Unit) -> bool:
    """Is every period the old sentence named still named in the section's new text?"""
    if u.change is None or not u.change.new:
        return False
    said = Features(u.change.new_text, u.doc.vocab).durations
    return all(any(same_period(p, q) for q in said) for p in periods)


def _sub_multiset(small: list[float], big: list[float]) -> bool:
    rest = list(big)
    for x in small:
        match = next((k for k, y in enumerate(rest) if same_period(x, y)), None)
        if match is None:
            return False
        rest.pop(match)
    return True


def _days(d: float) -> str:
    for size, unit in ((365, "year"), (30, "month"), (7, "week"), (1, "day")):
        if d >= size and d % size == 0:
            n = int(d // size)
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return f"{d:g} days"


def _min_ages(u: Unit) -> tuple[int, int]:
    """The lowest age a modified sentence names, before and after; (0, 0) without both."""
    pair = modified(u)
    if pair is None or not (pair[0].ages and pair[1].ages):
        return 0, 0
    return min(pair[0].ages), min(pair[1].ages)


@rule("quantity.age_lowered", "major", "children")
def age_lowered(u: Unit) -> Iterator[Finding]:
    """The minimum age was lowered: more children's data."""
    before, after = _min_ages(u)
    if after < before:
        yield Finding(f"Minimum age lowered from {before} to {after}.")


@rule("quantity.age_raised", "minor", "children")
def age_raised(u: Unit) -> Iterator[Finding]:
    """The minimum age was raised."""
    before, after = _min_ages(u)
    if after > before:
        yield Finding(f"Minimum age raised from {before} to {after}.")


_AGE_GATE = re.compile(
    r"\bmust be\b|\bat least\b|\bor older\b|\bor over\b|\bolder than\b|\babove\b|\bover the age\b|"
    r"\bage of majority\b|\bonly (?:users|people|persons|individuals)\b"
)


@rule("children.age_limit_removed", "major", "children")
def age_limit_removed(u: Unit) -> Iterator[Finding]:
    """A minimum age to use the service was deleted and no other sentence keeps one as high:
    the service is open to younger users."""
    if u.kind != "delete" or u.old is None or u.restated or not u.old.ages:
        return
    if not _AGE_GATE.search(u.old.text):
        return
    removed = max(u.old.ages)
    kept = [a for f in u.doc.new_sentences if _AGE_GATE.search(f.text) for a in f.ages]
    if not kept or max(kept) < removed:
        yield Finding(f"The minimum age of {removed} is no longer required.")
