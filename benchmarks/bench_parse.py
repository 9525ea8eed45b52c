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
        seconds = best_of(lambda text=text: _parse_alone(text), repeat=3)  # nothing remembered
        sections = len(policydoc.parse(text, max_bytes=len(text)))
        print(f"{name}: {mb:.2f} MB, {sections} sections, {seconds:.3f} s, {mb / seconds:.2f} MB/s")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("corpus/**/*.md"))]
    if texts:
        # File by file, with and without inference in turn (best of three each), so both
        # figures see the same machine load; results are dropped at once, as a caller would.
        # The repeats reuse the file's remembered inline tokens: the least parse time, so the
        # largest ratio.
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
    """Chrome and several-texts detection as a ratio of the whole parse, in the same run.

    File by file, in turn (best of three each), so that all figures see the same machine
    load. Parse time is given two ways: each file alone, nothing remembered; and parsed
    again (its blocks' inline tokens remembered, as for a policy's next version, which
    shares most of them): the least parse time, so the largest share.
    """
    if not corpus:
        return
    alone = again = read = 0.0
    for path in corpus:
        t = path.read_text(encoding="utf-8")
        policy = _parse_alone(t)
        alone += best_of(lambda t=t: _parse_alone(t), repeat=3)
        read += best_of(lambda p=policy: (find_chrome(p), find_texts(p)), repeat=3)
        again += best_of(lambda t=t: policydoc.parse(t, max_bytes=len(t) + 1), repeat=3)
    print(
        f"page reading (chrome, texts) over {len(corpus)} corpus files: {read:.3f} s; "
        f"{100 * read / alone:.1f}% of {alone:.3f} s parsing each file alone, "
        f"{100 * read / again:.1f}% of {again:.3f} s parsing it again (budget 10%)"
    )


def _parse_alone(text: str) -> policydoc.Policy:
    _remembered_children.cache_clear()
    return policydoc.parse(text, max_bytes=len(text) + 1)


if __name__ == "__main__":
    main()
