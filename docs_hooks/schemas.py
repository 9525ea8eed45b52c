"""MkDocs hook: publish the JSON Schemas shipped in the package at ``schemas/KIND.json``.

The schemas' ``$id`` URLs point there, so the published docs are where a
validator (or a reader following ``"schema": 1``) finds them. The files come
from the package itself, so the docs cannot publish a different copy.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files


def on_files(files: Files, config: Any) -> Files:
    from policydoc.schema import SCHEMA_KINDS, _text

    for kind in SCHEMA_KINDS:
        files.append(File.generated(config, f"schemas/{kind}.json", content=_text(kind)))
    return files
