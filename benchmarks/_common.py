"""Shared helpers for the benchmarks: generated policies and timing."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

_WORDS = (
    "we collect use share store retain delete process your personal information data email address "
    "account service partners cookies analytics security rights access request law provide improve "
    "contact policy notice device location payment purchase history advertising marketing consent "
    "legal basis legitimate interest transfer country processor controller period months years"
).split()


def generated_policy(size_bytes: int, seed: int = 1) -> str:
    """A deterministic synthetic policy of about *size_bytes*, with nested numbered sections."""
    rng = random.Random(seed)
    parts = ["# Generated Privacy Policy\n\nLast updated: January 1, 2025\n"]
    total, n = 0, 0
    while total < size_bytes:
        n += 1
        parts.append(f"\n## {n}. Section {n} on {rng.choice(_WORDS)} {rng.choice(_WORDS)}\n")
        for sub in range(1, rng.randint(1, 4) + 1):
            parts.append(f"\n### {n}.{sub} Topic {rng.choice(_WORDS)}\n")
            for _ in range(rng.randint(1, 3)):
                sentences = [
                    " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 18))).capitalize()
                    + "."
                    for _ in range(rng.randint(2, 6))
                ]
                para = " ".join(sentences)
                parts.append("\n" + para + "\n")
                total += len(para)
            if rng.random() < 0.3:
                parts.append(
                    "\n"
                    + "\n".join(f"- {rng.choice(_WORDS)} {rng.choice(_WORDS)}" for _ in range(4))
                    + "\n"
                )
    return "".join(parts)


def scattered_edits(text: str, fraction: float, seed: int = 2) -> str:
    """Replace about *fraction* of the words of *text* at random places (headings untouched)."""
    rng = random.Random(seed)
    lines = text.split("\n")
    out = []
    for line in lines:
        if line.startswith("#") or not line:
            out.append(line)
            continue
        words = line.split(" ")
        for i in range(len(words)):
            if rng.random() < fraction:
                words[i] = rng.choice(_WORDS)
        out.append(" ".join(words))
    return "\n".join(out)


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time of *repeat* runs (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)
