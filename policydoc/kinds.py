"""What happened to a section: the one vocabulary shared by comparing, redlines and the rules.

A leaf module (it imports nothing from policydoc), so the modules that read
amendments can name the kinds without importing :mod:`policydoc.amendment`.
"""

from __future__ import annotations

import enum

__all__ = ["ChangeKind"]


class ChangeKind(str, enum.Enum):
    """What happened to a section. Compares equal to its string value."""

    UNCHANGED = "unchanged"
    """Same text and place."""
    FORMATTING = "formatting"
    """Only formatting differs (a normaliser makes the texts equal)."""
    MODIFIED = "modified"
    """The words changed."""
    ADDED = "added"
    """A section only in the new version."""
    REMOVED = "removed"
    """A section only in the old version."""
    MOVED = "moved"
    """Same section, another place in the document."""
    RENAMED = "renamed"
    """Same section under another title."""
    SPLIT = "split"
    """One old section became several new ones."""
    MERGED = "merged"
    """Several old sections became one new one."""

    def __str__(self) -> str:
        return self.value
