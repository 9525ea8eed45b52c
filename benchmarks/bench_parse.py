"""Parse speed in MB/s: the largest corpus policy and a generated 5 MB policy; what inferring
headings without markup costs on the whole corpus, as a ratio in the same run (target: at
most 1.10); and the share of parse time the page reading (chrome regions, several texts)
takes over the whole corpus (budget 10%).

python benchmarks/bench_parse.py
"""

from __future__ import annotations

from pathlib import Path

from _common import SHARED, best_of, generated_policy

import policydoc
from policydoc.pagechrome import find_chrome
from policydoc.pagetexts import find_texts
from policydoc.parse import _remembered_children


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
    texts = [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("corpus/**/*.md"))]
    if texts:
        # File by file, with and without inference in turn (best of three each), so both
        # figures see the same machine load; results are dropped at once, as a caller would.
        without = with_ = 0.0
        for t in texts:
            without += best_of(lambda t=t: _parse(t, infer=False), 3)
            with_ += best_of(lambda t=t: _parse(t, infer=True), 3)
        print(
            f"corpus ({len(texts)} files): heading inference {with_:.2f} s against "
            f"{without:.2f} s without, ratio {with_ / without:.3f} (target <= 1.10)"
        )

    page_reading(corpus)


def _parse(text: str, *, infer: bool) -> policydoc.Policy:
    return policydoc.parse(text, max_bytes=len(text) + 1, _infer=infer)


def page_reading(corpus: list[Path]) -> None:
    """Chrome and several-texts detection as a ratio of the whole parse, in the same run."""
    if not corpus:
        return
    texts = [p.read_text(encoding="utf-8") for p in corpus]
    policies = [policydoc.parse(t, max_bytes=len(t) + 1) for t in texts]
    parse_s = best_of(lambda: [policydoc.parse(t, max_bytes=len(t) + 1) for t in texts], repeat=3)
    read_s = best_of(lambda: [(find_chrome(p), find_texts(p)) for p in policies], repeat=3)
    # The files in corpus order, versions of a policy one after the other: parse() remembers
    # the inline tokens of one version's blocks for the next. Alone, each parse does it all.
    alone_s = best_of(lambda: [_parse_alone(t) for t in texts], repeat=3)
    print(
        f"page reading (chrome, texts) over {len(texts)} corpus files: {read_s:.3f} s of "
        f"{parse_s:.3f} s parse time = {100 * read_s / parse_s:.1f}% (budget 10%); of "
        f"{alone_s:.3f} s parsing each file alone = {100 * read_s / alone_s:.1f}%"
    )


def _parse_alone(text: str) -> policydoc.Policy:
    _remembered_children.cache_clear()
    return policydoc.parse(text, max_bytes=len(text) + 1)


if __name__ == "__main__":
    main()
