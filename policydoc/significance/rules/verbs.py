"""Who acts on data, and what a sentence's practice is about: verb classes (the company
uses data, or protects the user) and the category of a practice."""

from __future__ import annotations

import re

from policydoc.significance.analysis import NEGATORS, Features

_USE_STEMS = (
    "collect", "gather", "obtain", "use", "using", "process", "shar", "disclos", "sell", "sold", "rent", "transfer",
    "track", "monitor", "retain", "keep", "kept", "store", "combin", "link", "profil", "access", "analy", "scan",
    "infer", "send", "sent", "provid", "train", "licens", "publish", "display", "make", "give", "trade", "read",
    "record", "captur", "receiv", "contact", "market", "target", "fine-tun", "train",
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


# Nouns that start like a verb stem of either class.
_NOT_VERBS = frozenset(("information", "informational", "informations"))

_CLAUSE_MARK = re.compile(r"^(?:[^\w]+|[ivx]+|[a-z]|\d+)$")


_USER_WISH = frozenset("prefer want wish choose like decide need do does did".split())


def _users_choice(before: list[str]) -> bool:
    return "you" in before and bool(_USER_WISH.intersection(before))


def negated_practice(f: Features) -> bool:
    """Does a negator govern a data-practice verb ("we do not sell", "never shared")?

    Unlike :func:`verb_class`, a negation elsewhere in the sentence ("we are not
    responsible for ... please read their policies") does not count.
    """
    ws = f.words
    for i, w in enumerate(ws):
        if w in NEGATORS and _users_choice(ws[max(0, i - 3) : i]):
            continue  # "if you prefer not to share your name": the user declines, not the company
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
    # "Acme Services Limited", "Limited Risk": a name or label, not the verb "limit".
    capital_limited = "Limited" in f.raw
    for k, w in enumerate(candidates):
        if w in _NOT_VERBS or (capital_limited and w == "limited"):
            continue  # "information" starts like "inform"
        after = candidates[k + 1] if k + 1 < len(candidates) else ""
        if after in ("us", "our") and w.startswith(("tell", "ask", "let", "allow", "inform")):
            continue  # "if you tell us", "allow us to": the user acts, the company gains
        if w.startswith(_PROTECT_STEMS):
            return "protect"
        if w.startswith(_USE_STEMS):
            return "use"
    return "none"


# (any of these vocabularies, none of these, category): the first row that matches decides.
_PRACTICE_CATEGORY: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("sale",), (), "sale"),
    (("sensitive",), (), "sensitive_data"),
    (("children",), (), "children"),
    (("share_verb", "recipient"), (), "sharing"),
    (("retention",), ("collect_verb",), "retention"),
    (("tracking",), (), "cookies_tracking"),
    (("transfer",), (), "international_transfer"),
    (("right",), (), "user_rights"),
    (("security",), (), "security"),
    (("collect_verb", "data_type"), (), "data_collected"),
)


def practice_category(f: Features, topic: str = "other") -> str:
    """The category a sentence's practice is about, by the vocabularies it uses; else by topic."""
    for any_of, none_of, category in _PRACTICE_CATEGORY:
        if any(map(f.has, any_of)) and not any(map(f.has, none_of)):
            return category
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
