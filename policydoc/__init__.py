"""policydoc: model, diff and assess amendments to Markdown policies.

The flow of data::

    text --parse--> Policy --compare--> Amendment --assess--> Assessment --notice--> Notice

with :class:`History` keeping versions in a tamper-evident store beside it.
"""

from __future__ import annotations

from policydoc.errors import (
    ConfigError,
    HistoryError,
    InputError,
    PatchError,
    PolicyError,
    StoreError,
)
from policydoc.model import Block, Policy, Section
from policydoc.parse import load, parse

__version__ = "0.1.0.dev0"

__all__ = [
    "Block",
    "ConfigError",
    "HistoryError",
    "InputError",
    "PatchError",
    "Policy",
    "PolicyError",
    "Section",
    "StoreError",
    "__version__",
    "load",
    "parse",
]
