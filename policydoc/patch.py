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

from diff_match_patch import diff_match_patch

from policydoc.errors import PatchError

__all__ = ["apply_patch", "make_patch"]

_MAGIC = "policydoc-patch 1"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


def make_patch(old: str, new: str) -> str:
    """A patch that turns *old* into *new*."""
    dmp = _dmp()
    a, b, lines = dmp.diff_linesToChars(old, new)
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_charsToLines(diffs, lines)
    delta = dmp.diff_toDelta(diffs)
    return f"{_MAGIC}\nbase-sha256: {sha256(old)}\nresult-sha256: {sha256(new)}\n{delta}\n"


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
    delta = lines[3].rstrip("\n")
    actual = sha256(old)
    if actual != base:
        raise PatchError(
            f"this patch applies to the text with sha256 {base[:12]}…, "
            f"but the given text has sha256 {actual[:12]}…; refusing to produce a wrong document"
        )
    try:
        diffs = _dmp().diff_fromDelta(old, delta)
    except (ValueError, IndexError) as e:
        raise PatchError(f"corrupt patch delta: {e}") from None
    new = "".join(text for op, text in diffs if op != -1)
    if sha256(new) != result:
        raise PatchError("patch result does not match its recorded hash; the patch is corrupt")
    return new
