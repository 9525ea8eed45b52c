"""The built-in significance rules.

A rule looks at one *unit* of change (a modified sentence pair, an inserted
or deleted sentence, a sentence moved between sections, a renamed heading, a
removed section) and yields :class:`Finding` objects. Each rule has a stable
id, a default level and a category; a :class:`~policydoc.RuleSet` can switch
rules off or override their levels. Direction matters throughout: the same
kind of edit is ``minor`` when the user gains and ``material`` when the user
loses.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from policydoc._display import short
from policydoc.dates import _DATE_PATTERNS
from policydoc.significance.analysis import (
    _QUANTITY,
    NEGATORS,
    Features,
    negative_contexts,
    negative_heading,
    words_of,
)
from policydoc.significance.model import Level
from policydoc.significance.vocab import SYNONYMS, Vocabulary, covered

if TYPE_CHECKING:
    from policydoc.amendment import SectionChange, SentenceChange

T = TypeVar("T")

__all__ = ["Finding", "Rule", "Unit"]

UnitKind = Literal[
    "modify", "insert", "delete", "move", "heading", "structure", "section_removed", "metadata"
]


@attrs.frozen(slots=True, repr=False)
class Finding:
    """What a rule's check yields: a message, and optionally a category override."""

    message: str
    """The reason in words, shown to users of the assessment."""
    category: str | None = None
    """Overrides the rule's category for this finding."""
    needs_review: bool = False
    """Ask a person to look at this finding."""

    def __repr__(self) -> str:
        return (
            f"<Finding {short(self.message, 60)}{' (needs review)' if self.needs_review else ''}>"
        )


@attrs.frozen(slots=True, repr=False)
class Rule:
    """A significance rule: ``check(unit)`` yields findings at ``level`` in ``category``."""

    id: str
    """Unique id, ``area.what`` (e.g. ``sharing.new``)."""
    level: Level = attrs.field(converter=Level.parse)  # type: ignore[misc]
    """The level of the rule's findings (a configuration may override it)."""
    category: str
    """What the rule's findings are about (one of ``CATEGORIES``)."""
    description: str
    """What the rule detects, in words."""
    check: Callable[[Unit], Iterable[Finding]] = attrs.field(repr=False)
    """The function that inspects one :class:`Unit` and yields findings."""
    stage: Literal["trivial", "substantive", "fallback"] = "substantive"
    """``trivial`` rules explain a unit away (typo, date); ``fallback`` rules run when nothing else fired."""

    def __repr__(self) -> str:
        return f"<Rule {self.id} {self.level.value} {self.category}: {short(self.description)}>"


class DocContext:
    """Document-wide facts the rules compare against (what the old version already disclosed)."""

    def __init__(
        self,
        old_sentences: Iterable[str],
        new_sentences: Iterable[str],
        vocab: Vocabulary,
        titles: Iterable[str] = (),
        *,
        sentence_titles: tuple[list[str], list[str]] | None = None,
    ):
        self.vocab = vocab
        self.titles = {t.lower().strip() for t in titles}
        self.old_sentences = [Features(s, vocab) for s in old_sentences]
        self.new_sentences = [Features(s, vocab) for s in new_sentences]
        self.old_text = " ".join(f.text for f in self.old_sentences)
        self.new_text = " ".join(f.text for f in self.new_sentences)
        self._per_change: dict[tuple[str, int], Any] = {}
        # Per version, the title of the section each sentence is in.
        self.sentence_titles = sentence_titles or (
            [""] * len(self.old_sentences),
            [""] * len(self.new_sentences),
        )

    def per_change(self, name: str, change: SectionChange, compute: Callable[[], T]) -> T:
        """*compute*() once per section change: every sentence of a section asks the same."""
        key = (name, id(change))
        if key not in self._per_change:
            self._per_change[key] = (change, compute())  # holding change keeps its id unique
        result: T = self._per_change[key][1]
        return result

    def disclosed(self, category: str) -> set[str]:
        """Terms of *category* the old version used in affirmative (non-negated) sentences."""
        cache = self.__dict__.setdefault("_disclosed", {})
        if category not in cache:
            found: set[str] = set()
            for f in self.old_sentences:
                if not f.negated:
                    found |= f.terms(category)
            cache[category] = found
        result: set[str] = cache[category]
        return result

    @cached_property
    def old_prose(self) -> str:
        """The old text without e-mail and web addresses (a domain is not a company's name)."""
        return re.sub(r"\S+@\S+|https?://\S+|www\.\S+", " ", self.old_text)

    @cached_property
    def rewritten_words(self) -> set[str]:
        """The content words (stemmed, synonyms folded) of old sentences that are gone:
        what a rewrite had to say again."""
        kept = {f.raw for f in self.new_sentences}
        return {w for f in self.old_sentences if f.raw not in kept for w in _bag(f.words)}

    @cached_property
    def old_words(self) -> set[str]:
        """Every word of the old version."""
        return set(words_of(self.old_text))

    @cached_property
    def old_numbers(self) -> set[str]:
        """Every number-like token of the old version (street numbers, postcodes, ...)."""
        return set(re.findall(r"\d[\w-]*", self.old_text))

    @cached_property
    def old_orgs(self) -> set[str]:
        return {o for f in self.old_sentences for o in f.orgs}

    @cached_property
    def old_emails(self) -> set[str]:
        return {e for f in self.old_sentences for e in f.emails}


class Unit:
    """One unit of change, with the features rules need."""

    def __init__(
        self,
        kind: UnitKind,
        change: SectionChange | None,
        doc: DocContext,
        *,
        old: str | None = None,
        new: str | None = None,
        sentence: SentenceChange | None = None,
        topic: str = "other",
        old_topic: str = "other",
        section_id: str = "",
        section_title: str = "",
        old_title: str = "",
    ):
        self.kind = kind
        """What kind of change: ``modify``, ``insert``, ``delete``, ``move``, ``heading``, ``structure``, ``section_removed`` or ``metadata``."""
        self.change = change
        """The section change this unit comes from (``None`` for metadata)."""
        self.doc = doc
        """Document-wide facts (what the old version already disclosed)."""
        self.sentence = sentence
        """The aligned sentence pair, for sentence-level units."""
        self.old = Features(old, doc.vocab) if old is not None else None
        """Features of the old text (``None`` for an insertion)."""
        self.new = Features(new, doc.vocab) if new is not None else None
        """Features of the new text (``None`` for a deletion)."""
        self.topic = topic
        """Topic of the new side's section (``sharing``, ``retention``, ...)."""
        self.old_topic = old_topic
        """Topic of the old side's section."""
        self.section_id = section_id
        """Id of the section the change is in."""
        self.section_title = section_title
        """Title of the section the change is in."""
        self.old_title = old_title
        """The section's old title."""
        self.restated = False
        """Set by the engine: what this sentence says is still said in the other version."""

    def __repr__(self) -> str:
        text = self.new.text if self.new is not None else self.old.text if self.old else ""
        return f"<Unit {self.kind} in {short(self.section_id)}: {short(text)}>"

    # Convenience views ---------------------------------------------------------
    @property
    def either(self) -> Features:
        """The new side's features, or the old side's when there is no new side."""
        f = self.new or self.old
        assert f is not None
        return f

    def added(self, category: str) -> set[str]:
        """Terms of *category* the new text has and the old one had not."""
        new = self.new.terms(category) if self.new else set()
        # What a negated sentence mentioned was ruled out, not disclosed: "do not sell" -> "may sell"
        # adds selling.
        negated_practice = (
            self.old is not None
            and self.old.negated
            and self.new is not None
            and not self.new.negated
            and verb_class(self.old) == "use"
        )
        old = self.old.terms(category) if self.old and not negated_practice else set()
        return new - old

    def removed(self, category: str) -> set[str]:
        """Terms of *category* the old text had and the new one has not."""
        new = self.new.terms(category) if self.new else set()
        old = self.old.terms(category) if self.old else set()
        return old - new

    def new_to_doc(self, category: str) -> set[str]:
        """Terms added here that the old version never used affirmatively."""
        if self.new is None or self.new.negated:
            return set()
        disclosed = self.doc.disclosed(category)
        if category == "data_type":
            return {t for t in self.added(category) if not covered(t, disclosed)}
        if category == "recipient":
            # "business partners" are the "partners" already named; "advertising partners" are not.
            plain = {_plain_recipient(t) for t in disclosed}
            return {
                t
                for t in self.added(category)
                if t not in disclosed and _plain_recipient(t) not in plain
            }
        if category == "sensitive":
            # "health data" is the "health" the policy already named.
            heads = {w for t in disclosed for w in t.split() if w not in _GENERIC_DATA}
            return {
                t
                for t in self.added(category)
                if t not in disclosed and not (set(t.split()) - _GENERIC_DATA) <= heads
            }
        return {t for t in self.added(category) if t not in disclosed}

    @cached_property
    def word_delta(self) -> tuple[Counter[str], Counter[str]]:
        """Words removed and words added (as counters)."""
        old = Counter(words_of(self.old.raw)) if self.old else Counter()
        new = Counter(words_of(self.new.raw)) if self.new else Counter()
        return old - new, new - old

    @cached_property
    def content_removed(self) -> Counter[str]:
        """Content words removed (function words and punctuation left out)."""
        return Counter(
            {w: n for w, n in self.word_delta[0].items() if w not in _FUNCTION and w.isalnum()}
        )

    @cached_property
    def content_added(self) -> Counter[str]:
        """Content words added (function words and punctuation left out)."""
        return Counter(
            {w: n for w, n in self.word_delta[1].items() if w not in _FUNCTION and w.isalnum()}
        )

    @property
    def privacy_relevant(self) -> bool:
        """Either side mentions data, purposes, recipients, rights or similar."""
        return any(f.privacy_relevant for f in (self.old, self.new) if f is not None)

    @cached_property
    def local(self) -> Features:
        """The new sentence, or for a long one (a table, a run-on list) the words around the change."""
        assert self.new is not None
        if self.kind != "modify" or self.sentence is None or len(self.new.words) <= 40:
            return self.new
        rows = [r for r in new_rows(self) if "|" in r]
        if rows:  # a table gained rows: read the rows, not their neighbours
            return Features(" ... ".join(rows), self.doc.vocab)
        pieces: list[str] = []
        ops = [o for o in self.sentence.ops if o.op != "delete"]
        for k, o in enumerate(ops):
            if o.op == "insert":
                before = ops[k - 1].text.split()[-8:] if k and ops[k - 1].op == "equal" else []
                after = (
                    ops[k + 1].text.split()[:8]
                    if k + 1 < len(ops) and ops[k + 1].op == "equal"
                    else []
                )
                pieces.append(" ".join([*before, o.text.strip(), *after]))
        return Features(" ... ".join(pieces) or self.new.raw, self.doc.vocab)

    @cached_property
    def changed_text(self) -> Features:
        """Only the words that changed (for a modified sentence), or the whole sentence."""
        if self.kind == "modify" and self.sentence is not None:
            parts = [o.text for o in self.sentence.ops if o.op != "equal"]
            return Features(" ... ".join(parts), self.doc.vocab)
        return self.either

    @cached_property
    def _terms_changed(self) -> bool:
        """Did the edit add or remove a privacy term (not just move or inflect one)?"""
        if self.kind != "modify" or self.sentence is None:
            return self.changed_text.privacy_relevant
        gone = " ... ".join(o.text for o in self.sentence.ops if o.op == "delete")
        came = " ... ".join(o.text for o in self.sentence.ops if o.op == "insert")
        vocab = self.doc.vocab

        def terms(text: str) -> set[tuple[str, str]]:
            return {(c, t.rstrip("s")) for c in _PRIVACY_CATEGORIES for t in vocab.find(c, text)}

        return terms(gone) != terms(came)

    @cached_property
    def change_relevant(self) -> bool:
        """Do the changed words themselves carry privacy meaning (terms, negation, modality, numbers)?"""
        f = self.changed_text
        # "do not" -> "don't" moves negators around without adding or removing one.
        negation_changed = f.negated and not (
            self.kind == "modify"
            and self.old is not None
            and self.new is not None
            and self.old.negations == self.new.negations
        )
        return (
            self._terms_changed
            or negation_changed
            or f.conditional
            or bool(set(f.words) & _MEANINGFUL)
            or bool(f.durations or f.ages or f.emails or f.phones or f.orgs or f.percents)
            or f.use_verb
            or f.protective_verb
            or any(c.isdigit() for c in f.raw)
        )


