"""A small policy page and two amendments shared by the integration tests."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import policydoc

V1 = """---
title: Example Privacy Policy
effective: 2024-01-01
---

# Example Privacy Policy

## 1. Information we collect

We collect your name and email address when you create an acount.

## 2. How long we keep data

We keep your account data for 30 days after you close your account.

## 3. Sharing

We do not sell your personal information. We share data with our hosting provider.
"""

EDITORIAL = V1.replace("an acount.", "an account.")
"""Fixes a typo: editorial."""


def material(effective: dt.date | None) -> str:
    """Keeps data three times longer (material), effective on *effective* (or no date)."""
    text = V1.replace("for 30 days", "for 90 days")
    line = f"effective: {effective.isoformat()}\n" if effective else ""
    return text.replace("effective: 2024-01-01\n", line)


def days_ahead(n: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=n)


def record(store: Path, text: str, label: str = "v1") -> None:
    store.parent.mkdir(parents=True, exist_ok=True)
    with policydoc.History.open(store) as history:
        history.add(text, label=label, effective="2024-01-01", published="2023-11-01T00:00:00")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a console tool of this environment (mkdocs, sphinx-build, policydoc-check)."""
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
