"""Purposes: new purposes for personal data (AI training among them), purposes dropped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.analysis import Features
from policydoc.significance.rules.helpers import OPT_OUT, affirmative_new, dropped
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import verb_class
from policydoc.significance.rules.words import quote

# "Only content published on or after 1 March": the new use spares what users gave before.
_FORWARD_ONLY = re.compile(
    r"\b(?:published|posted|created|uploaded|submitted|collected|shared) (?:on or )?after\b|"
    r"\bon or after\b|\bgoing forward\b|\bfrom now on\b|\bonly (?:to )?(?:new|future)\b|"
    r"\bnot (?:to|apply to) (?:content|data|information|posts) (?:you )?(?:published|posted|created|"
    r"uploaded|submitted|shared) before\b"
)


_EARLIER_SPARED = re.compile(
    r"\b(?:published|posted|created|uploaded|submitted|collected|given|shared) before\b[^.]*\bnot be used\b"
)


def _new_ai_training(u: Unit) -> bool:
    if not affirmative_new(u) or u.new is None or not _trains_models(u.new):
        return False
    was = u.old is not None and not u.old.negated and _trains_models(u.old)
    # An item of a "We never:" list is a refusal although it has no "not" of its own.
    return not was and not any(
        _trains_models(f) and not f.negated and f.raw not in u.doc.old_ruled_out
        for f in u.doc.old_sentences
    )


def _forward_only(u: Unit) -> bool:
    """Does the new version say, next to the training it describes, that only content given
    from now on is used? (The scope may be stated in another section than this unit's.)"""
    if u.new is not None and _FORWARD_ONLY.search(u.new.text):
        return True
    sentences = u.doc.new_sentences
    for k, f in enumerate(sentences):
        if _FORWARD_ONLY.search(f.text) or _EARLIER_SPARED.search(f.text):
            near = sentences[max(0, k - 1) : k + 2]
            if any(_trains_models(g) or g.has("train") for g in near):
                return True
    return False


@rule("purpose.ai_training_future", "material", "purpose")
def ai_training_future(u: Unit) -> Iterator[Finding]:
    """Content users give from now on will train AI models; what they gave before is spared."""
    if _new_ai_training(u) and _forward_only(u):
        yield Finding("Data given from now on may be used to train AI or machine-learning models.")


@rule("purpose.ai_training", "major", "purpose")
def ai_training(u: Unit) -> Iterator[Finding]:
    """Personal data or user content used to train AI or machine-learning models."""
    if _new_ai_training(u) and not _forward_only(u):
        yield Finding("Data may now be used to train AI or machine-learning models.")


_MODEL = re.compile(r"\bmodels?\b")


def _trains_models(f: Features) -> bool:
    """Training or fine-tuning of AI: named as such, or a "model" that is trained."""
    return f.has("train") and (f.has("ai") or bool(_MODEL.search(f.text)))


@rule("purpose.new", "material", "purpose")
def purpose_new(u: Unit) -> Iterator[Finding]:
    """Personal data used for a purpose not disclosed before (advertising, profiling, research, ...)."""
    if not affirmative_new(u) or u.new is None:
        return
    added = u.new_to_doc("purpose_new")
    if OPT_OUT.search(u.new.text) or re.search(r"\bunsubscribe\b", u.new.text):
        return  # "you may opt out of marketing emails" offers a choice; it adds no purpose
    if added and (
        u.new.about_personal_data or u.new.use_verb or u.topic in ("use", "collection", "sharing")
    ):
        yield Finding(f"New purposes for personal data: {quote(added)}.")


@rule("purpose.removed", "minor", "purpose")
def purpose_removed(u: Unit) -> Iterator[Finding]:
    """Personal data is used for fewer purposes."""
    gone = dropped(u, "purpose_new")
    if gone and u.old is not None and verb_class(u.old) != "protect":
        yield Finding(f"Purposes no longer listed: {quote(gone)}.")
