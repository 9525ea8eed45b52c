"""Purposes: new purposes for personal data (AI training among them), purposes dropped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.analysis import Features
from policydoc.significance.rules.helpers import OPT_OUT, affirmative_new, dropped
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import verb_class
from policydoc.significance.rules.words import quote


@rule("purpose.ai_training", "major", "purpose")
def ai_training(u: Unit) -> Iterator[Finding]:
    """Personal data or user content used to train AI or machine-learning models."""
    if not affirmative_new(u) or u.new is None:
        return
    if _trains_models(u.new):
        was = u.old is not None and not u.old.negated and _trains_models(u.old)
        if not was and not any(_trains_models(f) and not f.negated for f in u.doc.old_sentences):
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
