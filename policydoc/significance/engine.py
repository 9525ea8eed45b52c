"""Amendment -> Assessment: run the rules over every unit of change and keep their reasons."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from policydoc._display import level_badge, short
from policydoc.kinds import ChangeKind
from policydoc.normalize import normalize, resolve
from policydoc.pagechrome import declared_chrome
from policydoc.significance.analysis import Features, topic_of
from policydoc.significance.config import RuleSet
from policydoc.significance.model import Evidence, Level, Reason
from policydoc.significance.restated import Restatements
from policydoc.significance.rules import (
    DocContext,
    Finding,
    Rule,
    SentencePair,
    Unit,
    bag,
    same_meaning,
)
from policydoc.significance.rules.chrome import CHROME, Regions, chrome_finding
from policydoc.significance.rules.meaning import signature
from policydoc.significance.vocab import Vocabulary, concept_of
from policydoc.text import escape_markdown, sentences

if TYPE_CHECKING:
    from policydoc.amendment import Amendment, SectionChange, SentenceChange
    from policydoc.model import ChromeRegion

__all__ = ["Assessment", "Notice", "assess"]


def assess(amendment: Amendment, *, rules: RuleSet | None = None) -> Assessment:
    """Decide how significant *amendment* is, with the reasons for the decision."""
    # Read by its shape, so the engine needs the amendment module for types only (no cycle).
    if not all(hasattr(amendment, a) for a in ("old", "new", "changes", "preamble", "normalizers")):
        raise TypeError(
            "assess() takes the Amendment that compare(old, new) returns, not "
            f"{type(amendment).__name__}: use policydoc.compare(old, new).assess()"
        )
    ruleset, vocab = _default_rules() if rules is None else (rules, rules.vocabulary())
    # Headings that became plain text (or the reverse) move words between sections
    # without changing what a reader sees: compare the whole document's words first.
    pipeline = resolve(amendment.normalizers)
    # Units come only from changes in words and from metadata: without those there is
    # nothing to judge, and the whole documents need not be normalised to know it.
    to_judge = any(
        c.kind not in (ChangeKind.UNCHANGED, ChangeKind.FORMATTING)
        for c in (amendment.preamble, *amendment.changes)
    ) or any(m.key not in _UNJUDGED_METADATA for m in amendment.metadata)
    normal = (
        (normalize(amendment.old.source, pipeline), normalize(amendment.new.source, pipeline))
        if to_judge
        else ("", "")
    )
    same_words = normal[0] == normal[1]
    enabled = ruleset.enabled()
    chrome_rule = next((r for r in enabled if r.id == CHROME.id), None)
    regions = _chrome_regions(amendment, ruleset) if chrome_rule is not None else ((), ())
    titles = [s.title for p in (amendment.old, amendment.new) for s in p.walk()]
    keys, split = _Keys(), _Split()
    # What a page says in its menus and footers is not what the policy says: a deleted
    # promise is not "restated" by a help link, nor is the policy's language read from it.
    (old_sentences, old_titles), (new_sentences, new_titles) = (
        _doc_sentences(amendment, "old", regions[0], keys, split),
        _doc_sentences(amendment, "new", regions[1], keys, split),
    )
    doc = DocContext(
        old_sentences, new_sentences, vocab, titles, sentence_titles=(old_titles, new_titles)
    )
    # A removed section whose policy text lives on elsewhere is a move, whatever chrome it held.
    chrome_said = frozenset(keys[x] for r in regions[0] for x in split[r.text])
    units = [] if same_words else list(_units(amendment, doc, normal, chrome_said, keys, split))
    stages = {
        s: [r for r in enabled if r.stage == s] for s in ("trivial", "substantive", "fallback")
    }

    reasons: list[Reason] = []
    seen: set[tuple[str, str, str]] = set()
    # A reason names its section to a user: an untitled one by its number or first words
    # (display only; the rules read the title itself).
    names = {s.id: s.display_name for p in (amendment.old, amendment.new) for s in p.walk()}

    def add(rule: Rule, finding: Finding, unit: Unit) -> None:
        ev = _evidence(unit, finding.message)
        key = (rule.id, unit.section_id, ev.marked)
        if key in seen:
            return
        seen.add(key)
        title, message = unit.section_title, finding.message
        if not title.strip() and unit.section_id in names:
            title = names[unit.section_id]
            message = message.replace("''", f"'{title}'")
        reasons.append(
            Reason(
                rule=rule.id,
                category=finding.category or rule.category,
                level=ruleset.level_of(rule),
                section_id=unit.section_id,
                section_title=title,
                message=message,
                evidence=ev,
                needs_review=finding.needs_review,
            )
        )

    outside_chrome = 0
    for unit in units:
        fired = False
        in_chrome = chrome_finding(unit, regions) if chrome_rule is not None else None
        if chrome_rule is not None and in_chrome is not None:
            add(chrome_rule, in_chrome, unit)
            continue
        outside_chrome += 1
        for stage in ("trivial", "substantive", "fallback"):
            if stage == "fallback" and _judged_with_its_section(unit):
                continue
            for rule in stages[stage]:
                for finding in rule.check(unit):
                    add(rule, finding, unit)
                    fired = True
                    if stage == "fallback":
                        break
                if fired and stage == "fallback":
                    break
            if fired:
                break

    visible = any(c.kind != ChangeKind.UNCHANGED for c in (amendment.preamble, *amendment.changes))
    # A change confined to page chrome says nothing about the policy's language.
    if outside_chrome and not all(_english(" ".join(t)) for t in (old_sentences, new_sentences)):
        # The vocabularies and floors read English: on other languages they would give a
        # confident answer on no evidence, so a person reviews it.
        reasons.append(
            _about_the_document(
                amendment,
                "language.unsupported",
                Level.MINOR,
                "The policy is not in English, which the rules cannot read; review it.",
                needs_review=True,
            )
        )
    for note in getattr(amendment, "texts", ()):
        reasons.append(_about_the_document(amendment, "editorial.texts", Level.EDITORIAL, note))
    level = max((r.level for r in reasons), default=Level.NONE)
    order = _Order(amendment)
    formatting = sum(
        1 for c in (amendment.preamble, *amendment.changes) if c.kind == ChangeKind.FORMATTING
    )
    return Assessment(
        amendment=amendment,
        level=level,
        reasons=tuple(sorted(reasons, key=lambda r: (-r.level.rank, order(r.section_id)))),
        formatting_changes=formatting,
        changed=visible or bool(amendment.metadata) or bool(getattr(amendment, "texts", ())),
    )


# Metadata that makes no unit (`date_text`, the date as written).
_UNJUDGED_METADATA = frozenset({"date_text"})
_DEFAULT: list[tuple[RuleSet, Vocabulary]] = []


def _default_rules() -> tuple[RuleSet, Vocabulary]:
    # Reading the installed packages' entry points scans every one of them: the default
    # rules and their vocabulary are read once per process, not once per assessment.
    if not _DEFAULT:
        ruleset = RuleSet.default()
        _DEFAULT.append((ruleset, ruleset.vocabulary()))
    return _DEFAULT[0]


def _about_the_document(
    amendment: Amendment, rule: str, level: Level, message: str, *, needs_review: bool = False
) -> Reason:
    """A reason about the whole document (its language, the texts a page holds)."""
    return Reason(
        rule=rule,
        category="other",
        level=level,
        section_id="preamble",
        section_title=amendment.new.title or "",
        message=message,
        evidence=Evidence(before=None, after=None, marked=""),
        needs_review=needs_review,
    )


def _chrome_regions(amendment: Amendment, ruleset: RuleSet) -> Regions:
    """Each page's chrome: what the parser found plus what the settings declare."""
    headings = tuple(ruleset.settings.get("chrome-headings", ()))
    text = tuple(ruleset.settings.get("chrome-text", ()))
    old, new = amendment.old, amendment.new
    return (
        old.chrome + declared_chrome(old, headings=headings, text=text),
        new.chrome + declared_chrome(new, headings=headings, text=text),
    )


