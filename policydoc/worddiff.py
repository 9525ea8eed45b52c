"""Word-level diffs with diff-match-patch, deterministic by construction.

Texts are cut into tokens (words, punctuation, whitespace runs); each distinct
token is mapped to one character (the library's lines-to-chars technique), so
diff-match-patch diffs words, not characters, and runs fast. ``Diff_Timeout``
is 0: the result never depends on the speed of the machine.

The diff itself (``diff_main``) runs in the C++ port of the same algorithm
(``fast-diff-match-patch``, extra ``policydoc[fast]``) when it is installed: it
returns exactly what the pure-Python library returns (a hypothesis test and the
corpus check it), 20-30x faster. The semantic clean-up always runs in Python,
because the C++ port classifies characters differently there and our token codes
would shift boundaries. The pure library stays the reference and the fallback;
``POLICYDOC_PURE_DIFF=1`` forces it.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Literal, TypeVar

import attrs
from diff_match_patch import diff_match_patch

from policydoc._display import short

__all__ = ["DiffOp"]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

Op = Literal["equal", "insert", "delete"]
_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}


@attrs.frozen(slots=True, repr=False)
class DiffOp:
    """A run of equal, inserted or deleted text."""

    op: Op
    """``equal``, ``insert`` or ``delete``."""
    text: str
    """The run's text, spaces included."""

    def __repr__(self) -> str:
        return f"<DiffOp {self.op} {short(self.text)}>"


def _engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # no wall clock: the same inputs give the same diff everywhere
    return dmp


def _pure_diff_main(a: str, b: str) -> list[tuple[int, str]]:
    return list(_engine().diff_main(a, b, False))


def _accelerated() -> Callable[[str, str], list[tuple[int, str]]] | None:
    if os.environ.get("POLICYDOC_PURE_DIFF"):
        return None
    try:
        import fast_diff_match_patch
    except ImportError:
        return None
    fast: Any = fast_diff_match_patch
    codes = {"=": 0, "+": 1, "-": -1}

    def diff_main(a: str, b: str) -> list[tuple[int, str]]:
        # timelimit 0 and checklines off: the same settings as the pure engine.
        runs = fast.diff(a, b, timelimit=0, checklines=False, cleanup="No", counts_only=False)
        return [(codes[op], text) for op, text in runs]

    return diff_main


diff_main: Callable[[str, str], list[tuple[int, str]]] = _accelerated() or _pure_diff_main
"""diff-match-patch's ``diff_main`` on two strings, no clean-up: C++ when available, else pure."""
ENGINE = "c++" if diff_main is not _pure_diff_main else "python"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


# Every distinct token becomes one character; beyond this many there are no characters left.
_MAX_DISTINCT = 0x10FFFF - 0x800
# Work allowed for one diff-match-patch call, in steps of the O((N+M)·D) diff (about a
# quarter of a second). Beyond it the diff is done on coarser units (sentences, lines) or
# as one replacement: still exact, less fine-grained, and the cost stays linear in the input.
_WORK_BUDGET = 4_000_000

T = TypeVar("T", bound=Hashable)


class _OverBudget(Exception):
    pass


def _encode(seqs: Sequence[Sequence[T]]) -> tuple[list[str], dict[str, T]]:
    """Each sequence as a string of one character per token, and the characters' tokens.

    Codes are given in order of first appearance across *seqs*.
    """
    distinct = dict.fromkeys(tok for seq in seqs for tok in seq)
    if len(distinct) > _MAX_DISTINCT:
        raise _OverBudget
    table = {tok: _char(i) for i, tok in enumerate(distinct)}
    code = table.__getitem__
    out = ["".join(map(code, seq)) for seq in seqs]
    return out, {ch: tok for tok, ch in table.items()}


