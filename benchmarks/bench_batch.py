"""policydoc.batch on 2 local workers against 1, on the same tasks in one run (goal >= 1.8x).

Uses the corpus pairs (the first N, default 40) or generated pairs when the
corpus is absent. Wall time, because parallel speed-up is about wall time:
run it on an otherwise idle machine with at least two cores. CPU time is
printed beside it (this process for 1 worker, the pool's processes for 2): the
same CPU total on 2 workers means no work is added by the pool (pickling, setup),
and CPU / wall below 100% per worker means the cores were busy with something else.

    python benchmarks/bench_batch.py [N]
"""

from __future__ import annotations

import os
import resource
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


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def wall(todo: list[batch.Task], workers: int) -> tuple[float, float, list[batch.Record]]:
    """Wall seconds, CPU seconds (this process and its finished children), records."""
    c = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    records = list(batch.assess_tasks(todo, workers=workers))
    elapsed = time.perf_counter() - t
    return elapsed, _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - c, records


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    todo = tasks(n)
    one, cpu1, r1 = wall(todo, 1)
    two, cpu2, r2 = wall(todo, 2)
    assert r1 == r2, "2 workers gave other results than 1"
    print(
        f"batch of {len(todo)} pairs on {os.cpu_count()} cores: 1 worker {one:.1f} s, "
        f"2 workers {two:.1f} s, speed-up {one / two:.2f}x (goal >= 1.8x), identical results"
    )
    print(
        f"CPU: 1 worker {cpu1:.1f} s ({cpu1 / one:.0%} of its wall time), 2 workers {cpu2:.1f} s "
        f"in all ({cpu2 / (2 * two):.0%} of their wall time each); on idle cores the speed-up "
        f"would be about {2 * cpu1 / cpu2:.2f}x if the tasks split evenly"
    )


if __name__ == "__main__":
    main()