_ENGLISH = frozenset(
    "the of and to a in is are be we you your our for that with by or this it on as not may "
    "will from at if use any can which us their have these other".split()
)


def _english(text: str) -> bool:
    """Do English function words carry the text (as in any English prose)?"""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 40:
        return True  # too little text to tell; read it as written
    return sum(map(_ENGLISH.__contains__, words)) / len(words) >= 0.12


class _Order:
    """Where a section's change comes in the amendment (the first change naming it)."""

    def __init__(self, amendment: Amendment):
        self._at: dict[str, int] = {}
        for k, c in enumerate((amendment.preamble, *amendment.changes)):
            for s in (*c.new, *c.old):
                self._at.setdefault(s.id, k)

    def __call__(self, section_id: str) -> int:
        return self._at.get(section_id, 10**6)


def _judged_with_its_section(unit: Unit) -> bool:
    # The sentences of a removed section are judged by what the section promised
    # (section.removed / section.practice_removed), not one by one by the fail-safe.
    return (
        unit.kind == "delete" and unit.change is not None and unit.change.kind == ChangeKind.REMOVED
    )


def _doc_sentences(
    a: Amendment,
    side: str,
    chrome: tuple[ChromeRegion, ...],
    keys: _Keys,
    split: _Split,
) -> tuple[list[str], list[str]]:
    """The sentences of one version outside its chrome, and the title of each one's section."""
    policy = a.old if side == "old" else a.new
    in_chrome = frozenset(keys[x] for r in chrome for x in split[r.text])
    out: list[str] = []
    titles: list[str] = []
    for title, text in (("", policy.preamble_text), *((s.title, s.text) for s in policy.walk())):
        found = split[text]
        if in_chrome:
            found = [x for x in found if keys[x] not in in_chrome]
        out.extend(found)
        titles.extend([title] * len(found))
    return out, titles


