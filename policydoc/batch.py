"""Assess many pairs or whole histories: all local cores, or a Dask cluster.

A *task* is one pair of files (old, new): a folder holding ``old.md`` and
``new.md``, or two consecutive versions of a history folder (``*.md`` in name
order, the Open Terms Archive layout). Tasks carry paths, not texts, so a worker
reads only what it assesses and memory stays bounded by the number of workers.

Results are :class:`Record` objects, written one JSON line each as they come,
in task order. A run given an existing output file skips the tasks already in
it, so an interrupted run resumes where it stopped. A task that fails (an
unreadable file, text that cannot be parsed) is recorded with its error and the
run goes on.
"""

from __future__ import annotations

import concurrent.futures
import functools
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from policydoc.errors import InputError, PolicyError

__all__ = ["Record", "Task", "assess_histories", "assess_tasks", "find_tasks", "run"]


@attrs.frozen(slots=True)
class Task:
    """One assessment to make: the change from *old* to *new*."""

    id: str
    """Stable name of the task (``history:0002`` or ``pairs/001``); the key for resuming."""
    old: str
    new: str


@attrs.frozen(slots=True)
class Record:
    """The outcome of one task: a decision, or the error that prevented it."""

    id: str
    old: str
    new: str
    level: str | None = None
    requires_notice: bool | None = None
    requires_consent: bool | None = None
    categories: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    """Ids of the rules behind the decision, in the assessment's order."""
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        data["categories"] = list(self.categories)
        data["rules"] = list(self.rules)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls(
            **{
                **data,
                "categories": tuple(data.get("categories", ())),
                "rules": tuple(data.get("rules", ())),
            }
        )


def _history_tasks(folder: Path, root: Path) -> list[Task]:
    files = sorted(p for p in folder.glob("*.md") if p.is_file())
    name = folder.relative_to(root).as_posix() if folder != root else folder.name
    return [
        Task(f"{name}:{new.stem}", str(old), str(new)) for old, new in itertools.pairwise(files)
    ]


def find_tasks(root: str | os.PathLike[str]) -> list[Task]:
    """Every task under *root*, in path order.

    A folder with ``old.md`` and ``new.md`` is one pair; any other folder with
    two or more ``*.md`` files is a history, one task per consecutive two.
    """
    base = Path(root)
    if not base.is_dir():
        raise InputError(f"{base} is not a folder")
    tasks: list[Task] = []
    for folder in sorted([base, *(p for p in base.rglob("*") if p.is_dir())]):
        if (folder / "old.md").is_file() and (folder / "new.md").is_file():
            name = folder.relative_to(base).as_posix() if folder != base else folder.name
            tasks.append(Task(name, str(folder / "old.md"), str(folder / "new.md")))
        else:
            tasks.extend(_history_tasks(folder, base))
    return tasks


@functools.lru_cache(maxsize=4)
def _rules(config: str | None) -> Any:
    from policydoc.significance import RuleSet

    return RuleSet.from_file(config) if config else None


def assess_task(task: Task, config: str | None = None) -> Record:
    """Assess one task; any failure becomes the record's ``error`` (a batch never stops)."""
    from policydoc.compare import compare
    from policydoc.parse import load
    from policydoc.significance import assess

    try:
        assessment = assess(compare(load(task.old), load(task.new)), rules=_rules(config))
    except Exception as e:  # a failing document is recorded, never stops the run
        # PolicyError's text names the file and line; anything else is named by its type.
        error = str(e) if isinstance(e, PolicyError) else f"{type(e).__name__}: {e}"
        return Record(task.id, task.old, task.new, error=error)
    return Record(
        task.id,
        task.old,
        task.new,
        level=assessment.level.value,
        requires_notice=assessment.requires_notice,
        requires_consent=assessment.requires_consent,
        categories=tuple(assessment.categories),
        rules=tuple(r.rule for r in assessment.reasons),
    )


