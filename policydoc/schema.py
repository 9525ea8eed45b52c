"""JSON Schemas of the JSON policydoc writes, shipped in the package.

Each ``--json`` output (and the matching ``to_dict()``) has a schema in
``policydoc/schemas/KIND.json``, published with the documentation at its ``$id``.
The ``"schema": 1`` field of amendment and assessment documents is the version of
that schema.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from policydoc.errors import PolicyError

__all__ = ["SCHEMA_KINDS", "json_schema"]

SCHEMA_KINDS = (
    "amendment",
    "assessment",
    "since",
    "export",
    "eval",
    "outline",
    "version",
    "add",
    "import",
    "problems",
    "text",
    "init",
    "demo",
    "migrate",
    "batch",
)
"""Every kind of JSON output :func:`json_schema` has a schema for."""


@functools.cache
def _text(kind: str) -> str:
    return (
        resources.files("policydoc").joinpath("schemas").joinpath(f"{kind}.json").read_text("utf-8")
    )


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of JSON output, as a new dict.

    *kind* is one of :data:`SCHEMA_KINDS`: ``amendment`` (``diff --json``),
    ``assessment`` (``assess --json``), ``since``, ``export`` (one line of
    ``history export``), ``eval``, ``outline``, ``version`` (``history log``/``show``),
    ``add``, ``import``, ``problems`` (``history check``/``verify``), ``text``
    (``apply --json``), ``init`` and ``demo``.

    ```python
    >>> import policydoc
    >>> schema = policydoc.json_schema("assessment")
    >>> schema["$id"]
    'https://policydoc.readthedocs.io/en/latest/schemas/assessment.json'

    ```
    """
    if kind not in SCHEMA_KINDS:
        raise PolicyError(f"unknown schema kind {kind!r}; choose from {', '.join(SCHEMA_KINDS)}")
    data: dict[str, Any] = json.loads(_text(kind))
    return data
