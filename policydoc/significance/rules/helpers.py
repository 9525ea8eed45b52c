"""Readings several rule categories share: whether a unit adds an affirmative statement or
drops terms, the recipients, data and rights words several rules compare."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policydoc.significance.analysis import Features, negative_heading

if TYPE_CHECKING:
    from policydoc.significance.rules.unit import Unit


_NEUTRAL_MODIFIERS = frozenset(
    "business technology technical trusted selected select certain vetted external other our "
    "third-party trading".split()
)


def plain_recipient(term: str) -> str:
    """A recipient without the words that do not change who it is ("trusted partners" is
    "partner")."""
    words = term.split()
    while len(words) > 1 and words[0] in _NEUTRAL_MODIFIERS:
        words = words[1:]
    return " ".join(w.rstrip("s") for w in words)


# Words that name no kind of data by themselves ("health data" is "health").
GENERIC_DATA = frozenset("data information info records details status".split())

# The vocabularies whose terms give a sentence privacy meaning.
PRIVACY_CATEGORIES = (
    "personal", "data_type", "sensitive", "share_verb", "sale", "right", "security", "transfer",
    "dispute", "tracking", "children", "recipient", "purpose_new",
)  # fmt: skip


def affirmative_new(u: Unit) -> bool:
    """The unit adds an affirmative statement (not a negation, not a mere pointer elsewhere,
    not an item in a list of things that are prohibited or not done)."""
    return (
        u.new is not None
        and not u.local.negated
        and u.kind in ("modify", "insert")
        and not u.new.pointer
        and not negative_heading(u.section_title)
    )


def modified(u: Unit) -> tuple[Features, Features] | None:
    """The old and new sentence of a modified-sentence unit, else None."""
    if u.kind != "modify" or u.old is None or u.new is None:
        return None
    return u.old, u.new


def dropped(u: Unit, category: str) -> set[str]:
    """Terms of *category* an affirmative modified sentence no longer names, when it names
    none instead ("we share with A and B" -> "... with A")."""
    pair = modified(u)
    if pair is None or pair[0].negated:
        return set()
    gone = u.removed(category)
    return gone if gone and not u.added(category) else set()


def newly_named(u: Unit, category: str) -> set[str]:
    """Terms of *category* an affirmative new statement names that the old version never did."""
    return u.new_to_doc(category) if affirmative_new(u) else set()


# The user may refuse: an opt-out, not an opt-in.
OPT_OUT = re.compile(r"\bunless you (?:object|opt out|tell us)|\bopt(?:-| )?out\b|\bobject\b")


# "providers" is a noun, "provide to" a disclosure: match verb forms only.
OUTWARD = re.compile(
    r"\b(?:shar(?:e|es|ed|ing)\b|disclos|sell|sold|rent(?:s|ed|ing)?\b|transfer|provid(?:e|es|ed|ing)\b"
    r"|send|sent\b|give|giving|make available|made available|pass(?:es|ed)? (?:on|along)?)"
)


# One right in its several wordings: "unsubscribe" is the "opt out" right.
RIGHT_FAMILY = {
    **dict.fromkeys(
        (
            "opt out",
            "opt-out",
            "unsubscribe",
            "stop receiving",
            "withdraw consent",
            "withdraw your consent",
        ),
        "opt out",
    ),
    **dict.fromkeys(("delete", "deletion", "erase", "erasure", "right to be forgotten"), "erase"),
    **dict.fromkeys(("correct", "correction", "rectify", "rectification", "update"), "correct"),
    **dict.fromkeys(("portability", "export", "copy of your", "download"), "portability"),
}


# Words the rights vocabulary holds that name no right by themselves ("request a quote").
WEAK_RIGHT_WORDS = frozenset(
    "request requests ask settings setting preference preferences control controls choice choices".split()
)


def lead_in_moved(u: Unit) -> bool:
    """A list's lead-in ("We will never:") is read together with its first item; when the
    items are reordered, it moves from one item to another. Is this unit only that move:
    the two sentences differ by a leading "...:" that the other version still has?"""
    if u.kind != "modify" or u.old is None or u.new is None or u.change is None:
        return False
    a, b = u.old.raw.strip(), u.new.raw.strip()
    longer, shorter, other_text = (
        (a, b, u.change.new_text) if len(a) > len(b) else (b, a, u.change.old_text)
    )
    if not longer.endswith(shorter):
        return False
    lead = longer[: len(longer) - len(shorter)].strip()
    return lead.endswith(":") and lead in other_text


_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}


def term_root(term: str) -> str:
    """A term by the first six letters of each word ("encryption" is "encrypted"), numbers
    as digits ("two-step verification" is "2-step verification")."""
    words = []
    for w in term.lower().split():
        head, dash, tail = w.partition("-")
        words.append((_NUMBER_WORDS.get(head, head) + dash + tail)[:6])
    return " ".join(words)


def gone_from_section(u: Unit, category: str, terms: set[str]) -> set[str]:
    """The *terms* of *category* the section's new text no longer names in any sentence
    ("encryption ... using TLS" moved into a sentence of its own is not gone)."""
    if not terms or u.change is None or not u.change.new:
        return terms
    said = {term_root(t) for t in u.doc.vocab.find(category, u.change.new_text.lower())}
    return {t for t in terms if term_root(t) not in said}


# Captured pages behind some CDNs show every e-mail address as "[email protected]": the address
# is hidden by the capture, not removed by the policy.
_HIDDEN_EMAIL = re.compile(r"\[\s*email(?:\s|&nbsp;|\xa0)+protected\s*\]", re.IGNORECASE)


def emails_gone(old: Features, new: Features) -> set[str]:
    """The e-mail addresses *old* names and *new* does not, unless the capture hid them."""
    gone = old.emails - new.emails
    hidden = len(_HIDDEN_EMAIL.findall(new.raw)) - len(_HIDDEN_EMAIL.findall(old.raw))
    return set() if gone and hidden >= len(gone) else gone


# "Customer shall not ...", "You must not ...": what the user is forbidden, not what the
# company refuses to do. Fewer such rules favour the user.
_USER_FORBIDDEN = re.compile(
    r"^\W*(?:[\d.()a-z]{1,6}\s+)?(?:you|customer|the customer|users?|licensee|subscribers?|members?|"
    r"buyers?|sellers?|participants?)\b[^.;:]{0,60}?\b(?:must not|shall not|may not|will not|"
    r"agree not to|are not (?:allowed|permitted) to|cannot)\b"
)


def user_forbidden(f: Features) -> bool:
    """Is *f* a rule the user must keep ("You must not ...") rather than a company refusal?"""
    return bool(_USER_FORBIDDEN.search(f.text))


def preceding_text(u: Unit, f: Features, window: int) -> str:
    """Up to *window* characters of *f*'s section text just before *f* (its lead-in)."""
    if u.change is None:
        return ""
    text = u.change.old_text if f is u.old else u.change.new_text
    at = text.find(f.raw[:30])
    return text[max(0, at - window) : at] if at > 0 else ""


def under_user_rules(u: Unit) -> bool:
    """Is the unit a rule the user must keep, by itself or as an item under a lead-in such as
    "You must not do any of the following:"?"""
    f = u.old if u.old is not None else u.new
    if f is None:
        return False
    if user_forbidden(f):
        return True
    before = preceding_text(u, f, 1500)
    colon = before.rfind(":")
    if colon < 0:
        return False
    lead = re.split(r"(?<=[.!?])\s+", before[:colon])[-1].lower()
    return bool(_USER_FORBIDDEN.search(lead))
