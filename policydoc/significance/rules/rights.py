"""Rights and choices: a right or a way to exercise it added, removed or restricted."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.analysis import Features
from policydoc.significance.rules.helpers import (
    OPT_OUT,
    RIGHT_FAMILY,
    WEAK_RIGHT_WORDS,
    emails_gone,
)
from policydoc.significance.rules.meaning import still_said
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import verb_class
from policydoc.significance.rules.words import quote

_STRONG_RIGHT = re.compile(
    r"\bright (?:to|of)\b|\bopt[- ]?out\b|\bopt[- ]?in\b|\bunsubscribe|\bwithdraw|\bportability\b|\berasure\b|\brectif|"
    r"\bobject to\b|\bdo not sell\b|\bdelete your\b|\baccess (?:to )?your\b|\bcomplain|\bappeal\b"
)


def _opt_out_of_dropped_practice(u: Unit) -> bool:
    """The deleted sentence is the opt-out from a practice deleted just before it ("We use
    WealthEngine to ... Donors can opt out."): the practice went, and its opt-out with it."""
    if u.change is None or u.sentence is None or u.old is None or not OPT_OUT.search(u.old.text):
        return False
    sentences = u.change.sentences
    k = next((i for i, s in enumerate(sentences) if s is u.sentence), 0)
    for before in reversed(sentences[max(0, k - 3) : k]):
        if before.new is not None or before.old is None:
            return False  # the practice is still described
        said = Features(before.old, u.doc.vocab)
        if verb_class(said) == "use" and not said.negated:
            return True
    return False


@rule("rights.removed", "material", "user_rights")
def rights_removed(u: Unit) -> Iterator[Finding]:
    """A right or choice was removed or narrowed."""
    if u.kind == "delete" and u.old and not u.old.negated and not still_said(u):
        if _opt_out_of_dropped_practice(u):
            return
        if (
            (u.topic == "rights" and (u.old.has("right") or u.old.protective_verb))
            or _STRONG_RIGHT.search(u.old.text)
        ) and not _rights_rewritten(u):
            yield Finding("A sentence describing a right or how to exercise it was deleted.")
    elif u.kind == "modify" and u.old and u.new:
        weak = {
            "request",
            "requests",
            "settings",
            "preference",
            "control",
            "controls",
            "choice",
            "choices",
        }
        removed = {
            t for t in u.removed("right") if u.topic == "rights" or _STRONG_RIGHT.search(t)
        } - weak
        # "opt out" said as "unsubscribe": the same right in other words.
        kept = {RIGHT_FAMILY.get(t, t) for t in u.new.terms("right")} | {
            RIGHT_FAMILY[k] for k in RIGHT_FAMILY if k in u.new.text
        }
        removed = {t for t in removed if RIGHT_FAMILY.get(t, t) not in kept}
        if removed and not u.added("right") and not u.old.negated:
            yield Finding(f"Rights or choices no longer mentioned: {quote(removed)}.")
        elif (
            u.topic == "rights"
            and (emails_gone(u.old, u.new) | (u.old.phones - u.new.phones))
            and not ((u.new.emails | u.new.phones) - (u.old.emails | u.old.phones))
        ):
            yield Finding("A way to exercise rights (e-mail or phone) was removed.")
        elif (u.topic == "rights" or _EXERCISE.search(u.old.text)) and len(u.old.words) <= 80:
            gone = {w for w in u.content_removed if w in _CHANNELS}
            # Replaced only by a kind of channel the sentence did not offer before: a new
            # phone number does not make up for a lost e-mail route.
            fresh = _channel_kinds(u.new) - _channel_kinds(u.old)
            if gone and not fresh:
                yield Finding(f"A way to exercise rights was removed: {quote(gone)}.")


def _rights_rewritten(u: Unit) -> bool:
    """Are the rights a deleted sentence named written anew in the same section (prose
    turned into a list)? Sentences that were already there do not count: a sibling item
    never restates a removed one."""
    if u.old is None or u.change is None:
        return False
    weak = WEAK_RIGHT_WORDS | {"right", "rights"}
    named = {RIGHT_FAMILY.get(t, t) for t in u.old.terms("right") if t not in weak}
    if not named:
        return False
    fresh = " ".join(s.new for s in u.change.sentences if s.new is not None).lower()
    said = {RIGHT_FAMILY.get(t, t) for t in u.doc.vocab.find("right", fresh)}
    return named <= said


_EXERCISE = re.compile(r"\bexercis\w*|\bsubmit\w* (?:a |your )?request|\bcontact(?:ing)? us\b")


def _channel_kinds(f: Features) -> set[str]:
    kinds = {_CHANNEL_KIND.get(w, w) for w in f.words if w in _CHANNELS}
    if f.emails:
        kinds.add("email")
    if f.phones:
        kinds.add("phone")
    return kinds


_CHANNEL_KIND = {
    **dict.fromkeys(("email", "emailing", "e-mail", "e-mailing"), "email"),
    **dict.fromkeys(("call", "calling", "phone", "telephone", "toll-free"), "phone"),
}
# Ways to reach a company; losing one makes a right harder to exercise.
_CHANNELS = frozenset(
    "email emailing e-mail e-mailing mail mailing post call calling phone telephone toll-free "
    "form webform portal chat fax letter writing dashboard app".split()
)


_WAIVED = re.compile(r"\b(?:waive|lose|forfeit|give up|surrender)\w*\s+(?:\w+\s+){0,2}rights?\b")


@rule("rights.added", "minor", "user_rights")
def rights_added(u: Unit) -> Iterator[Finding]:
    """A new right or choice."""
    if u.new is None or u.new.negated or u.kind not in ("modify", "insert"):
        return
    added = u.added("right") - {"request", "requests"}
    if _WAIVED.search(u.new.text):
        return  # "or you waive the right to dispute the bill" takes a right away
    if added and (
        u.new.protective_verb
        or u.topic == "rights"
        or "you can" in u.new.text
        or "you may" in u.new.text
    ):
        yield Finding(f"New rights or choices: {quote(added)}.")


@rule("rights.restricted", "material", "user_rights")
def rights_restricted(u: Unit) -> Iterator[Finding]:
    """A new restriction or condition on a right."""
    if u.new is None or u.kind not in ("modify", "insert"):
        return
    if (
        (u.topic == "rights" or u.new.has("right"))
        and re.search(
            r"\bmay (?:refuse|decline|deny|charge|limit)|\bfee\b|\bonly (?:once|one)|\bnot (?:be )?able\b|\bcannot\b"
            # "where we no longer need it" limits the company; "you can no longer" the user.
            r"|\byou (?:can|will|may) no longer\b|\bno longer (?:be )?(?:able|available|possible|offer|provide|accept|support|honou?r)"
            r"|\b(?:waive|lose|forfeit|give up|surrender)\w*\s+(?:\w+\s+){0,2}rights?\b",
            u.new.text,
        )
        and not (
            u.old
            and re.search(
                r"\bmay (?:refuse|decline|deny|charge|limit)|\bfee\b|\bno longer\b|\bcannot\b"
                r"|\b(?:waive|lose|forfeit|give up|surrender)\w*\s+(?:\w+\s+){0,2}rights?\b",
                u.old.text,
            )
        )
    ):
        yield Finding("Exercising a right is now restricted or conditional.")


# Who may use a right: a condition on the person or place narrows it ("if you live in the
# EU", "residents of California only"); words of universal reach widen it.
_USER_RIGHT = re.compile(
    r"\byou (?:can|may|have|are entitled|are able|could|will be able)\b|\bright (?:to|of)\b|"
    # The holder named otherwise: "Every player, wherever they live, can: ask for a copy".
    r"\b(?:can|may|are entitled to|are able to)\s*(?::|(?:ask|request|obtain|access|delete|correct|opt|"
    r"withdraw|object|receive|get|see|download|export|erase|port)\b)|"
    r"\brequest (?:that|access|a copy|deletion|correction)|\bask us to\b|\bopt[- ]?out\b"
)
_WHO_LIMITS = re.compile(
    r"\bif you (?:are|live|reside|belong|were|have an? |hold)\b|\bwhere you (?:are|live|reside)\b|"
    r"\bresidents? of\b|(?<!all )(?<!any )\b\w+ (?:residents|consumers|users) (?:may|can|have)\b|\bliving in\b|\blocated in\b|\bbased in\b|\bcitizens? of\b|"
    r"\bin (?:some|certain|specific|particular) (?:countries|jurisdictions|states|regions|locations)\b|"
    r"\bdepending on (?:where|your (?:location|country|jurisdiction|state))\b|"
    r"\b(?:where|when|to the extent|as) required by (?:applicable )?law\b|"
    r"\bwhere (?:applicable|available|the law (?:allows|requires|permits))\b|"
    r"\bsubject to (?:applicable|local) law\b|\bmembers? of (?:a|our) \w+ in\b"
)
_WHO_ALL = re.compile(
    r"\bwherever (?:you|they)\b|\bevery (?:\w+ )?(?:user|player|member|customer|person|one|visitor)\b|\bwhichever\b|\bregardless of (?:where|your|which)\b|\bno matter where\b|"
    r"\ball (?:users|members|customers|individuals|of our users)\b|\beveryone\b|\bworldwide\b|"
    r"\bin every (?:country|jurisdiction)\b"
)


def _who_limits(f: Features) -> set[str]:
    return {m.group(0) for m in _WHO_LIMITS.finditer(f.text)}


def _right_scope(u: Unit) -> tuple[bool, bool] | None:
    """(narrowed, widened) for a sentence granting a right whose reach changed, else None."""
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations != u.new.negations:
        return None
    if not (_USER_RIGHT.search(u.old.text) and _USER_RIGHT.search(u.new.text)):
        return None
    came, gone = _who_limits(u.new) - _who_limits(u.old), _who_limits(u.old) - _who_limits(u.new)
    lost_all = bool(_WHO_ALL.search(u.old.text)) and not _WHO_ALL.search(u.new.text)
    won_all = bool(_WHO_ALL.search(u.new.text)) and not _WHO_ALL.search(u.old.text)
    # One condition said another way ("subject to applicable law" -> "depending on the law
    # where you live") narrows nothing: only a condition with none gone, or reach lost.
    narrowed = bool((came and not gone) or lost_all) and not won_all
    widened = bool((gone and not came) or won_all) and not lost_all
    return (narrowed, widened) if narrowed or widened else None


@rule("rights.scope_narrowed", "material", "user_rights")
def scope_narrowed(u: Unit) -> Iterator[Finding]:
    """A right now reaches fewer people ("wherever you live" -> "if you live in the EU")."""
    scope = _right_scope(u)
    if scope and scope[0]:
        yield Finding("A right or choice now applies to fewer people or places.")


@rule("rights.scope_widened", "minor", "user_rights")
def scope_widened(u: Unit) -> Iterator[Finding]:
    """A right now reaches more people ("California residents may" -> "you may")."""
    scope = _right_scope(u)
    if scope and scope[1]:
        yield Finding("A right or choice now applies to more people or places.")
