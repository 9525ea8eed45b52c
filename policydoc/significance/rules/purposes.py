"""Purposes: new purposes for personal data (AI training among them), purposes dropped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.rules.helpers import OPT_OUT, affirmative_new, dropped
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import verb_class
from policydoc.significance.rules.words import quote


@rule("purpose.ai_training", "major", "purpose")
def ai_training(u: Unit) -> Iterator[Finding]:
    """Personal data or user content used to train AI or machine-learning models."""
    if not affirmative_new(u) or u.new is None:
        return
    if u.new.has("ai") and u.new.has("train"):
        was = u.old is not None and not u.old.negated and u.old.has("ai") and u.old.has("train")
        if not was and not any(
            f.has("ai") and f.has("train") and not f.negated for f in u.doc.old_sentences
        ):
            yield Finding("Data may now be used to train AI or machine-learning models.")


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
