"""policydoc.batch on 2 local workers against 1, on the same tasks in one run (goal >= 1.8x).

Uses the corpus pairs (the first N, default 40) or generated pairs when the
corpus is absent. Wall time, because parallel speed-up is about wall time:
run it on an otherwise idle machine with at least two cores.

    python benchmarks/bench_batch.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from _common import SHARED, generated_policy, scattered_edits

from policydoc import batch


def tasks(n: int) -> list[batch.Task]:
    found = (
        [t for t in batch.find_tasks(SHARED / "corpus" / "pairs")]
        if (SHARED / "corpus" / "pairs").is_dir()
        else []
    )
    if found:
        return found[:n]
    folder = Path(tempfile.mkdtemp(prefix="policydoc-batch-"))
    for k in range(n):
        pair = folder / f"{k:03d}"
        pair.mkdir()
        old = generated_policy(20_000, seed=k)
        (pair / "old.md").write_text(old, encoding="utf-8")
        (pair / "new.md").write_text(scattered_edits(old, 0.01, seed=k), encoding="utf-8")
    return batch.find_tasks(folder)


def wall(todo: list[batch.Task], workers: int) -> tuple[float, list[batch.Record]]:
    t = time.perf_counter()
    records = list(batch.assess_tasks(todo, workers=workers))
    return time.perf_counter() - t, records


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    todo = tasks(n)
    one, r1 = wall(todo, 1)
    two, r2 = wall(todo, 2)
    assert r1 == r2, "2 workers gave other results than 1"
    print(
        f"batch of {len(todo)} pairs on {os.cpu_count()} cores: 1 worker {one:.1f} s, "
        f"2 workers {two:.1f} s, speed-up {one / two:.2f}x (goal >= 1.8x), identical results"
    )


if __name__ == "__main__":
    main()