def _edit_limit(a: str, b: str, budget: int) -> tuple[str, str, int] | None:
    """None when diffing *a* and *b* is affordable outright; else the two texts without
    their common ends and the most edits (D) that fit in *budget*.

    diff-match-patch (Myers' algorithm) does O((N+M)·D) work for D edits.
    """
    n, m = len(a), len(b)
    if (n + m) ** 2 <= budget:
        return None
    dmp = _engine()
    prefix = dmp.diff_commonPrefix(a, b)
    a, b = a[prefix:], b[prefix:]
    suffix = dmp.diff_commonSuffix(a, b)
    if suffix:
        a, b = a[:-suffix], b[:-suffix]
    n, m = len(a), len(b)
    if not n or not m:
        return None
    max_d = budget // (n + m)
    ca, cb = Counter(a), Counter(b)
    if sum(((ca - cb) + (cb - ca)).values()) > max_d:  # a lower bound of D
        raise _OverBudget
    return a, b, max_d


def _affordable(a: str, b: str, budget: int) -> bool:
    """Can diff-match-patch diff *a* and *b* within *budget*? (Deterministic: no clock.)

    Small inputs are affordable outright, inputs whose symbols differ too much are not;
    otherwise a forward pass of Myers' algorithm stops as soon as D passes its limit.
    """
    try:
        limit = _edit_limit(a, b, budget)
    except _OverBudget:
        return False
    if limit is None:
        return True
    a, b, max_d = limit
    n, m = len(a), len(b)
    offset = max_d + 1
    v = [0] * (2 * max_d + 3)
    for d in range(max_d + 1):
        for k in range(-d, d + 1, 2):
            i = k + offset
            x = v[i + 1] if k == -d or (k != d and v[i - 1] < v[i + 1]) else v[i - 1] + 1
            y = x - k
            if x < n and y < m and a[x] == b[y]:
                x = _snake(a, b, x, y, n, m)
            v[i] = x
            if x >= n and y >= m:
                return True
    return False


# Inputs this small are diffed by the C++ engine before the budget is checked: even a
# total rewrite costs it well under a second, and diff-match-patch with no time limit
# returns a shortest edit script, so its D is the forward pass's D, found 20-30x faster.
_NATIVE_WORK = 16 * _WORK_BUDGET


def _bounded_diff(a: str, b: str, budget: int) -> list[tuple[int, str]]:
    """``diff_main(a, b)``, or _OverBudget when it needs more than D edits allowed by *budget*."""
    if diff_main is _pure_diff_main or (len(a) + len(b)) ** 2 > _NATIVE_WORK:
        if not _affordable(a, b, budget):
            raise _OverBudget
        return diff_main(a, b)
    limit = _edit_limit(a, b, budget)
    diffs = diff_main(a, b)
    if limit is not None and sum(len(t) for op, t in diffs if op) > limit[2]:
        raise _OverBudget
    return diffs


def _snake(a: str, b: str, x: int, y: int, n: int, m: int) -> int:
    """The end of the run of equal characters from a[x] and b[y] (as one step per char would).

    Galloping over slices compares whole runs in C: the forward pass costs Python steps
    per diagonal, not per equal character, which is most of them in a long section.
    """
    k = x - y
    limit = min(n, m + k)  # x never passes n, y = x - k never passes m
    lo, step = x + 1, 16
    while True:
        hi = min(lo + step, limit)
        if a[lo:hi] != b[lo - k : hi - k]:
            break
        if hi == limit:
            return limit
        lo, step = hi, step * 2
    # a[x:lo] matches b from y; the first mismatch lies in [lo, hi): bisect for it.
    while lo < hi:
        mid = (lo + hi) // 2
        if a[lo : mid + 1] == b[lo - k : mid + 1 - k]:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _dmp_diff(
    a: Sequence[T], b: Sequence[T], semantic: bool, budget: int = _WORK_BUDGET
) -> list[tuple[Op, list[T]]]:
    (ca, cb), index = _encode([a, b])
    diffs = _bounded_diff(ca, cb, budget)
    if semantic:
        _engine().diff_cleanupSemantic(diffs)
    return [(_OPS[op], [index[c] for c in chars]) for op, chars in diffs if chars]


