"""Page chrome: text captured around a policy that is not the policy.

Policies captured from web pages carry menus, footers, cookie banners, tickers and
forms. Such text is recognised by its shape, not by per-site lists: runs of
capitalised labels with almost no function words ("Skip to Content Careers Press
Investors Help"), copyright lines. A change confined to such text is editorial.
Text that names a kind of personal data, a period, an e-mail or postal address or
a table row is never chrome, so a changed cookie table or data list is still read.

The regions :mod:`policydoc.pagechrome` found on each page (and those the settings
declare) are read first: a unit of change whose text lies in them on both sides is
editorial, whatever it says, and the reason names the region.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc._display import short
from policydoc.model import ChromeRegion, Section
from policydoc.significance.rules.identity import postal_addresses
from policydoc.significance.rules.unit import Finding, Rule, Unit
from policydoc.text import sentences

__all__ = ["CHROME", "chrome_finding", "chrome_like"]

_LETTERS = re.compile(r"[^\W\d_][\w'’&-]*")
# Words that carry a sentence; menus and footers have almost none of them.
_GLUE = frozenset(
    "the a an of to and or in on for with by from at as is are be was were this that these "
    "those it its we you your our us they their may will can not do does which who if when how "
    "what about more".split()
)
_COPYRIGHT = re.compile(r"©|\(c\) \d{4}|\ball rights reserved\b", re.I)
_KEEP = re.compile(r"\d+\s*(?:days?|weeks?|months?|years?|hours?)\b|@|\|", re.I)


def chrome_like(text: str, *, data_terms: int = 0) -> bool:
    """Does *text* read as navigation, a footer or a banner rather than as sentences?"""
    if data_terms or _KEEP.search(text) or postal_addresses(text):
        return False
    words = _LETTERS.findall(text)
    if not words:
        return False
    glue = sum(w.casefold() in _GLUE for w in words) / len(words)
    capitals = sum(w[0].isupper() for w in words) / len(words)
    if _COPYRIGHT.search(text):
        return glue <= 0.35
    if len(words) < 4:
        return False
    # Menus of capitalised labels ("Order on the Web Find a Store Terms of Use") keep a few
    # small words; sentences have many more and few capitals.
    return (glue <= 0.12 and capitals >= 0.5) or (glue <= 0.25 and capitals >= 0.8)


def _data_terms(u: Unit, text: str) -> int:
    # Single words of the data vocabulary ("preferences", "communications") are common menu
    # labels; phrases ("email address") and sensitive terms are not.
    vocab = u.doc.vocab
    phrases = {t for t in vocab.find("data_type", text.lower()) if " " in t}
    return len(phrases | vocab.find("sensitive", text.lower()))


def _changed_text(u: Unit) -> list[str]:
    if u.kind == "modify" and u.sentence is not None:
        return [u.sentence.old or "", u.sentence.new or ""]
    return [f.raw for f in (u.old, u.new) if f is not None]


def _chrome(u: Unit) -> Iterator[Finding]:
    if u.kind == "section_removed" and u.old is not None:
        parts = sentences(u.old.raw)
        total = sum(len(p.split()) for p in parts)
        chrome = sum(len(p.split()) for p in parts if chrome_like(p, data_terms=_data_terms(u, p)))
        if total and chrome >= 0.7 * total:
            yield Finding(f"Section '{u.section_title}' held page navigation, not policy text.")
        return
    if u.kind not in ("modify", "insert", "delete", "move"):
        return
    texts = [t for t in _changed_text(u) if t.strip()]
    if any(_in_table(u, t) for t in texts):
        return  # a table row (a sub-processor, a cookie) reads like a menu but is policy
    if texts and all(chrome_like(t, data_terms=_data_terms(u, t)) for t in texts):
        yield Finding("Only page navigation, a footer or a banner around the policy changed.")


def _in_table(u: Unit, text: str) -> bool:
    """Is *text* (or its first words) part of a table of the changed sections?"""
    if u.change is None:
        return False
    probe = " ".join(text.split()[:6])
    return any(
        b.kind == "table" and probe in b.text
        for sec in (*u.change.old, *u.change.new)
        for b in sec.blocks
    )


CHROME = Rule(
    "editorial.chrome",
    "editorial",
    "other",
    "Only text around the policy changed: navigation, footers, banners (capitalised labels "
    "with almost no sentence words, copyright lines).",
    _chrome,
    stage="trivial",
)


Regions = tuple[tuple[ChromeRegion, ...], tuple[ChromeRegion, ...]]
"""The chrome regions of the old page and of the new page."""


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _overlaps(r: ChromeRegion, sections: tuple[Section, ...]) -> bool:
    return any(r.lines[0] <= s.lines[1] and s.lines[0] <= r.lines[1] for s in sections)


def _within(s: Section, regions: tuple[ChromeRegion, ...]) -> ChromeRegion | None:
    return next((r for r in regions if r.lines[0] <= s.lines[0] and s.lines[1] <= r.lines[1]), None)


def _outside(text: str, regions: list[ChromeRegion]) -> tuple[str, ChromeRegion | None]:
    """*text* without the words at its start that end a region and those at its end that
    start one (a sentence wholly inside a region leaves nothing)."""
    words = _key(text).split()
    keys = [f" {_key(r.text)} " for r in regions]
    whole = f" {' '.join(words)} "
    for r, k in zip(regions, keys, strict=True):
        if whole in k:
            return "", r
    hit: ChromeRegion | None = None
    start, end = 0, len(words)
    for i in range(len(words) - 1, 0, -1):
        part = f" {' '.join(words[:i])} "
        hit = next((r for r, k in zip(regions, keys, strict=True) if k.endswith(part)), None)
        if hit is not None:
            start = i
            break
    for i in range(start + 1, len(words)):
        part = f" {' '.join(words[i:])} "
        tail = next((r for r, k in zip(regions, keys, strict=True) if k.startswith(part)), None)
        if tail is not None:
            end, hit = i, hit or tail
            break
    return " ".join(words[start:end]), hit


def chrome_finding(u: Unit, regions: Regions) -> Finding | None:
    """A finding naming the chrome region *u* is confined to, or ``None`` if it touches policy text."""
    if u.change is None or not (regions[0] or regions[1]):
        return None
    found: list[ChromeRegion] = []
    if u.kind in ("section_removed", "structure", "heading"):
        for sections, side in ((u.change.old, regions[0]), (u.change.new, regions[1])):
            for s in sections:
                region = _within(s, side)
                if region is None:
                    return None
                found.append(region)
    elif u.kind in ("modify", "insert", "delete", "move"):
        # A sentence may run from a banner into the title line (no full stop between
        # them): what is left once the chrome at either end is cut off must not change.
        rests = []
        pairs = ((u.old, u.change.old, regions[0]), (u.new, u.change.new, regions[1]))
        for features, sections, side in pairs:
            if features is None:
                continue
            rest, region = _outside(features.raw, [r for r in side if _overlaps(r, sections)])
            rests.append(rest)
            if region is not None:
                found.append(region)
        if len(set(rests)) != 1:
            return None
        if len(rests) == 1 and rests[0] and found:
            # A banner glued onto a sentence the other version still has (the aligner pairs
            # them as an insertion and a deletion): only the banner is new.
            other = u.doc.old_text if u.new is not None else u.doc.new_text
            if f" {rests[0]} " not in f" {_key(other)} ":
                return None
        elif len(rests) == 1 and rests[0]:
            return None
    if not found:
        return None
    r = found[-1]
    return Finding(
        f"Only page chrome changed: the {r.kind} at lines {r.lines[0]}-{r.lines[1]} "
        f"({short(r.text, 40)}) is not policy text."
    )
