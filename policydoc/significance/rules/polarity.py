"""Polarity and modality: negations added or removed, prohibitions and refusals that cover
more or less, commitments made optional or firmer, conditions removed or added."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from policydoc.significance.analysis import NEGATORS, Features
from policydoc.significance.rules.helpers import (
    OPT_OUT,
    lead_in_moved,
    modified,
    preceding_text,
    under_user_rules,
)
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import negated_practice, practice_category, verb_class
from policydoc.significance.rules.words import bag, quote
from policydoc.significance.vocab import same_concept_disclosed

_CONSENT = re.compile(r"\b(?:your|withdraw(?:ing)? (?:your )?)consent\b|\bopt(?:s|ed)?[- ]in\b")
_QUANTIFIERS = frozenset(("any", "all", "every", "each"))


def negations_regrouped(u: Unit) -> bool:
    """Every refusal of the old sentence is still a refusal in the new section, grouped
    differently: "we do not sell X, we do not share Y" said as "X and Y are not part of our
    set-up", or split into one "we don't ..." sentence each."""
    if u.old is None or u.change is None or not u.old.negated:
        return False
    words = u.old.words
    cuts = [i for i, w in enumerate(words) if w in NEGATORS] + [len(words)]
    clauses = []
    for a, b in itertools.pairwise(cuts):
        # A refusal reaches to the next negation, the end of its parenthesis or clause
        # (";"), and at most a dozen words: not the whole run-on sentence after it.
        end = next((k for k in range(a, b) if words[k] in (")", ";")), b)
        scope = words[a : min(end, a + 12)]
        clauses.append(bag([w for w in scope if w not in NEGATORS and w not in _QUANTIFIERS]))
    change, vocab = u.change, u.doc.vocab
    # Only sentences this amendment wrote: a refusal that stood there unchanged already said
    # its own thing (often something narrower). Read once per section, not per rule and unit.
    refusals = u.doc.per_change(
        "refusals",
        change,
        lambda: [
            bag(f.words)
            for s in change.sentences
            if s.new is not None and s.new != s.old and (f := Features(s.new, vocab)).negated
        ],
    )
    return all(
        sum(c.values()) == 0
        or any(sum((c & r).values()) >= 0.85 * sum(c.values()) for r in refusals)
        for c in clauses
    )


@rule("polarity.permission_widened", "material", "sharing")
def permission_widened(u: Unit) -> Iterator[Finding]:
    """A negation was removed from a data practice ('will not share' -> 'will share')."""
    if u.kind == "modify" and u.old and u.new and u.old.negations > u.new.negations:
        if lead_in_moved(u):
            return  # the list was reordered: the lead-in now heads another item
        if verb_class(u.old) == "use" and u.old.privacy_relevant and not negations_regrouped(u):
            yield Finding(
                f"A prohibition was lifted: '{_neg_words(u.old)}' no longer limits this practice.",
                category=practice_category(u.old, u.topic),
            )
    if (
        u.kind == "delete"
        and u.old
        and negated_practice(u.old)
        and u.old.about_personal_data
        and not negations_regrouped(u)
    ):
        yield Finding(
            "A promise not to do something with personal data was deleted.",
            category=practice_category(u.old, u.topic),
        )


@rule("polarity.protection_removed", "material", "user_rights")
def protection_removed(u: Unit) -> Iterator[Finding]:
    """A protective commitment was negated ('we will notify you' -> 'we will not notify you')."""
    if u.kind == "modify" and u.old and u.new and u.new.negations > u.old.negations:
        if verb_class(u.new) == "protect" and not under_user_rules(u):
            yield Finding(
                "A protective commitment is now negated.",
                category=practice_category(u.new, u.topic),
            )


@rule("polarity.practice_limited", "minor", "other")
def practice_limited(u: Unit) -> Iterator[Finding]:
    """A negation was added to a data practice ('we share' -> 'we do not share')."""
    pair = modified(u)
    if pair is None or lead_in_moved(u):
        return
    old, new = pair
    if new.negations > old.negations and verb_class(new) == "use":
        yield Finding("A data practice is now ruled out.", category=practice_category(new, u.topic))
    if old.negations > new.negations and verb_class(old) == "protect":
        yield Finding(
            "A limit on a protective commitment was removed.",
            category=practice_category(new, u.topic),
        )


