"""compare() and parse() against their baselines, in one run, as ratios.

* compare() from text (both versions parsed) over the corpus pairs against
  ``git diff --no-index --word-diff=porcelain`` on the same files (CPU seconds,
  git's counted from its child processes), with the pure-Python diff engine
  ("before": the reference) and the C++ one ("after", policydoc[fast]);
* parse() against raw markdown-it-py (the same configured parser) over both
  versions of every pair, in pair order (as compare() parses them), and each document
  alone with nothing remembered between documents;
* growth of parse() + compare() with document size (1% of words edited at random places):
  the exponent k in time ~ size^k, fitted on 0.25 MB ... 4 MB (16 MB with --full);
* peak memory of parse() + compare() (tracemalloc) against the two documents' size.

Generated pairs stand in for the corpus when ../shared/corpus is absent.

    python benchmarks/bench_compare.py [--full]
"""

from __future__ import annotations

import math
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from _common import SHARED, generated_policy, scattered_edits

import policydoc
from policydoc import worddiff
from policydoc.parse import _BLOCKS, _MD, _remembered_children

LIMIT = 64 * 1024 * 1024  # above the default input limit: growth is measured up to 16 MB


def corpus_pairs() -> list[tuple[Path, Path]]:
    pairs = [(d / "old.md", d / "new.md") for d in sorted(SHARED.glob("corpus/pairs/*"))]
    pairs = [(o, n) for o, n in pairs if o.exists() and n.exists()]
    if pairs:
        return pairs
    folder = Path(tempfile.mkdtemp(prefix="policydoc-bench-"))
    for k in range(20):
        old = generated_policy(40_000, seed=k)
        (folder / f"{k}-old.md").write_text(old, encoding="utf-8")
        (folder / f"{k}-new.md").write_text(scattered_edits(old, 0.01, seed=k), encoding="utf-8")
        pairs.append((folder / f"{k}-old.md", folder / f"{k}-new.md"))
    return pairs


def cpu() -> float:
    return time.process_time()


def git_children_cpu(pairs: list[tuple[Path, Path]]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for old, new in pairs:
        subprocess.run(
            ["git", "diff", "--no-index", "--word-diff=porcelain", str(old), str(new)],
            stdout=subprocess.DEVNULL,
            check=False,
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare_cpu(texts: list[tuple[str, str]], *, pure: bool) -> tuple[float, float]:
    """CPU seconds of compare() from text, and of the part after parsing."""
    engine = worddiff.diff_main
    if pure:
        worddiff.diff_main = worddiff._pure_diff_main
    try:
        t0 = cpu()
        parsed = [(policydoc.parse(o), policydoc.parse(n)) for o, n in texts]
        t1 = cpu()
        for o, n in parsed:
            policydoc.compare(o, n)
        t2 = cpu()
    finally:
        worddiff.diff_main = engine
    return t2 - t0, t2 - t1


def parse_ratio(texts: list[tuple[str, str]], *, cold: bool = False) -> tuple[float, float]:
    """CPU seconds of parse() and of raw markdown-it-py (the full parse of the same
    configured parser), document by document in turn so that both see the same load.

    Both versions of each pair, in order, as compare() parses them: parse() remembers the
    inline tokens of the old version's blocks for the new one. *cold* forgets everything
    remembered (those tokens and both parsers' link destinations) before each document.
    """
    ours = raw = 0.0
    for d in (t for pair in texts for t in pair):
        if cold:
            _forget()
        t0 = cpu()
        _MD.parse(d)
        t1 = cpu()
        if cold:
            _forget()
        t2 = cpu()
        policydoc.parse(d)
        t3 = cpu()
        raw += t1 - t0
        ours += t3 - t2
    return ours, raw


def _forget() -> None:
    _remembered_children.cache_clear()
    for md in (_MD, _BLOCKS):
        md.__dict__.pop("_links", None)  # the link cache, built again on first use


def growth(sizes_mb: list[float]) -> tuple[list[tuple[float, float]], float]:
    points = []
    for mb in sizes_mb:
        old = generated_policy(int(mb * 1024 * 1024))
        new = scattered_edits(old, 0.01)
        t = cpu()
        policydoc.compare(
            policydoc.parse(old, max_bytes=LIMIT), policydoc.parse(new, max_bytes=LIMIT)
        )
        points.append((mb, cpu() - t))
    xs = [math.log(mb) for mb, _ in points]
    ys = [math.log(s) for _, s in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return points, slope


def peak_memory(mb: float) -> float:
    old = generated_policy(int(mb * 1024 * 1024))
    new = scattered_edits(old, 0.01)
    size = len(old.encode()) + len(new.encode())
    tracemalloc.start()
    policydoc.compare(policydoc.parse(old, max_bytes=LIMIT), policydoc.parse(new, max_bytes=LIMIT))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / size


def main() -> None:
    full = "--full" in sys.argv
    pairs = corpus_pairs()
    texts = [(o.read_text(encoding="utf-8"), n.read_text(encoding="utf-8")) for o, n in pairs]
    print(f"diff engine: {worddiff.ENGINE}")
    git = git_children_cpu(pairs)
    before, before_after_parse = compare_cpu(texts, pure=True)
    after, after_after_parse = compare_cpu(texts, pure=False)
    print(
        f"compare over {len(pairs)} pairs (CPU s): git word-diff {git:.2f}; "
        f"pure engine {before:.2f} ({before_after_parse:.2f} after parsing), ratio {before / git:.1f}x; "
        f"{worddiff.ENGINE} engine {after:.2f} ({after_after_parse:.2f} after parsing), "
        f"ratio {after / git:.1f}x (goal <= 10x)"
    )
    ours, raw = parse_ratio(texts)
    cold_ours, cold_raw = parse_ratio(texts, cold=True)
    print(
        f"parse over {2 * len(texts)} documents (CPU s): markdown-it-py {raw:.2f}, parse() {ours:.2f}, "
        f"ratio {ours / raw:.2f}x (goal <= 1.3x); each document alone, nothing remembered: "
        f"{cold_raw:.2f} and {cold_ours:.2f}, ratio {cold_ours / cold_raw:.2f}x"
    )
    sizes = [0.25, 1, 4, 16] if full else [0.25, 1, 4]
    points, slope = growth(sizes)
    shown = ", ".join(f"{s:.2f} s at {mb:g} MB" for mb, s in points)
    print(f"compare growth, 1% words edited: {shown}; exponent {slope:.2f} (goal <= 1.1)")
    print(
        f"compare peak memory at 1 MB: {peak_memory(1):.1f}x the two documents' size (goal < 20x)"
    )


if __name__ == "__main__":
    main()
