"""The API reference is generated from docstrings: every public name must have one."""

from __future__ import annotations

import pytest

import policydoc

griffe = pytest.importorskip("griffe", reason="the test extra installs griffe")


def _missing() -> list[str]:
    package = griffe.load("policydoc", search_paths=["."], resolve_aliases=True)
    missing = []
    for name in policydoc.__all__:
        if name == "__version__":
            continue
        obj = package[name]
        target = obj.final_target if obj.is_alias else obj
        if not target.docstring:
            missing.append(name)
        if not target.is_class:
            continue
        for member_name, member in target.members.items():
            if member_name.startswith("_") or member.is_alias:
                continue
            if not member.docstring:
                missing.append(f"{name}.{member_name}")
    return missing


def test_every_public_name_and_member_has_a_docstring() -> None:
    missing = _missing()
    assert not missing, f"{len(missing)} public names without a docstring: {', '.join(missing)}"