def diff_tokens(
    a: Sequence[T], b: Sequence[T], *, semantic: bool = True
) -> list[tuple[Op, list[T]]]:
    """Diff two token sequences; returns runs of (op, tokens).

    Joining the tokens of the equal and deleted runs gives *a*, of the equal and
    inserted runs *b*, whatever the size: over the work budget the runs are coarser.
    """
    if list(a) == list(b):
        return [("equal", list(a))] if a else []
    try:
        return _dmp_diff(a, b, semantic)
    except _OverBudget:
        return _coarse(list(a), list(b), semantic)


def _chunks(toks: Sequence[T]) -> list[tuple[T, ...]]:
    """Cut tokens into sentence- or line-sized runs (after ``.!?;`` or a line break)."""
    out: list[tuple[T, ...]] = []
    start = 0
    for i, t in enumerate(toks):
        if isinstance(t, str) and (t in _ENDS or "\n" in t):
            out.append(tuple(toks[start : i + 1]))
            start = i + 1
    if start < len(toks):
        out.append(tuple(toks[start:]))
    return out


_ENDS = frozenset(".!?;")


def _coarse(a: list[T], b: list[T], semantic: bool) -> list[tuple[Op, list[T]]]:
    """The over-budget diff: common ends, changed chunks, each refined when affordable."""
    p = 0
    while p < len(a) and p < len(b) and a[p] == b[p]:
        p += 1
    s = 0
    while s < len(a) - p and s < len(b) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    mid_a, mid_b = a[p : len(a) - s], b[p : len(b) - s]
    out: list[tuple[Op, list[T]]] = [("equal", a[:p])]
    budget = _WORK_BUDGET
    try:
        runs = _dmp_diff(_chunks(mid_a), _chunks(mid_b), False)
    except _OverBudget:
        runs = [("delete", [tuple(mid_a)]), ("insert", [tuple(mid_b)])]
    k = 0
    while k < len(runs):
        op, chunks = runs[k]
        if op == "equal":
            out.append(("equal", [t for c in chunks for t in c]))
            k += 1
            continue
        deleted: list[T] = []
        inserted: list[T] = []
        while k < len(runs) and runs[k][0] != "equal":
            (deleted if runs[k][0] == "delete" else inserted).extend(
                t for c in runs[k][1] for t in c
            )
            k += 1
        # One budget for all refinements: (n+m)² bounds each diff's work, so the total
        # stays within it however many changed chunks there are.
        cost = (len(deleted) + len(inserted)) ** 2
        try:
            if cost > budget:
                raise _OverBudget
            budget -= cost
            out.extend(_dmp_diff(deleted, inserted, semantic))
        except _OverBudget:
            out += [("delete", deleted), ("insert", inserted)]
    out.append(("equal", a[len(a) - s :]))
    merged: list[tuple[Op, list[T]]] = []
    for op, toks in out:
        if not toks:
            continue
        if merged and merged[-1][0] == op:
            merged[-1][1].extend(toks)
        else:
            merged.append((op, list(toks)))
    return merged


def _char(n: int) -> str:
    # Skip NUL and the surrogate block so every code is an ordinary character.
    return chr(n + 1 if n + 1 < 0xD800 else n + 1 + 0x800)


def diff_words(old: str, new: str) -> tuple[DiffOp, ...]:
    """Word-level diff of two normalised texts (joining ops rebuilds both texts exactly)."""
    return tuple(DiffOp(op, "".join(toks)) for op, toks in diff_tokens(tokens(old), tokens(new)))


def count_words(ops: Sequence[DiffOp], op: Op) -> int:
    return sum(len(re.findall(r"\w+", o.text)) for o in ops if o.op == op)