def _window(
    submit: Callable[[Task], Any], result: Callable[[Any], Record], tasks: Sequence[Task], size: int
) -> Iterator[Record]:
    """Results in task order, with at most *size* tasks in flight (bounded memory)."""
    pending: list[Any] = []
    it = iter(tasks)
    for task in it:
        pending.append(submit(task))
        if len(pending) >= size:
            break
    while pending:
        yield result(pending.pop(0))
        nxt = next(it, None)
        if nxt is not None:
            pending.append(submit(nxt))


def assess_tasks(
    tasks: Sequence[Task],
    *,
    workers: int | None = None,
    client: Any = None,
    config: str | None = None,
) -> Iterator[Record]:
    """Assess *tasks*, yielding one :class:`Record` per task in task order.

    ``workers=1`` runs in this process; more (default: every core) use a process
    pool; *client* (a ``dask.distributed.Client``) runs them on its cluster.
    """
    if client is not None:
        # The same function on the cluster's workers; futures are collected in order.
        yield from _window(
            lambda t: client.submit(assess_task, t, config, pure=False),
            lambda f: f.result(),
            tasks,
            size=max(4, 4 * _cluster_workers(client)),
        )
        return
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n < 1:
        raise InputError(f"workers must be at least 1, not {n}")
    if n == 1 or len(tasks) < 2:
        yield from (assess_task(t, config) for t in tasks)
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=n) as pool:
        yield from _window(
            lambda t: pool.submit(assess_task, t, config),
            lambda f: f.result(),
            tasks,
            size=4 * n,
        )


def _cluster_workers(client: Any) -> int:
    try:
        return max(1, len(client.scheduler_info().get("workers", {})))
    except Exception:  # an unusual client: any positive window works
        return 1


def assess_histories(
    paths: Iterable[str | os.PathLike[str]],
    *,
    client: Any = None,
    workers: int | None = None,
    config: str | None = None,
) -> list[Record]:
    """Assess every step of every history folder (and pair folder) in *paths*.

    With *client* (``dask.distributed.Client``, extra ``policydoc[dask]``) the
    work runs on that cluster; otherwise on local processes. Same records either way.
    """
    tasks = [t for p in paths for t in find_tasks(p)]
    return list(assess_tasks(tasks, workers=workers, client=client, config=config))


def _done(out: Path) -> set[str]:
    """Ids already recorded in *out*; a last line cut short by an interruption is dropped."""
    if not out.exists():
        return set()
    done = set()
    raw = out.read_bytes()
    lines = raw.split(b"\n")
    keep = 0
    for line in lines:
        try:
            done.add(str(json.loads(line)["id"]))
        except (ValueError, KeyError, TypeError):
            break
        keep += len(line) + 1
    if keep < len(raw):  # truncate a partial line so appended records start on their own line
        with out.open("r+b") as f:
            f.truncate(keep)
    elif keep > len(raw):  # a complete last record without its newline
        with out.open("ab") as f:
            f.write(b"\n")
    return done


def run(
    root: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    workers: int | None = None,
    client: Any = None,
    config: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Assess every task under *root* into the JSON Lines file *out*, resuming a previous run.

    Returns ``(assessed now, failed now)``. *progress* is called with
    ``(done, total)`` after each record.
    """
    out_path = Path(out)
    tasks = find_tasks(root)
    done = _done(out_path)
    todo = [t for t in tasks if t.id not in done]
    count = failed = 0
    total, base = len(tasks), len(tasks) - len(todo)
    if progress:
        progress(base, total)
    with out_path.open("a", encoding="utf-8") as f:
        for record in assess_tasks(todo, workers=workers, client=client, config=config):
            _write(f, record)
            count += 1
            failed += record.error is not None
            if progress:
                progress(base + count, total)
    return count, failed


def _write(f: IO[str], record: Record) -> None:
    f.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    f.flush()  # each record on disk as soon as it is known: an interruption loses none