_NON_WORD = re.compile(r"\W+")


def _key(sentence: str) -> str:
    return _NON_WORD.sub(" ", sentence.casefold()).strip()


class _Keys(dict[str, str]):
    """``_key`` of each text, worked out once per assessment: both versions share most text."""

    def __missing__(self, text: str) -> str:
        k = self[text] = _key(text)
        return k


class _Split(dict[str, list[str]]):
    """The sentences of each text, split once per assessment (callers do not change them)."""

    def __missing__(self, text: str) -> list[str]:
        found = self[text] = sentences(text)
        return found


def _topic(a: Amendment, c: SectionChange, doc: DocContext, side: str) -> str:
    secs = c.new if side == "new" and c.new else c.old if c.old else c.new
    if not secs:
        return "other"
    if secs[0].id == "preamble" and secs[0].level == 0:
        return "controller"
    text = c.new_text if side == "new" else c.old_text
    topic = topic_of(" ".join(s.title for s in secs), text, doc.vocab)
    if topic == "other":
        # An uninformative heading ("4.1 Companies we work with") takes its parent's topic.
        policy = a.new if side == "new" and c.new else a.old
        for ancestor in reversed(secs[0].path[:-1]):
            parent = policy.get(ancestor)
            if parent is not None:
                topic = topic_of(parent.title, "", doc.vocab)
                if topic != "other":
                    break
    return topic


def _units(
    a: Amendment,
    doc: DocContext,
    normal: tuple[str, str],
    chrome: frozenset[str],
    keys: _Keys,
    split: _Split,
) -> Iterator[Unit]:
    pending: list[Unit] = []
    # Each version is normalised once per assessment (the caller's texts).
    old_words, new_words = _Shingles(normal[0]), _Shingles(normal[1])
    # What each version says, looked up by meaning: a rewrite deletes and inserts
    # sentences that say the same thing in other words. Indexed when first asked: most
    # amendments never ask.
    said = _Said(doc)
    for c in (a.preamble, *a.changes):
        if c.kind in (ChangeKind.UNCHANGED, ChangeKind.FORMATTING):
            continue
        topic, old_topic = _topic(a, c, doc, "new"), _topic(a, c, doc, "old")
        sec = (c.new or c.old)[0]
        common: dict[str, Any] = dict(
            topic=topic, old_topic=old_topic, section_id=sec.id, section_title=sec.title
        )
        if c.renamed and len(c.old) == 1 and len(c.new) == 1:
            pending.append(Unit("heading", c, doc, old_title=c.old[0].title, **common))
        if c.kind in (ChangeKind.MOVED, ChangeKind.SPLIT, ChangeKind.MERGED) or (
            c.moved and not c.renamed
        ):
            yield Unit("structure", c, doc, **common)
        if c.kind == ChangeKind.REMOVED and (
            _still_present(c.old_text, new_words, chrome, keys, split)
            or _restated(c, said, doc, split)
        ):
            # Its heading went but its words live on elsewhere (folded into the preamble).
            yield Unit("structure", c, doc, **common)
        elif c.kind == ChangeKind.REMOVED:
            yield Unit("section_removed", c, doc, old=c.old_text, **{**common, "topic": old_topic})
        old_title = c.old[0].title if c.old else ""
        for s in c.sentences:
            if s.old is not None and s.new is not None and _unrelated(s.old, s.new, keys):
                # The aligner paired two sentences that share few words (prose turned into a
                # table, a list item and its rewrite): judging one against the other compares
                # unrelated claims, so each is judged on its own, as deleted and inserted text.
                pending.append(Unit("insert", c, doc, new=s.new, old_title=old_title, **common))
                pending.append(
                    Unit(
                        "delete",
                        c,
                        doc,
                        old=s.old,
                        old_title=old_title,
                        **{**common, "topic": old_topic},
                    )
                )
            elif s.old is not None and s.new is not None:
                pending.append(
                    Unit(
                        "modify",
                        c,
                        doc,
                        old=s.old,
                        new=s.new,
                        sentence=s,
                        old_title=old_title,
                        **common,
                    )
                )
            elif s.new is not None:
                pending.append(
                    Unit("insert", c, doc, new=s.new, sentence=s, old_title=old_title, **common)
                )
            elif s.old is not None:
                pending.append(
                    Unit(
                        "delete",
                        c,
                        doc,
                        old=s.old,
                        sentence=s,
                        old_title=old_title,
                        **{**common, "topic": old_topic},
                    )
                )
    for m in a.metadata:
        if m.key in _UNJUDGED_METADATA:
            continue
        yield Unit(
            "metadata",
            None,
            doc,
            old=f"{m.key}: {m.old}",
            new=f"{m.key}: {m.new}",
            section_id="metadata",
            section_title=m.key,
        )
    yield from _pair_moves(pending, doc, old_words, new_words, said, keys)


