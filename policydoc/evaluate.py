"""Measure the significance engine against labelled cases (``policydoc eval``).

A case is a folder with ``old.md``, ``new.md`` and ``label.json`` (``level``,
``requires_notice``); labels may also live in a separate folder as
``<case>.json`` (the layout of the real-world corpus).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from policydoc.compare import compare
from policydoc.errors import PolicyError
from policydoc.parse import load
from policydoc.significance import Level, RuleSet, assess

__all__ = ["evaluate"]


@attrs.frozen(slots=True)
class CaseResult:
    name: str
    expected: Level
    predicted: Level
    expected_notice: bool
    predicted_notice: bool
    needs_review: bool
    rules: tuple[str, ...]


@attrs.frozen(slots=True)
class Evaluation:
    results: tuple[CaseResult, ...]

    @property
    def accuracy(self) -> float:
        return sum(r.expected == r.predicted for r in self.results) / max(1, len(self.results))

    def _counts(self) -> tuple[int, int, int]:
        tp = sum(r.expected_notice and r.predicted_notice for r in self.results)
        fp = sum(not r.expected_notice and r.predicted_notice for r in self.results)
        fn = sum(r.expected_notice and not r.predicted_notice for r in self.results)
        return tp, fp, fn

    @property
    def precision(self) -> float:
        tp, fp, _ = self._counts()
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def recall(self) -> float:
        tp, _, fn = self._counts()
        return tp / (tp + fn) if tp + fn else 1.0

    @property
    def cosmetic_flagged(self) -> list[CaseResult]:
        """none/editorial cases wrongly flagged as needing notice (must be empty)."""
        return [r for r in self.results if r.expected <= Level.EDITORIAL and r.predicted_notice]

    def confusion(self) -> dict[str, dict[str, int]]:
        levels = [lvl.value for lvl in Level]
        matrix = {e: dict.fromkeys(levels, 0) for e in levels}
        for r in self.results:
            matrix[r.expected.value][r.predicted.value] += 1
        return matrix

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": len(self.results),
            "accuracy": round(self.accuracy, 4),
            "notice_precision": round(self.precision, 4),
            "notice_recall": round(self.recall, 4),
            "cosmetic_flagged": [r.name for r in self.cosmetic_flagged],
            "confusion": self.confusion(),
            "mistakes": [
                {
                    "case": r.name,
                    "expected": r.expected.value,
                    "predicted": r.predicted.value,
                    "rules": list(r.rules),
                }
                for r in self.results
                if r.expected != r.predicted
            ],
        }

    def report(self) -> str:
        levels = [lvl.value for lvl in Level]
        width = max(len(x) for x in levels) + 1
        lines = [
            f"{len(self.results)} cases",
            "",
            "expected \\ predicted".ljust(22) + "".join(x.rjust(width) for x in levels),
        ]
        for e, row in self.confusion().items():
            lines.append(e.ljust(22) + "".join(str(row[p]).rjust(width) for p in levels))
        lines += [
            "",
            f"exact-level accuracy:        {self.accuracy:.3f}",
            f"requires_notice precision:   {self.precision:.3f}",
            f"requires_notice recall:      {self.recall:.3f}",
            f"none/editorial flagged:      {len(self.cosmetic_flagged)}",
        ]
        wrong = [r for r in self.results if r.expected != r.predicted]
        if wrong:
            lines += ["", "mistakes:"]
            lines += [
                f"  {r.name}: expected {r.expected.value}, got {r.predicted.value} ({', '.join(r.rules[:4])})"
                for r in wrong
            ]
        return "\n".join(lines) + "\n"


def _label(case: Path, labels: Path | None) -> dict[str, Any]:
    path = labels / f"{case.name}.json" if labels else case / "label.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        Level.parse(data["level"])
    except (OSError, ValueError, KeyError) as e:
        raise PolicyError(f"bad or missing label: {e}", source=str(path)) from None
    return data


def evaluate(
    folder: str | Path,
    *,
    labels: str | Path | None = None,
    rules: RuleSet | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Evaluation:
    """Assess every labelled case under *folder* and compare with the labels.

    *progress*, if given, is called as ``progress(case_name, done, total)`` after each case.
    """
    root = Path(folder)
    label_dir = Path(labels) if labels else None
    if not root.is_dir():
        raise PolicyError("not a folder of cases", source=str(root))
    cases = [
        case
        for case in sorted(p for p in root.iterdir() if p.is_dir())
        if (
            (label_dir / f"{case.name}.json").exists()
            if label_dir is not None
            else (case / "label.json").exists()
        )
    ]
    results = []
    for case in cases:
        label = _label(case, label_dir)
        assessment = assess(compare(load(case / "old.md"), load(case / "new.md")), rules=rules)
        expected = Level.parse(label["level"])
        results.append(
            CaseResult(
                name=case.name,
                expected=expected,
                predicted=assessment.level,
                expected_notice=bool(label.get("requires_notice", expected >= Level.MATERIAL)),
                predicted_notice=assessment.requires_notice,
                needs_review=assessment.needs_review,
                rules=tuple(
                    dict.fromkeys(r.rule for r in assessment.reasons if r.level == assessment.level)
                ),
            )
        )
        if progress is not None:
            progress(case.name, len(results), len(cases))
    if not results:
        raise PolicyError("no labelled cases found", source=str(root))
    return Evaluation(tuple(results))
