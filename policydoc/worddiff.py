"""Word-level diffs with diff-match-patch, deterministic by construction.

Texts are cut into tokens (words, punctuation, whitespace runs); each distinct
token is mapped to one character (the library's lines-to-chars technique), so
diff-match-patch diffs words, not characters, and runs fast. ``Diff_Timeout``
is 0: the result never depends on the speed of the machine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import attrs
from diff_match_patch import diff_match_patch

__all__ = ["DiffOp"]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

Op = Literal["equal", "insert", "delete"]
_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}


@attrs.frozen(slots=True)
class DiffOp:
    """A run of equal, inserted or deleted text."""

    op: Op
    text: str


def _engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # no wall clock: the same inputs give the same diff everywhere
    return dmp


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _encode(seqs: Sequence[Sequence[str]]) -> tuple[list[str], list[str]]:
    table: dict[str, str] = {}
    back: list[str] = []
    out = []
    for seq in seqs:
        chars = []
        for tok in seq:
            ch = table.get(tok)
            if ch is None:
                ch = _char(len(back))
                table[tok] = ch
                back.append(tok)
            chars.append(ch)
        out.append("".join(chars))
    return out, back


def diff_tokens(
    a: Sequence[str], b: Sequence[str], *, semantic: bool = True
) -> list[tuple[Op, list[str]]]:
    """Diff two token sequences; returns runs of (op, tokens)."""
    if list(a) == list(b):
        return [("equal", list(a))] if a else []
    (ca, cb), back = _encode([a, b])
    dmp = _engine()
    diffs = dmp.diff_main(ca, cb, False)
    if semantic:
        dmp.diff_cleanupSemantic(diffs)
    index = {ch: tok for ch, tok in zip(map(_char, range(len(back))), back, strict=True)}
    return [(_OPS[op], [index[c] for c in chars]) for op, chars in diffs if chars]


def _char(n: int) -> str:
    # Skip NUL and the surrogate block so every code is an ordinary character.
    return chr(n + 1 if n + 1 < 0xD800 else n + 1 + 0x800)


def diff_words(old: str, new: str) -> tuple[DiffOp, ...]:
    """Word-level diff of two normalised texts (joining ops rebuilds both texts exactly)."""
    return tuple(DiffOp(op, "".join(toks)) for op, toks in diff_tokens(tokens(old), tokens(new)))


def count_words(ops: Sequence[DiffOp], op: Op) -> int:
    return sum(len(re.findall(r"\w+", o.text)) for o in ops if o.op == op)
