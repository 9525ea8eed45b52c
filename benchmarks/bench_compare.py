"""compare() (parsing both versions included) against a bare whole-text diff-match-patch diff.

Both run in the same process on the same texts; the figure that matters is
the ratio compare / baseline (< 1 means compare() is faster).

    python benchmarks/bench_compare.py
"""

from __future__ import annotations

import time

from _common import SHARED, generated_policy, scattered_edits
from diff_match_patch import diff_match_patch

import policydoc


def baseline(old: str, new: str) -> None:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    dmp.diff_main(old, new)


def ours(old: str, new: str) -> None:
    policydoc.compare(policydoc.parse(old), policydoc.parse(new))


def timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def main() -> None:
    pairs = []
    for d in sorted(SHARED.glob("corpus/pairs/*")):
        pairs.append(
            ((d / "old.md").read_text(encoding="utf-8"), (d / "new.md").read_text(encoding="utf-8"))
        )
    if pairs:
        t_ours = sum(timed(ours, o, n) for o, n in pairs)
        t_base = sum(timed(baseline, o, n) for o, n in pairs)
        print(
            f"corpus pairs ({len(pairs)}): compare {t_ours:.2f} s, bare dmp {t_base:.2f} s, ratio {t_ours / t_base:.3f}"
        )
    old = generated_policy(1024 * 1024)
    new = scattered_edits(old, 0.02)
    t_ours = timed(ours, old, new)
    t_base = timed(baseline, old, new)
    print(
        f"generated 1 MB, 2% of words edited: compare {t_ours:.2f} s, bare dmp {t_base:.2f} s, ratio {t_ours / t_base:.3f}"
    )


if __name__ == "__main__":
    main()
