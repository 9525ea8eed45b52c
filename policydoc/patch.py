"""Exact patches: rebuild one version from another byte for byte.

A patch is a small text document::

    policydoc-patch 1
    base-sha256: <hash of the text it applies to>
    result-sha256: <hash of the text it produces>
    <diff-match-patch delta>

The delta comes from a line-mode diff (deterministic: no timeout) and counts
characters, so CRLF, NBSP and trailing spaces survive untouched. Applying a
patch to any other text raises :class:`~policydoc.PatchError` instead of
producing a wrong document.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from collections.abc import Iterable

from diff_match_patch import diff_match_patch

from policydoc.errors import PatchError

__all__ = ["apply_delta", "apply_deltas", "apply_patch", "delta", "make_patch"]

_MAGIC = "policydoc-patch 1"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


# Changed blocks larger than this (characters, both sides) are stored whole rather than
# diffed word by word: a size bound, not a time bound, so deltas stay deterministic.
_TOKEN_DIFF_LIMIT = 60_000
# diff-match-patch's own line splitting: a line ends after "\n".
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def delta(old: str, new: str) -> str:
    """A compact, exact delta from *old* to *new* (diff-match-patch delta format).

    Lines are diffed first (cheap: one character per distinct line), then each
    changed block is diffed again as word, space and punctuation tokens, so a
    one-word edit costs a few bytes and the work follows the size of the change,
    not of the document.
    """
    from policydoc.worddiff import diff_tokens, tokens

    dmp = _dmp()
    ops = {"equal": 0, "insert": 1, "delete": -1}
    # Lines as tokens, within diff_tokens' work budget (over it, coarser but still exact).
    blocks = [
        (ops[o], "".join(lines))
        for o, lines in diff_tokens(_LINE.findall(old), _LINE.findall(new), semantic=False)
    ]
    diffs: list[tuple[int, str]] = []
    deleted, inserted = "", ""
    for op, text in [*blocks, (0, "")]:
        if op == -1:
            deleted += text
        elif op == 1:
            inserted += text
        else:
            if deleted and inserted and len(deleted) + len(inserted) <= _TOKEN_DIFF_LIMIT:
                diffs.extend(
                    (ops[o], "".join(toks))
                    for o, toks in diff_tokens(tokens(deleted), tokens(inserted), semantic=False)
                )
            else:
                diffs.extend((o, t) for o, t in ((-1, deleted), (1, inserted)) if t)
            deleted, inserted = "", ""
            if text:
                diffs.append((0, text))
    return str(dmp.diff_toDelta(diffs))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _bmp(text: str) -> bool:
    """No characters outside the Basic Multilingual Plane (UTF-16 units == characters)?"""
    return text.isascii() or not _ASTRAL.search(text)


def apply_delta(old: str, delta: str) -> str:
    """Apply a :func:`delta`; raises ``ValueError`` if it does not fit *old*."""
    return _apply(old, delta, _bmp(old))[0]


def apply_delta_in_chain(old: str, delta: str, bmp: bool | None) -> tuple[str, bool]:
    """:func:`apply_delta` along a chain: *bmp* is the flag returned with *old* (``None``:
    not known yet); returns the new text and its flag, so a chain scans its text once."""
    return _apply(old, delta, _bmp(old) if bmp is None else bmp)


def apply_deltas(text: str, deltas: Iterable[str]) -> str:
    """Apply several deltas in turn (rebuilding a stored version from its base text)."""
    bmp = _bmp(text)
    for d in deltas:
        text, bmp = _apply(text, d, bmp)
    return text


def _unquote_all(params: list[str]) -> list[str]:
    """%-decode many inserted texts with one call (the per-call cost dominates)."""
    if not any("%" in p for p in params):
        return params
    if any("%00" in p for p in params):  # NUL is the separator below: decode one by one
        return [urllib.parse.unquote(p) for p in params]
    return urllib.parse.unquote("\x00".join(params)).split("\x00")


def _apply(old: str, delta: str, bmp: bool) -> tuple[str, bool]:
    # Delta counts are UTF-16 code units. For text without characters outside the Basic
    # Multilingual Plane (nearly every policy) they equal Python's character counts, and
    # slicing is several times faster than diff-match-patch's diff_fromDelta, which
    # re-encodes the whole text for every delta. *bmp* says whether *old* is such a text;
    # the result's flag is carried along a chain of deltas so it is checked only once.
    if not bmp:
        new = "".join(text for op, text in _dmp().diff_fromDelta(old, delta) if op != -1)
        return new, _bmp(new)
    tokens = [t for t in delta.split("\t") if t]
    inserted = _unquote_all([t[1:] for t in tokens if t[0] == "+"])
    inserts = iter(inserted)
    out: list[str] = []
    pos = 0
    for token in tokens:
        op, param = token[0], token[1:]
        if op == "+":
            param = next(inserts)
            out.append(param)
        elif op == "=" or op == "-":
            try:
                n = int(param)
            except ValueError:
                raise ValueError(f"invalid number in delta: {param!r}") from None
            if n < 0:
                raise ValueError(f"negative number in delta: {param!r}")
            if op == "=":
                out.append(old[pos : pos + n])
            pos += n
        else:
            raise ValueError(f"invalid delta operation {op!r}")
    if pos != len(old):
        raise ValueError(f"delta covers {pos} characters, the text has {len(old)}")
    # The result can only gain astral characters from what was inserted.
    return "".join(out), _bmp("".join(inserted))


def make_patch(old: str, new: str) -> str:
    """A patch that turns *old* into *new*."""
    return (
        f"{_MAGIC}\nbase-sha256: {sha256(old)}\nresult-sha256: {sha256(new)}\n{delta(old, new)}\n"
    )


def apply_patch(old: str, patch: str) -> str:
    """Apply a patch from :meth:`Amendment.to_patch` to *old*; returns the new text exactly."""
    lines = patch.split("\n", 3)
    if len(lines) < 4 or lines[0] != _MAGIC:
        raise PatchError("not a policydoc patch (missing 'policydoc-patch 1' header)")
    try:
        base = lines[1].split("base-sha256: ", 1)[1].strip()
        result = lines[2].split("result-sha256: ", 1)[1].strip()
    except IndexError:
        raise PatchError(
            "malformed patch header (expected base-sha256 and result-sha256 lines)"
        ) from None
    body = lines[3].rstrip("\n")
    actual = sha256(old)
    if actual != base:
        raise PatchError(
            f"this patch applies to the text with sha256 {base[:12]}…, "
            f"but the given text has sha256 {actual[:12]}…; refusing to produce a wrong document"
        )
    try:
        new = apply_delta(old, body)
    except (ValueError, IndexError) as e:
        raise PatchError(f"corrupt patch delta: {e}") from None
    if sha256(new) != result:
        raise PatchError("patch result does not match its recorded hash; the patch is corrupt")
    return new