_NEUTRAL_MODIFIERS = frozenset(
    "business technology technical trusted selected select certain vetted external other our "
    "third-party trading".split()
)


def _plain_recipient(term: str) -> str:
    words = term.split()
    while len(words) > 1 and words[0] in _NEUTRAL_MODIFIERS:
        words = words[1:]
    return " ".join(w.rstrip("s") for w in words)


_GENERIC_DATA = frozenset("data information info records details status".split())

_PRIVACY_CATEGORIES = (
    "personal", "data_type", "sensitive", "share_verb", "sale", "right", "security", "transfer",
    "dispute", "tracking", "children", "recipient", "purpose_new",
)  # fmt: skip

_FUNCTION = frozenset(
    "the a an that which this these those of to in on for by and as at from also such is are be been being its it "
    "there then thus so very please our we us you your their they them he she his her i me my who whom whose when "
    "where how what here".split()
)

# Words that change what a sentence commits to, even without any privacy term.
_MEANINGFUL = frozenset(
    "may might can could will shall must should only solely unless except all any every some none always never "
    "immediately promptly later before after within without until including excluding limited unlimited "
    "indefinitely permanently automatically optional required mandatory".split()
)

RULES: list[Rule] = []


def rule(
    id: str,
    level: str,
    category: str,
    description: str,
    *,
    stage: Literal["trivial", "substantive", "fallback"] = "substantive",
) -> Callable[[Callable[[Unit], Iterator[Finding]]], Callable[[Unit], Iterator[Finding]]]:
    def register(fn: Callable[[Unit], Iterator[Finding]]) -> Callable[[Unit], Iterator[Finding]]:
        RULES.append(Rule(id, Level.parse(level), category, description, fn, stage))
        return fn

    return register


def _q(terms: Iterable[str]) -> str:
    return ", ".join(f"'{t}'" for t in sorted(terms))


# -- verb classes -------------------------------------------------------------------

_USE_STEMS = (
    "collect", "gather", "obtain", "use", "using", "process", "shar", "disclos", "sell", "sold", "rent", "transfer",
    "track", "monitor", "retain", "keep", "kept", "store", "combin", "link", "profil", "access", "analy", "scan",
    "infer", "send", "sent", "provid", "train", "licens", "publish", "display", "make", "give", "trade", "read",
    "record", "captur", "receiv", "contact", "market", "target",
)  # fmt: skip
_PROTECT_STEMS = (
    "notif", "inform", "tell", "delet", "eras", "destroy", "anonymi", "encrypt", "protect", "safeguard", "secur",
    "ask", "seek", "obtain your consent", "allow", "let", "enabl", "honou", "honor", "respect", "respond", "comply",
    "limit", "restrict", "minimi", "audit", "offer", "guarantee", "ensur", "warn", "alert", "email you", "request your",
)  # fmt: skip
_SKIP = frozenset(
    (
        "be",
        "to",
        "ever",
        "always",
        "the",
        "your",
        "any",
        "we",
        "us",
        "it",
        "you",
        "also",
        "directly",
        "otherwise",
    )
)


_CLAUSE_MARK = re.compile(r"^(?:[^\w]+|[ivx]+|[a-z]|\d+)$")


def negated_practice(f: Features) -> bool:
    """Does a negator govern a data-practice verb ("we do not sell", "never shared")?

    Unlike :func:`verb_class`, a negation elsewhere in the sentence ("we are not
    responsible for ... please read their policies") does not count.
    """
    ws = f.words
    for i, w in enumerate(ws):
        if w in NEGATORS:
            # "shall not: (i) sell" - list punctuation and clause numbers are not words.
            near = [x for x in ws[i + 1 : i + 10] if x not in _SKIP and not _CLAUSE_MARK.match(x)]
            if any(x.startswith(_USE_STEMS) for x in near[:3]):
                return True
    return False


def verb_class(f: Features) -> str:
    """``use`` (the company acts on data), ``protect`` (the company protects the user), or ``none``.

    Decided by the first verb after a negator when there is one, otherwise by
    the first verb of either class in the sentence.
    """
    ws = f.words
    negs = [i for i, w in enumerate(ws) if w in NEGATORS]
    candidates: list[str] = []
    for i in negs:
        candidates.extend(w for w in ws[i + 1 : i + 5] if w not in _SKIP)
    candidates.extend(ws)
    for k, w in enumerate(candidates):
        after = candidates[k + 1] if k + 1 < len(candidates) else ""
        if after in ("us", "our") and w.startswith(("tell", "ask", "let", "allow", "inform")):
            continue  # "if you tell us", "allow us to": the user acts, the company gains
        if w.startswith(_PROTECT_STEMS):
            return "protect"
        if w.startswith(_USE_STEMS):
            return "use"
    return "none"


def practice_category(f: Features, topic: str = "other") -> str:
    if f.has("sale"):
        return "sale"
    if f.has("sensitive"):
        return "sensitive_data"
    if f.has("children"):
        return "children"
    if f.has("share_verb") or f.has("recipient"):
        return "sharing"
    if f.has("retention") and not f.has("collect_verb"):
        return "retention"
    if f.has("tracking"):
        return "cookies_tracking"
    if f.has("transfer"):
        return "international_transfer"
    if f.has("right"):
        return "user_rights"
    if f.has("security"):
        return "security"
    if f.has("collect_verb") or f.has("data_type"):
        return "data_collected"
    return _TOPIC_CATEGORY.get(topic, "other")


_TOPIC_CATEGORY = {
    "collection": "data_collected",
    "use": "purpose",
    "sharing": "sharing",
    "rights": "user_rights",
    "retention": "retention",
    "security": "security",
    "children": "children",
    "transfer": "international_transfer",
    "cookies": "cookies_tracking",
    "changes": "policy_change_clause",
    "contact": "contact",
    "controller": "controller_identity",
    "dispute": "dispute_resolution",
}


# -- trivial edits -----------------------------------------------------------------------

_DATE_ANY = [p for p in _DATE_PATTERNS]


def _strip_dates(text: str) -> str:
    for p in _DATE_ANY:
        text = p.sub("<date>", text)
    return re.sub(r"\W+", " ", text.lower()).strip()


def _names_data(f: Features) -> bool:
    return any(
        f.has(c) for c in ("data_type", "sensitive", "recipient", "sale", "children", "personal")
    )


def _edit_distance(a: str, b: str, limit: int = 3) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _is_term(word: str, vocab: Vocabulary) -> bool:
    return any(
        vocab.has(cat, word)
        for cat in (
            "data_type",
            "sensitive",
            "recipient",
            "sale",
            "share_verb",
            "right",
            "children",
        )
    )


def _pairs(unit: Unit) -> list[tuple[str, str]]:
    """(deleted, inserted) text pairs of a modified sentence, in order."""
    assert unit.sentence is not None
    out: list[tuple[str, str]] = []
    ops = unit.sentence.ops
    k = 0
    while k < len(ops):
        if ops[k].op == "equal":
            k += 1
            continue
        d, i = "", ""
        while k < len(ops) and ops[k].op != "equal":
            if ops[k].op == "delete":
                d += ops[k].text
            else:
                i += ops[k].text
            k += 1
        out.append((d.strip(), i.strip()))
    return out


_PARTIES = frozenset("you your we our us their they them he she his her i me my".split())
# Words whose removal or addition changes nothing a reader relies on.
_FILLERS = frozenset(
    ["in order", "please note that", "note that", "please note", "please", "kindly", "simply"]
)
_CONTRACTIONS = {
    "don't": "do not", "doesn't": "does not", "didn't": "did not", "isn't": "is not",
    "aren't": "are not", "won't": "will not", "can't": "cannot", "wouldn't": "would not",
    "we're": "we are", "we've": "we have", "it's": "it is", "you're": "you are",
    "dont": "do not", "doesnt": "does not", "isnt": "is not", "wont": "will not", "cant": "cannot",
}  # fmt: skip


# Verbs that carry no meaning of their own when a sentence is rephrased ("we use X to
# protect" / "we protect ... with X").
_LIGHT = frozenset(
    "use uses using make makes have has take takes do does get gets with via through".split()
)


def _canonical_words() -> dict[str, str]:
    """Single-word synonyms mapped to one representative, so "ask" and "request" compare equal."""
    groups: dict[str, set[str]] = {}
    for pair in SYNONYMS:
        words = sorted(pair)
        if len(words) != 2 or any(" " in w for w in words):
            continue
        merged = groups.get(words[0], {words[0]}) | groups.get(words[1], {words[1]})
        for w in merged:
            groups[w] = merged
    return {w: min(g) for w, g in groups.items()}


