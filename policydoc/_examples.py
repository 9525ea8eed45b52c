"""Access to the example policies bundled with the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__: list[str] = []

EXAMPLE_NAMES = ("lumen-privacy-v1", "lumen-privacy-v2", "lumen-privacy-v3")


def example_path(name: str) -> Path:
    """Path of a bundled example (``"lumen-privacy-v1"`` or ``"lumen-privacy-v1.md"``)."""
    stem = name.removesuffix(".md")
    if stem not in EXAMPLE_NAMES:
        raise KeyError(f"no bundled example {name!r}; choose from {', '.join(EXAMPLE_NAMES)}")
    return Path(str(resources.files("policydoc") / "examples" / f"{stem}.md"))