@rule("modality.protection_weakened", "material", "user_rights")
def protection_weakened(u: Unit) -> Iterator[Finding]:
    """A protective commitment became optional ('will delete' -> 'may delete')."""
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations != u.new.negations:
        return
    if _USER_OPT_OUT.search(u.changed_text.text):
        return  # "unless you turn this off": the user gained a choice
    if u.new.modality == 2 and not _permissive_protects(u.new):
        return  # "we answer requests we can verify": the "can" rules another clause's verb
    if verb_class(u.old) == "protect" and u.new.modality < u.old.modality and not u.old.negated:
        yield Finding(
            "A commitment that protects users became optional.",
            category=practice_category(u.old, u.topic),
        )


_PERMISSIVE = frozenset(("may", "might", "can", "could"))


def _permissive_protects(f: Features) -> bool:
    """Does a permissive modal of *f* govern a protective verb ("we may delete")?"""
    ws = f.words
    for i, w in enumerate(ws):
        if w in _PERMISSIVE:
            verb = next((x for x in ws[i + 1 : i + 4] if x not in ("also", "still", "then")), "")
            if verb and verb_class(Features(verb, f.vocab)) == "protect":
                return True
    return False


_USER_OPT_OUT = re.compile(
    r"\bunless you (?:turn|switch|opt|object|tell|ask|choose|disable|untick|uncheck)\b"
)


# "under the age of thirteen": a threshold, not age collected as data.
_AGE_THRESHOLD = re.compile(r"\b(?:under|below|over|above) the age\b|\bage of (?:\d|[a-z]+teen)")


def _taken_out(u: Unit, categories: tuple[str, ...]) -> set[str]:
    """Terms a prohibition no longer covers ("we never share X or Y" -> "... X")."""
    if u.kind != "modify" or not (u.old and u.new):
        return set()
    if not (negated_practice(u.old) and negated_practice(u.new)):
        return set()
    # Age thresholds ("under 13" -> "under 16") are the age rules' business.
    return {
        t
        for c in categories
        for t in u.removed(c) - u.new.terms(c)
        if not any(ch.isdigit() for ch in t)
        and not t.startswith("under the age")
        and not (t == "age" and _AGE_THRESHOLD.search(u.old.text))
        and not _still_covered(t, u.new.terms(c))
    }


def _still_covered(term: str, kept: set[str]) -> bool:
    """A broader term, or another name of the same concept, still covers *term*:
    "never infer health conditions" -> "never guess at your health"."""
    words = set(term.split())
    return any(set(k.split()) <= words for k in kept) or same_concept_disclosed(term, kept)


# A list of what the company refuses to do: the heading or lead-in names the company or a
# data practice ("What we never do", "RootLine will never:", "We do not sell:").
_COMPANY_REFUSAL = re.compile(
    r"\b(?:we|us|our)\b|\b(?:never|not)\b(?:\s+\w+){0,2}\s+do\b|"
    r"\b(?:never|not)\s+(?:\w+\s+)?(?:sell|share|rent|disclose|use|collect|track|give|transfer|"
    r"provide|send|store|keep|retain|profile|train|monitor|record)"
)


def _company_refuses(u: Unit) -> bool:
    if u.change is None or u.old is None:
        return True
    title = (u.old_title or u.section_title).lower()
    lead = preceding_text(u, u.old, 200).lower()
    return bool(
        _COMPANY_REFUSAL.search(title)
        or _COMPANY_REFUSAL.search(lead)
        or (":" in u.old.raw and _COMPANY_REFUSAL.search(u.old.raw.partition(":")[0].lower()))
    )


def _ruled_out_item_deleted(u: Unit) -> bool:
    """A deleted item of a list of things never done ("We will never: ... share your data
    with insurers; ..."), not said again: what it ruled out is now allowed."""
    if u.kind != "delete" or u.old is None or u.restated or len(u.old.words) < 3:
        return False
    if negated_practice(u.old) and u.old.about_personal_data:
        return False  # a refusal in its own words: polarity.permission_widened says this
    if not _company_refuses(u):
        return False  # "What's not covered": an exclusion from a benefit, not a refusal
    head, colon, item = u.old.raw.partition(":")
    # The first item is read together with its lead-in ("We will never: rent ...;").
    glued = bool(colon and item.strip()) and any(w in NEGATORS for w in head.lower().split()[-2:])
    return (glued or u.old.raw in u.doc.old_ruled_out) and verb_class(
        Features(item, u.doc.vocab) if glued else u.old
    ) != "protect"


