"""Fail-safe floors: rules that read the shape of a commitment, not its vocabulary.

The vocabulary rules recognise practices they have words for ("share", "location").
A policy can promise anything with any verb ("your listings are not syndicated"),
so these rules look only at what every commitment has: who acts, a negation, a
modal verb and the words that limit it. They set a lower bound: a change that
widens what the company may do, or weakens a promise, is never read as wording.
Each rule skips what a vocabulary rule already judges, so reasons are not doubled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from policydoc.kinds import ChangeKind
from policydoc.significance.analysis import NEGATORS, Features, words_of
from policydoc.significance.rules.polarity import negations_regrouped
from policydoc.significance.rules.unit import Finding, Rule, Unit
from policydoc.significance.rules.verbs import negated_practice, verb_class

if TYPE_CHECKING:
    from policydoc.worddiff import DiffOp

__all__ = ["FLOORS"]

# The user is the actor and the sentence says what they are able to do.
_USER_ABILITY = re.compile(
    r"\byou (?:can|may|could|will be able to|are able to|are entitled to|have the right to|"
    r"can't|cannot|can not|may not|are not able to|will not be able to|are not entitled to|"
    r"have no right to|do not have the right to)\b"
)
# A promise: the company (first person plural) commits, refuses or limits itself.
_PROMISE = re.compile(
    r"\b(?:we|us)\b(?:\s+\w+){0,3}?\s+(?:will|shall|must|do not|don't|does not|never|will not|"
    r"won't|shall not|must not|cannot|only|always|are committed to|commit to|promise|guarantee|"
    r"undertake)\b"
    # Passive refusals with any verb: "your listings are not syndicated".
    r"|\b(?:is|are|will be|shall be|will|shall)\s+(?:not|never)\s+(?:be\s+)?\w+(?:ed|en|wn)\b"
    # Refusals whose subject is "no one": "no employee or contractor listens to recordings".
    r"|(?:^|[;:,(]\s*)(?:no|nobody|no one|none of (?:our|us|them))\b(?:\s+\w+){0,4}?\s+"
    r"(?:will|can|may|shall|ever|\w+s)\b"
)
# Words that limit a commitment; removing one widens it.
_LIMITS = re.compile(
    r"\bonly\b|\bsolely\b|\bexclusively\b|\bnever\b|\bunless\b|\bexcept\b|"
    r"\bwith(?:out)? your (?:prior |express |explicit |separate )?(?:consent|permission|approval|agreement)\b|"
    r"\bprovided that\b|\bas long as\b|\bif and only if\b"
)
_COMMIT = frozenset("will shall must".split())
_PERMIT = frozenset("may might can could".split())
_ADVERBS = frozenset("also then still further sometimes be have need to".split())
_FUNCTION = frozenset(
    "the a an of to in on for by and or as at from with is are be been it its this that these those "
    "we us our you your they them their do does did will shall must may might can could would should "
    "which who whom such any all other also".split()
)


def _content(f: Features) -> set[str]:
    return {w for w in f.words if w.isalnum() and w not in _FUNCTION and w not in NEGATORS}


def _same_claim(u: Unit) -> bool:
    """Old and new say nearly the same words: a flip or a narrowing, not a rewrite."""
    if u.old is None or u.new is None:
        return False
    a, b = _content(u.old), _content(u.new)
    union = a | b
    return bool(union) and len(a & b) / len(union) >= 0.6


def _user_ability(f: Features) -> bool:
    return bool(_USER_ABILITY.search(f.text))


def _strength(f: Features) -> int:
    """2 commits (will, shall, must), 1 permits (may, can), 0 neither."""
    ws = set(f.words)
    if ws & _COMMIT:
        return 2
    return 1 if ws & _PERMIT else 0


def _limits(f: Features) -> set[str]:
    return {m.group(0) for m in _LIMITS.finditer(f.text)}


def _vocabulary_judges_flip(f: Features) -> bool:
    # The polarity rules judge negations of verbs they know; these floors the rest.
    return verb_class(f) != "none" and f.privacy_relevant


def _negation_removed(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations <= u.new.negations:
        return
    if not _same_claim(u) or _vocabulary_judges_flip(u.old) or verb_class(u.old) == "protect":
        return
    if _user_ability(u.old):
        return  # "you cannot X" -> "you can X": the user gains (floor.user_gains)
    if negations_regrouped(u):
        return  # "..., which never identify you." split off as "These never identify you."
    yield Finding(
        f"A negation ('{_negators(u.old, u.new)}') was removed: what this sentence ruled out "
        "is now allowed.",
        needs_review=not u.old.privacy_relevant,
    )


def _user_loses(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new) or u.new.negations <= u.old.negations:
        return
    if _same_claim(u) and _user_ability(u.new) and _user_ability(u.old):
        yield Finding("Something you could do is now ruled out.", category="user_rights")


def _user_gains(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations <= u.new.negations:
        return
    if _same_claim(u) and _user_ability(u.old) and _user_ability(u.new):
        yield Finding("Something you could not do is now allowed.", category="user_rights")


def _negation_added(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new) or u.new.negations <= u.old.negations:
        return
    if not _same_claim(u) or _vocabulary_judges_flip(u.new) or verb_class(u.new) == "protect":
        return
    if _user_ability(u.new):
        return  # floor.user_loses
    yield Finding(
        "A negation was added: something this sentence allowed is now ruled out.",
        needs_review=True,
    )


def _negators(*fs: Features) -> str:
    found = [w for f in fs for w in f.words if w in NEGATORS]
    return found[0] if found else "not"


def _modal_swap(u: Unit) -> tuple[str, str, str] | None:
    """The one modal verb the edit replaced, its replacement and the verb class it governs."""
    if u.kind != "modify" or u.sentence is None or not (u.old and u.new):
        return None
    if u.old.negations != u.new.negations or u.old.negated:
        return None
    gone = [w for w in words_of(u.sentence.deleted) if w in _COMMIT | _PERMIT]
    came = [w for w in words_of(u.sentence.inserted) if w in _COMMIT | _PERMIT]
    if len(gone) != 1 or len(came) != 1 or (gone[0] in _COMMIT) == (came[0] in _COMMIT):
        return None
    verb = _governed(u.new.words, came[0])
    kind = verb_class(Features(verb, u.doc.vocab)) if verb else "none"
    was = _governed(u.old.words, gone[0])
    if verb and was and verb[:4] != was[:4] and kind != "protect":
        # "will respond" -> "answer requests we can verify": the new modal rules another
        # verb in another clause; the commitment itself was not made optional.
        return None
    # A mandatory safeguard ("staff must use MFA") protects whatever its verb.
    if u.new.has("security") or u.old.has("security"):
        kind = "protect"
    return gone[0], came[0], kind


def _governed(ws: list[str], modal: str) -> str:
    """The verb *modal* governs: the next word that is not an adverb ("may also share")."""
    at = ws.index(modal) if modal in ws else -1
    return next((w for w in ws[at + 1 : at + 4] if w not in _ADVERBS and not w.endswith("ly")), "")


def _commitment_weakened(u: Unit) -> Iterator[Finding]:
    swap = _modal_swap(u)
    if swap is None or swap[0] not in _COMMIT or _user_ability(u.new or u.either):
        return
    old, new, kind = swap
    if kind != "use":
        # "will delete" -> "may delete", "must use MFA" -> "may use MFA": a promise made optional.
        yield Finding(
            f"A commitment became optional ('{old}' became '{new}').",
            needs_review=kind == "none",
        )


def _practice_firmed(u: Unit) -> Iterator[Finding]:
    swap = _modal_swap(u)
    if swap is None or swap[0] in _COMMIT:
        return
    old, new, kind = swap
    if kind == "use":
        # "may share" -> "will share": a possibility became what happens to everyone's data.
        yield Finding(f"A data practice that might happen now will ('{old}' became '{new}').")


def _modal_other(u: Unit) -> Iterator[Finding]:
    swap = _modal_swap(u)
    if swap is None:
        return
    old, new, kind = swap
    weakened = old in _COMMIT
    if (weakened and kind == "use") or (not weakened and kind != "use"):
        word = "less certain" if weakened else "firmer"
        yield Finding(f"The wording is {word} ('{old}' became '{new}') in the user's favour.")


def _limit_removed(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations != u.new.negations:
        return
    gone = _limits(u.old) - _limits(u.new)
    if not gone or verb_class(u.old) == "protect" or not _same_claim(u):
        return
    if _limits(u.new) - _limits(u.old):
        return  # one limit put another way ("unless you switch off" -> "only if you switch on")
    if verb_class(u.old) == "use" and u.old.conditional and not u.new.conditional:
        return  # modality.practice_broadened says this
    yield Finding(f"A limiting word was removed: {', '.join(sorted(gone))}.")


def _limit_added(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations != u.new.negations:
        return
    came = _limits(u.new) - _limits(u.old)
    if came and verb_class(u.new) != "protect" and _same_claim(u):
        yield Finding(f"A limiting word was added: {', '.join(sorted(came))}.")


_COMPANY_REFUSES = re.compile(
    r"\b(?:we|us)\b(?:\s+\w+){0,2}?\s+(?:do not|don't|does not|never|will not|won't|shall not|"
    r"must not|cannot)\b|\b(?:is|are|will be|shall be)\s+(?:not|never)\s+\w+(?:ed|en|wn)\b"
)


def _protective(f: Features) -> bool:
    """A commitment that protects users: a refusal by the company (whatever its verb) or a
    protective verb."""
    if verb_class(f) == "protect":
        return not f.negated
    return negated_practice(f) or bool(_COMPANY_REFUSES.search(f.text))


_JOIN_WORDS = ("and", "or", "nor")


def _joined(text: str, *, at_end: bool) -> bool:
    t = text.strip().lower()
    if not t:
        return False
    if at_end:
        return t.endswith(",") or t.split()[-1] in _JOIN_WORDS
    return t.startswith(",") or t.split()[0] in _JOIN_WORDS


def _conjunct_cut(ops: Sequence[DiffOp]) -> bool:
    """Was a deleted run an item of a list: joined to its neighbours by "and", "or" or a comma?"""
    for k, op in enumerate(ops):
        if op.op != "delete":
            continue
        before = ops[k - 1].text if k > 0 and ops[k - 1].op == "equal" else ""
        after = ops[k + 1].text if k + 1 < len(ops) and ops[k + 1].op == "equal" else ""
        if (
            "," in op.text
            or _joined(op.text, at_end=True)
            or _joined(op.text, at_end=False)
            or _joined(before, at_end=True)
            or _joined(after, at_end=False)
        ):
            return True
    return False


def _protection_narrowed(u: Unit) -> Iterator[Finding]:
    """An item dropped from a protective list ("pseudonymised and encrypted" -> "encrypted")."""
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations != u.new.negations:
        return
    if not u.content_removed or u.content_added or not _protective(u.old) or u.old.pointer:
        return
    # A refusal to protect ("we do not honour X or Y") that covers less is the user's gain.
    if u.old.negated and verb_class(u.old) == "protect":
        return
    # An item is taken out of the middle of a commitment; text cut from its start is a
    # heading or label that was glued to it, and stray glyphs ("o" bullets) are not words.
    ops = u.sentence.ops if u.sentence is not None else ()
    if ops and ops[0].op == "delete":
        return
    if ops and not _conjunct_cut(ops):
        return  # "in these instances" cut: a phrase, not an item of a list
    gone = sorted(w for w in u.content_removed if len(w) > 2)
    if not gone or len(gone) > 12:
        return
    yield Finding(
        f"A protective commitment covers less: {', '.join(repr(w) for w in gone[:6])} no longer in it."
    )


_NOT_QUALIFIERS = (
    frozenset("and or but the a an your our their its any all some other such as also".split())
    | _COMMIT
    | _PERMIT
)


def _qualifier_removed(u: Unit) -> Iterator[Finding]:
    """A word that narrowed a practice's object went ("general location" -> "location")."""
    if u.kind != "modify" or u.sentence is None or not (u.old and u.new):
        return
    if u.old.negated or u.new.negated or verb_class(u.old) != "use":
        return
    ops = u.sentence.ops
    if any(o.op == "insert" and o.text.strip() for o in ops):
        return
    for k, o in enumerate(ops):
        if o.op != "delete":
            continue
        gone = words_of(o.text)
        before = ops[k - 1].text if k else ""
        after = ops[k + 1].text if k + 1 < len(ops) else ""
        # One word between two words of the same phrase: a modifier, not a list item
        # (", phone number" goes with its comma) and not the end of a clause.
        if (
            len(gone) == 1
            and gone[0].isalpha()
            and gone[0] not in _NOT_QUALIFIERS
            and gone[0] not in NEGATORS
            and before[-1:].isspace()
            and before.rstrip()[-1:].isalpha()
            and after[:1].isalpha()
        ):
            noun = words_of(after)[0]
            yield Finding(
                f"The practice now covers more: '{gone[0]} {noun}' became '{noun}'.",
                needs_review=True,
            )
            return


