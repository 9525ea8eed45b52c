"""Run the significance engine over labelled cases and print the confusion matrix.

python benchmarks/eval.py                   # tests/cases and, if present, the real corpus labels
python benchmarks/eval.py FOLDER [LABELS]   # any folder in the same layout
"""

from __future__ import annotations

import sys

from _common import ROOT, SHARED

from policydoc.evaluate import evaluate


def main(argv: list[str]) -> None:
    if argv:
        runs = [(argv[0], argv[1] if len(argv) > 1 else None)]
    else:
        runs = [(str(ROOT / "tests" / "cases"), None)]
        if (SHARED / "corpus" / "labels").is_dir():
            runs.append((str(SHARED / "corpus" / "pairs"), str(SHARED / "corpus" / "labels")))
    for folder, labels in runs:
        print(f"== {folder}" + (f" (labels: {labels})" if labels else ""))
        print(evaluate(folder, labels=labels).report())


if __name__ == "__main__":
    main(sys.argv[1:])