@rule("polarity.ruled_out_item_removed", "material", "sharing")
def ruled_out_item_removed(u: Unit) -> Iterator[Finding]:
    """An item was deleted from a list of things the company never does."""
    if _ruled_out_item_deleted(u) and not (u.old and u.old.has("sensitive")):
        yield Finding(
            "An item was taken out of a list of things the company never does.",
            category=practice_category(u.either, u.topic),
        )


@rule("sensitive.ruled_out_item_removed", "major", "sensitive_data")
def sensitive_ruled_out_item_removed(u: Unit) -> Iterator[Finding]:
    """An item naming sensitive data was deleted from a list of things never done."""
    if _ruled_out_item_deleted(u) and u.old is not None and u.old.has("sensitive"):
        found = u.doc.vocab.find("sensitive", u.old.text)
        yield Finding(
            f"Sensitive data ({quote(found)}) is no longer in the list of things never done."
        )


@rule("polarity.prohibition_narrowed", "material", "sharing")
def prohibition_narrowed(u: Unit) -> Iterator[Finding]:
    """Something was taken out of a prohibition ('we never share X or Y' -> 'we never share X')."""
    gone = _taken_out(u, ("data_type", "recipient", "purpose_new"))
    if under_user_rules(u):
        return  # fewer things the user is forbidden to do
    if gone and not _taken_out(u, ("sensitive", "children")) and not negations_regrouped(u):
        yield Finding(
            f"No longer ruled out: {quote(gone)}.", category=practice_category(u.either, u.topic)
        )


@rule("sensitive.prohibition_narrowed", "major", "sensitive_data")
def sensitive_prohibition_narrowed(u: Unit) -> Iterator[Finding]:
    """Sensitive or children's data was taken out of a prohibition ('never share your health data')."""
    gone = _taken_out(u, ("sensitive", "children"))
    if gone and not negations_regrouped(u):
        yield Finding(f"Sensitive data no longer ruled out: {quote(gone)}.")
    elif (
        u.kind == "modify"
        and u.old is not None
        and u.new is not None
        and negated_practice(u.old)
        and negated_practice(u.new)
        and u.content_removed
        and not u.content_added
        and (data := _sensitive_antecedent(u))
    ):
        # "Your prescriptions ... stay between you and us. They are not shared with advertisers,
        # drug manufacturers or insurers": the refusal is about the data named just before.
        yield Finding(
            f"Sensitive data ({quote(data)}) is no longer ruled out for: "
            f"{quote(set(u.content_removed))}."
        )


_PRONOUN_SUBJECT = frozenset(("they", "it", "these", "this", "such", "those"))


def _sensitive_antecedent(u: Unit) -> set[str]:
    """The sensitive data a refusal that starts with a pronoun ("They are not shared ...")
    refers to: the sensitive terms of the sentence before it in the old section."""
    if u.old is None or u.change is None or not u.old.words:
        return set()
    if u.old.words[0] not in _PRONOUN_SUBJECT:
        return set()
    text = u.change.old_text
    at = text.find(u.old.raw[:40])
    if at <= 0:
        return set()
    before = re.split(r"(?<=[.!?:])\s+", text[:at].strip())[-1]
    return u.doc.vocab.find("sensitive", before.lower())


def _refusal(u: Unit) -> bool:
    """Both versions refuse a protection ("we do not respond to Do Not Track signals")."""
    return bool(
        u.kind == "modify"
        and u.old
        and u.new
        and u.old.negations == u.new.negations > 0
        and verb_class(u.old) == "protect"
        and verb_class(u.new) == "protect"
    )


@rule("polarity.refusal_narrowed", "minor", "user_rights")
def refusal_narrowed(u: Unit) -> Iterator[Finding]:
    """A refusal covers less ('we do not honour X or Y' -> 'we do not honour X')."""
    if _refusal(u) and u.content_removed and not u.content_added and u.change_relevant:
        yield Finding(f"No longer refused: {quote(set(u.content_removed))}.")


@rule("polarity.refusal_widened", "material", "user_rights")
def refusal_widened(u: Unit) -> Iterator[Finding]:
    """A refusal covers more ('we do not honour X' -> 'we do not honour X or Y')."""
    if _refusal(u) and u.content_added and not u.content_removed and u.change_relevant:
        yield Finding(f"Now also refused: {quote(set(u.content_added))}.")


