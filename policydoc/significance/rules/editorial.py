"""Editorial rules (the ``trivial`` stage): a change that provably changes no meaning
(punctuation, typos, synonyms, dates, navigation, labels, links, a restatement) is explained
away before any other rule reads it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydoc.dates import DATE_PATTERNS
from policydoc.significance.analysis import NEGATORS, QUANTITY, Features, words_of
from policydoc.significance.rules.helpers import lead_in_moved
from policydoc.significance.rules.unit import Finding, Unit, rule
from policydoc.significance.rules.words import (
    FUNCTION_WORDS,
    LIGHT_VERBS,
    MEANINGFUL,
    PARTIES,
    SYNONYM_WORDS,
    bag,
    expand,
    same_period,
    stem,
)
from policydoc.significance.vocab import Vocabulary

_DATE_ANY = [p for p in DATE_PATTERNS]


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


# Words whose removal or addition changes nothing a reader relies on.
_FILLERS = frozenset(
    ["in order", "please note that", "note that", "please note", "please", "kindly", "simply"]
)


def _same_periods(old: Features, new: Features) -> bool:
    """The same periods in other units or spellings, and nothing else changed."""
    a, b = sorted(old.durations), sorted(new.durations)
    if not a or len(a) != len(b) or not all(map(same_period, a, b)):
        return False

    def rest(f: Features) -> list[str]:
        return [w for w in words_of(QUANTITY.sub(" ", f.text)) if w[:1].isalnum()]

    return rest(old) == rest(new)


def _trivial_pair(d: str, i: str, vocab: Vocabulary) -> str | None:
    """Why a (deleted, inserted) pair changes no meaning, or None."""
    dn, in_ = re.sub(r"[\W_]+", "", d.casefold()), re.sub(r"[\W_]+", "", i.casefold())
    if dn == in_:
        return "case or punctuation"
    dw, iw = words_of(d), words_of(i)
    if {w for w in dw + iw} <= FUNCTION_WORDS - PARTIES:
        return "function words"
    if " ".join(dw + iw) in _FILLERS and not (dw and iw):
        return "filler words"
    if dw and iw:
        pa, pb = Features(d, vocab).durations, Features(i, vocab).durations
        if pa and len(pa) == len(pb) and all(map(same_period, pa, pb)):
            return "the same period written differently"
    if frozenset((" ".join(dw), " ".join(iw))) in SYNONYM_WORDS:
        return "synonym"
    dw, iw = expand(dw), expand(iw)
    content = bag(dw)
    if (
        content == bag(iw)
        # A contraction spelled out keeps its negation ("shouldn't" -> "should not").
        and [w for w in dw if w in NEGATORS] == [w for w in iw if w in NEGATORS]
        # Two empty bags: only pronouns and grammar words ("you're" -> "your"), unless a
        # verb that means something went ("we [-use-] and share").
        and (content or not {*dw, *iw} & LIGHT_VERBS)
    ):
        return "synonym"  # "request that we" -> "ask us to"
    if len(dw) == len(iw) and dw:
        ok = True
        for a, b in zip(dw, iw, strict=True):
            if a == b or frozenset((a, b)) in SYNONYM_WORDS:
                continue
            if a in FUNCTION_WORDS and b in FUNCTION_WORDS and not {a, b} & PARTIES:
                continue  # "whom" -> "who", "which" -> "that"
            if stem(a) == stem(b) and not any(c.isdigit() for c in a + b):
                continue  # grammar: "shares" -> "share", "process" -> "processes"
            if (
                len(a) >= 4
                and not any(c.isdigit() for c in a + b)
                and a not in NEGATORS
                and b not in NEGATORS
                # "pre-payed" -> "prepaid": a hyphen is spelling, not a letter of the word
                and _edit_distance(a.replace("-", ""), b.replace("-", ""))
                <= (1 if len(a) < 6 else 2)
                and not (_is_term(a, vocab) and _is_term(b, vocab))
            ):
                continue
            ok = False
            break
        if ok:
            return "typo"
    return None


@rule("editorial.restated", "editorial", "other", stage="trivial")
def restated(u: Unit) -> Iterator[Finding]:
    """Reworded or moved in a rewrite: every term, number, limit and polarity it carries is still said
    in the other version."""
    if not u.restated:
        return
    if u.kind == "delete":
        yield Finding("Deleted here, but what it said is still said, in other words, elsewhere.")
    elif u.kind == "insert":
        yield Finding("New wording for something the previous version already said.")
    else:
        yield Finding("Reworded; what it says is still said in both versions.")


@rule("none.spacing", "none", "other", stage="trivial")
def spacing(u: Unit) -> Iterator[Finding]:
    """Only spacing inside the text changed ("Sub- processors" -> "Sub-processors" after a
    line was rewrapped at its hyphen): nothing a reader relies on."""
    if _only_spacing(u):
        yield Finding("Only spacing changed.")


def _only_spacing(u: Unit) -> bool:
    return (
        u.kind == "modify"
        and u.old is not None
        and u.new is not None
        and re.sub(r"\s+", "", u.old.raw) == re.sub(r"\s+", "", u.new.raw)
    )


@rule("editorial.wording", "editorial", "other", stage="trivial")
def wording(u: Unit) -> Iterator[Finding]:
    """Punctuation, capitalisation, typos, synonyms, dates or word order changed; meaning kept."""
    if u.kind != "modify" or u.old is None or u.new is None or _only_spacing(u):
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
        bag(u.old.words, synonyms=False) == bag(u.new.words, synonyms=False)
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


@rule("editorial.navigation", "editorial", "other", stage="trivial")
def navigation(u: Unit) -> Iterator[Finding]:
    """Only navigation changed: a table of contents of the section titles, 'back to top' links."""
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


@rule("editorial.label_text", "editorial", "other", stage="trivial")
def label_text(u: Unit) -> Iterator[Finding]:
    """Only a short label (heading text, navigation, button) next to a sentence changed."""
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
            and not words_here & (MEANINGFUL | NEGATORS)
            and not Features(text, u.doc.vocab).orgs
            and (
                all(_LABEL_WORD.match(w) or w.lower() in FUNCTION_WORDS for w in ws)
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


@rule("editorial.links", "editorial", "other", stage="trivial")
def links(u: Unit) -> Iterator[Finding]:
    """Only a displayed URL changed."""
    if u.kind != "modify" or u.old is None or u.new is None:
        return
    if u.old.emails != u.new.emails:
        return  # a new e-mail address is new contact details, not a link
    url = re.compile(
        r"https?://\S+|www\.\S+|(?<![@\w.])[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|html?)\S*"
    )
    if url.sub("<url>", u.old.raw) == url.sub("<url>", u.new.raw):
        yield Finding("Only a displayed link address changed.")


@rule("editorial.lead_in_moved", "editorial", "other", stage="trivial")
def lead_in_moved_rule(u: Unit) -> Iterator[Finding]:
    """A list was reordered and its lead-in ("We will never:") now introduces another item."""
    if lead_in_moved(u):
        yield Finding("A list was reordered; its lead-in now introduces another item.")
