"""Reading policydoc's table from ``policydoc.toml`` or ``pyproject.toml``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from policydoc.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def read_table(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The ``[tool.policydoc]`` table of a ``pyproject.toml`` (or of any file that has one),
    else the top-level keys of a ``policydoc.toml``; errors name the file."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{p}: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: invalid TOML: {e}") from None
    if p.name == "pyproject.toml" or "policydoc" in data.get("tool", {}):
        table: dict[str, Any] = data.get("tool", {}).get("policydoc", {})
        return table
    return data


def discover_file(folder: str | os.PathLike[str]) -> Path | None:
    """``policydoc.toml`` in *folder*, else its ``pyproject.toml`` when that has a
    ``[tool.policydoc]`` table (a broken or foreign pyproject.toml is not ours to judge)."""
    root = Path(folder)
    if (root / "policydoc.toml").is_file():
        return root / "policydoc.toml"
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            return None
        if "policydoc" in data.get("tool", {}):
            return pyproject
    return None