@rule("modality.practice_broadened", "material", "sharing")
def practice_broadened(u: Unit) -> Iterator[Finding]:
    """A condition on a data practice was removed ('only with your consent', 'only', 'unless')."""
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations != u.new.negations:
        return
    if (
        verb_class(u.old) == "use"
        and u.old.conditional
        and not u.new.conditional
        # "unless you opt out" -> "you can withdraw your consent": the user's choice went
        # from opting out to consenting, which limits the practice more, not less.
        and not (OPT_OUT.search(u.old.text) and _CONSENT.search(u.new.text))
    ):
        yield Finding(
            "A limiting condition on a data practice was removed.",
            category=practice_category(u.old, u.topic),
        )
    elif (
        verb_class(u.old) != "protect"
        and _OPT_IN.search(u.old.text)
        and not _OPT_IN.search(u.new.text)
    ):
        # "only with your consent" -> "unless you object": opt-in became opt-out.
        yield Finding(
            "A practice that needed your consent no longer does.",
            category="user_rights"
            if OPT_OUT.search(u.new.text)
            else practice_category(u.old, u.topic),
        )


_OPT_IN = re.compile(
    r"\bwith(?:out)? your (?:prior |express |explicit |separate )?(?:consent|permission|agreement|approval)"
    r"|\bif you (?:consent|agree|opt in|choose to|allow)|\bopt(?:s|ed)?[- ]in\b|\bonly (?:if|when|with|after) you"
    # "The programme is off unless you choose to join it."
    r"|\bunless you (?:choose|decide|agree|ask|opt|elect|sign up) to\b|\boff (?:by default )?unless you\b"
    # "only to people who have actively ticked the box"
    r"|\b(?:tick|ticked|check|checked)\w* (?:the |a )?box\b|\bactively (?:tick|opt|consent|agree|choose)"
)


_LEGITIMATE_INTEREST = re.compile(r"\blegitimate interests?\b")
# An opt-out said as a setting: "All accounts take part unless you switch it off".
_SWITCH_OFF = re.compile(
    r"\bunless you (?:switch|turn|toggle) (?:it |this |them )?off\b|\bon by default\b"
)


@rule("consent.opt_in_replaced", "material", "user_rights")
def opt_in_replaced(u: Unit) -> Iterator[Finding]:
    """A section that asked for consent first now relies on an opt-out or on legitimate interests."""
    # Read across the section: the opt-in wording and its replacement are often different
    # sentences ("placed only after you click Accept" -> "you can object at any time").
    if u.change is None or u.new is None or u.kind not in ("modify", "insert"):
        return
    # The practice now happens without asking: an opt-out, legitimate interests, or simply
    # stated as what happens ("When you buy from us, we send you offers").
    if not (
        OPT_OUT.search(u.new.text)
        or _SWITCH_OFF.search(u.new.text)
        or _LEGITIMATE_INTEREST.search(u.new.text)
        or (verb_class(u.new) == "use" and not u.new.negated and not _OPT_IN.search(u.new.text))
    ):
        return
    old_text, new_text = u.change.old_text.lower(), u.change.new_text.lower()
    if len(_OPT_IN.findall(old_text)) > len(_OPT_IN.findall(new_text)) and not (
        _LEGITIMATE_INTEREST.search(u.new.text) and _LEGITIMATE_INTEREST.search(old_text)
    ):
        yield Finding("A practice that needed your consent now happens unless you object.")


@rule("modality.practice_narrowed", "minor", "other")
def practice_narrowed(u: Unit) -> Iterator[Finding]:
    """A condition was added to a data practice, or a protection became firmer."""
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations != u.new.negations:
        return
    vc = verb_class(u.new)
    if vc == "use" and u.new.conditional and not u.old.conditional:
        yield Finding(
            "A data practice now happens only under a condition.",
            category=practice_category(u.new, u.topic),
        )
    elif vc == "protect" and u.new.modality > u.old.modality:
        yield Finding(
            "A protective commitment became firmer.", category=practice_category(u.new, u.topic)
        )


def _neg_words(f: Features) -> str:
    return " ".join(w for w in f.words if w in NEGATORS) or "not"
