"""Fuzz benchmark: time per KB on random and mutated policies, against honest edits.

python benchmarks/bench_fuzz.py [N]

Takes N documents (corpus files when ../shared is present, generated policies
otherwise), makes hostile variants of each (random bytes, flipped bytes, markup
storms, many equal headings, shuffled lines, an unrelated rewrite, control
characters), and runs what a CI gate runs on them: load, outline, compare,
assess and the exact patch. Every failure must be a PolicyError; anything else is
a bug and is listed. Cost is reported as milliseconds per KB, and as a ratio to
the same pipeline on an honest small edit of the same document (measured in the
same run, so the machine's speed cancels out). The closing note names the worst
case.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from _common import SHARED, generated_policy, scattered_edits

import policydoc
from policydoc.parse import decode
from policydoc.patch import delta

Mutation = Callable[[bytes, random.Random], bytes]


def _random_bytes(doc: bytes, rng: random.Random) -> bytes:
    return rng.randbytes(len(doc))


def _flip_bytes(doc: bytes, rng: random.Random) -> bytes:
    data = bytearray(doc)
    for _ in range(max(1, len(data) // 200)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _markup_storm(doc: bytes, rng: random.Random) -> bytes:
    marks = [b"**", b"|", b"\n---\n", b"[", b"](", b"&lt;img&gt;", b"\n> ", b"\n1. ", b"`", b"\\"]
    parts = doc.split(b" ")
    for i in range(0, len(parts), 7):
        parts[i] = rng.choice(marks) + parts[i]
    return b" ".join(parts)


def _equal_headings(doc: bytes, rng: random.Random) -> bytes:
    return b"## a\n" * max(1, len(doc) // 5)


def _shuffled_lines(doc: bytes, rng: random.Random) -> bytes:
    lines = doc.split(b"\n")
    rng.shuffle(lines)
    return b"\n".join(lines)


def _rewrite(doc: bytes, rng: random.Random) -> bytes:
    # Every word replaced: the worst case for word diffs and sentence pairing.
    return scattered_edits(doc.decode("utf-8", "replace"), 1.0, seed=rng.randrange(1000)).encode()


def _controls(doc: bytes, rng: random.Random) -> bytes:
    return doc.replace(b"\n\n", b"\n\n\x1b]0;x\x07\x1b[2J", 50).replace(b" ", b"\xe2\x80\xae", 50)


MUTATIONS: dict[str, Mutation] = {
    "random bytes": _random_bytes,
    "flipped bytes": _flip_bytes,
    "markup storm": _markup_storm,
    "equal headings": _equal_headings,
    "shuffled lines": _shuffled_lines,
    "unrelated rewrite": _rewrite,
    "control characters": _controls,
}


def _gate(old: bytes, new: bytes) -> str:
    """What a CI gate does with two files; returns "ok" or the PolicyError class name."""
    try:
        a = policydoc.parse(decode(old))
        b = policydoc.parse(decode(new))
        a.outline()
        b.to_markdown()
        amendment = policydoc.compare(a, b)
        amendment.redline("text")
        amendment.assess()
        delta(a.source, b.source)
    except policydoc.PolicyError as e:
        return type(e).__name__
    return "ok"


def _documents(n: int) -> list[tuple[str, bytes]]:
    files = sorted(SHARED.glob("corpus/pairs/*/old.md"))
    if files:
        step = max(1, len(files) // n)
        return [(f.parent.name, f.read_bytes()) for f in files[::step][:n]]
    return [
        (f"generated {k}", generated_policy(2_000 + 6_000 * k, seed=k).encode()) for k in range(n)
    ]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    rng = random.Random(12)
    rows: list[tuple[float, float, str, str, int, str]] = []
    bugs: list[str] = []
    for name, doc in _documents(n):
        edited = scattered_edits(doc.decode("utf-8"), 0.02).encode()
        t = time.perf_counter()
        _gate(doc, edited)
        base = (time.perf_counter() - t) / max(1, (len(doc) + len(edited)) / 1024)
        for kind, mutate in MUTATIONS.items():
            bad = mutate(doc, rng)
            t = time.perf_counter()
            try:
                outcome = _gate(doc, bad)
            except Exception as e:  # a bug: everything must be a PolicyError
                outcome = f"BUG {type(e).__name__}: {e}"
                bugs.append(f"{name} / {kind}: {outcome}")
            per_kb = (time.perf_counter() - t) / max(1, (len(doc) + len(bad)) / 1024)
            rows.append((per_kb * 1000, per_kb / base, name, kind, len(bad), outcome))
    rows.sort(reverse=True)
    print(f"{len(rows)} hostile inputs from {n} documents; slowest first (ms per KB, ratio):")
    for ms, ratio, name, kind, size, outcome in rows[:10]:
        print(f"  {ms:8.2f} ms/KB  x{ratio:5.1f}  {name:>14} {kind:<18} {size:>8,} B  {outcome}")
    worst = rows[0]
    print(
        f"\nWorst case: {worst[0]:.2f} ms per KB ({worst[1]:.1f} times an honest edit of the "
        f"same document), {worst[3]} of {worst[2]}; {len(bugs)} failures that were not "
        "a PolicyError."
    )
    for bug in bugs:
        print("  " + bug)


if __name__ == "__main__":
    main()
