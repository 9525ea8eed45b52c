"""Data collected and tracked: new kinds of personal data, new tracking technologies, new rows
or items in tables and lists of practices, data no longer collected."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.significance.analysis import Features, words_of
from policydoc.significance.rules.helpers import affirmative_new, dropped, newly_named
from policydoc.significance.rules.rows import new_rows, row_key
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.verbs import verb_class
from policydoc.significance.rules.words import FUNCTION_WORDS, bag, quote

# Media words name personal data only when they are the user's: "your photos", "images you
# upload"; "images displayed on our website" or "product videos" are the company's content.
_MEDIA = frozenset(
    "image images photo photos picture pictures video videos audio recording recordings".split()
)


def _about_the_user(text: str, term: str) -> bool:
    return bool(
        re.search(
            rf"\b(?:your|you|users?'?|customers?'?|members?'?)\b(?:\W+\w+){{0,2}}\W+{re.escape(term)}"
            rf"|\b{re.escape(term)}\w*(?:\W+\w+){{0,3}}\W+(?:you|users?|customers?|members?)\b",
            text,
        )
    )


@rule("data.new_type", "material", "data_collected")
def new_type(u: Unit) -> Iterator[Finding]:
    """A type of personal data not disclosed before is now collected."""
    if not affirmative_new(u) or u.new is None:
        return
    added = {
        t for t in u.new_to_doc("data_type") if t not in _MEDIA or _about_the_user(u.new.text, t)
    } - u.doc.vocab.find("sensitive", " ".join(u.new_to_doc("data_type")))
    # A data word in passing ("your age and interests belong to you") is not collection.
    if added and (
        u.new.has("collect_verb")
        or u.topic in ("collection", "cookies", "use")
        or (u.kind == "insert" and u.topic == "sharing")
    ):
        yield Finding(f"New kinds of personal data: {quote(added)}.")


# A new row in a cookie table is a new tracker, as a new row of recipients is a new recipient.
_ITEM_CATEGORY = {
    "sharing": "sharing",
    "use": "purpose",
    "collection": "data_collected",
    "cookies": "cookies_tracking",
}


@rule("practice.item_added", "material", "other")
def item_added(u: Unit) -> Iterator[Finding]:
    """A new row or item in a table or list of recipients, purposes or collected data."""
    # Lists and tables of purposes or recipients often hold plain words no vocabulary knows
    # ("to verify your research affiliation", "Retail media partners"): a new row is a new
    # practice until a reader says otherwise.
    if u.topic not in _ITEM_CATEGORY or not affirmative_new(u) or u.new is None:
        return
    category = _ITEM_CATEGORY[u.topic]
    for raw in new_rows(u):
        cells = [c.strip() for c in raw.split("|") if c.strip()]
        if len(cells) > 1:
            head = row_key(cells[0])
            # Prose turned into a table names the same recipients: a row is new when the cells
            # that name it (a cookie table leads with the cookie's name, then its provider)
            # hold a name, or two words, the old version never used.
            key = " ".join(cells[:2]) if len(cells) > 2 else cells[0]
            unknown = {
                w for w in words_of(key) if w.isalpha() and w not in FUNCTION_WORDS
            } - u.doc.old_words
            named = {w.lower() for w in re.findall(r"\b[A-Z][\w&'-]+", key)[1:]}
            if head and head not in u.doc.old_text and (len(unknown) >= 2 or unknown & named):
                yield Finding(
                    f"New row in a table about {u.topic}: '{cells[0]}'.", category=category
                )
                return
        elif (
            u.kind == "insert"
            and not u.new.privacy_relevant
            and len(u.content_added) >= 3
            and not (item := Features(raw, u.doc.vocab)).negated
            # A rewritten list says again, in new words, what the items it replaced said
            # ("run the gradebook features" for "operating the gradebook features").
            and not _mostly_said(set(bag(item.words)), u.doc.rewritten_words)
        ):
            yield Finding(
                f"New list item in a section about {u.topic}: review whether it adds a practice.",
                category=category,
                needs_review=True,
            )
            return


def _mostly_said(words: set[str], said: set[str]) -> bool:
    return 2 * len(words & said) >= len(words)


@rule("data.type_removed", "minor", "data_collected")
def type_removed(u: Unit) -> Iterator[Finding]:
    """Less personal data collected."""
    gone = dropped(u, "data_type")
    if gone and u.topic not in ("rights", "security", "retention"):
        assert u.old is not None  # dropped() names terms only for a modified sentence
        if verb_class(u.old) != "protect":
            yield Finding(f"Data types no longer listed: {quote(gone)}.")


@rule("tracking.new", "material", "cookies_tracking")
def tracking_new(u: Unit) -> Iterator[Finding]:
    """New tracking technology (pixels, fingerprinting, SDKs, ...)."""
    if added := newly_named(u, "tracking"):
        yield Finding(f"New tracking technologies: {quote(added)}.")
