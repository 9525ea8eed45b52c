"""Terminal output for the command line: when to colour, and progress on stderr.

rich does the terminal work (escape codes, live progress bars that keep printed
lines above them); this module only decides when: colour on a terminal unless
``NO_COLOR`` is set or ``TERM=dumb``, or as ``--color always|never`` says; a
progress bar only when stderr is a terminal that can redraw lines.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING, Literal

if TYPE_CHECKING:  # rich is imported only when something is drawn
    from rich.console import Console
    from rich.progress import Progress, TaskID

__all__ = ["COLOR_MODES", "Bar", "bar", "console", "use_color", "write_styled"]

ColorMode = Literal["auto", "always", "never"]
COLOR_MODES: tuple[ColorMode, ...] = ("auto", "always", "never")


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def use_color(mode: str, stream: object, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output written to *stream*.

    ``always`` and ``never`` are what they say; ``auto`` colours only a terminal,
    and never when ``NO_COLOR`` is set to anything (https://no-color.org) or
    ``TERM`` is ``dumb``.
    """
    if mode == "always":
        return True
    if mode == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def console(stream: IO[str], *, color: bool) -> Console:
    """A rich console on *stream* that colours exactly when *color* says, and never wraps."""
    from rich.console import Console

    return Console(
        file=stream,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )


_LEVEL_STYLES = {
    "none": "dim",
    "editorial": "dim",
    "minor": "cyan",
    "material": "yellow",
    "major": "bold red",
}
_LEVEL_WORD = re.compile(
    r"(?<=^Level: )\w+|(?<=^\[)\w+(?=\])|(?<=: )(?:material|major)(?=;)", re.MULTILINE
)


def write_styled(stream: IO[str], text: str, *, color: bool) -> None:
    """Write *text* (an explanation or a summary), its level words coloured by level."""
    if not color:
        stream.write(text)
        return
    from rich.text import Text

    styled = Text(text)
    for m in _LEVEL_WORD.finditer(text):
        styled.stylize(_LEVEL_STYLES.get(m.group(0), ""), m.start(), m.end())
    console(stream, color=True).print(styled, end="")


class Bar:
    """A progress bar on stderr, and lines reported above it as work is saved."""

    def __init__(self, progress: Progress | None, task: TaskID | None, out: IO[str]):
        self._progress = progress
        self._task = task
        self._out = out

    def update(self, done: int, total: int | None = None, *, what: str = "") -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, total=total, description=what)

    def echo(self, line: str) -> None:
        """Print a line of the command's report now (stdout), above the bar."""
        if self._progress is not None and _isatty(self._out):
            # Same screen: print through rich so the bar is redrawn below the line.
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            self._out.write(line + "\n")
            self._out.flush()


def progress_enabled(stream: object, environ: Mapping[str, str] | None = None) -> bool:
    """A bar is drawn only on a terminal that can redraw a line (not ``TERM=dumb``)."""
    env = os.environ if environ is None else environ
    return _isatty(stream) and env.get("TERM") != "dumb"


@contextlib.contextmanager
def bar(
    what: str, total: int | None = None, *, color: bool, out: IO[str] | None = None
) -> Iterator[Bar]:
    """A transient progress bar on stderr while the block runs (nothing when stderr is not a terminal)."""
    out = out if out is not None else sys.stdout
    if not progress_enabled(sys.stderr):
        yield Bar(None, None, out)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(sys.stderr, color=color),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with progress:
        task = progress.add_task(what, total=total)
        yield Bar(progress, task, out)
