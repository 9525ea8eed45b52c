"""A 1,000-version history: store size against git, add time, random reads, since().

The longest corpus history is replayed, then extended with generated small
edits up to 1,000 versions. The same texts are committed to a git repository
packed with ``git gc --aggressive`` for the size comparison.

    python benchmarks/bench_history.py [N]
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import SHARED, generated_policy, scattered_edits

from policydoc import History


def versions(n: int) -> list[str]:
    folders = sorted(
        (p for p in SHARED.glob("corpus/histories/*") if p.is_dir()),
        key=lambda p: len(list(p.glob("*.md"))),
    )
    texts = (
        [f.read_text(encoding="utf-8") for f in sorted(folders[-1].glob("*.md"))]
        if folders
        else [generated_policy(60_000)]
    )
    rng = random.Random(5)
    while len(texts) < n:
        # A small edit: a few words in one paragraph.
        lines = texts[-1].split("\n")
        k = rng.randrange(len(lines))
        lines[k] = scattered_edits(lines[k], 0.05, seed=len(texts)) if lines[k] else lines[k]
        if rng.random() < 0.2 or "\n".join(lines) == texts[-1]:
            lines.insert(k, f"We may update this policy {len(texts)} times.")
        texts.append("\n".join(lines))
    return texts[:n]


def git_size(texts: list[str], folder: Path) -> int:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "b@x")
    git("config", "user.name", "bench")
    for k, text in enumerate(texts):
        (folder / "policy.md").write_text(text, encoding="utf-8", newline="")
        git("add", "policy.md")
        git("commit", "-q", "--allow-empty", "-m", f"v{k}")
    git("gc", "--aggressive", "-q")
    return sum(p.stat().st_size for p in (folder / ".git" / "objects" / "pack").glob("*.pack"))


def main(n: int) -> None:
    texts = versions(n)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = root / "h.sqlite3"
        h = History.open(store)
        add_times = []
        for k, text in enumerate(texts):
            t = time.perf_counter()
            h.add(text, label=f"v{k}")
            add_times.append(time.perf_counter() - t)
        h.close()
        db = sqlite3.connect(store)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("VACUUM")
        db.close()
        ours = store.stat().st_size
        db = sqlite3.connect(store)
        names = {0: "full", 1: "key", 2: "delta"}  # schema 3 stores the kind as a code
        for storage, count, size in db.execute(
            "SELECT storage, count(*), sum(length(data)) FROM versions GROUP BY storage"
        ):
            print(f"  {names.get(storage, storage):5} texts: {count:4} rows, {size / 1e6:.3f} MB")
        pages = (
            db.execute("PRAGMA page_count").fetchone()[0]
            * db.execute("PRAGMA page_size").fetchone()[0]
        )
        data = db.execute("SELECT sum(length(data)) FROM versions").fetchone()[0]
        print(
            f"  everything but the texts (metadata, indexes, page slack): {(pages - data) / 1e6:.3f} MB"
        )
        db.close()
        (root / "git").mkdir()
        theirs = git_size(texts, root / "git")
        print(f"{len(texts)} versions, {sum(len(t) for t in texts) / 1e6:.1f} MB of text in all")
        print(
            f"store size: policydoc {ours / 1e6:.2f} MB, git gc --aggressive {theirs / 1e6:.2f} MB, ratio {ours / theirs:.2f}"
        )
        print(
            f"add a version: median {statistics.median(add_times) * 1000:.1f} ms, mean {statistics.mean(add_times) * 1000:.1f} ms"
        )
        h = History.open(store)
        labels = [v.label for v in h.versions]
        rng = random.Random(9)
        reads = []
        for label in rng.sample(labels, min(200, len(labels))):
            h._texts.clear()  # measure a cold read, not the cache
            t = time.perf_counter()
            h.text(label)
            reads.append(time.perf_counter() - t)
        print(
            f"read a random version: median {statistics.median(reads) * 1000:.2f} ms, max {max(reads) * 1000:.2f} ms"
        )
        t = time.perf_counter()
        since = h.since(labels[0])
        print(
            f"since(first): {time.perf_counter() - t:.2f} s -> {since.level.value}, {len(since.steps)} steps"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
