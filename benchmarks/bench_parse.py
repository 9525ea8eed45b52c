"""Parse speed in MB/s: the largest corpus policy and a generated 5 MB policy.

python benchmarks/bench_parse.py
"""

from __future__ import annotations

from _common import SHARED, best_of, generated_policy

import policydoc


def main() -> None:
    cases = []
    corpus = sorted(SHARED.glob("corpus/**/*.md"), key=lambda p: p.stat().st_size)
    if corpus:
        largest = corpus[-1]
        cases.append(
            (
                f"largest corpus file ({largest.relative_to(SHARED)})",
                largest.read_text(encoding="utf-8"),
            )
        )
    # Above MAX_BYTES on purpose: parsing is linear; max_bytes= lifts the limit.
    cases.append(("generated 5 MB policy", generated_policy(5 * 1024 * 1024)))
    for name, text in cases:
        mb = len(text.encode("utf-8")) / 1e6
        seconds = best_of(lambda text=text: policydoc.parse(text, max_bytes=len(text)), repeat=3)
        sections = len(policydoc.parse(text, max_bytes=len(text)))
        print(f"{name}: {mb:.2f} MB, {sections} sections, {seconds:.3f} s, {mb / seconds:.2f} MB/s")


if __name__ == "__main__":
    main()