class _Said:
    """Both versions' :class:`Restatements`, built on first use."""

    def __init__(self, doc: DocContext):
        self._doc = doc
        self._built: tuple[Restatements, Restatements] | None = None

    def __call__(self) -> tuple[Restatements, Restatements]:
        if self._built is None:
            doc = self._doc
            old = Restatements(doc.old_sentences, doc.sentence_titles[0], doc.vocab)
            new = Restatements(doc.new_sentences, doc.sentence_titles[1], doc.vocab, shared=old)
            self._built = (old, new)
        return self._built


def _unrelated(old: str, new: str, keys: _Keys) -> bool:
    a = {w for w in keys[old].split() if w not in _FUNCTION_WORDS}
    b = {w for w in keys[new].split() if w not in _FUNCTION_WORDS}
    if len(a) < 4 or len(b) < 4:
        return False
    overlap = len(a & b) / len(a | b)
    # One side several times the other (a sentence against a whole table) or few shared words.
    lopsided = max(len(a), len(b)) >= 3 * min(len(a), len(b))
    return overlap < 0.15 or (lopsided and overlap < 0.4)


class _Shingles:
    """Word trigrams of a whole document: is a sentence's text (nearly) all still there?"""

    def __init__(self, normal: str):
        self._normal = normal  # keyed and split into trigrams when first asked

    @functools.cached_property
    def text(self) -> str:
        return _key(self._normal)

    @functools.cached_property
    def grams(self) -> set[tuple[str, ...]]:
        ws = self.text.split()
        return set(zip(ws, ws[1:], ws[2:], strict=False))

    def __contains__(self, key: object) -> bool:
        assert isinstance(key, str)
        ws = key.split()
        grams = [tuple(ws[i : i + 3]) for i in range(len(ws) - 2)]
        missing = [g not in self.grams for g in grams]
        if self._has(key, missing):
            return True
        # Restyled sentences: all but a couple of trigrams survive when only a label was glued on.
        return len(grams) >= 8 and sum(missing) <= max(2, len(grams) // 20)

    def has_text(self, key: str) -> bool:
        """``key in self.text``, for a key of whole words (a ``_key``)."""
        ws = key.split()
        return self._has(key, [tuple(ws[i : i + 3]) not in self.grams for i in range(len(ws) - 2)])

    def _has(self, key: str, missing: list[bool]) -> bool:
        # Searching the whole text for every sentence grows with the document times the
        # changes. Where the key occurs, its inner words are whole words of the text, so a
        # trigram of inner words that the text lacks rules it out without the search.
        if any(missing[1:-1]):
            return False
        return key in self.text


def _words_kept(u: Unit, other: _Shingles, keys: _Keys) -> bool:
    """Are a long sentence's content words all still there, in order, in its section?"""
    content = [w for w in keys[u.old.raw if u.old else ""].split() if w not in _FUNCTION_WORDS]
    if len(content) < 8 or u.change is None or not u.change.new:
        return False
    new = u.change.new
    words: list[str] = u.doc.per_change(
        "engine.section_words", u.change, lambda: _key(" ".join(s.text for s in new)).split()
    )
    section = iter(words)
    return all(w in section for w in content)


_FUNCTION_WORDS = frozenset(
    "the a an that which this these those of to in on for by and or as at from with is are be it "
    "its we us our you your they them their".split()
)


def _restated(c: SectionChange, said: _Said, doc: DocContext, split: _Split) -> bool:
    """Is everything a removed section said still said, reworded, in the new version?"""
    title = c.old[0].title if c.old else ""
    found = [doc.features(s) for s in split[c.old_text]]
    # Short clauses with no privacy term ("and (d) complying with applicable law") are too
    # small to look up; the section stands or falls with the sentences that can be.
    telling = [f for f in found if Restatements.recognisable(f)]
    if not telling:
        return False
    said_old, said_new = said()
    return all(said_new.says(f, title=title, source=said_old) for f in telling)


def _still_present(
    text: str,
    other: _Shingles,
    chrome: frozenset[str],
    keys: _Keys,
    split: _Split,
) -> bool:
    """Are (nearly) all the substantial sentences of *text* (chrome aside) in the other version?"""
    kept = [k for k in (keys[s] for s in split[text]) if len(k.split()) >= 5 and k not in chrome]
    return bool(kept) and sum(k in other for k in kept) >= 0.9 * len(kept)


def _as_move(arrival: Unit, old: str | None, old_topic: str, old_title: str) -> Unit:
    """A ``move`` unit: the text as it arrived, and where (and as what) it came from."""
    return Unit(
        "move",
        arrival.change,
        arrival.doc,
        old=old,
        new=arrival.new.raw if arrival.new else None,
        sentence=arrival.sentence,
        topic=arrival.topic,
        old_topic=old_topic,
        section_id=arrival.section_id,
        section_title=arrival.section_title,
        old_title=old_title,
    )


def _pair_moves(
    units: list[Unit],
    doc: DocContext,
    old_words: _Shingles,
    new_words: _Shingles,
    said: _Said,
    keys: _Keys,
) -> Iterator[Unit]:
    """Turn a sentence deleted in one section and inserted in another into one ``move`` unit."""
    inserts: dict[str, list[Unit]] = {}
    # The insertions of each section change, in order: a deletion looks for its rewording
    # among its own section's insertions only.
    by_change: dict[int, list[Unit]] = {}
    for u in units:
        if u.kind == "insert" and u.new is not None:
            inserts.setdefault(keys[u.new.raw], []).append(u)
            by_change.setdefault(id(u.change), []).append(u)
    new_keys = {keys[f.raw] for f in doc.new_sentences}
    old_keys = {keys[f.raw] for f in doc.old_sentences}
    used: set[int] = set()
    signatures: dict[int, tuple[Any, ...]] = {}

    def sig(f: Features) -> tuple[Any, ...]:
        # same_meaning() first compares signatures: each sentence's is read once.
        found = signatures.get(id(f))
        if found is None:
            found = signatures[id(f)] = signature(f)
        return found

    for u in units:
        if (
            u.kind == "modify"
            and u.sentence is not None
            and _only_moved_text(u.sentence, old_words, new_words, keys)
        ):
            # Text glued on from elsewhere (a heading turned into bold text, a merged paragraph).
            yield _as_move(u, u.old.raw if u.old else None, u.old_topic, u.old_title)
            continue
        if u.kind == "delete" and u.old is not None:
            k = keys[u.old.raw]
            partner = next((i for i in inserts.get(k, []) if id(i) not in used), None)
            if partner is None:
                # Reordered and reworded in the same section: "respond" became "reply".
                old = u.old
                partner = next(
                    (
                        i
                        for i in by_change.get(id(u.change), ())
                        if id(i) not in used
                        and i.new is not None
                        and sig(old) == sig(i.new)
                        and same_meaning(old, i.new)
                    ),
                    None,
                )
            if partner is not None:
                used.add(id(partner))
                yield _as_move(partner, u.old.raw, u.topic, u.section_title)
                continue
            if k in new_keys or (len(k.split()) >= 5 and new_words.has_text(k)):
                continue  # the sentence is still there (glued to another, or a duplicate removed)
            if not u.old.negated and _words_kept(u, new_words, keys):
                continue  # a table turned into a list: the same words, in order, re-laid out
        if u.kind == "insert" and u.new is not None:
            k = keys[u.new.raw]
            if id(u) in used or k in old_keys or (len(k.split()) >= 5 and old_words.has_text(k)):
                continue
        _mark_restated(u, said)
        yield u


def _mark_restated(u: Unit, said: _Said) -> None:
    """A sentence reworded in a rewrite: what it said is still said in the other version."""
    old_title = u.old_title or u.section_title
    # Restatements.says() answers no for a sentence too small to look up, so the indexes
    # are built (said()) only for a sentence that can be looked up; u.restated stays False.
    if u.kind == "delete" and u.old is not None and Restatements.recognisable(u.old):
        said_old, said_new = said()
        u.restated = said_new.says(u.old, title=old_title, source=said_old)
    elif u.kind == "insert" and u.new is not None and Restatements.recognisable(u.new):
        said_old, said_new = said()
        u.restated = said_old.says(u.new, title=u.section_title, source=said_new)
    elif u.kind == "modify" and u.old is not None and u.new is not None:
        # A close pair ("will" -> "may", "and screen resolution" added, a clause cut) is
        # judged by the rules; only a sentence rewritten beyond recognition is looked up.
        a, b = set(bag(u.old.words)), set(bag(u.new.words))
        cut, added = len(a - b), len(b - a)
        if cut + added >= 5 and min(cut, added) >= 2:
            said_old, said_new = said()
            u.restated = said_new.says(u.old, title=old_title, source=said_old) and said_old.says(
                u.new, title=u.section_title, source=said_new
            )


def _mark(op: str, text: str) -> str:
    if op == "equal" or not text.strip():
        return text
    lead, core, trail = (
        text[: len(text) - len(text.lstrip())],
        text.strip(),
        text[len(text.rstrip()) :],
    )
    return f"{lead}[-{core}-]{trail}" if op == "delete" else f"{lead}{{+{core}+}}{trail}"


def _only_moved_text(
    s: SentenceChange | SentencePair,
    old_words: _Shingles,
    new_words: _Shingles,
    keys: _Keys,
) -> bool:
    """Every changed run is a long stretch of text that the other version has elsewhere."""
    # Punctuation runs (", " -> "; ") carry no words; the word runs decide.
    runs = [(o.op, keys[o.text]) for o in s.ops if o.op != "equal" and keys[o.text]]
    # A copy (the text now appears more often than before) is new content, not a move.
    return bool(runs) and all(
        len(k.split()) >= 6
        and k in (old_words if op == "insert" else new_words)
        and (old_words if op == "insert" else new_words).text.count(k)
        >= (new_words if op == "insert" else old_words).text.count(k)
        for op, k in runs
    )


def _concepts(message: str) -> tuple[str, ...]:
    """DPV concepts of the terms a finding quotes ("New kinds of personal data: 'faceprint'.")."""
    found = {c.iri for t in re.findall(r"'([^']+)'", message) if (c := concept_of(t)) is not None}
    return tuple(sorted(found))


def _evidence(u: Unit, message: str = "") -> Evidence:
    before = u.old.raw if u.old else None
    after = u.new.raw if u.new else None
    if u.kind == "heading":
        before, after = u.old_title, u.section_title
    if u.sentence is not None and u.kind == "modify":
        marked = "".join(_mark(o.op, o.text) for o in u.sentence.ops).strip()
    elif before is not None and after is not None:
        marked = f"[-{before}-] {{+{after}+}}"
    elif after is not None:
        marked = f"{{+{after}+}}"
    else:
        marked = f"[-{before or u.section_title}-]"
    if len(marked) > 2000:  # a removed section: keep evidence readable
        marked = marked[:1997] + "..."
        before = before[:2000] if before else before
    return Evidence(before=before, after=after, marked=marked, concepts=_concepts(message))


# -- the result ---------------------------------------------------------------------------------

_CATEGORY_NOTICE = {
    "data_collected": "We will collect new kinds of information",
    "purpose": "We will use your information for new purposes",
    "sharing": "We will share your information more widely",
    "sale": "We may sell or rent your personal information",
    "user_rights": "Your rights or choices change",
    "retention": "We will keep your information for longer",
    "security": "Our security commitments change",
    "controller_identity": "A different company will be responsible for your information",
    "contact": "How to contact us changes",
    "policy_change_clause": "How we tell you about changes is different",
    "dispute_resolution": "How disputes are resolved changes",
    "international_transfer": "Your information may be transferred to other countries",
    "children": "How we handle children's information changes",
    "sensitive_data": "We will handle sensitive information differently",
    "retroactive": "The changes also apply to information we already hold",
    "section_removed": "A part of the policy was removed",
    "cookies_tracking": "We will use new tracking technologies",
    "other": "Other changes that affect you",
}


def _section_name(r: Reason) -> str:
    """How a user finds the section: its title, or what it is when it has none."""
    if r.section_id == "metadata":
        return "the policy's details"
    if r.section_id == "preamble" or not r.section_title.strip():
        return "the introduction"
    return r.section_title.strip()


def _clip(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " ..."


def _plain_detail(r: Reason) -> str:
    """What the policy now says, or no longer says: the user's own words for the change."""
    if r.evidence.after:
        return f'The policy now says: "{_clip(r.evidence.after)}"'
    if r.evidence.before:
        return f'The policy no longer says: "{_clip(r.evidence.before)}"'
    return "See the updated policy."


@attrs.frozen(slots=True, repr=False)
class NoticeItem:
    """One change a notice tells users about."""

    section: str
    category: str
    headline: str
    detail: str
    level: Level

    def __repr__(self) -> str:
        return f"<NoticeItem {self.level.value} {short(self.headline)} in {short(self.section)}>"


@attrs.frozen(slots=True, repr=False)
class Notice:
    """A draft user notice for the material and major changes; falsy when no notice is required."""

    items: tuple[NoticeItem, ...]
    """The changes to tell users about, one per section and category."""
    effective_date: dt.date | None
    """When the changes take effect, if known."""
    company: str | None
    """Who is speaking (``None``: "We")."""
    requires_consent: bool
    """Some change needs users' fresh consent."""
    more: int = 0
    """Changes left out of ``items`` to keep the notice short (named by section in the text)."""
    more_sections: tuple[str, ...] = ()
    """Sections of the changes left out of ``items``."""

    def __bool__(self) -> bool:
        return bool(self.items)

    def _intro(self) -> list[str]:
        who = self.company or "We"
        when = f" on {self.effective_date.strftime('%B %-d, %Y')}" if self.effective_date else ""
        lines = [
            f"{who} {'are' if who == 'We' else 'is'} updating {'our' if who == 'We' else 'its'} privacy policy. "
            f"The changes below take effect{when or ' soon'}."
        ]
        return lines

    def _more(self) -> str:
        where = ", ".join(f'"{name}"' for name in self.more_sections)
        noun = "change" if self.more == 1 else "changes"
        return f"And {self.more} more {noun} in {'section' if len(self.more_sections) == 1 else 'sections'} {where}."

    def _outro(self) -> str:
        if self.requires_consent:
            return "Some of these changes need your consent. We will ask for it before they apply to you; until then, your information stays under the current policy."
        return "You can read the full updated policy, and compare it with the current one, before these changes take effect."

    def to_text(self) -> str:
        """The notice as plain text (empty when no notice is required)."""
        if not self:
            return ""
        out = [*self._intro(), ""]
        for it in self.items:
            out.append(f'- {it.headline} (section "{it.section}"): {it.detail}')
        if self.more:
            out.append(f"- {self._more()}")
        out += ["", self._outro()]
        return "\n".join(out) + "\n"

    def to_markdown(self) -> str:
        """The notice as Markdown (empty when no notice is required)."""
        if not self:
            return ""
        title = "## Important changes to our privacy policy"
        out = [title, "", *self._intro(), ""]
        for it in self.items:
            # Section titles and details quote the policy: escaped, they cannot carry HTML.
            section, detail = escape_markdown(it.section), escape_markdown(it.detail)
            out.append(f"- **{it.headline}** (section *{section}*): {detail}")
        if self.more:
            out.append(f"- {escape_markdown(self._more())}")  # names sections of the policy
        out += ["", self._outro()]
        return "\n".join(out) + "\n"

    def to_html(self) -> str:
        """The notice as escaped HTML (empty when no notice is required)."""
        if not self:
            return ""
        items = "".join(
            f"<li><strong>{html.escape(it.headline)}</strong> (section <em>{html.escape(it.section)}</em>): "
            f"{html.escape(it.detail)}</li>"
            for it in self.items
        ) + (f"<li>{html.escape(self._more())}</li>" if self.more else "")
        intro = "".join(f"<p>{html.escape(line)}</p>" for line in self._intro())
        return (
            f"<section class='policydoc-notice'><h2>Important changes to our privacy policy</h2>{intro}"
            f"<ul>{items}</ul><p>{html.escape(self._outro())}</p></section>"
        )

    def to_dict(self) -> dict[str, Any]:
        """The notice as JSON-ready data (``notice`` in ``assess --json``)."""
        return {
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "company": self.company,
            "requires_consent": self.requires_consent,
            "more": self.more,
            "more_sections": list(self.more_sections),
            "items": [
                {
                    "section": i.section,
                    "category": i.category,
                    "headline": i.headline,
                    "detail": i.detail,
                    "level": i.level.value,
                }
                for i in self.items
            ],
        }

    def __repr__(self) -> str:
        when = f", effective {self.effective_date}" if self.effective_date else ""
        return (
            f"<Notice {len(self.items)} item{'' if len(self.items) == 1 else 's'}"
            f"{f' (+{self.more} more)' if self.more else ''}"
            f"{when}, consent={'yes' if self.requires_consent else 'no'}>"
        )

    def _repr_html_(self) -> str:
        return self.to_html() or "<p>No notice required.</p>"


@attrs.frozen(slots=True, repr=False)
class Assessment:
    """The decision on an amendment: its level and the reasons for it."""

    amendment: Amendment
    """The amendment that was assessed."""
    level: Level
    """The decision: the highest level among the reasons."""
    reasons: tuple[Reason, ...]
    """Why, one per rule firing on one change, most significant first."""
    formatting_changes: int = 0
    """Sections whose only change is formatting."""
    changed: bool = True
    """False when the two texts are identical."""

    @property
    def requires_notice(self) -> bool:
        """Users must be told before the change applies (material or major)."""
        return self.level >= Level.MATERIAL

    @property
    def requires_consent(self) -> bool:
        """Users must agree again (major)."""
        return self.level == Level.MAJOR

    @property
    def needs_review(self) -> bool:
        """Some reason asks for a person to look."""
        return any(r.needs_review for r in self.reasons)

    @property
    def categories(self) -> list[str]:
        """Categories of the reasons at the assessment's level (the decisive ones)."""
        return sorted(
            {r.category for r in self.reasons if r.level == self.level and r.category != "other"}
        )

    def summary(self) -> dict[str, int]:
        """Number of reasons per level (every level, zeros included)."""
        counts = {lvl.value: 0 for lvl in Level}
        for r in self.reasons:
            counts[r.level.value] += 1
        return counts

    def notice(
        self,
        *,
        effective_date: dt.date | str | None = None,
        company: str | None = None,
        include_review: bool = False,
        limit: int = 8,
    ) -> Notice:
        """Draft a user notice of the material and major changes (empty if none is required).

        Each item is written for users: a plain headline for its kind of change, the
        section, and what the policy now says (or no longer says), never an internal rule
        message. Changes that only a reviewer flagged (``needs_review``) are left out unless
        *include_review* is set or nothing else needs a notice; past *limit* items the notice
        ends with "and N more changes in sections ...".
        """
        if isinstance(effective_date, str):
            effective_date = dt.date.fromisoformat(effective_date)
        if effective_date is None:
            meta = self.amendment.new.metadata
            for key in ("effective", "effective_date", "date"):
                value = meta.get(key)
                if isinstance(value, dt.date):
                    effective_date = value
                    break
        if not self.requires_notice:
            return Notice((), effective_date, company, self.requires_consent)
        notable = [r for r in self.reasons if r.level >= Level.MATERIAL]
        if not include_review and any(not r.needs_review for r in notable):
            notable = [r for r in notable if not r.needs_review]
        # Grouped by kind of change, most significant kind first; one item per section.
        order = list(dict.fromkeys(r.category for r in notable))
        notable.sort(key=lambda r: order.index(r.category))
        items: list[NoticeItem] = []
        seen: set[tuple[str, str]] = set()
        for r in notable:
            section = _section_name(r)
            if (section, r.category) in seen:
                continue
            seen.add((section, r.category))
            items.append(
                NoticeItem(
                    section,
                    r.category,
                    _CATEGORY_NOTICE.get(r.category, _CATEGORY_NOTICE["other"]),
                    _plain_detail(r),
                    r.level,
                )
            )
        rest = items[limit:]
        return Notice(
            tuple(items[:limit]),
            effective_date,
            company,
            self.requires_consent,
            more=len(rest),
            more_sections=tuple(dict.fromkeys(i.section for i in rest)),
        )

    def to_dict(self) -> dict[str, Any]:
        """The decision as JSON-ready data (``assess --json``; see ``policydoc schema assessment``)."""
        return {
            "schema": 1,
            "level": self.level.value,
            "requires_notice": self.requires_notice,
            "requires_consent": self.requires_consent,
            "needs_review": self.needs_review,
            "categories": self.categories,
            "summary": {**self.summary(), "formatting_changes": self.formatting_changes},
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The JSON document of :meth:`to_dict` as a string."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def explain(self) -> str:
        """The decision and its reasons as readable text (what ``policydoc assess`` prints)."""
        flag = " (needs review)" if self.needs_review else ""
        lines = [
            f"Level: {self.level.value}{flag}",
            f"Requires notice: {'yes' if self.requires_notice else 'no'}; "
            f"requires consent: {'yes' if self.requires_consent else 'no'}",
        ]
        if not self.reasons:
            lines.append(
                "No visible change."
                if not self.changed or self.formatting_changes
                else "No changes."
            )
        for r in self.reasons:
            lines.append(f'\n[{r.level.value}] {r.rule} ({r.category}) in "{r.section_title}"')
            lines.append(f"  {r.message}")
            if r.evidence.marked:
                ev = r.evidence.marked
                lines.append(f"  {ev if len(ev) < 400 else ev[:397] + '...'}")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        cats = f" categories={self.categories}" if self.categories else ""
        return f"<Assessment {self.level.value}: notice={'yes' if self.requires_notice else 'no'}, consent={'yes' if self.requires_consent else 'no'}, {len(self.reasons)} reasons{cats}>"

    def to_html(self, *, context: bool = False) -> str:
        """The review page: a self-contained, escaped HTML document (see :func:`policydoc.review_page`).

        The verdict and draft notice at the top, a table of contents of the changed
        sections coloured by level, then each change beside its level and reasons;
        *context* also lists the unchanged sections. In Jupyter the assessment shows
        the verdict and the reasons table instead, which fits in a notebook cell.
        """
        from policydoc._reviewpage import page  # reads assessments for types only

        return page(self, context=context)

    def _repr_html_(self) -> str:
        from policydoc.significance.model import reasons_html

        review = " (needs review)" if self.needs_review else ""
        return (
            f"<div class='policydoc-assessment'><p>{level_badge(self.level)}{review}: "
            f"notice {'required' if self.requires_notice else 'not required'}, consent "
            f"{'required' if self.requires_consent else 'not required'}</p>"
            f"{reasons_html(self.reasons)}</div>"
        )
