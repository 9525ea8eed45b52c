"""Importers: the versions of a policy read from a folder (the Open Terms Archive layout) or git.

They only read: :class:`~policydoc.History` records what they find, one transaction
per version, so an interrupted import keeps what it reported and a re-run continues
where it stopped.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from policydoc.errors import HistoryError
from policydoc.parse import decode

__all__: list[str] = []

_CAUSES = {"technical_upgrade": "technical", "first_record": "first_record"}


@attrs.frozen(slots=True)
class Found:
    """One version read from a source, not yet recorded."""

    label: str
    text: str
    published: str | None = None
    effective: str | None = None
    cause: str = "change"
    note: str | None = None
    renamable: bool = False
    """A label already taken by another text gets ``-N`` (files named alike in a folder)."""


def from_dir(folder: str | os.PathLike[str]) -> tuple[int, Iterator[Found]]:
    """How many versions *folder* holds, and the versions, in file name order.

    A ``meta.json`` beside the ``*.md`` files supplies dates and causes; otherwise a
    date in the file name becomes the effective date.
    """
    root = Path(folder)
    if not root.is_dir():
        raise HistoryError(f"{root} is not a folder")
    meta: dict[str, dict[str, Any]] = {}
    meta_file = root / "meta.json"
    if meta_file.exists():
        try:
            raw = json.loads(meta_file.read_text(encoding="utf-8"))
        except ValueError as e:
            raise HistoryError(f"{meta_file}: invalid JSON ({e})") from None
        entries = raw.get("versions", raw) if isinstance(raw, dict) else raw
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and "file" in entry:
                meta[str(entry["file"])] = entry
    files = sorted(root.glob("*.md"))

    def found() -> Iterator[Found]:
        for f in files:
            info = meta.get(f.name, {})
            date = info.get("date")
            m = re.match(r"(\d{4}-\d{2}-\d{2})", f.stem)
            yield Found(
                label=f.stem,
                text=decode(f.read_bytes(), source=str(f)),
                published=str(date) if date else None,
                effective=m.group(1) if m else None,
                cause=_CAUSES.get(str(info.get("kind", "change")), "change"),
                note=info.get("commit_subject") or None,
                renamable=True,
            )

    return len(files), found()


def from_git(repo: str | os.PathLike[str], path: str) -> tuple[int, Iterator[Found]]:
    """How many commits of *repo* changed *path*, and its versions, oldest first.

    Labels are date + short hash. A *path* that no commit ever had is a
    :class:`HistoryError` (a typo must not look like "nothing to import").
    """

    def git(*args: str) -> bytes:
        try:
            return subprocess.run(
                ["git", "-C", os.fspath(repo), *args], check=True, capture_output=True
            ).stdout
        except FileNotFoundError:
            raise HistoryError("the git command is not installed") from None
        except subprocess.CalledProcessError as e:
            raise HistoryError(
                f"git {' '.join(args)}: {e.stderr.decode(errors='replace').strip()}"
            ) from None

    log = git("log", "--reverse", "--format=%H %h %aI %s", "--", path).decode("utf-8", "replace")
    commits = log.splitlines()
    if not commits:
        raise HistoryError(f"{path}: no commit of {os.fspath(repo)} has this file")

    def found() -> Iterator[Found]:
        for line in commits:
            full, short, date, *subject = line.split(" ", 3)
            try:
                data = git("show", f"{full}:{path}")
            except HistoryError:
                continue  # the file was deleted in this commit
            yield Found(
                label=f"{date[:10]}-{short}",
                text=decode(data, source=f"{path}@{short}"),
                published=date,
                note=" ".join(subject) or None,
            )

    return len(commits), found()
