"""Parse speed in MB/s: the largest corpus policy and a generated 5 MB policy; and the share
of parse time the page reading (chrome regions, several texts) takes over the whole corpus.

python benchmarks/bench_parse.py
"""

from __future__ import annotations

from pathlib import Path

from _common import SHARED, best_of, generated_policy

import policydoc
from policydoc.pagechrome import find_chrome
from policydoc.pagetexts import find_texts


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
    page_reading(corpus)


def page_reading(corpus: list[Path]) -> None:
    """Chrome and several-texts detection as a ratio of the whole parse, in the same run."""
    if not corpus:
        return
    texts = [p.read_text(encoding="utf-8") for p in corpus]
    policies = [policydoc.parse(t, max_bytes=len(t) + 1) for t in texts]
    parse_s = best_of(lambda: [policydoc.parse(t, max_bytes=len(t) + 1) for t in texts], repeat=3)
    read_s = best_of(lambda: [(find_chrome(p), find_texts(p)) for p in policies], repeat=3)
    print(
        f"page reading (chrome, texts) over {len(texts)} corpus files: {read_s:.3f} s of "
        f"{parse_s:.3f} s parse time = {100 * read_s / parse_s:.1f}% (budget 10%)"
    )


if __name__ == "__main__":
    main()