_CANONICAL = _canonical_words()


def _bag(words: list[str], *, synonyms: bool = True) -> Counter[str]:
    """The content words of a sentence (contractions expanded, stemmed, and with *synonyms*
    folded to one representative), without grammar words, pronouns or light verbs."""
    return Counter(
        _CANONICAL.get(w, _stem(w)) if synonyms else _stem(w)
        for w in _expand(words)
        if w[:1].isalnum() and w not in _FUNCTION and w not in _PARTIES and w not in _LIGHT
    )


def _same_periods(old: Features, new: Features) -> bool:
    """The same periods in other units or spellings, and nothing else changed."""
    a, b = sorted(old.durations), sorted(new.durations)
    if not a or len(a) != len(b) or not all(map(_same_period, a, b)):
        return False

    def rest(f: Features) -> list[str]:
        return [w for w in words_of(_QUANTITY.sub(" ", f.text)) if w[:1].isalnum()]

    return rest(old) == rest(new)


def _same_period(a: float, b: float) -> bool:
    # "2 years" is 730 days and "24 months" 720: calendar units differ by a few percent.
    return abs(a - b) <= 0.03 * max(a, b)


def _expand(ws: list[str]) -> list[str]:
    return [p for w in ws for p in _CONTRACTIONS.get(w, w).split()]


