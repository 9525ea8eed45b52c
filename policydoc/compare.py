"""Two versions -> :class:`~policydoc.amendment.Amendment`.

Sections are aligned first (same id, then similar title, then similar
content; then splits and merges), and only aligned pairs are diffed word by
word. Aligning first keeps every diff small, which is what makes comparing a
long policy faster than diffing its whole text.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from policydoc.amendment import (
    SCHEMA_VERSION,
    Amendment,
    ChangeKind,
    MetadataChange,
    SectionChange,
    SentenceChange,
)
from policydoc.errors import InputError, PolicyError
from policydoc.model import Policy, Section
from policydoc.normalize import Normalizer, absorbed_by, normalize, resolve
from policydoc.pagetexts import in_force
from policydoc.parse import load, parse, split_lines
from policydoc.text import sentences
from policydoc.worddiff import DiffOp, count_words, diff_tokens, diff_words, tokens

__all__ = ["amendment_from_dict", "compare"]

# Thresholds for matching sections whose ids differ (documented in docs/amendments.md).
_TITLE_MATCH = 0.75  # title similarity that, with some shared content, means "renamed"
_CONTENT_MATCH = 0.6  # content similarity that alone means "same section, new title/place"
_CONTAINED = 0.5  # share of a part's words found in the whole it was split from / merged into
_RESIDUAL = 0.5  # share of the whole's leftover words (not in its 1:1 partner) the parts must cover
_MIN_SPLIT_WORDS = 3


class _Memo:
    """Normalised texts and word bags of one comparison, computed once per distinct text.

    Most sections of two versions are unchanged: their text is normalised (the
    bulk of compare()'s work after the word diffs) once, not once per version.
    """

    __slots__ = ("bags", "normalizers", "texts")

    def __init__(self, normalizers: Sequence[Normalizer]):
        self.normalizers = normalizers
        self.texts: dict[str, str] = {}
        self.bags: dict[str, Counter[str]] = {}

    def normalize(self, text: str) -> str:
        out = self.texts.get(text)
        if out is None:
            out = self.texts[text] = normalize(text, self.normalizers)
        return out

    def bag(self, text: str) -> Counter[str]:
        # Shared between sides with the same text: callers never mutate a bag.
        out = self.bags.get(text)
        if out is None:
            out = self.bags[text] = _bag(text)
        return out


class _Side:
    """A section prepared for alignment: its normalised body and word bag."""

    __slots__ = ("bag", "body", "index", "raw_body", "section", "title")

    def __init__(
        self, index: int, section: Section, memo: _Memo, chrome: tuple[tuple[int, int], ...] = ()
    ):
        self.index = index
        self.section = section
        self.raw_body = section.source[len(section.heading) :]
        self.body = memo.normalize(self.raw_body)
        self.title = memo.normalize(section.title)
        self.bag = memo.bag(self.body)
        if chrome and any(a <= section.lines[1] and section.lines[0] <= z for a, z in chrome):
            # Chrome glued to a section (a footer under the policy's last paragraph) is not
            # what the section says: sections are paired on their policy text, so a footer
            # that moves to another section when the last one goes pairs nothing otherwise.
            kept = self.raw_body
            for b in section.blocks:
                if any(a <= b.lines[0] and b.lines[1] <= z for a, z in chrome):
                    kept = kept.replace(b.source, "", 1)
            bag = memo.bag(memo.normalize(kept))
            if bag:
                self.bag = bag


_STOP = frozenset(
    "a an the and or of to in on for by with from at as is are be we us our you your this that "
    "it its if any all may will can not do does".split()
)


_WORD = re.compile(r"\w+")


def _bag(text: str) -> Counter[str]:
    """Content words of *text*: what similarity between sections is measured on."""
    # The \w+ runs are exactly the word tokens of tokens(text), found without the rest.
    if text.isascii():
        # ASCII case folding is lower() and moves no word boundary: fold the text once.
        words = [t for t in _WORD.findall(text.lower()) if t[0] != "_"]
    else:
        words = [t.casefold() for t in _WORD.findall(text) if t[0].isalnum()]
    return Counter([w for w in words if w not in _STOP])


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    return 2 * sum((a & b).values()) / total


def _containment(part: Counter[str], whole: Counter[str]) -> float:
    n = sum(part.values())
    return sum((part & whole).values()) / n if n else 0.0


def _title_sim(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


def _as_policy(doc: Policy | str | os.PathLike[str], name: str) -> Policy:
    if isinstance(doc, Policy):
        return doc
    if isinstance(doc, os.PathLike):
        return load(doc)
    if isinstance(doc, str):
        if _names_a_file(doc):
            # A one-line string that names an existing file is almost always a path passed by
            # mistake: comparing the file *name* as a policy would silently say "major".
            raise InputError(
                f"{name} is the name of an existing file, not Markdown text; pass "
                f"pathlib.Path({doc!r}) or policydoc.load({doc!r}) to compare its contents",
                source=doc,
            )
        return parse(doc)
    raise TypeError(
        f"compare() needs a Policy, Markdown text or a pathlib.Path for {name}, "
        f"not {type(doc).__name__}"
    )


def _names_a_file(text: str) -> bool:
    if "\n" in text or len(text) > 1024 or not text.strip():
        return False
    try:
        return Path(text.strip()).is_file()
    except (OSError, ValueError):
        return False


def compare(
    old: Policy | str | os.PathLike[str],
    new: Policy | str | os.PathLike[str],
    *,
    normalizers: Iterable[str] | None = None,
) -> Amendment:
    """Compare two versions of a policy.

    Each version is a :class:`Policy`, Markdown text, or a :class:`pathlib.Path` to a
    Markdown file (read with :func:`policydoc.load`). A one-line string that names an
    existing file is refused with an :class:`InputError`: pass a ``Path`` to mean the file.

    *normalizers* names the normalisers to apply before comparing (default:
    all of ``unicode``, ``typography``, ``links``, ``markup``, ``whitespace``);
    a difference they remove is reported as ``formatting``, not as a word change.
    """
    pipeline = resolve(normalizers)
    pages = _as_policy(old, "old"), _as_policy(new, "new")
    old_p, new_p, texts = _in_force(*pages)
    memo = _Memo(pipeline)
    olds = [_Side(i, s, memo, _lines(old_p)) for i, s in enumerate(old_p.walk())]
    news = [_Side(i, s, memo, _lines(new_p)) for i, s in enumerate(new_p.walk())]

    pairs = _align(olds, news)
    groups = _splits_and_merges(olds, news, pairs)
    moved = _moved(olds, news, pairs)

    changes: list[tuple[float, SectionChange]] = []
    grouped_old = {o for g_old, _ in groups for o in g_old}
    grouped_new = {n for _, g_new in groups for n in g_new}
    for o_i, n_i in sorted(pairs.items(), key=lambda kv: kv[1]):
        if o_i in grouped_old or n_i in grouped_new:
            continue
        changes.append((n_i, _pair_change(olds[o_i], news[n_i], o_i in moved, pipeline)))
    for g_old, g_new in groups:
        kind = ChangeKind.SPLIT if len(g_new) > 1 else ChangeKind.MERGED
        changes.append(
            (min(g_new), _group_change(kind, [olds[i] for i in g_old], [news[i] for i in g_new]))
        )
    matched_new = set(pairs.values()) | grouped_new
    matched_old = set(pairs) | grouped_old
    for n in news:
        if n.index not in matched_new:
            changes.append((n.index, _group_change(ChangeKind.ADDED, [], [n])))
    # A removed section is listed where it stood: after whatever its predecessor became.
    old_to_pos = {o: n for o, n in pairs.items()}
    for g_old, g_new in groups:
        for o_i in g_old:
            old_to_pos[o_i] = min(g_new)
    for o in olds:
        if o.index not in matched_old:
            before = [old_to_pos[i] for i in range(o.index) if i in old_to_pos]
            pos = (max(before) if before else -1) + 0.5 + o.index / (10 * (len(olds) + 1))
            changes.append((pos, _group_change(ChangeKind.REMOVED, [o], [])))
    changes.sort(key=lambda pc: pc[0])

    preamble = _pair_change(
        _Side(-1, _preamble_section(old_p), memo),
        _Side(-1, _preamble_section(new_p), memo),
        False,
        pipeline,
    )
    return Amendment(
        old=old_p,
        new=new_p,
        changes=tuple(c for _, c in changes),
        preamble=preamble,
        metadata=_metadata_changes(old_p, new_p),
        title_changed=old_p.title != new_p.title,
        normalizers=tuple(n.name for n in pipeline),
        texts=texts,
        pages=pages if texts else None,
    )


def _lines(policy: Policy) -> tuple[tuple[int, int], ...]:
    return tuple(r.lines for r in policy.chrome)


def _in_force(old: Policy, new: Policy) -> tuple[Policy, Policy, tuple[str, ...]]:
    """The texts in force on each page, and what was read so, when a page holds several texts.

    A reader compares the text in force before with the text in force after; a page that
    also shows an announced or archived version, or prints the policy twice, is read so.
    """
    if not (old.texts or new.texts) or old.source == new.source:
        return old, new, ()
    picked: list[Policy] = []
    said: list[str] = []
    for when, page in (("before", old), ("after", new)):
        text = in_force(page)
        if text is None:
            picked.append(page)
            said.append(f"the text in force {when} (the whole page)")
            continue
        lines = split_lines(page.source.removeprefix("\ufeff"))
        part = "".join(lines[text.lines[0] - 1 : text.lines[1]])
        picked.append(parse(part, source=page.source_name))
        dates = "".join(
            f", {k} {d.isoformat()}"
            for k, d in (("effective", text.effective_from), ("until", text.effective_until))
            if d is not None
        )
        said.append(
            f"the text in force {when} (lines {text.lines[0]}-{text.lines[1]} of "
            f"{len(page.texts)} texts on the page{dates})"
        )
    notes = [f"Compared {said[0]} with {said[1]}."]
    dupes = [t for t in old.texts if t.role == "duplicate"]
    if len(dupes) > sum(t.role == "duplicate" for t in new.texts):
        where = ", ".join(f"lines {t.lines[0]}-{t.lines[1]}" for t in dupes)
        notes.append(f"A second copy of the policy printed on the old page ({where}) is gone.")
    return picked[0], picked[1], tuple(notes)


def amendment_from_dict(data: dict[str, Any]) -> Amendment:
    """Rebuild an amendment from ``Amendment.to_dict(include_sources=True)`` output."""
    if data.get("schema") != SCHEMA_VERSION:
        raise PolicyError(
            f"unsupported amendment schema {data.get('schema')!r}; expected {SCHEMA_VERSION}"
        )
    try:
        old_text, new_text = data["old"]["text"], data["new"]["text"]
    except (KeyError, TypeError):
        raise PolicyError(
            "amendment JSON has no texts; write it with include_sources=True"
        ) from None
    old = parse(old_text, source=data["old"].get("source"))
    new = parse(new_text, source=data["new"].get("source"))
    return compare(old, new, normalizers=data.get("normalizers"))


def _preamble_section(p: Policy) -> Section:
    lines = p.preamble_source.count("\n")
    return Section(
        id="preamble",
        path=("preamble",),
        title="Preamble",
        number=None,
        level=0,
        heading="",
        blocks=p.preamble,
        children=(),
        source=p.preamble_source,
        lines=(1, max(1, lines)),
    )


def _metadata_changes(old: Policy, new: Policy) -> tuple[MetadataChange, ...]:
    keys = sorted(set(old.metadata) | set(new.metadata))
    return tuple(
        MetadataChange(k, old.metadata.get(k), new.metadata.get(k))
        for k in keys
        if old.metadata.get(k) != new.metadata.get(k)
    )


def _align(olds: list[_Side], news: list[_Side]) -> dict[int, int]:
    """Match old -> new section indexes: same id, then title and content similarity."""
    pairs: dict[int, int] = {}
    new_by_id = {n.section.id: n.index for n in news}
    for o in olds:
        match = new_by_id.get(o.section.id)
        if match is not None:
            pairs[o.index] = match
    free_old = [o for o in olds if o.index not in pairs]
    taken = set(pairs.values())
    free_new = [n for n in news if n.index not in taken]
    candidates: list[tuple[float, int, int]] = []
    for o, near in _near(free_old, free_new):
        for n in near:
            content = _dice(o.bag, n.bag)
            title = _title_sim(o.title, n.title)
            both_empty = not o.bag and not n.bag
            if both_empty:
                score = title if title >= _TITLE_MATCH else 0.0
            elif title >= _TITLE_MATCH and content >= 0.3:
                score = 1.0 + content
            elif content >= _CONTENT_MATCH:
                score = content
            else:
                continue
            candidates.append((-score, o.index, n.index))
    candidates.sort()
    used_new = set(taken)
    for _, o_i, n_i in candidates:
        if o_i in pairs or n_i in used_new:
            continue
        pairs[o_i] = n_i
        used_new.add(n_i)
    return pairs


# Section similarity is computed for every pair of unmatched sections. Beyond this many
# pairs (thousands of sections, as in generated or hostile input) each old section is only
# compared with the new ones around its relative position, so the cost stays linear.
_MAX_PAIRS_ALIGN = 100_000


def _near(olds: list[_Side], news: list[_Side]) -> list[tuple[_Side, list[_Side]]]:
    if len(olds) * len(news) <= _MAX_PAIRS_ALIGN:
        return [(o, news) for o in olds]
    half = max(1, _MAX_PAIRS_ALIGN // (2 * len(olds)))
    out = []
    for i, o in enumerate(olds):
        centre = i * len(news) // len(olds)
        out.append((o, news[max(0, centre - half) : centre + half + 1]))
    return out


def _splits_and_merges(
    olds: list[_Side], news: list[_Side], pairs: dict[int, int]
) -> list[tuple[list[int], list[int]]]:
    """Find sections split in two (or more) and sections merged into one.

    A split: old section O is matched 1:1 to N1 (or to nothing) and an
    unmatched new section N2 is mostly made of O's words, *and* N2 covers the
    words of O that N1 lost. The second test keeps a new section that merely
    shares vocabulary with an old one from being called a split.
    """
    inverse = {n: o for o, n in pairs.items()}
    free_new = [
        n for n in news if n.index not in inverse and sum(n.bag.values()) >= _MIN_SPLIT_WORDS
    ]
    free_old = [o for o in olds if o.index not in pairs and sum(o.bag.values()) >= _MIN_SPLIT_WORDS]
    groups: list[tuple[list[int], list[int]]] = []
    if (len(olds) * len(free_new) + len(news) * len(free_old)) > _MAX_PAIRS_ALIGN:
        return groups  # too many candidates to test each (hostile input): no splits or merges
    used_new: set[int] = set()
    used_old: set[int] = set()

    def parts_of(
        whole: _Side, partner: _Side | None, pool: list[_Side], used: set[int]
    ) -> list[_Side]:
        residual = whole.bag - partner.bag if partner is not None else whole.bag
        if sum(residual.values()) < _MIN_SPLIT_WORDS:
            return []
        parts = [
            p for p in pool if p.index not in used and _containment(p.bag, whole.bag) >= _CONTAINED
        ]
        union: Counter[str] = Counter()
        for p in parts:
            union |= p.bag
        if not parts or _containment(residual, union) < _RESIDUAL:
            return []
        if partner is None and len(parts) < 2:
            return []
        return parts

    for o in olds:
        partner = news[pairs[o.index]] if o.index in pairs else None
        parts = parts_of(o, partner, free_new, used_new)
        if parts:
            members = ([partner] if partner is not None else []) + parts
            groups.append(([o.index], sorted(m.index for m in members)))
            used_new.update(m.index for m in members)
            used_old.add(o.index)
    for n in news:
        if n.index in used_new:
            continue
        partner = olds[inverse[n.index]] if n.index in inverse else None
        if partner is not None and partner.index in used_old:
            continue
        parts = parts_of(n, partner, free_old, used_old)
        if parts:
            members = ([partner] if partner is not None else []) + parts
            groups.append((sorted(m.index for m in members), [n.index]))
            used_old.update(m.index for m in members)
            used_new.add(n.index)
    return groups


def _moved(olds: list[_Side], news: list[_Side], pairs: dict[int, int]) -> set[int]:
    """Old indexes of sections that changed parent or fell out of the longest in-order run."""
    inverse = {n: o for o, n in pairs.items()}
    moved = set()
    # The first section with each path, as a linear search in document order would find it.
    old_paths: dict[tuple[str, ...], int] = {}
    new_paths: dict[tuple[str, ...], int] = {}
    for x in olds:
        old_paths.setdefault(x.section.path, x.index)
    for x in news:
        new_paths.setdefault(x.section.path, x.index)
    for o, n in pairs.items():
        old_parent = olds[o].section.path[:-1]
        new_parent = news[n].section.path[:-1]
        if old_parent != new_parent:
            old_parent_idx = old_paths.get(old_parent)
            new_parent_idx = new_paths.get(new_parent)
            if (
                pairs.get(old_parent_idx) != new_parent_idx
                if old_parent_idx is not None
                else new_parent_idx is not None
            ):
                moved.add(o)
    # Longest increasing subsequence of old indexes taken in new order: the rest moved.
    seq = [inverse[n] for n in sorted(inverse)]
    keep = _lis(seq)
    moved.update(o for o in seq if o not in keep)
    return moved


def _lis(seq: Sequence[int]) -> set[int]:
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev: list[int] = [-1] * len(seq)
    for i, x in enumerate(seq):
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[k] = x
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out: set[int] = set()
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.add(seq[i])
        i = prev[i]
    return out


def _sentence_changes(old: str, new: str) -> tuple[SentenceChange, ...]:
    """Align the sentences of two texts; pair similar deleted/inserted sentences."""
    a, b = sentences(old), sentences(new)
    if a == b:
        return ()
    out: list[SentenceChange] = []
    runs = diff_tokens(a, b, semantic=False)
    k = 0
    while k < len(runs):
        if runs[k][0] == "equal":
            k += 1
            continue
        deleted: list[str] = []
        inserted: list[str] = []
        while k < len(runs) and runs[k][0] != "equal":
            (deleted if runs[k][0] == "delete" else inserted).extend(runs[k][1])
            k += 1
        out.extend(_pair_sentences(deleted, inserted))
    return tuple(out)


# Pairing compares every deleted sentence with every inserted one; beyond this many
# pairs (a rewrite of thousands of sentences) they are listed unpaired: linear cost.
_MAX_PAIRS = 250_000


def _pair_sentences(deleted: list[str], inserted: list[str]) -> list[SentenceChange]:
    if len(deleted) * len(inserted) > _MAX_PAIRS:
        return [SentenceChange(s, None, (DiffOp("delete", s),)) for s in deleted] + [
            SentenceChange(None, s, (DiffOp("insert", s),)) for s in inserted
        ]
    bags_d = [Counter(w.casefold() for w in tokens(s) if w[0].isalnum()) for s in deleted]
    bags_i = [Counter(w.casefold() for w in tokens(s) if w[0].isalnum()) for s in inserted]
    partner: dict[int, int] = {}
    scored = sorted(
        (-_dice(bd, bi), d, i) for d, bd in enumerate(bags_d) for i, bi in enumerate(bags_i)
    )
    used: set[int] = set()
    for neg, d, i in scored:
        if -neg < 0.4:
            break
        if d in partner or i in used:
            continue
        partner[d] = i
        used.add(i)
    out: list[SentenceChange] = []
    # Emit in new-text order, interleaving deletions where they stood.
    inv = {i: d for d, i in partner.items()}
    emitted: set[int] = set()
    for i, sent in enumerate(inserted):
        if i in inv:
            d = inv[i]
            for dd in range(d):
                if dd not in partner and dd not in emitted:
                    out.append(SentenceChange(deleted[dd], None, (DiffOp("delete", deleted[dd]),)))
                    emitted.add(dd)
            out.append(SentenceChange(deleted[d], sent, diff_words(deleted[d], sent)))
            emitted.add(d)
        else:
            out.append(SentenceChange(None, sent, (DiffOp("insert", sent),)))
    for d, sent in enumerate(deleted):
        if d not in emitted:
            out.append(SentenceChange(sent, None, (DiffOp("delete", sent),)))
    return out


def _pair_change(o: _Side, n: _Side, moved: bool, pipeline: Sequence[Normalizer]) -> SectionChange:
    os_, ns_ = o.section, n.section
    renamed = o.title != n.title
    renumbered = os_.number != ns_.number
    modified = o.body != n.body
    raw_same = o.raw_body == n.raw_body and os_.heading == ns_.heading
    ops = diff_words(o.body, n.body) if modified else ()
    normalizers: tuple[str, ...] = ()
    if renamed:
        kind = ChangeKind.RENAMED
    elif moved:
        kind = ChangeKind.MOVED
    elif modified:
        kind = ChangeKind.MODIFIED
    elif raw_same:
        kind = ChangeKind.UNCHANGED
    else:
        kind = ChangeKind.FORMATTING
        normalizers = (
            absorbed_by(o.raw_body, n.raw_body, pipeline) if o.raw_body != n.raw_body else ()
        )
        if os_.heading != ns_.heading:
            extra = (
                absorbed_by(os_.heading, ns_.heading, pipeline)
                if not renumbered
                else ("numbering",)
            )
            normalizers = tuple(dict.fromkeys((*normalizers, *extra)))
        if not normalizers:
            normalizers = ("whitespace",)
    return SectionChange(
        kind=kind,
        old=(os_,),
        new=(ns_,),
        old_text=o.body,
        new_text=n.body,
        ops=ops,
        sentences=_sentence_changes(o.body, n.body) if modified else (),
        words_inserted=count_words(ops, "insert"),
        words_deleted=count_words(ops, "delete"),
        renamed=renamed,
        moved=moved,
        renumbered=renumbered,
        modified=modified,
        normalizers=normalizers,
    )


def _group_change(kind: ChangeKind, olds: list[_Side], news: list[_Side]) -> SectionChange:
    old_text = " ".join(o.body for o in olds if o.body)
    new_text = " ".join(n.body for n in news if n.body)
    ops = diff_words(old_text, new_text) if old_text != new_text else ()
    return SectionChange(
        kind=kind,
        old=tuple(o.section for o in olds),
        new=tuple(n.section for n in news),
        old_text=old_text,
        new_text=new_text,
        ops=ops,
        sentences=_sentence_changes(old_text, new_text),
        words_inserted=count_words(ops, "insert"),
        words_deleted=count_words(ops, "delete"),
        renamed=bool(olds and news and {o.title for o in olds} != {n.title for n in news}),
        modified=old_text != new_text,
    )
