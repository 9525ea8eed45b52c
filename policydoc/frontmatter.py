"""YAML front matter, read by a contained loader.

``yaml.safe_load`` is safe from code execution but not from cost: a few hundred
bytes of nested aliases expand to gigabytes, ten thousand brackets exhaust the
recursion limit, and a bad value (``date: 2025-02-30``, ``!!int abc``) raises a
plain ``ValueError`` from deep inside the constructor. Front matter of a policy
is a handful of scalar keys, so this loader refuses aliases and anchors, bounds
nesting depth, node count and size, and turns every failure into
:class:`~policydoc.InputError` naming the line.
"""

from __future__ import annotations

from typing import Any

import yaml

from policydoc.errors import InputError

__all__: list[str] = []

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 20
MAX_NODES = 10_000


class _Refused(yaml.YAMLError):
    def __init__(self, problem: str, mark: Any):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _ContainedLoader(yaml.SafeLoader):
    """SafeLoader without aliases or anchors, with bounded depth and node count."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise _Refused("aliases (*name) are not allowed in front matter", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Refused("anchors (&name) are not allowed in front matter", event.start_mark)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(f"more than {MAX_NODES:,} values in front matter", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as e:
            # An impossible date, "!!int abc", "!!timestamp nope", year 0, ...: say which value.
            why = f" ({e})" if isinstance(e, (ValueError, OverflowError)) else ""
            tag = str(node.tag).rsplit(":", 1)[-1]
            raise _Refused(
                f"invalid {tag} value {_short(node.value)}{why}", node.start_mark
            ) from None


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else "here"
    return text if len(text) <= 40 else text[:37] + "..."


def load_front_matter(content: str, source: str | None) -> dict[str, Any]:
    """Parse the YAML between the ``---`` lines into a mapping (``{}`` when empty)."""
    size = len(content.encode("utf-8", "surrogatepass"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise InputError(
            f"front matter is {size:,} bytes; the limit is {MAX_FRONT_MATTER_BYTES:,}",
            source=source,
            line=1,
        )
    if not content.strip():
        return {}
    loader: _ContainedLoader | None = None
    try:
        loader = _ContainedLoader(content)  # refuses control characters already
        data = loader.get_single_data()
    except yaml.reader.ReaderError as e:
        line = content.count("\n", 0, e.position) + 2  # +1 for the opening '---', +1 for 1-based
        raise InputError(
            f"invalid YAML front matter: character {e.character:#x} is not allowed",
            source=source,
            line=line,
        ) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(e, "problem", None) or "invalid YAML"
        raise InputError(
            f"invalid YAML front matter: {problem}", source=source, line=line
        ) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps far below the limit
        raise InputError("front matter nested too deeply", source=source, line=1) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(
            f"front matter must be a mapping of keys to values, not {type(data).__name__}",
            source=source,
            line=2,
        )
    return {str(k): v for k, v in data.items()}