def _promise_deleted(u: Unit) -> Iterator[Finding]:
    if u.kind != "delete" or u.old is None or u.restated:
        return
    if u.change is not None and u.change.kind == ChangeKind.REMOVED:
        return  # a removed section is judged by what it promised (section.removed)
    if not _PROMISE.search(u.old.text) or _user_ability(u.old):
        return
    if negated_practice(u.old) and u.old.about_personal_data:
        return  # polarity.permission_widened says this
    if len(words_of(u.old.raw)) < 5:
        return
    yield Finding(
        "A sentence in which the company promised or refused something was deleted and is "
        "not said elsewhere.",
        needs_review=not u.old.privacy_relevant,
    )


FLOORS: tuple[Rule, ...] = (
    Rule(
        "floor.negation_removed",
        "material",
        "other",
        "A negation was removed from a sentence about what the company or others do, whatever "
        "its verb ('are not syndicated' -> 'are syndicated').",
        _negation_removed,
    ),
    Rule(
        "floor.user_loses",
        "material",
        "user_rights",
        "Something the user could do is now ruled out ('you can' -> 'you cannot').",
        _user_loses,
    ),
    Rule(
        "floor.user_gains",
        "minor",
        "user_rights",
        "Something the user could not do is now allowed ('you cannot' -> 'you can').",
        _user_gains,
    ),
    Rule(
        "floor.negation_added",
        "minor",
        "other",
        "A negation was added to a sentence whose verb no rule knows: less is done (review).",
        _negation_added,
    ),
    Rule(
        "floor.commitment_weakened",
        "material",
        "other",
        "A commitment became optional ('will delete' -> 'may delete', 'must' -> 'may'), whatever "
        "its verb.",
        _commitment_weakened,
    ),
    Rule(
        "floor.practice_firmed",
        "material",
        "sharing",
        "A data practice that might happen now will ('may share' -> 'will share').",
        _practice_firmed,
    ),
    Rule(
        "floor.modal_favourable",
        "minor",
        "other",
        "A modal verb changed in the user's favour ('will share' -> 'may share', 'may notify' -> "
        "'will notify').",
        _modal_other,
    ),
    Rule(
        "floor.limit_removed",
        "material",
        "other",
        "A limiting word (only, solely, never, unless, except, without your consent) was removed.",
        _limit_removed,
    ),
    Rule(
        "floor.limit_added",
        "minor",
        "other",
        "A limiting word (only, solely, never, unless, except, with your consent) was added.",
        _limit_added,
    ),
    Rule(
        "floor.protection_narrowed",
        "material",
        "user_rights",
        "An item was dropped from a protective commitment (a security measure, a prohibition, a "
        "promise to ask or tell first).",
        _protection_narrowed,
    ),
    Rule(
        "floor.qualifier_removed",
        "material",
        "other",
        "A word that narrowed what a practice covers was removed ('ads based on your general "
        "location' -> 'ads based on your location', 'advertising partners' -> 'partners').",
        _qualifier_removed,
    ),
    Rule(
        "floor.promise_deleted",
        "material",
        "other",
        "A sentence in which the company promised or refused something was deleted and is not "
        "said elsewhere.",
        _promise_deleted,
    ),
)
