"""New permissions: a sentence in which the company (or a third party) gives itself leave to
do something with data or with the user's account that the old version never said.

Vocabulary rules see a new permission only when it names a data type, purpose or recipient
from a word list. "We may infer whether activity from different devices is associated" or
"We may terminate your access at our discretion" names none, and was read as a mere
clarification. This reads the claim instead: an actor other than the user, a permissive
modal ("may", "can", "reserves the right to"), and an operation on data or on the user's
access, none of which the old version already granted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.analysis import Features
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import practice_category
from policydoc.significance.rules.words import bag

# Operations on data (what the company does with it) and powers over the user's account,
# content or contract; a verb is matched by its stem.
_DATA_OPERATIONS = (
    "collect", "gather", "obtain", "use", "process", "shar", "disclos", "sell", "rent", "transfer",
    "track", "monitor", "retain", "keep", "store", "combin", "link", "associat", "profil", "access",
    "analy", "scan", "infer", "deriv", "send", "provid", "train", "licens", "publish", "display",
    "make", "give", "trade", "read", "listen", "record", "captur", "receiv", "review", "match",
    "enrich", "append", "purchas", "buy", "acquir", "pass", "supplement", "transcrib", "tag",
    "deduc", "predict", "estimat", "segment", "scor", "categori", "identif", "recogni", "locat",
    "geolocat", "fingerprint", "observ",
)  # fmt: skip
_POWERS = (
    "terminat", "suspend", "cancel", "clos", "disabl", "block", "ban", "charg", "withhold",
    "modif", "chang", "discontinu", "remov", "restrict", "limit your", "moderat", "reassign",
    "sublicens", "assign", "recover", "set off", "offset", "increas",
)  # fmt: skip
_VERBS = tuple(sorted(_DATA_OPERATIONS + _POWERS, key=len, reverse=True))
# The actor and its permissive modal, then up to two adverbs, then the verb.
_GRANT = re.compile(
    r"\b(?P<actor>we|they|third parties|partners|advertisers|[a-z][\w&.'-]*)\s+"
    r"(?:(?:also|now|additionally|further|sometimes|still)\s+)?"
    r"(?:may|might|can|could|reserves? the right to|(?:is|are) (?:permitted|allowed|entitled) to)\s+"
    r"(?:(?:also|now|additionally|further|sometimes|occasionally|then|still|either|both)\s+)*"
    r"(?P<verb>[a-z-]+)"
)
# Subjects that are the user (a new choice is not a new permission for the company) or
# grammar words that cannot be an actor.
_NOT_ACTORS = frozenset(
    "you user users member members customer customers subscriber subscribers it this that "
    "which who what these those there here rights right request requests choice choices "
    "settings information data content".split()
)
_USER_GATED = re.compile(
    r"\bif you (?:ask|choose|opt|agree|consent|request|enable|turn|allow|give|authori[sz]e|"
    r"tell|want|select|decide|connect|link|sign|use our)|\bwith your (?:express |prior |explicit )?"
    r"(?:consent|permission|agreement|approval)|\bat your (?:request|direction|choice)\b|"
    r"\bonly (?:if|when|where|with) you\b|\byou (?:can|may) (?:choose|opt|allow|ask)"
)


# "They may use it only to provide services to us" limits a party; it grants nothing new.
_LIMITED = re.compile(
    r"\b(?:only|solely|exclusively|strictly) (?:to|for|as|on|in|with|where|when|if)\b"
)


# What the law compels ("when required by law", "to comply with a court order") is no
# permission the company gives itself.
_COMPELLED = re.compile(
    r"\b(?:if|when|where|as|to the extent) (?:required|compelled|permitted) by (?:applicable )?law\b|"
    r"\brequired by law\b|\bcourt order\b|\bsubpoena\b|\blegal (?:process|obligation)s?\b|"
    r"\bto comply with (?:the |a |any |applicable )?(?:law|legal|regulat)"
)


def _grants(f: Features) -> list[tuple[str, str, str]]:
    """(actor, verb stem, verb) of each permission the sentence grants to someone other than the user."""
    # Per match, not per sentence: "without notice" negates nothing the grant allows, and
    # "may not" never matches (the verb after the modal must be an operation).
    if _USER_GATED.search(f.text) or _LIMITED.search(f.text) or _COMPELLED.search(f.text):
        return []
    out = []
    for m in _GRANT.finditer(f.text):
        actor = m.group("actor")
        if actor in _NOT_ACTORS:
            continue
        tail = f.text[m.start("verb") :]
        stem = next((v for v in _VERBS if tail.startswith(v)), None)
        if stem is not None:
            out.append((actor, stem, " ".join(tail.split()[:7])))
    return out


_MAY = re.compile(r"\b(?:may|might|can|reserves? the right to)\b")


def _said_before(u: Unit, stem: str, f: Features) -> bool:
    """Did an old sentence already grant the same operation on much the same object?"""
    obj = set(bag(f.text[f.text.find(stem) :].split()[1:12]))
    for old in u.doc.old_sentences:
        if stem not in old.text or old.negated:
            continue
        if stem in _POWERS:
            # A power over the account the old version already gave ("may suspend access"),
            # whatever it named it over, is not new.
            if any(s == stem for _, s, _ in _grants(old)) or _MAY.search(old.text):
                return True
            continue
        if not obj or len(obj & set(bag(old.words))) / len(obj) >= 0.5:
            return True
    return False


@rule("practice.new_permission", "material", "other", stage="fallback")
def new_permission(u: Unit) -> Iterator[Finding]:
    """A new sentence lets the company (or a third party) do something with data or with the
    user's account that the old version never allowed ("we may infer", "we may terminate")."""
    if u.kind not in ("insert", "modify") or u.new is None or u.restated:
        return
    had = {s for _, s, _ in _grants(u.old)} if u.old is not None else set()
    for actor, stem, verb in _grants(u.new):
        if stem in had or _said_before(u, stem, u.new):
            continue
        who = "the company" if actor == "we" else f"'{actor}'"
        yield Finding(
            f"New permission: {who} may now {verb} ... (the previous version did not allow it).",
            category=practice_category(u.new, u.topic),
        )
        return
