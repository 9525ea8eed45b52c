"""Every error policydoc raises on purpose derives from :class:`PolicyError`.

Errors name where the problem is (file, line, section, key) so that a CLI can
print them as one line and a service can log them without a traceback.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "HistoryError",
    "InputError",
    "PatchError",
    "PolicyError",
    "StoreError",
]


class PolicyError(Exception):
    """Base class of every error raised by policydoc on bad input or state."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.message = message
        """What is wrong, without the location."""
        self.source = source
        """The file or version the error is about, if known."""
        self.line = line
        """The 1-based line the error is about, if known."""
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.source is not None:
            where = self.source
            if self.line is not None:
                where += f":{self.line}"
        elif self.line is not None:
            where = f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(PolicyError):
    """The input cannot be read as a policy (not UTF-8, binary, too large, bad front matter)."""


class PatchError(PolicyError):
    """A patch is malformed or does not apply to the text it was given."""


class ConfigError(PolicyError):
    """Invalid significance-rule configuration; the message names the key."""


class HistoryError(PolicyError):
    """A history operation was refused (duplicate label, dates out of order, unknown version)."""


class StoreError(HistoryError):
    """The history store is unreadable, corrupted, or written by a newer policydoc."""


# Show errors as policydoc.InputError (where users import them from) in tracebacks.
for _cls in (PolicyError, InputError, PatchError, ConfigError, HistoryError, StoreError):
    _cls.__module__ = "policydoc"
