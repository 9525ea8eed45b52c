"""Rights and choices: a right or a way to exercise it added, removed or restricted."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.analysis import Features
from policydoc.significance.rules.helpers import OPT_OUT, RIGHT_FAMILY, WEAK_RIGHT_WORDS
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
            and (u.old.emails | u.old.phones) - (u.new.emails | u.new.phones)
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


@rule("rights.added", "minor", "user_rights")
def rights_added(u: Unit) -> Iterator[Finding]:
    """A new right or choice."""
    if u.new is None or u.new.negated or u.kind not in ("modify", "insert"):
        return
    added = u.added("right") - {"request", "requests"}
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
            r"|\byou (?:can|will|may) no longer\b|\bno longer (?:be )?(?:able|available|possible|offer|provide|accept|support|honou?r)",
            u.new.text,
        )
        and not (
            u.old
            and re.search(
                r"\bmay (?:refuse|decline|deny|charge|limit)|\bfee\b|\bno longer\b|\bcannot\b",
                u.old.text,
            )
        )
    ):
        yield Finding("Exercising a right is now restricted or conditional.")
