"""Readings several rule categories share: who acts on data, which category a practice is,
whether a unit adds an affirmative statement, the rows a table gained, the rights families."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from policydoc.significance.analysis import NEGATORS, Features, negative_heading, words_of

if TYPE_CHECKING:
    from policydoc.significance.rules.unit import Unit


_NEUTRAL_MODIFIERS = frozenset(
    "business technology technical trusted selected select certain vetted external other our "
    "third-party trading".split()
)


def plain_recipient(term: str) -> str:
    words = term.split()
    while len(words) > 1 and words[0] in _NEUTRAL_MODIFIERS:
        words = words[1:]
    return " ".join(w.rstrip("s") for w in words)


GENERIC_DATA = frozenset("data information info records details status".split())

PRIVACY_CATEGORIES = (
    "personal", "data_type", "sensitive", "share_verb", "sale", "right", "security", "transfer",
    "dispute", "tracking", "children", "recipient", "purpose_new",
)  # fmt: skip


# -- verb classes -------------------------------------------------------------------

_USE_STEMS = (
    "collect", "gather", "obtain", "use", "using", "process", "shar", "disclos", "sell", "sold", "rent", "transfer",
    "track", "monitor", "retain", "keep", "kept", "store", "combin", "link", "profil", "access", "analy", "scan",
    "infer", "send", "sent", "provid", "train", "licens", "publish", "display", "make", "give", "trade", "read",
    "record", "captur", "receiv", "contact", "market", "target",
)  # fmt: skip
_PROTECT_STEMS = (
    "notif", "inform", "tell", "delet", "eras", "destroy", "anonymi", "encrypt", "protect", "safeguard", "secur",
    "ask", "seek", "obtain your consent", "allow", "let", "enabl", "honou", "honor", "respect", "respond", "comply",
    "limit", "restrict", "minimi", "audit", "offer", "guarantee", "ensur", "warn", "alert", "email you", "request your",
)  # fmt: skip
_SKIP = frozenset(
    (
        "be",
        "to",
        "ever",
        "always",
        "the",
        "your",
        "any",
        "we",
        "us",
        "it",
        "you",
        "also",
        "directly",
        "otherwise",
    )
)


_CLAUSE_MARK = re.compile(r"^(?:[^\w]+|[ivx]+|[a-z]|\d+)$")


def negated_practice(f: Features) -> bool:
    """Does a negator govern a data-practice verb ("we do not sell", "never shared")?

    Unlike :func:`verb_class`, a negation elsewhere in the sentence ("we are not
    responsible for ... please read their policies") does not count.
    """
    ws = f.words
    for i, w in enumerate(ws):
        if w in NEGATORS:
            # "shall not: (i) sell" - list punctuation and clause numbers are not words.
            near = [x for x in ws[i + 1 : i + 10] if x not in _SKIP and not _CLAUSE_MARK.match(x)]
            if any(x.startswith(_USE_STEMS) for x in near[:3]):
                return True
    return False


def verb_class(f: Features) -> str:
    """``use`` (the company acts on data), ``protect`` (the company protects the user), or ``none``.

    Decided by the first verb after a negator when there is one, otherwise by
    the first verb of either class in the sentence.
    """
    ws = f.words
    negs = [i for i, w in enumerate(ws) if w in NEGATORS]
    candidates: list[str] = []
    for i in negs:
        candidates.extend(w for w in ws[i + 1 : i + 5] if w not in _SKIP)
    candidates.extend(ws)
    for k, w in enumerate(candidates):
        after = candidates[k + 1] if k + 1 < len(candidates) else ""
        if after in ("us", "our") and w.startswith(("tell", "ask", "let", "allow", "inform")):
            continue  # "if you tell us", "allow us to": the user acts, the company gains
        if w.startswith(_PROTECT_STEMS):
            return "protect"
        if w.startswith(_USE_STEMS):
            return "use"
    return "none"


def practice_category(f: Features, topic: str = "other") -> str:
    if f.has("sale"):
        return "sale"
    if f.has("sensitive"):
        return "sensitive_data"
    if f.has("children"):
        return "children"
    if f.has("share_verb") or f.has("recipient"):
        return "sharing"
    if f.has("retention") and not f.has("collect_verb"):
        return "retention"
    if f.has("tracking"):
        return "cookies_tracking"
    if f.has("transfer"):
        return "international_transfer"
    if f.has("right"):
        return "user_rights"
    if f.has("security"):
        return "security"
    if f.has("collect_verb") or f.has("data_type"):
        return "data_collected"
    return TOPIC_CATEGORY.get(topic, "other")


TOPIC_CATEGORY = {
    "collection": "data_collected",
    "use": "purpose",
    "sharing": "sharing",
    "rights": "user_rights",
    "retention": "retention",
    "security": "security",
    "children": "children",
    "transfer": "international_transfer",
    "cookies": "cookies_tracking",
    "changes": "policy_change_clause",
    "contact": "contact",
    "controller": "controller_identity",
    "dispute": "dispute_resolution",
}


# -- vocabulary deltas: what is collected, why, and who receives it ----------------------------


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


OPT_OUT = re.compile(r"\bunless you (?:object|opt out|tell us)|\bopt(?:-| )?out\b|\bobject\b")


# "providers" is a noun, "provide to" a disclosure: match verb forms only.
OUTWARD = re.compile(
    r"\b(?:shar(?:e|es|ed|ing)\b|disclos|sell|sold|rent(?:s|ed|ing)?\b|transfer|provid(?:e|es|ed|ing)\b"
    r"|send|sent\b|give|giving|make available|made available|pass(?:es|ed)? (?:on|along)?)"
)


_LIST_ITEM = re.compile(r"^[ \t\u00a0]*(?:[-*+•]|\d+[.)]|\(?[a-z]\))[ \t]+(.*)$", re.M)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def row_key(text: str) -> str:
    return " ".join(w for w in words_of(_MD_LINK.sub(r"\1", text)) if w[:1].isalnum())


def _rows(sections: Iterable[Any]) -> dict[str, str]:
    """Table rows and list items of some sections, by normalised text."""
    out: dict[str, str] = {}
    for s in sections:
        for m in _TABLE_ROW.finditer(s.source):
            if not re.fullmatch(r"[\s|:-]*", m.group(1)):
                out[row_key(m.group(1))] = m.group(1)
        for m in _LIST_ITEM.finditer(s.source):
            out[row_key(m.group(1))] = m.group(1)
    return out


def new_rows(u: Unit) -> list[str]:
    """Table rows or list items this unit adds (their raw text)."""
    if u.change is None or u.kind not in ("modify", "insert") or not u.change.new:
        return []
    change = u.change
    rows = u.doc.per_change(
        "rows",
        change,
        lambda: {k: v for k, v in _rows(change.new).items() if k not in _rows(change.old)},
    )
    if u.kind == "insert":
        added = row_key(u.either.raw)
        return [raw for k, raw in rows.items() if k and k in added]
    assert u.sentence is not None
    runs = [row_key(o.text) for o in u.sentence.ops if o.op == "insert"]
    runs = [r for r in runs if r]
    # A row that is new, or that gained cells: it holds one of this sentence's inserted runs.
    return [raw for k, raw in rows.items() if k and any(f" {r} " in f" {k} " for r in runs)]


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