@functools.lru_cache(maxsize=65536)
def _stem(w: str) -> str:
    for suffix in ("ing", "es", "ed", "s", "e", "d"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


# The synonym pairs as words_of() reads them ("e.g." is the word "e.g").
_SYNONYM_WORDS = (
    frozenset(frozenset(" ".join(words_of(p)) for p in pair) for pair in SYNONYMS) | SYNONYMS
)


def _trivial_pair(d: str, i: str, vocab: Vocabulary) -> str | None:
    """Why a (deleted, inserted) pair changes no meaning, or None."""
    dn, in_ = re.sub(r"[\W_]+", "", d.casefold()), re.sub(r"[\W_]+", "", i.casefold())
    if dn == in_:
        return "case or punctuation"
    dw, iw = words_of(d), words_of(i)
    if {w for w in dw + iw} <= _FUNCTION - _PARTIES:
        return "function words"
    if " ".join(dw + iw) in _FILLERS and not (dw and iw):
        return "filler words"
    if dw and iw:
        pa, pb = Features(d, vocab).durations, Features(i, vocab).durations
        if pa and len(pa) == len(pb) and all(map(_same_period, pa, pb)):
            return "the same period written differently"
    if frozenset((" ".join(dw), " ".join(iw))) in _SYNONYM_WORDS:
        return "synonym"
    dw, iw = _expand(dw), _expand(iw)
    bag = _bag(dw)
    if (
        bag == _bag(iw)
        and not {*dw, *iw} & NEGATORS
        # Two empty bags: only pronouns and grammar words ("you're" -> "your"), unless a
        # verb that means something went ("we [-use-] and share").
        and (bag or not {*dw, *iw} & _LIGHT)
    ):
        return "synonym"  # "request that we" -> "ask us to"
    if len(dw) == len(iw) and dw:
        ok = True
        for a, b in zip(dw, iw, strict=True):
            if a == b or frozenset((a, b)) in _SYNONYM_WORDS:
                continue
            if a in _FUNCTION and b in _FUNCTION and not {a, b} & _PARTIES:
                continue  # "whom" -> "who", "which" -> "that"
            if _stem(a) == _stem(b) and not any(c.isdigit() for c in a + b):
                continue  # grammar: "shares" -> "share", "process" -> "processes"
            if (
                len(a) >= 4
                and not any(c.isdigit() for c in a + b)
                and a not in NEGATORS
                and b not in NEGATORS
                and _edit_distance(a, b) <= (1 if len(a) < 6 else 2)
                and not (_is_term(a, vocab) and _is_term(b, vocab))
            ):
                continue
            ok = False
            break
        if ok:
            return "typo"
    return None


@rule(
    "editorial.restated",
    "editorial",
    "other",
    "Reworded or moved in a rewrite: every term, number, limit and polarity it carries is "
    "still said in the other version.",
    stage="trivial",
)
def _restated(u: Unit) -> Iterator[Finding]:
    if not u.restated:
        return
    if u.kind == "delete":
        yield Finding("Deleted here, but what it said is still said, in other words, elsewhere.")
    elif u.kind == "insert":
        yield Finding("New wording for something the previous version already said.")
    else:
        yield Finding("Reworded; what it says is still said in both versions.")


@rule(
    "editorial.wording",
    "editorial",
    "other",
    "Punctuation, capitalisation, typos, synonyms, dates or word order changed; meaning kept.",
    stage="trivial",
)
def _editorial_wording(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or u.old is None or u.new is None:
        return
    if re.sub(r"\W+", "", u.old.text) == re.sub(r"\W+", "", u.new.text):
        yield Finding("Only punctuation, spacing or capitalisation changed.")
        return
    if (
        sorted(words_of(u.old.raw)) == sorted(words_of(u.new.raw))
        and u.old.negations == u.new.negations
    ):
        if re.sub(r"\W", "", u.old.text) != re.sub(r"\W", "", u.new.text):
            yield Finding("Words reordered without changing them.")
            return
    if (
        _bag(u.old.words, synonyms=False) == _bag(u.new.words, synonyms=False)
        and u.old.negations == u.new.negations
        and u.old.modality == u.new.modality
        and u.old.conditional == u.new.conditional
    ):
        yield Finding("The same words rearranged into a new sentence.")
        return
    if _same_periods(u.old, u.new):
        yield Finding("Only the way periods of time are written changed ('24 months', '2 years').")
        return
    if _strip_dates(u.old.raw) == _strip_dates(u.new.raw):
        yield Finding("Only a date changed (e.g. the 'last updated' line).")
        return
    if _XREF.sub(r"\1 N", u.old.text) == _XREF.sub(r"\1 N", u.new.text):
        yield Finding("Only a cross-reference number changed (renumbering).")
        return
    pairs = _pairs(u)
    why = [_trivial_pair(d, i, u.doc.vocab) for d, i in pairs]
    if pairs and all(why):
        kinds = sorted({w for w in why if w})
        yield Finding(f"Only {', '.join(kinds)} changed.")


_LABEL_WORD = re.compile(r"^[A-Z0-9][\w'&/-]*$")
_XREF = re.compile(
    r"\b(section|article|clause|paragraph|part|schedule|annex|appendix)\s+\d+(?:\.\d+)*", re.I
)


_NAVIGATION = re.compile(
    r"\bback to (?:the )?top\b|\btable of contents\b|\bon this page\b|\bcontents\b|\bskip to\b"
    r"|\bjump to\b|\btoggle\b|\bexpand all\b|\bcollapse all\b|\bread more\b|\bshow more\b|[↑↓→←▲▼»«]"
)


@rule(
    "editorial.navigation",
    "editorial",
    "other",
    "Only navigation changed: a table of contents of the section titles, 'back to top' links.",
    stage="trivial",
)
def _navigation(u: Unit) -> Iterator[Finding]:
    if u.kind not in ("insert", "delete", "modify"):
        return
    text = u.changed_text.text if u.kind == "modify" else u.either.text
    if not re.search(r"[^\W\d_]", text):
        return
    for title in sorted(u.doc.titles, key=len, reverse=True):
        if len(title) > 2:
            text = text.replace(title, " ")
    if not re.search(r"[^\W\d_]", _NAVIGATION.sub(" ", text)):
        yield Finding("Only navigation (section titles, 'back to top' links) changed.")


@rule(
    "editorial.label_text",
    "editorial",
    "other",
    "Only a short label (heading text, navigation, button) next to a sentence changed.",
    stage="trivial",
)
def _editorial_label(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or u.sentence is None:
        return
    ops = [o for o in u.sentence.ops if o.op != "equal"]
    if len(ops) > 2 or not ops:
        return
    for o in ops:
        ws = o.text.split()
        at_edge = (
            u.sentence.ops[0] is o
            or u.sentence.ops[-1] is o
            or (
                len(u.sentence.ops) > 1
                and u.sentence.ops[1] is o
                and u.sentence.ops[0].op != "equal"
            )
        )
        text = o.text.strip()
        is_heading = text.lower() in u.doc.titles
        words_here = {w.lower().strip(".,:;") for w in ws}
        looks_like_label = (
            0 < len(ws) <= 6
            and bool(_LABEL_WORD.match(ws[0]))
            and not text.endswith((".", ":", ";", ","))
            and not words_here & (_MEANINGFUL | NEGATORS)
            and not Features(text, u.doc.vocab).orgs
            and (
                all(_LABEL_WORD.match(w) or w.lower() in _FUNCTION for w in ws)
                or not Features(text, u.doc.vocab).privacy_relevant
                or (len(ws) <= 3 and not _names_data(Features(text, u.doc.vocab)))
            )
        )
        if not (at_edge and (is_heading or looks_like_label)):
            return
    if not any(w.lower() in NEGATORS for o in ops for w in o.text.split()):
        yield Finding(
            "Only label text (a heading, menu or button caption) beside the sentence changed."
        )


@rule("editorial.links", "editorial", "other", "Only a displayed URL changed.", stage="trivial")
def _editorial_links(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or u.old is None or u.new is None:
        return
    if u.old.emails != u.new.emails:
        return  # a new e-mail address is new contact details, not a link
    url = re.compile(
        r"https?://\S+|www\.\S+|(?<![@\w.])[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|html?)\S*"
    )
    if url.sub("<url>", u.old.raw) == url.sub("<url>", u.new.raw):
        yield Finding("Only a displayed link address changed.")


# -- polarity and modality ---------------------------------------------------------------


@rule(
    "polarity.permission_widened",
    "material",
    "sharing",
    "A negation was removed from a data practice ('will not share' -> 'will share').",
)
def _polarity_widened(u: Unit) -> Iterator[Finding]:
    if u.kind == "modify" and u.old and u.new and u.old.negations > u.new.negations:
        if verb_class(u.old) == "use" and u.old.privacy_relevant:
            yield Finding(
                f"A prohibition was lifted: '{_neg_words(u.old)}' no longer limits this practice.",
                category=practice_category(u.old, u.topic),
            )
    if u.kind == "delete" and u.old and negated_practice(u.old) and u.old.about_personal_data:
        yield Finding(
            "A promise not to do something with personal data was deleted.",
            category=practice_category(u.old, u.topic),
        )


@rule(
    "polarity.protection_removed",
    "material",
    "user_rights",
    "A protective commitment was negated ('we will notify you' -> 'we will not notify you').",
)
def _polarity_protection(u: Unit) -> Iterator[Finding]:
    if u.kind == "modify" and u.old and u.new and u.new.negations > u.old.negations:
        if verb_class(u.new) == "protect":
            yield Finding(
                "A protective commitment is now negated.",
                category=practice_category(u.new, u.topic),
            )


@rule(
    "polarity.practice_limited",
    "minor",
    "other",
    "A negation was added to a data practice ('we share' -> 'we do not share').",
)
def _polarity_limited(u: Unit) -> Iterator[Finding]:
    if (
        u.kind == "modify"
        and u.old
        and u.new
        and u.new.negations > u.old.negations
        and verb_class(u.new) == "use"
    ):
        yield Finding(
            "A data practice is now ruled out.", category=practice_category(u.new, u.topic)
        )
    if (
        u.kind == "modify"
        and u.old
        and u.new
        and u.old.negations > u.new.negations
        and verb_class(u.old) == "protect"
    ):
        yield Finding(
            "A limit on a protective commitment was removed.",
            category=practice_category(u.new, u.topic),
        )


@rule(
    "modality.protection_weakened",
    "material",
    "user_rights",
    "A protective commitment became optional ('will delete' -> 'may delete').",
)
def _modality_weakened(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations != u.new.negations:
        return
    if _USER_OPT_OUT.search(u.changed_text.text):
        return  # "unless you turn this off": the user gained a choice
    if verb_class(u.old) == "protect" and u.new.modality < u.old.modality and not u.old.negated:
        yield Finding(
            "A commitment that protects users became optional.",
            category=practice_category(u.old, u.topic),
        )


_USER_OPT_OUT = re.compile(
    r"\bunless you (?:turn|switch|opt|object|tell|ask|choose|disable|untick|uncheck)\b"
)


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
        if not any(ch.isdigit() for ch in t) and not t.startswith("under the age")
    }


@rule(
    "polarity.prohibition_narrowed",
    "material",
    "sharing",
    "Something was taken out of a prohibition ('we never share X or Y' -> 'we never share X').",
)
def _prohibition_narrowed(u: Unit) -> Iterator[Finding]:
    gone = _taken_out(u, ("data_type", "recipient", "purpose_new"))
    if gone and not _taken_out(u, ("sensitive", "children")):
        yield Finding(
            f"No longer ruled out: {_q(gone)}.", category=practice_category(u.either, u.topic)
        )


@rule(
    "sensitive.prohibition_narrowed",
    "major",
    "sensitive_data",
    "Sensitive or children's data was taken out of a prohibition ('never share your health data').",
)
def _sensitive_prohibition_narrowed(u: Unit) -> Iterator[Finding]:
    gone = _taken_out(u, ("sensitive", "children"))
    if gone:
        yield Finding(f"Sensitive data no longer ruled out: {_q(gone)}.")


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


@rule(
    "polarity.refusal_narrowed",
    "minor",
    "user_rights",
    "A refusal covers less ('we do not honour X or Y' -> 'we do not honour X').",
)
def _refusal_narrowed(u: Unit) -> Iterator[Finding]:
    if _refusal(u) and u.content_removed and not u.content_added and u.change_relevant:
        yield Finding(f"No longer refused: {_q(set(u.content_removed))}.")


@rule(
    "polarity.refusal_widened",
    "material",
    "user_rights",
    "A refusal covers more ('we do not honour X' -> 'we do not honour X or Y').",
)
def _refusal_widened(u: Unit) -> Iterator[Finding]:
    if _refusal(u) and u.content_added and not u.content_removed and u.change_relevant:
        yield Finding(f"Now also refused: {_q(set(u.content_added))}.")


@rule(
    "modality.practice_broadened",
    "material",
    "sharing",
    "A condition on a data practice was removed ('only with your consent', 'only', 'unless').",
)
def _modality_broadened(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new) or u.old.negations != u.new.negations:
        return
    if verb_class(u.old) == "use" and u.old.conditional and not u.new.conditional:
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
            if _OPT_OUT.search(u.new.text)
            else practice_category(u.old, u.topic),
        )


_OPT_IN = re.compile(
    r"\bwith(?:out)? your (?:prior |express |explicit |separate )?(?:consent|permission|agreement|approval)"
    r"|\bif you (?:consent|agree|opt in|choose to|allow)|\bopt(?:s|ed)?[- ]in\b|\bonly (?:if|when|with|after) you"
)
_OPT_OUT = re.compile(r"\bunless you (?:object|opt out|tell us)|\bopt(?:-| )?out\b|\bobject\b")


@rule(
    "modality.practice_narrowed",
    "minor",
    "other",
    "A condition was added to a data practice, or a protection became firmer.",
)
def _modality_narrowed(u: Unit) -> Iterator[Finding]:
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


# -- quantities --------------------------------------------------------------------------

_NOTICE_CTX = re.compile(
    r"\bnotif|\bnotice\b|\bbefore\b|\bprior\b|\bin advance\b|\binform\b|\bemail you\b"
)
_RESPONSE_CTX = re.compile(
    r"\brespond|\bresponse\b|\breply\b|\bfulfil|\bcomplete your request\b|\bprocess your request\b"
)


def _duration_context(f: Features, topic: str) -> str:
    if _RESPONSE_CTX.search(f.text):
        return "response"
    if _NOTICE_CTX.search(f.text) and (
        topic == "changes" or "chang" in f.text or "updat" in f.text
    ):
        return "notice"
    if f.has("retention") or topic == "retention":
        return "retention"
    if _NOTICE_CTX.search(f.text):
        return "notice"
    return "unknown"


@rule(
    "quantity.worse",
    "material",
    "retention",
    "A number moved against the user: longer retention, shorter notice, slower response.",
)
def _quantity_worse(u: Unit) -> Iterator[Finding]:
    yield from _quantity(u, worse=True)


@rule(
    "quantity.better",
    "minor",
    "retention",
    "A number moved in the user's favour: shorter retention, longer notice, faster response.",
)
def _quantity_better(u: Unit) -> Iterator[Finding]:
    yield from _quantity(u, worse=False)


def _quantity(u: Unit, *, worse: bool) -> Iterator[Finding]:
    if u.kind != "modify" or not (u.old and u.new):
        return
    a, b = u.old.durations, u.new.durations
    if a and b and len(a) == len(b) and all(map(_same_period, sorted(a), sorted(b))):
        return
    if a and b and len(b) < len(a) and _sub_multiset(b, a):
        return  # a row or item went with its period; every period left was there before
    if a and b and sorted(a) != sorted(b):
        ctx = _duration_context(u.new, u.topic)
        longer = max(b) > max(a) if max(a) != max(b) else sum(b) > sum(a)
        bad = {"retention": longer, "response": longer, "notice": not longer}.get(ctx)
        category = {
            "retention": "retention",
            "response": "user_rights",
            "notice": "policy_change_clause",
        }.get(ctx, "other")
        if bad is None:
            if worse:
                yield Finding(
                    "A period of time changed and its direction could not be judged.",
                    category="other",
                    needs_review=True,
                )
            return
        if bad == worse:
            what = {
                "retention": "Retention period",
                "response": "Response time",
                "notice": "Notice period",
            }[ctx]
            yield Finding(
                f"{what} changed from {_days(max(a))} to {_days(max(b))}.", category=category
            )
    elif a and not b and u.new.has("retention_vague") and worse:
        yield Finding(
            "A fixed retention period was replaced by an open-ended one.", category="retention"
        )
    elif b and not a and u.old.has("retention_vague") and not worse:
        yield Finding(
            "An open-ended retention period was replaced by a fixed one.", category="retention"
        )


def _sub_multiset(small: list[float], big: list[float]) -> bool:
    rest = list(big)
    for x in small:
        match = next((k for k, y in enumerate(rest) if _same_period(x, y)), None)
        if match is None:
            return False
        rest.pop(match)
    return True


def _days(d: float) -> str:
    for size, unit in ((365, "year"), (30, "month"), (7, "week"), (1, "day")):
        if d >= size and d % size == 0:
            n = int(d // size)
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return f"{d:g} days"


@rule(
    "quantity.age_lowered",
    "major",
    "children",
    "The minimum age was lowered: more children's data.",
)
def _age_lowered(u: Unit) -> Iterator[Finding]:
    if (
        u.kind == "modify"
        and u.old
        and u.new
        and u.old.ages
        and u.new.ages
        and min(u.new.ages) < min(u.old.ages)
    ):
        yield Finding(f"Minimum age lowered from {min(u.old.ages)} to {min(u.new.ages)}.")


@rule("quantity.age_raised", "minor", "children", "The minimum age was raised.")
def _age_raised(u: Unit) -> Iterator[Finding]:
    if (
        u.kind == "modify"
        and u.old
        and u.new
        and u.old.ages
        and u.new.ages
        and min(u.new.ages) > min(u.old.ages)
    ):
        yield Finding(f"Minimum age raised from {min(u.old.ages)} to {min(u.new.ages)}.")


# -- vocabulary deltas: what is collected, why, and who receives it ----------------------------


def _affirmative_new(u: Unit) -> bool:
    """The unit adds an affirmative statement (not a negation, not a mere pointer elsewhere,
    not an item in a list of things that are prohibited or not done)."""
    return (
        u.new is not None
        and not u.local.negated
        and u.kind in ("modify", "insert")
        and not u.new.pointer
        and not negative_heading(u.section_title)
    )


_MERGER = re.compile(
    r"\bmerger|\bacqui|\bbankrupt|\breorgani|\bsale of (?:all|some|part|our|the company|assets|business)|\bassets\b|\bsuccessor"
)


_DEFINITION = re.compile(
    r"\b(?:is|are)\s+[\"“']?(?:sold|sale|sell|selling|shared|sharing)[\"”']?\s+(?:when|if)\b"
    r"|[\"“'](?:sell|sale|sold|selling)[\"”']\s+(?:means|is defined|includes)|\bthe (?:term|definition of)\b"
)


# A right or a refusal that names a sale ("opt out of the sale of your data", "refrain from
# selling") says nothing about whether the company sells.
_SALE_RIGHT = re.compile(
    r"\b(?:opt(?:-| )?(?:out|in)|object|refrain|request|right)\b[^.;]{0,40}?\b(?:sale|sell|selling|sold|rent|renting)\b"
    r"|\bdo not sell\b|\bdon't sell\b|\b(?:sale|selling) (?:or sharing )?opt(?:-| )?out\b"
)


@rule("sale.new", "major", "sale", "Personal data is now sold or rented.")
def _sale(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u) or u.new is None or _MERGER.search(u.new.text):
        return
    if not u.doc.vocab.has("sale", _SALE_RIGHT.sub(" ", u.local.text)):
        return
    added = u.added("sale") - u.doc.disclosed("sale")
    if _DEFINITION.search(u.new.text):
        return  # 'data is "sold" when ...' defines a word; it does not say the company sells
    if added and (u.new.about_personal_data or u.topic in ("sharing", "collection", "use")):
        yield Finding(f"Personal data may now be sold or rented ({_q(added)}).")


@rule(
    "sharing.merger",
    "material",
    "sharing",
    "Data may pass to a buyer or successor in a merger or acquisition.",
)
def _merger(u: Unit) -> Iterator[Finding]:
    if (
        _affirmative_new(u)
        and u.new
        and _MERGER.search(u.new.text)
        and not _MERGER.search(u.doc.old_text)
    ):
        if u.new.about_personal_data or u.new.has("share_verb"):
            yield Finding("A new clause lets personal data pass to a buyer or successor.")


@rule(
    "sensitive.new",
    "major",
    "sensitive_data",
    "Sensitive data (health, biometric, precise location, ...) newly collected or shared.",
)
def _sensitive(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u):
        return
    added = u.new_to_doc("sensitive")
    if added:
        yield Finding(f"Sensitive data newly mentioned as collected or used: {_q(added)}.")


@rule(
    "children.new",
    "major",
    "children",
    "Children's data newly collected, or the service newly opened to children.",
)
def _children(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u) or u.new is None:
        return
    added = u.new_to_doc("children")
    if added and (
        u.new.has("collect_verb") or u.new.has("share_verb") or u.new.about_personal_data
    ):
        yield Finding(f"Data about children newly described as collected or used: {_q(added)}.")


@rule(
    "data.new_type",
    "material",
    "data_collected",
    "A type of personal data not disclosed before is now collected.",
)
def _new_data(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u) or u.new is None:
        return
    added = u.new_to_doc("data_type") - u.doc.vocab.find(
        "sensitive", " ".join(u.new_to_doc("data_type"))
    )
    # A data word in passing ("your age and interests belong to you") is not collection.
    if added and (
        u.new.has("collect_verb")
        or u.topic in ("collection", "cookies", "use")
        or (u.kind == "insert" and u.topic == "sharing")
    ):
        yield Finding(f"New kinds of personal data: {_q(added)}.")


@rule(
    "purpose.ai_training",
    "major",
    "purpose",
    "Personal data or user content used to train AI or machine-learning models.",
)
def _ai_training(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u) or u.new is None:
        return
    if u.new.has("ai") and u.new.has("train"):
        was = u.old is not None and not u.old.negated and u.old.has("ai") and u.old.has("train")
        if not was and not any(
            f.has("ai") and f.has("train") and not f.negated for f in u.doc.old_sentences
        ):
            yield Finding("Data may now be used to train AI or machine-learning models.")


@rule(
    "purpose.new",
    "material",
    "purpose",
    "Personal data used for a purpose not disclosed before (advertising, profiling, research, ...).",
)
def _new_purpose(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u) or u.new is None:
        return
    added = u.new_to_doc("purpose_new")
    if _OPT_OUT.search(u.new.text) or re.search(r"\bunsubscribe\b", u.new.text):
        return  # "you may opt out of marketing emails" offers a choice; it adds no purpose
    if added and (
        u.new.about_personal_data or u.new.use_verb or u.topic in ("use", "collection", "sharing")
    ):
        yield Finding(f"New purposes for personal data: {_q(added)}.")


# "providers" is a noun, "provide to" a disclosure: match verb forms only.
_OUTWARD = re.compile(
    r"\b(?:shar(?:e|es|ed|ing)\b|disclos|sell|sold|rent(?:s|ed|ing)?\b|transfer|provid(?:e|es|ed|ing)\b"
    r"|send|sent\b|give|giving|make available|made available|pass(?:es|ed)? (?:on|along)?)"
)
_INWARD = re.compile(
    r"\b(?:receiv\w*|obtain\w*|get|gets|collect\w*|gather\w*|import\w*)\b.{0,200}?\bfrom\b"
)


# A capitalised name as an item of a comma-separated list ("InMobi, Moloco, Chartboost").
_LISTED_NAME = re.compile(r"(?:^|,\s*|\band\s+)([A-Z][\w&'.-]*[\w])(?=\s*(?:,|\band\b|\(|$))")
_ANONYMOUS = re.compile(
    r"\b(?:anonymi[sz]ed|anonymous|aggregated?|de-?identified|non-personal|statistical)\b"
)
_EXAMPLES = re.compile(r"\bfor example\b|\bsuch as\b|\be\.g\.|\bincluding\b|\bfor instance\b")
_AUTHORITIES = frozenset(
    "government;law enforcement;public authorities;authorities;courts;regulators;police".split(";")
)
_COMPELLED = re.compile(
    r"\b(?:required|compelled|obliged|obligated) (?:to do so )?by (?:applicable )?law|\blegal (?:obligation|requirement|process)"
    r"|\bcourt order|\bsubpoena|\bcomply with (?:the |applicable |a )?(?:law|legal)"
)


@rule(
    "sharing.new_recipient",
    "material",
    "sharing",
    "Personal data goes to recipients not disclosed before.",
)
def _new_recipient(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u) or u.new is None:
        return
    # "We receive information from Google" names a source, not a recipient.
    outward = bool(_OUTWARD.search(u.new.text))
    inward = not outward and bool(_INWARD.search(u.new.text))
    added = {
        t
        for t in u.new_to_doc("recipient")
        if not inward and not re.search(r"\bfrom\b(?:\W+\w+){0,6}\W+" + re.escape(t), u.new.text)
    }
    if _ANONYMOUS.search(u.local.text) and not u.local.has("data_type"):
        return  # anonymised or aggregated figures are not personal data
    if (
        u.kind == "modify"
        and u.old is not None
        and u.old.terms("recipient")
        and _EXAMPLES.search(u.changed_text.text)
        and not u.changed_text.has("sale")
    ):
        return  # "service providers (for example, Amazon Web Services)" names who they are
    if added <= _AUTHORITIES and _COMPELLED.search(u.new.text):
        return  # disclosures the law compels are a clarification, not a new practice
    if added and (outward or (u.topic == "sharing" and u.new.about_personal_data)):
        yield Finding(f"New recipients of personal data: {_q(added)}.")
        return
    # A single-word brand added to a list of partners ("InMobi, Moloco, Chartboost").
    if u.topic == "sharing" and u.kind == "modify" and u.sentence is not None:
        inserted = " ".join(o.text for o in u.sentence.ops if o.op == "insert")
        listed = {
            m.group(1)
            for m in _LISTED_NAME.finditer(inserted.strip())
            if not re.search(r"\b" + re.escape(m.group(1).lower()) + r"\b", u.doc.old_prose)
            and m.group(1).lower() not in _FUNCTION
        }
        in_list = u.old is not None and u.old.raw.count(",") >= 2
        if listed and in_list:
            yield Finding(f"New named recipients in a list of partners: {_q(listed)}.")
            return
    # A company the old version never named, handed data or doing work on it, in any section
    # ("uses Formstack to capture feedback", "hosted by Lodgex", "shared with Brightpath").
    handled = {
        name
        for name in map(_handled_name, _HANDLED_BY.finditer(u.changed_text.raw))
        if name.lower() not in u.doc.old_text and name.split()[0].lower() not in _FUNCTION
    }
    if handled and (u.new.about_personal_data or u.new.has("share_verb") or u.topic != "other"):
        yield Finding(f"A company not named before now handles personal data: {_q(handled)}.")
        return
    # A named company added to a sharing section or table ("| Meridian Ad Partners | ... |").
    if u.topic == "sharing":
        # In a table, read the new rows cell by cell so adjacent cells do not run together.
        src = u.local if "|" in u.local.raw else u.changed_text
        names = {n for n in src.names if n.lower() not in u.doc.old_text}
        if names and not u.changed_text.pointer:
            yield Finding(f"New named recipients in a sharing section: {_q(names)}.")


_NAME_RUN = r"(?P<{}>[A-Z][\w&'.-]*[\w](?: [A-Z][\w&'.-]*[\w]){{0,3}})"
_HANDLED_BY = re.compile(
    r"\b(?:uses?|using|engages?|relies? on) " + _NAME_RUN.format("a") + r" (?:to|for)\b"
    r"|\b(?:provided|hosted|operated|processed|powered|run) by "
    + _NAME_RUN.format("b")
    + r"|\b(?:share[sd]?|disclose[sd]?|sen[dt]s?|transfer(?:s|red)?|provide[sd]?|pass(?:es|ed)?)"
    r"\b[^.;]{0,60}?\b(?:to|with) " + _NAME_RUN.format("c")
)


def _handled_name(m: re.Match[str]) -> str:
    return next(g for g in (m.group("a"), m.group("b"), m.group("c")) if g)


_LIST_ITEM = re.compile(r"^[ \t\u00a0]*(?:[-*+•]|\d+[.)]|\(?[a-z]\))[ \t]+(.*)$", re.M)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _wkey(text: str) -> str:
    return " ".join(w for w in words_of(_MD_LINK.sub(r"\1", text)) if w[:1].isalnum())


def _rows(sections: Iterable[Any]) -> dict[str, str]:
    """Table rows and list items of some sections, by normalised text."""
    out: dict[str, str] = {}
    for s in sections:
        for m in _TABLE_ROW.finditer(s.source):
            if not re.fullmatch(r"[\s|:-]*", m.group(1)):
                out[_wkey(m.group(1))] = m.group(1)
        for m in _LIST_ITEM.finditer(s.source):
            out[_wkey(m.group(1))] = m.group(1)
    return out


def new_rows(u: Unit) -> list[str]:
    """Table rows or list items this unit adds (their raw text)."""
    if u.change is None or u.kind not in ("modify", "insert") or not u.change.new:
        return []
    change = u.change
    rows = u.doc.per_change(
        "rows",
        change,
        lambda: {k: v for k, v in _rows(change.new).items() if k not in _rows(change.old)},
    )
    if u.kind == "insert":
        added = _wkey(u.either.raw)
        return [raw for k, raw in rows.items() if k and k in added]
    assert u.sentence is not None
    runs = [_wkey(o.text) for o in u.sentence.ops if o.op == "insert"]
    runs = [r for r in runs if r]
    # A row that is new, or that gained cells: it holds one of this sentence's inserted runs.
    return [raw for k, raw in rows.items() if k and any(f" {r} " in f" {k} " for r in runs)]


# A new row in a cookie table is a new tracker, as a new row of recipients is a new recipient.
_ITEM_CATEGORY = {
    "sharing": "sharing",
    "use": "purpose",
    "collection": "data_collected",
    "cookies": "cookies_tracking",
}


@rule(
    "practice.item_added",
    "material",
    "other",
    "A new row or item in a table or list of recipients, purposes or collected data.",
)
def _item_added(u: Unit) -> Iterator[Finding]:
    # Lists and tables of purposes or recipients often hold plain words no vocabulary knows
    # ("to verify your research affiliation", "Retail media partners"): a new row is a new
    # practice until a reader says otherwise.
    if u.topic not in _ITEM_CATEGORY or not _affirmative_new(u) or u.new is None:
        return
    category = _ITEM_CATEGORY[u.topic]
    for raw in new_rows(u):
        cells = [c.strip() for c in raw.split("|") if c.strip()]
        if len(cells) > 1:
            head = _wkey(cells[0])
            # Prose turned into a table names the same recipients: a row is new when the cells
            # that name it (a cookie table leads with the cookie's name, then its provider)
            # hold a name, or two words, the old version never used.
            key = " ".join(cells[:2]) if len(cells) > 2 else cells[0]
            unknown = {
                w for w in words_of(key) if w.isalpha() and w not in _FUNCTION
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
            and not _mostly_said(set(_bag(item.words)), u.doc.rewritten_words)
        ):
            yield Finding(
                f"New list item in a section about {u.topic}: review whether it adds a practice.",
                category=category,
                needs_review=True,
            )
            return


def _mostly_said(words: set[str], said: set[str]) -> bool:
    return 2 * len(words & said) >= len(words)


@rule(
    "sensitive.shared",
    "major",
    "sensitive_data",
    "Sensitive data (health, biometric, precise location, ...) newly shared with a recipient.",
)
def _sensitive_shared(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u) or u.new is None:
        return
    local = u.local
    sensitive = u.doc.vocab.find("sensitive", local.text)
    if not sensitive:
        return
    recipients = u.added("recipient") & local.terms("recipient")
    if (recipients and _OUTWARD.search(local.text)) or (
        u.topic == "sharing" and any("|" in r for r in new_rows(u))
    ):
        yield Finding(f"Sensitive data ({_q(sensitive)}) now goes to new recipients.")


@rule("sharing.recipient_removed", "minor", "sharing", "Fewer recipients of personal data.")
def _recipient_removed(u: Unit) -> Iterator[Finding]:
    if (
        u.kind == "modify"
        and u.old
        and u.new
        and not u.old.negated
        and u.removed("recipient")
        and not u.added("recipient")
    ):
        yield Finding(f"Recipients no longer listed: {_q(u.removed('recipient'))}.")


@rule("data.type_removed", "minor", "data_collected", "Less personal data collected.")
def _data_removed(u: Unit) -> Iterator[Finding]:
    if (
        u.kind == "modify"
        and u.old
        and u.new
        and not u.old.negated
        and u.removed("data_type")
        and not u.added("data_type")
    ):
        if verb_class(u.old) != "protect" and u.topic not in ("rights", "security", "retention"):
            yield Finding(f"Data types no longer listed: {_q(u.removed('data_type'))}.")


@rule(
    "tracking.new",
    "material",
    "cookies_tracking",
    "New tracking technology (pixels, fingerprinting, SDKs, ...).",
)
def _tracking(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u):
        return
    added = u.new_to_doc("tracking")
    if added:
        yield Finding(f"New tracking technologies: {_q(added)}.")


@rule(
    "transfer.new",
    "material",
    "international_transfer",
    "Personal data newly transferred to other countries.",
)
def _transfer(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u) or u.new is None:
        return
    countries = u.new_to_doc("country")
    transfers = u.new_to_doc("transfer")
    moves_data = re.search(
        r"\b(?:transfer\w*|stor(?:e|es|ed|ing|age)|host\w*|located|servers?|outside|process\w*)\b",
        u.new.text,
    )
    about_data = u.new.about_personal_data or bool(
        {"data", "information", "it", "them"} & set(u.new.words)
    )
    # A destination added to a list of destinations is a new transfer even when the country
    # is named elsewhere for other data ("Japan, Korea" -> "Japan, Korea, the United States").
    listed = (
        u.kind == "modify"
        and u.old is not None
        and moves_data is not None
        and re.search(r"\b(?:transfer\w*|stored|hosted|located|processed)\b", u.old.text)
    )
    if listed and u.added("country"):
        countries = countries | u.added("country")
    if (countries and moves_data and about_data) or (transfers and not u.doc.disclosed("transfer")):
        yield Finding(f"Data may now be transferred abroad: {_q(countries | transfers)}.")
        return
    # A recipient's row in a table now names a transfer safeguard (SCCs, BCRs, ...): its data
    # leaves the country, whatever the rest of the policy said about other recipients.
    rows = [r for r in new_rows(u) if "|" in r]
    if rows and u.sentence is not None:
        gone = " ".join(o.text for o in u.sentence.ops if o.op == "delete")
        vocab = u.doc.vocab
        gained = vocab.find("transfer", " ".join(rows).lower()) - vocab.find(
            "transfer", gone.lower()
        )
        if gained:
            yield Finding(f"A recipient in a table now has data transferred abroad: {_q(gained)}.")


@rule("retroactive.scope", "major", "retroactive", "New terms apply to data already collected.")
def _retroactive(u: Unit) -> Iterator[Finding]:
    if not _affirmative_new(u) or u.new is None or u.new.has("right"):
        return
    added = u.added("retroactive")
    if added and (
        u.new.use_verb or u.new.has("change_weak") or "apply" in u.new.text or "appl" in u.new.text
    ):
        yield Finding(f"The change reaches data collected before it: {_q(added)}.")


_SUFFIX = re.compile(
    r",?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|GmbH|S\.A\.S?|SAS|S\.A\.R\.L|SARL|B\.V|BV|N\.V|plc|PLC|Corp|"
    r"Corporation|Company|Co|AG|SE|Pty|AB|AS|Oy|S\.p\.A|SpA|LLP|LP)\.?$"
)


_LEGAL_FORMS = {
    "limited": "ltd", "incorporated": "inc", "corporation": "corp", "company": "co",
    "l l c": "llc", "private": "pte",
}  # fmt: skip


_RESPONSIBLE = re.compile(
    r"\bcontroller\b|\boperated by\b|\bresponsible for\b|\bowned by\b|\bacquir|\bmerge[dr]?\b|"
    r"\bsuccessor\b|\bprovided by\b|\bis (?:now )?(?:run|operated|provided) by\b"
)


def _legal_identity(org: str) -> str:
    """An organisation's name and legal form, spelled one way."""
    key = " ".join(re.sub(r"[^\w]+", " ", org.casefold()).split())
    return " ".join(_LEGAL_FORMS.get(w, w) for w in key.split())


def _org_core(org: str) -> str:
    """The distinctive part of an organisation name: up to two words before its legal suffix."""
    return " ".join(_SUFFIX.sub("", org).split()[-2:]).lower()


_GRANDFATHER = re.compile(
    r"in effect at the time|at the time (?:it|the information|the data|your information) was collected|only to (?:information|data) collected after|going forward"
)


@rule(
    "retroactive.grandfathering_removed",
    "major",
    "retroactive",
    "A promise that changes only apply to future data was removed.",
)
def _grandfather(u: Unit) -> Iterator[Finding]:
    if (
        u.old
        and _GRANDFATHER.search(u.old.text)
        and not (u.new and _GRANDFATHER.search(u.new.text))
    ):
        yield Finding(
            "The promise that data is governed by the policy in force when it was collected was removed."
        )


@rule(
    "dispute.added",
    "material",
    "dispute_resolution",
    "Arbitration, class-action or jury waivers, or new governing law.",
)
def _dispute(u: Unit) -> Iterator[Finding]:
    if u.new is None or u.kind not in ("modify", "insert"):
        return
    added = {t for t in u.added("dispute") if t not in u.doc.disclosed("dispute")}
    if added:
        yield Finding(f"New dispute-resolution terms: {_q(added)}.")


@rule(
    "dispute.removed",
    "minor",
    "dispute_resolution",
    "Dispute-resolution terms (arbitration, class waivers) were dropped.",
)
def _dispute_removed(u: Unit) -> Iterator[Finding]:
    if u.kind not in ("modify", "delete") or u.old is None:
        return
    gone = u.removed("dispute")
    if gone and not (u.new and u.new.terms("dispute") - u.old.terms("dispute")):
        yield Finding(f"Dispute-resolution terms no longer apply: {_q(gone)}.")


@rule("purpose.removed", "minor", "purpose", "Personal data is used for fewer purposes.")
def _purpose_removed(u: Unit) -> Iterator[Finding]:
    if u.kind != "modify" or u.old is None or u.new is None or u.old.negated:
        return
    gone = u.removed("purpose_new")
    if gone and not u.added("purpose_new") and verb_class(u.old) != "protect":
        yield Finding(f"Purposes no longer listed: {_q(gone)}.")


# -- rights, security, change clause, identity ------------------------------------------------


_STRONG_RIGHT = re.compile(
    r"\bright (?:to|of)\b|\bopt[- ]?out\b|\bopt[- ]?in\b|\bunsubscribe|\bwithdraw|\bportability\b|\berasure\b|\brectif|"
    r"\bobject to\b|\bdo not sell\b|\bdelete your\b|\baccess (?:to )?your\b|\bcomplain|\bappeal\b"
)


_RIGHT_FAMILY = {
    **dict.fromkeys(
        (
            "opt out",
            "opt-out",
            "unsubscribe",
            "stop receiving",
            "withdraw consent",
            "withdraw your consent",
        ),
        "opt out",
    ),
    **dict.fromkeys(("delete", "deletion", "erase", "erasure", "right to be forgotten"), "erase"),
    **dict.fromkeys(("correct", "correction", "rectify", "rectification", "update"), "correct"),
    **dict.fromkeys(("portability", "export", "copy of your", "download"), "portability"),
}


@rule("rights.removed", "material", "user_rights", "A right or choice was removed or narrowed.")
def _rights_removed(u: Unit) -> Iterator[Finding]:
    if u.kind == "delete" and u.old and not u.old.negated and not still_said(u):
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
        kept = {_RIGHT_FAMILY.get(t, t) for t in u.new.terms("right")} | {
            _RIGHT_FAMILY[k] for k in _RIGHT_FAMILY if k in u.new.text
        }
        removed = {t for t in removed if _RIGHT_FAMILY.get(t, t) not in kept}
        if removed and not u.added("right") and not u.old.negated:
            yield Finding(f"Rights or choices no longer mentioned: {_q(removed)}.")
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
                yield Finding(f"A way to exercise rights was removed: {_q(gone)}.")


def _rights_rewritten(u: Unit) -> bool:
    """Are the rights a deleted sentence named written anew in the same section (prose
    turned into a list)? Sentences that were already there do not count: a sibling item
    never restates a removed one."""
    if u.old is None or u.change is None:
        return False
    weak = _WEAK_RIGHT_WORDS | {"right", "rights"}
    named = {_RIGHT_FAMILY.get(t, t) for t in u.old.terms("right") if t not in weak}
    if not named:
        return False
    fresh = " ".join(s.new for s in u.change.sentences if s.new is not None).lower()
    said = {_RIGHT_FAMILY.get(t, t) for t in u.doc.vocab.find("right", fresh)}
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


@rule("rights.added", "minor", "user_rights", "A new right or choice.")
def _rights_added(u: Unit) -> Iterator[Finding]:
    if u.new is None or u.new.negated or u.kind not in ("modify", "insert"):
        return
    added = u.added("right") - {"request", "requests"}
    if added and (
        u.new.protective_verb
        or u.topic == "rights"
        or "you can" in u.new.text
        or "you may" in u.new.text
    ):
        yield Finding(f"New rights or choices: {_q(added)}.")


@rule("rights.restricted", "material", "user_rights", "A new restriction or condition on a right.")
def _rights_restricted(u: Unit) -> Iterator[Finding]:
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


@rule("security.weakened", "material", "security", "A security commitment was removed or weakened.")
def _security_weakened(u: Unit) -> Iterator[Finding]:
    if (
        u.kind == "delete"
        and u.old
        and u.old.has("security")
        and u.old.protective_verb | u.old.has("security")
    ):
        if u.topic == "security" or u.old.terms("security") - {"secure", "security"}:
            yield Finding("A security measure is no longer described.")
    elif u.kind == "modify" and u.old and u.new:
        removed = u.removed("security") - {"secure", "security"}
        weak = u.added("security_weak")
        if (removed and not u.added("security")) or weak:
            yield Finding(f"Security wording weakened: {_q(removed | weak)}.")
    elif u.kind == "insert" and u.new and u.new.has("security_weak") and u.topic == "security":
        yield Finding("A new caveat limits the security commitment.")


@rule("security.strengthened", "minor", "security", "A security measure was added or strengthened.")
def _security_strengthened(u: Unit) -> Iterator[Finding]:
    if u.new is None or u.new.negated or u.kind not in ("modify", "insert"):
        return
    added = u.added("security") - {"secure", "security"} - u.doc.disclosed("security")
    if added and not u.added("security_weak"):
        yield Finding(f"New security measures: {_q(added)}.")


def _about_changes(f: Features, topic: str) -> bool:
    return topic == "changes" or bool(
        re.search(
            r"\b(?:chang|updat|modif|amend|revis)\w*\b.*\b(?:policy|notice|statement|terms)\b|\b(?:policy|notice|statement|terms)\b.*\b(?:chang|updat|modif|amend|revis)",
            f.text,
        )
    )


def _stronger_elsewhere(u: Unit) -> bool:
    """Did the section gain a notice promise while losing this sentence (a rewrite)?"""
    if u.change is None:
        return False
    vocab = u.doc.vocab
    before = vocab.find("change_strong", " ".join(s.text for s in u.change.old).lower())
    after = vocab.find("change_strong", " ".join(s.text for s in u.change.new).lower())
    return bool(after - before)


@rule(
    "change_clause.weakened",
    "material",
    "policy_change_clause",
    "How users are told about changes got weaker.",
)
def _change_weakened(u: Unit) -> Iterator[Finding]:
    f = u.new or u.old
    if f is None or not _about_changes(f, u.topic):
        return
    if u.kind == "delete" and u.old and u.old.has("change_strong") and not u.old.negated:
        if not _stronger_elsewhere(u):
            yield Finding("A promise to notify users of changes was deleted.")
    elif u.kind in ("modify", "insert"):
        weak = u.added("change_weak")
        strong_lost = u.removed("change_strong")
        if weak or (strong_lost and not u.added("change_strong")):
            yield Finding(f"The change-notice clause is weaker: {_q(weak | strong_lost)}.")


@rule(
    "change_clause.strengthened",
    "minor",
    "policy_change_clause",
    "Users are told about changes more reliably.",
)
def _change_strengthened(u: Unit) -> Iterator[Finding]:
    f = u.new
    if (
        f is None
        or f.negated
        or not _about_changes(f, u.topic)
        or u.kind not in ("modify", "insert")
    ):
        return
    strong = u.added("change_strong")
    if strong and not u.added("change_weak"):
        yield Finding(f"Stronger notice of changes: {_q(strong)}.")


@rule(
    "controller.changed",
    "material",
    "controller_identity",
    "A different company is now responsible for the data.",
)
def _controller(u: Unit) -> Iterator[Finding]:
    # A new legal entity named where the old version named another, or in a controller clause.
    if u.new is None or u.kind not in ("modify", "insert"):
        return
    if u.kind == "modify" and u.old is not None:
        # Another legal form of the same name ("Corporation Limited" -> "Corporation Pte. Ltd.")
        # is another legal entity; spacing, commas and capitals are not.
        before = {_legal_identity(o) for o in u.old.orgs}
        after = {_legal_identity(o) for o in u.new.orgs}
        known = {_legal_identity(o) for o in u.doc.old_orgs}
        gained = after - before - known
        if gained and before - after:
            yield Finding(
                f"Another legal entity is named: {_q(gained)} (was {_q(before - after)})."
            )
            return
    same_sentence = {_legal_identity(o) for o in u.old.orgs} if u.old else set()
    new_orgs = {
        o
        for o in u.new.orgs
        if _legal_identity(o) not in same_sentence
        and not re.search(r"\b" + re.escape(_org_core(o)) + r"\b", u.doc.old_prose)
    }
    if not new_orgs:
        return
    lost = (u.old.orgs - u.new.orgs) if u.old else set()
    # A new sentence naming a company says who is responsible only in so many words; a group
    # company named as a DPO's employer or in a certification is not a new controller.
    named_responsible = u.kind == "modify" or bool(_RESPONSIBLE.search(u.new.text))
    if lost or (named_responsible and (u.new.has("controller") or u.topic == "controller")):
        yield Finding(
            f"New company named as responsible: {_q(new_orgs)}"
            + (f" (was {_q(lost)})." if lost else ".")
        )


_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Parade|Place|Pl|"
    r"Square|Sq|Court|Ct|Parkway|Pkwy|Highway|Hwy|Broadway|Green|Quay|Row|Terrace|Strasse|Straße|"
    r"Floor|Suite|Ste|Unit|Box)"
)
_ADDRESS_PART = re.compile(
    r"\b\d+[\w-]*\s+(?:[A-Z][\w'-]*\.?\s+){0,3}" + _STREET + r"\b"
    r"|\b" + _STREET + r"\s+#?\d+[\w-]*"
    # Postcodes: UK ("EC1V 9BP"), US ZIP after a state ("NY 10038"), Irish Eircodes, 4-5 digit codes.
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b|\b[A-Z]\d{2}\s?[A-Z\d]{4}\b"
    # A 4-5 digit postcode before a town ("20457 Hamburg"), not a year ("2025 These").
    r"|\b(?!(?:19|20)\d{2}\b)\d{4,5}\s+[A-Z][a-z]+"
)


def postal_addresses(raw: str) -> set[str]:
    """Postal-address fragments of a sentence (street and number, floor, postcode)."""
    return {" ".join(m.group(0).split()) for m in _ADDRESS_PART.finditer(raw)}


@rule(
    "contact.changed",
    "minor",
    "contact",
    "New contact details (e-mail, phone) of the same company.",
)
def _contact(u: Unit) -> Iterator[Finding]:
    if u.kind == "insert" and u.new is not None:
        known = u.doc.old_emails | {p for f in u.doc.old_sentences for p in f.phones}
        added = (u.new.emails | u.new.phones) - known
        if added:
            yield Finding(f"New contact details: {_q(added)}.")
        return
    if u.kind != "modify" or not (u.old and u.new):
        return
    # Street numbers and postcodes the old version never gave: reformatting an address
    # ("Blvd." -> "Boulevard") or splitting its sentence differently changes none of them.
    moved = {
        a
        for a in postal_addresses(u.new.raw)
        if any(n not in u.doc.old_numbers for n in re.findall(r"\d[\w-]*", a))
    }
    if moved and postal_addresses(u.old.raw) and not u.new.orgs - u.old.orgs:
        # The same company at a new street address, floor or postcode.
        yield Finding(f"Postal address changed: {_q(moved)}.")
        return
    added = (u.new.emails - u.old.emails) | (u.new.phones - u.old.phones)
    removed = (u.old.emails - u.new.emails) | (u.old.phones - u.new.phones)
    if added:
        yield Finding(f"Contact details changed: {_q(added)}.")
    elif removed and re.search(r"\b(?:form|portal|link|page|website|online)\b", u.new.text):
        yield Finding(f"Contact details changed: {_q(removed)} replaced by an online form or page.")


# -- structure ------------------------------------------------------------------------


@rule(
    "moved.into_practice",
    "material",
    "sharing",
    "A sentence moved from a 'what we do not do' section into one that describes the practice.",
)
def _moved(u: Unit) -> Iterator[Finding]:
    if u.kind != "move":
        return
    if negative_heading(u.old_title) != negative_heading(u.section_title):
        if negative_heading(u.old_title):
            yield Finding(
                f"Moved from '{u.old_title}' to '{u.section_title}': what was ruled out is now described as done.",
                category=practice_category(u.either, u.topic),
            )


@rule(
    "structure.reordered",
    "editorial",
    "other",
    "A section was moved, split or merged without changing its words.",
)
def _structure(u: Unit) -> Iterator[Finding]:
    if u.kind == "structure" and u.change is not None:
        kind = u.change.kind.value
        what = {
            "split": "split into several sections",
            "merged": "merged with another section",
        }.get(kind, "moved")
        yield Finding(f"Section '{u.section_title}' was {what}.")


@rule(
    "heading.negation_flip",
    "material",
    "sharing",
    "A heading's meaning flipped ('What we do not share' -> 'What we share').",
)
def _heading_flip(u: Unit) -> Iterator[Finding]:
    if (
        u.kind == "heading"
        and negative_heading(u.old_title)
        and not negative_heading(u.section_title)
    ):
        yield Finding(
            f"Heading '{u.old_title}' became '{u.section_title}'.",
            category=_TOPIC_CATEGORY.get(u.topic, "other"),
        )


@rule("heading.renamed", "editorial", "other", "A heading was renamed.", stage="fallback")
def _heading_renamed(u: Unit) -> Iterator[Finding]:
    if u.kind == "heading":
        yield Finding(f"Heading '{u.old_title}' renamed to '{u.section_title}'.")


_REQUIRED_TOPICS = frozenset(
    {"rights", "security", "retention", "changes", "contact", "children", "transfer", "controller"}
)


@rule(
    "section.removed",
    "material",
    "section_removed",
    "A section with commitments or legally required information was removed.",
)
def _section_removed(u: Unit) -> Iterator[Finding]:
    if u.kind != "section_removed" or u.old is None:
        return
    found = [Features(s, u.doc.vocab) for s in _sentences(u.old.raw)]
    commitments = [
        f
        for f, ruled_out in zip(found, negative_contexts(found), strict=True)
        if f.privacy_relevant
        and (
            negated_practice(f)
            or (ruled_out and verb_class(f) == "use")  # "(ii) sell data;" after "We will not:"
            or verb_class(f) == "protect"
            or f.has("right")
        )
    ]
    if (u.topic in _REQUIRED_TOPICS and u.old.privacy_relevant) or commitments:
        yield Finding(f"Section '{u.section_title}' ({u.topic}) was removed.")


@rule(
    "section.practice_removed",
    "minor",
    "section_removed",
    "A section describing a practice was removed.",
    stage="fallback",
)
def _section_practice_removed(u: Unit) -> Iterator[Finding]:
    if u.kind == "section_removed" and u.old is not None and u.old.privacy_relevant:
        yield Finding(
            f"Section '{u.section_title}' was removed; it described a practice rather than a promise."
        )


def _sentences(text: str) -> list[str]:
    from policydoc.text import sentences

    return sentences(text)


# -- fallbacks ------------------------------------------------------------------------------


_PRACTICE_TOPICS = frozenset(
    "collection use sharing rights retention security children transfer cookies".split()
)


@rule(
    "clarification",
    "minor",
    "other",
    "Privacy-relevant text added that introduces nothing new: a clarification or example.",
    stage="fallback",
)
def _clarification(u: Unit) -> Iterator[Finding]:
    # A new sentence in a section about a data practice or a right says something about it
    # even when no vocabulary word does ("We respond within 30 days").
    in_practice_section = (
        u.kind == "insert"
        and u.topic in _PRACTICE_TOPICS
        and len(u.content_added) >= 3
        and u.new is not None
        and not u.new.pointer
    )
    if not (u.privacy_relevant or in_practice_section):
        return
    # A modified sentence clarifies only if it gained words (a renumbered clause did not).
    if u.kind == "insert" or (u.kind == "modify" and u.content_added and not u.content_removed):
        yield Finding(
            "Adds detail without new data, purposes or recipients.",
            category=practice_category(u.either, u.topic),
        )


@rule(
    "practice.description_removed",
    "minor",
    "other",
    "Text describing a data practice was removed (less collection or sharing described).",
    stage="fallback",
)
def _practice_removed(u: Unit) -> Iterator[Finding]:
    if (
        u.kind == "delete"
        and u.privacy_relevant
        and u.old
        and not u.old.negated
        and verb_class(u.old) != "protect"
    ):
        if u.topic in (
            "collection",
            "sharing",
            "use",
            "cookies",
            "other",
            "controller",
            "children",
        ):
            yield Finding(
                "A description of a data practice was removed.",
                category=practice_category(u.old, u.topic),
            )


# Words the rights vocabulary holds that name no right by themselves ("request a quote").
_WEAK_RIGHT_WORDS = frozenset(
    "request requests ask settings setting preference preferences control controls choice choices".split()
)


def _capitalised(raw: str) -> set[str]:
    """Capitalised words other than the first: the names a sentence mentions."""
    words = re.findall(r"[A-Za-z][\w&'-]*", raw)
    return {w for w in words[1:] if w[0].isupper() and w.lower() not in _FUNCTION}


_UNIVERSAL = dict.fromkeys(("any", "every", "each", "all"), "all")
# Phrases that say one thing in several ways, folded before comparing signatures.
_PHRASE_WORD = {
    "at any time": " anytime ", "prior to": " before ", "subsequent to": " after ",
    "in the event that": " if ", "in the event of": " if ", "whenever you like": " anytime ",
    "whenever you want": " anytime ", "whenever you wish": " anytime ",
    "whenever you choose": " anytime ",
}  # fmt: skip
_PHRASES = re.compile("|".join(r"\b" + re.escape(p) + r"\b" for p in _PHRASE_WORD))


def privacy_terms(f: Features) -> set[tuple[str, str]]:
    """(category, term) for every privacy term *f* names, without sharing verbs and
    without the words that name no right by themselves ("request a quote")."""
    return {
        (c, t)
        for c in _PRIVACY_CATEGORIES
        if c != "share_verb"
        for t in f.vocab.find(c, f.text)
        if not (c == "right" and t in _WEAK_RIGHT_WORDS)
    }


def canonical_term(term: str) -> str:
    """One spelling per meaning: synonyms folded, rights by family ("erasure" is "erase")."""
    return _RIGHT_FAMILY.get(term, _CANONICAL.get(term, _stem(term)))


def _signature(f: Features) -> tuple[Any, ...]:
    """What a rewording must keep for the sentence to mean the same to a reader."""
    return (
        frozenset((c, canonical_term(t)) for c, t in privacy_terms(f)),
        f.has("share_verb"),
        f.negations,
        f.modality,
        f.conditional,
        frozenset(
            _UNIVERSAL.get(w, w)
            for w in words_of(_PHRASES.sub(lambda m: _PHRASE_WORD[m.group(0)], f.text))
            if w in _MEANINGFUL or w in _UNIVERSAL
        ),
        tuple(round(d) for d in sorted(f.durations)),
        tuple(sorted(f.ages)),
        frozenset(f.emails),
        frozenset(f.phones),
        # Names: "AppLovin, InMobi, Moloco" is not a paraphrase of "AppLovin, InMobi".
        frozenset(_capitalised(f.raw)),
    )


def still_said(u: Unit) -> bool:
    """Is a deleted sentence's content still in its section, merged into another sentence
    or reworded with synonyms ("we will respond within 45 days" -> "..., and we will reply
    within 45 days")?"""
    if u.kind != "delete" or u.old is None or u.change is None or not u.change.new:
        return False
    mine = _bag(u.old.words)
    total = sum(mine.values())
    if total < 4:
        return False
    change, vocab = u.change, u.doc.vocab

    def section_words() -> tuple[Counter[str], list[int]]:
        section = Features(" ".join(s.text for s in change.new), vocab)
        return _bag(section.words), [round(d) for d in section.durations]

    theirs, new_periods = u.doc.per_change("words", change, section_words)
    if sum((mine & theirs).values()) < 0.85 * total:
        return False
    return all(round(d) in new_periods for d in u.old.durations)


def same_meaning(a: Features, b: Features) -> bool:
    """Two sentences with the same signature and mostly the same (synonym-folded) words."""
    if _signature(a) != _signature(b):
        return False
    x, y = _bag(a.words), _bag(b.words)
    union = sum((x | y).values())
    return union > 0 and sum((x & y).values()) / union >= 0.6


@rule(
    "editorial.paraphrase",
    "editorial",
    "other",
    "A sentence reworded with every term, negation, modal, condition and number kept.",
    stage="fallback",
)
def _paraphrase(u: Unit) -> Iterator[Finding]:
    if u.kind == "modify" and u.old and u.new and _signature(u.old) == _signature(u.new):
        yield Finding("Reworded; the same data, parties, rights, conditions and numbers as before.")


@rule(
    "review.unresolved",
    "minor",
    "other",
    "A privacy-relevant sentence changed and no rule could judge it: review it (fail-safe).",
    stage="fallback",
)
def _review(u: Unit) -> Iterator[Finding]:
    if u.kind == "delete" and u.old is not None and not u.old.negated and still_said(u):
        return  # its words are still in the section: merged into a neighbour, not removed
    if u.privacy_relevant and (u.kind == "delete" or (u.kind == "modify" and u.change_relevant)):
        yield Finding(
            "Privacy-relevant wording changed in a way no rule could classify; review it.",
            category=practice_category(u.either, u.topic),
            needs_review=True,
        )


@rule(
    "editorial.text",
    "editorial",
    "other",
    "Text with no privacy relevance changed (navigation, headings, boilerplate).",
    stage="fallback",
)
def _editorial_text(u: Unit) -> Iterator[Finding]:
    if u.kind in ("modify", "insert", "delete", "move") and not u.privacy_relevant:
        yield Finding("Wording without privacy relevance changed.")
    elif u.kind == "modify" and not u.change_relevant:
        yield Finding("The changed words carry no privacy meaning (names, wording, labels).")
    elif u.kind == "move":
        yield Finding("A sentence moved to another section.")


def _neg_words(f: Features) -> str:
    return " ".join(w for w in f.words if w in NEGATORS) or "not"


# -- metadata ---------------------------------------------------------------------------

_DATE_KEYS = ("effective", "effective_date", "effective-date", "effective_from")


@rule(
    "retroactive.backdated",
    "major",
    "retroactive",
    "The effective date moved into the past: the new terms reach back.",
)
def _backdated(u: Unit) -> Iterator[Finding]:
    if u.kind != "metadata" or u.old is None or u.new is None or u.section_title not in _DATE_KEYS:
        return
    from policydoc.dates import parse_date

    before, after = parse_date(u.old.raw), parse_date(u.new.raw)
    if before is not None and after is not None and after < before:
        yield Finding(
            f"The {u.section_title} date moved back from {before.isoformat()} to {after.isoformat()}."
        )


@rule(
    "metadata.changed",
    "editorial",
    "other",
    "Only document metadata (front matter: version, dates, title) changed.",
    stage="fallback",
)
def _metadata(u: Unit) -> Iterator[Finding]:
    if u.kind == "metadata":
        yield Finding(f"Metadata '{u.section_title}' changed.")
