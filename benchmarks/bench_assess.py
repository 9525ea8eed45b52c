"""assess() against compare() on the same pairs, in one run: the ratio is the figure.

The significance issue asks that deciding costs at most what comparing costs
(ratio <= 1) and that assess grows at most like n^1.1 with the policy's size.
CPU time (time.process_time) is used so that other load on the machine matters less.

    python benchmarks/bench_assess.py            # corpus pairs (or generated ones) and sizes
    python benchmarks/bench_assess.py --quick    # fewer pairs and sizes
"""

from __future__ import annotations

import math
import sys
import time

from _common import SHARED, generated_policy, scattered_edits

import policydoc


def cpu(fn, *args):  # type: ignore[no-untyped-def]
    t = time.process_time()
    out = fn(*args)
    return time.process_time() - t, out


def pairs(limit: int) -> list[tuple[str, str]]:
    found = []
    for d in sorted(SHARED.glob("corpus/pairs/*"))[:limit]:
        found.append(((d / "old.md").read_text("utf-8"), (d / "new.md").read_text("utf-8")))
    if not found:  # no corpus: generated pairs of realistic size
        for seed in range(min(limit, 20)):
            old = generated_policy(30_000, seed=seed)
            found.append((old, scattered_edits(old, 0.01, seed=seed + 100)))
    return found


def main() -> None:
    quick = "--quick" in sys.argv
    todo = pairs(30 if quick else 120)
    compare_s = assess_s = 0.0
    for old, new in todo:
        po, pn = policydoc.parse(old), policydoc.parse(new)
        c, amendment = cpu(policydoc.compare, po, pn)
        a, _ = cpu(policydoc.assess, amendment)
        compare_s += c
        assess_s += a
    print(f"{len(todo)} pairs: compare {compare_s:.1f} s, assess {assess_s:.1f} s CPU")
    print(f"  ratio assess/compare: {assess_s / compare_s:.2f} (target <= 1.0)")

    sizes = [250_000, 500_000] if quick else [250_000, 500_000, 1_000_000]
    points = []
    for size in sizes:
        old = generated_policy(size)
        new = scattered_edits(old, 0.01)
        po, pn = policydoc.parse(old), policydoc.parse(new)
        c, amendment = cpu(policydoc.compare, po, pn)
        a, _ = cpu(policydoc.assess, amendment)
        points.append((size, a))
        print(f"{size / 1e6:.2f} MB: compare {c:.1f} s, assess {a:.1f} s, ratio {a / c:.2f}")
    (s0, t0), (s1, t1) = points[0], points[-1]
    exponent = math.log(t1 / t0) / math.log(s1 / s0)
    print(f"  assess growth exponent {exponent:.2f} (target <= 1.1)")


if __name__ == "__main__":
    main()
