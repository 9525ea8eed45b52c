"""The ``policydoc`` command: a thin face over the library API.

Exit status everywhere: 0 success (or "no change"), 1 "differs / at or above
--fail-on", 2 error, 130 interrupted. Errors are one line on stderr, never a traceback.

The file is laid out as: reading input (paths, ``example:NAME``, ``-`` for stdin),
output helpers (JSON, colour), one ``_cmd_*`` handler per command, then the parser
(help text and examples for every command and option) and :func:`main`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from policydoc import __version__
from policydoc._terminal import COLOR_MODES, bar, use_color, write_styled
from policydoc.errors import HistoryError, PolicyError
from policydoc.model import Policy
from policydoc.parse import MAX_BYTES, load
from policydoc.text import visible

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]

STDIN = "-"

# -- reading input ------------------------------------------------------------------------


def _stdin_bytes() -> bytes:
    return sys.stdin.buffer.read()


def _load(path: str, args: argparse.Namespace) -> Policy:
    limit: int = getattr(args, "max_bytes", MAX_BYTES)
    if path == STDIN:
        from policydoc.parse import decode, parse

        text = decode(_stdin_bytes(), source="<stdin>")
        return parse(text, source="<stdin>", max_bytes=limit)
    if path.startswith("example:"):
        from policydoc._examples import example_path

        try:
            return load(example_path(path.removeprefix("example:")), max_bytes=limit)
        except KeyError as e:
            raise PolicyError(str(e.args[0])) from None
    return load(path, max_bytes=limit)


def _one_stdin(*paths: str) -> None:
    if sum(p == STDIN for p in paths) > 1:
        raise PolicyError("only one argument can be '-' (standard input)")


# -- output -------------------------------------------------------------------------------


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _color(args: argparse.Namespace, stream: Any = None) -> bool:
    return use_color(getattr(args, "color", "auto"), stream or sys.stdout)


def _write(args: argparse.Namespace, text: str) -> None:
    if getattr(args, "output", None):
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


def _redline_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    to_file = bool(getattr(args, "output", None))
    return "ansi" if not to_file and _color(args) else "text"


# -- commands -----------------------------------------------------------------------------


def _cmd_outline(args: argparse.Namespace) -> int:
    from policydoc.render import outline_text, policy_to_dict

    policy = _load(args.file, args)
    if args.check:
        from policydoc.settings import Settings
        from policydoc.structure import check_structure, inferred_headings

        config = getattr(args, "config", None)
        settings = Settings.load(config) if config else Settings.discover(".")
        issues = check_structure(
            policy, chrome_headings=settings.chrome_headings, chrome_text=settings.chrome_text
        )
        problems = sum(i.problem for i in issues)
        # Inferred titles are listed with the problems (how the page was read), never counted.
        inferred = inferred_headings(policy)
        listed = sorted((*issues, *inferred), key=lambda i: i.line)
        if args.json:
            _print_json([i.to_dict() for i in listed])
        else:
            for i in listed:
                print(visible(f"{args.file}:{i.line}: {i.kind}: {i.message}"))
            print(
                f"{args.file}: {len(policy)} sections, {problems} "
                f"{'problem' if problems == 1 else 'problems'}"
                + (f", {len(inferred)} inferred headings" if inferred else "")
            )
        return 1 if problems else 0
    if args.json:
        _print_json(policy_to_dict(policy))
    else:
        print(outline_text(policy))
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from policydoc.compare import compare

    _one_stdin(args.old, args.new)
    amendment = compare(_load(args.old, args), _load(args.new, args))
    fmt = _redline_format(args)
    if fmt == "review":
        from policydoc.review import review_page

        _write(args, review_page(amendment, context=args.context))
    else:
        _write(args, amendment.redline(fmt, context=args.context, context_lines=args.context_lines))
    return 0 if amendment.identical else 1


def _cmd_patch(args: argparse.Namespace) -> int:
    from policydoc.compare import compare

    _one_stdin(args.old, args.new)
    amendment = compare(_load(args.old, args), _load(args.new, args))
    if args.json:
        # The amendment with both texts: Amendment.from_dict() rebuilds it exactly.
        _write(args, amendment.to_json(include_sources=True) + "\n")
    else:
        _write(args, amendment.to_patch())
    return 0 if amendment.identical else 1


def _cmd_apply(args: argparse.Namespace) -> int:
    from policydoc.parse import decode
    from policydoc.patch import apply_patch

    _one_stdin(args.old, args.patch)
    old = _load(args.old, args).source
    try:
        if args.patch == STDIN:
            patch = decode(_stdin_bytes(), source="<stdin>")
        else:
            with open(args.patch, "rb") as f:
                patch = decode(f.read(), source=args.patch)
    except OSError as e:
        raise PolicyError(e.strerror or str(e), source=args.patch) from None
    result = apply_patch(old, patch)
    if args.json:
        digest = hashlib.sha256(result.encode("utf-8")).hexdigest()
        _write(args, json.dumps({"text": result, "sha256": digest}, ensure_ascii=False) + "\n")
    elif args.output:
        _write(args, result)
    else:
        sys.stdout.flush()  # bytes, not text mode: CRLF and all come out exactly
        sys.stdout.buffer.write(result.encode("utf-8"))
        sys.stdout.flush()
    return 0


def _settings(args: argparse.Namespace) -> Any:
    from policydoc.settings import Settings

    return Settings.load(args.config) if getattr(args, "config", None) else Settings.discover(".")


def _rules(args: argparse.Namespace) -> Any:
    return _settings(args).rules()


def _configured_store(args: argparse.Namespace) -> str:
    """The settings' store (a file or a postgresql:// URL) when it names a single history."""
    from policydoc.history.history import DEFAULT_STORE

    settings = _settings(args)
    if "{name}" in settings.store:  # one store per policy: --store says which
        return str(DEFAULT_STORE)
    return str(settings.store_location())


def _level(value: str) -> Any:
    from policydoc.significance import Level

    try:
        return Level.parse(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _fail_on(args: argparse.Namespace, history: Any) -> Any:
    from policydoc.significance import Level

    settings = history.rules.settings if history.rules is not None else {}
    return args.fail_on or settings.get("fail-on") or Level.MATERIAL


def _cmd_assess(args: argparse.Namespace) -> int:
    from policydoc.compare import compare
    from policydoc.significance import Level, assess

    _one_stdin(args.old, args.new)
    rules = _rules(args)
    assessment = assess(compare(_load(args.old, args), _load(args.new, args)), rules=rules)
    fail_on = args.fail_on or rules.settings.get("fail-on") or Level.MATERIAL
    notice = assessment.notice(company=args.company) if assessment.requires_notice else None
    if args.json:
        data = assessment.to_dict()
        data["fail_on"] = fail_on.value
        data["notice"] = notice.to_dict() | {"markdown": notice.to_markdown()} if notice else None
        _print_json(data)
    else:
        write_styled(sys.stdout, visible(assessment.explain()), color=_color(args))
        if notice:
            sys.stdout.write("\nDraft notice:\n\n" + visible(notice.to_markdown()))
    return 1 if assessment.level >= fail_on else 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from policydoc.evaluate import evaluate

    with bar("assessing cases", color=_color(args, sys.stderr)) as b:
        result = evaluate(
            args.folder,
            labels=args.labels,
            rules=_rules(args),
            progress=lambda name, done, total: b.update(done, total, what=name),
        )
    if args.json:
        _print_json(result.to_dict())
    else:
        sys.stdout.write(result.report())
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from policydoc.schema import json_schema

    _print_json(json_schema(args.kind))  # always JSON; --json is accepted for uniformity
    return 0


def _cmd_completion(args: argparse.Namespace) -> int:
    import shtab  # only here: generating a script is the only time it is needed

    if args.shell not in shtab.SUPPORTED_SHELLS:
        raise PolicyError(
            f"no completion for shell {args.shell!r}; choose from {', '.join(shtab.SUPPORTED_SHELLS)}"
        )
    parser = build_parser()
    kinds = {"file": shtab.FILE, "dir": shtab.DIRECTORY}
    for p in _all_parsers(parser):
        for action in p._actions:
            kind = getattr(action, "policydoc_complete", None)
            if kind is not None:
                action.complete = kinds[kind]  # type: ignore[attr-defined]
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return 0


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _all_parsers(sub)
    return found


# -- history ------------------------------------------------------------------------------

# Actions that may create the store; every other one reads and refuses a missing store.
_CREATING = ("init", "add", "import-dir", "import-git")


def _history(args: argparse.Namespace) -> Any:
    from policydoc.history import History
    from policydoc.history.history import DEFAULT_STORE
    from policydoc.history.postgres import is_postgres_url

    create = args.action in _CREATING
    if args.store and is_postgres_url(args.store):  # the server says whether it exists
        return History.open(args.store, rules=_rules(args), readonly=not create)
    store = Path(args.store) if args.store else DEFAULT_STORE
    if not create and not store.exists():
        raise HistoryError(
            f"{store}: no history store here; create one with 'policydoc history init' "
            "or record a first version with 'policydoc history add'"
        )
    # Actions that do not record versions open the store read-only, which also works on
    # read-only files and media.
    return History.open(store, rules=_rules(args), readonly=not create)


def _redact(location: str) -> str:
    from policydoc.history.postgres import redact

    return redact(location)


def _version_line(v: Any) -> str:
    eff = v.effective.isoformat() if v.effective else "-"
    level = v.level.value if v.level else "first"
    revert = f"  restores {visible(v.revert_of)}" if v.revert_of else ""
    label = visible(str(v.label))
    return f"{v.seq:>4}  {label:<24} effective {eff:<10}  {level:<9} {v.cause}{revert}"


def _problems_json(problems: list[Any], versions: int, head: str | None) -> dict[str, Any]:
    return {
        "ok": not problems,
        "versions": versions,
        "head": head,
        "problems": [{"seq": p.seq, "label": p.label, "message": p.message} for p in problems],
    }


def _history_init(args: argparse.Namespace, h: Any, existed: bool) -> int:
    path = str(h.store.path)
    if args.json:
        _print_json({"store": path, "created": not existed, "versions": len(h)})
    elif existed:
        print(f"{path}: history store already exists ({len(h)} versions)")
    else:
        print(f"created an empty history store at {path}")
    return 0


def _history_add(args: argparse.Namespace, h: Any) -> int:
    result = h.add(
        _load(args.file, args),
        label=args.label,
        effective=args.effective,
        published=args.published,
        cause=args.cause,
        note=args.note,
        author=args.author,
    )
    if args.json:
        _print_json(
            {
                "added": result.added,
                "message": result.message,
                "version": result.version.to_dict(),
                "assessment": result.assessment.to_dict() if result.assessment else None,
            }
        )
    else:
        print(visible(result.message))
    return 0


def _history_import(args: argparse.Namespace, h: Any) -> int:
    """import-dir / import-git: each version reported as it is saved, a summary even on Ctrl-C."""
    results: list[Any] = []
    interrupted = False
    color = _color(args, sys.stderr)
    before = len(h)
    try:
        with bar("importing", color=color) as b:

            def progress(result: Any, done: int, total: int) -> None:
                results.append(result)
                b.update(done, total, what=result.version.label)
                if not args.json:
                    b.echo(visible(result.message))

            if args.action == "import-dir":
                h.import_dir(args.folder, progress=progress)
            else:
                h.import_git(args.repo, args.path, progress=progress)
    except KeyboardInterrupt:
        interrupted = True  # every version reported so far is saved (one transaction each)
    # Counted in the store, not from the reports: Ctrl-C may land after a commit and
    # before its report, and the summary must say exactly what is saved.
    saved_count = len(h) - before
    already = sum(not r.added for r in results)
    if args.json:
        _print_json(
            {
                "saved": saved_count,
                "already": already,
                "interrupted": interrupted,
                "results": [
                    {
                        "added": r.added,
                        "message": r.message,
                        "label": r.version.label,
                        "level": r.version.level.value if r.version.level else None,
                    }
                    for r in results
                ],
            }
        )
    summary = f"saved {saved_count} version{'' if saved_count == 1 else 's'}"
    if already:
        summary += f", {already} already recorded"
    if interrupted:
        head = h.head
        last = f" (last: {head.label!r})" if saved_count and head is not None else ""
        print(
            f"policydoc: interrupted: {summary}{last}; run the same command again to continue",
            file=sys.stderr,
        )
        return 130
    if not args.json:
        print(summary if results else "nothing to import")
    return 0


def _history_since(args: argparse.Namespace, h: Any) -> int:
    with bar(f"assessing since {args.label}", color=_color(args, sys.stderr)):
        since = h.since(args.label)
    if args.json:
        _print_json(since.to_dict())
    else:
        head = (
            f"Since {visible(since.base.label)} (to {visible(since.head.label)}): {since.level.value}; "
            f"notice {'required' if since.requires_notice else 'not required'}, consent "
            f"{'required' if since.requires_consent else 'not required'}\n"
        )
        for v in since.steps:
            flag = "  (reverted later)" if v in since.reverted else ""
            head += "  " + _version_line(v) + flag + "\n"
        if since.requires_notice:
            head += "\n" + visible(since.assessment.explain())
        write_styled(sys.stdout, head, color=_color(args))
    return 1 if since.level >= _fail_on(args, h) else 0


def _history_export(args: argparse.Namespace, h: Any) -> int:
    if args.json:
        buffer = io.StringIO()
        h.export_jsonl(buffer)
        lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as f:
                f.write(json.dumps(lines, indent=2, ensure_ascii=False) + "\n")
        else:
            _print_json(lines)
        n = len(lines)
    elif args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            n = h.export_jsonl(f)
    else:
        h.export_jsonl(sys.stdout)
        _print_head(h)
        return 0
    if args.output:
        print(f"exported {n} versions to {args.output}", file=sys.stderr)
    _print_head(h)
    return 0


def _print_head(h: Any) -> None:
    if h.head_hash:
        # Kept elsewhere, it lets 'verify --head' detect a truncated or rewritten chain.
        print(f"head {h.head_hash} (keep it; check with verify --head)", file=sys.stderr)


def _cmd_history(args: argparse.Namespace) -> int:
    from policydoc.history import History
    from policydoc.history.history import DEFAULT_STORE

    action: str = args.action
    if action == "migrate":
        from policydoc.history import migrate

        count = migrate(args.source, args.target)
        source, target = _redact(args.source), _redact(args.target)
        if args.json:
            _print_json({"from": source, "to": target, "versions": count, "verified": True})
        else:
            print(f"copied {count} versions from {source} to {target}; verified")
        return 0
    args.store = args.store or _configured_store(args)
    existed = Path(args.store or DEFAULT_STORE).exists()
    with _history(args) as h:
        assert isinstance(h, History)
        if action == "init":
            return _history_init(args, h, existed)
        if action == "add":
            return _history_add(args, h)
        if action in ("import-dir", "import-git"):
            return _history_import(args, h)
        if action == "since":
            return _history_since(args, h)
        if action == "export":
            return _history_export(args, h)
        if action == "log":
            versions = h.versions
            if args.json:
                _print_json([v.to_dict() for v in versions])
            else:
                print("\n".join(_version_line(v) for v in versions) or "(empty history)")
            return 0
        if action == "show":
            v = h[args.label]
            if args.json:
                _print_json(v.to_dict(text=True))
            else:
                sys.stdout.flush()  # bytes, not text mode: CRLF and all come out exactly
                sys.stdout.buffer.write(v.text.encode("utf-8"))
            return 0
        if action == "diff":
            amendment = h.compare(args.a, args.b)
            sys.stdout.write(amendment.redline("json" if args.json else _redline_format(args)))
            return 0 if amendment.identical else 1
        if action == "assess":
            a = h.assess(args.a, args.b)
            if args.json:
                _print_json(a.to_dict())
            else:
                write_styled(sys.stdout, visible(a.explain()), color=_color(args))
            return 1 if a.level >= _fail_on(args, h) else 0
        if action in ("check", "verify"):
            problems = h.check() if action == "check" else h.verify(head=args.head)
            head = h.head_hash
            if args.json:
                _print_json(_problems_json(problems, len(h), head))
            else:
                ok = f"ok: {len(h)} versions" + (f", head {head}" if action == "verify" else "")
                print(visible("\n".join(map(str, problems))) or ok)
            return 1 if problems else 0
    raise PolicyError(f"unknown history action {action!r}")  # pragma: no cover


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // total if total else width
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _cmd_batch(args: argparse.Namespace) -> int:
    from policydoc import batch

    client: Any = None
    if args.scheduler:
        try:
            import distributed
        except ImportError:
            raise PolicyError("--scheduler needs Dask: pip install 'policydoc[dask]'") from None
        try:
            connect: Any = distributed.Client  # untyped library
            client = connect(args.scheduler, timeout="30s")
        except OSError as e:
            raise PolicyError(f"cannot reach the Dask scheduler {args.scheduler}: {e}") from None
    try:
        count, failed = batch.run(
            args.folder,
            args.out,
            workers=args.workers,
            client=client,
            config=args.config,
            progress=_progress_bar if sys.stderr.isatty() else None,
        )
    finally:
        if client is not None:
            client.close()
    if args.json:
        _print_json({"assessed": count, "failed": failed, "out": str(args.out)})
    else:
        print(f"assessed {count} changes ({failed} failed) into {args.out}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    """Record the bundled example versions in a history and show what changed."""
    import tempfile

    from policydoc._examples import EXAMPLE_NAMES, example_path
    from policydoc.history import History

    store = args.store or str(Path(tempfile.mkdtemp(prefix="policydoc-demo-")) / "history.sqlite3")
    say = (lambda *_: None) if args.json else print
    with History.open(store) as h:
        say(f"Recording the bundled Lumen Notes policy versions in {store}\n")
        for name in EXAMPLE_NAMES:
            policy = load(example_path(name))
            effective = policy.metadata.get("effective")
            # Published six weeks ahead, as the policy's own 30-day notice promise requires.
            published = (
                dt.datetime.fromisoformat(str(effective)).replace(tzinfo=dt.timezone.utc)
                - dt.timedelta(days=42)
                if effective
                else None
            )
            result = h.add(
                policy,
                label=name.removeprefix("lumen-privacy-"),
                effective=effective,
                published=published,
            )
            say("  " + result.message)
        since = h.since("v1")
        late = h.check()
        notice = since.assessment.notice(company="Lumen Notes Ltd.")
        if args.json:
            _print_json(
                {
                    "store": store,
                    "versions": [v.to_dict() for v in h.versions],
                    "since": since.to_dict(),
                    "problems": _problems_json(late, len(h), h.head_hash),
                    "notice": notice.to_dict() if notice else None,
                }
            )
            return 0
        print()
        for v in h.versions:
            print(_version_line(v))
        print(
            f"\nA user who accepted v1 and comes back at {since.head.label}: {since.level.value}; "
            f"notice {'required' if since.requires_notice else 'not required'}, fresh consent "
            f"{'required' if since.requires_consent else 'not required'}.\n"
        )
        write_styled(sys.stdout, visible(since.assessment.explain()), color=_color(args))
        print(
            "\nNotice periods: "
            + ("; ".join(str(p) for p in late) if late else "every version was published in time.")
        )
        if notice:
            sys.stdout.write("\nDraft notice:\n\n" + visible(notice.to_markdown()))
    return 0


# -- the parser ---------------------------------------------------------------------------

_FORMATTER = argparse.RawDescriptionHelpFormatter

_FILE_HELP = "a Markdown file, example:NAME for a bundled example, or - for standard input"


def _fill(text: str) -> str:
    # The raw formatter keeps the examples' layout, so descriptions are wrapped here.
    return textwrap.fill(text, 78, break_on_hyphens=False)


def _examples(*lines: str) -> str:
    """An epilog: each example a command line, with a comment line before it when given."""
    return "examples:\n" + "\n".join(
        textwrap.indent(line, "  ") if line.startswith("#") else f"  $ {line}" for line in lines
    )


def _complete(action: argparse.Action, kind: str) -> None:
    """Mark *action* as completing a ``file`` or ``dir`` (turned into shtab's markers on demand)."""
    action.policydoc_complete = kind  # type: ignore[attr-defined]


def _common(p: argparse.ArgumentParser, *, json_help: str | None = None) -> None:
    """Options every command has: --color (also accepted before the command) and --json."""
    p.add_argument(
        "--color",
        choices=COLOR_MODES,
        default=argparse.SUPPRESS,
        help="colour the output: auto (default: on a terminal, unless NO_COLOR is set or "
        "TERM=dumb), always or never",
    )
    if json_help is not None:
        p.add_argument("--json", action="store_true", help=json_help)


def _command(
    sub: Any, name: str, help: str, examples: str, description: str | None = None
) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help,
        description=_fill(description or help[0].upper() + help[1:] + "."),
        epilog=examples,
        formatter_class=_FORMATTER,
    )
    return p


def _policy_arg(p: argparse.ArgumentParser, name: str, metavar: str, help: str) -> None:
    _complete(p.add_argument(name, metavar=metavar, help=f"{help}: {_FILE_HELP}"), "file")


def _gate(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--fail-on",
        type=_level,
        metavar="LEVEL",
        help="exit 1 at or above this level: none, editorial, minor, material, major "
        "(default: fail-on in [tool.policydoc], else material)",
    )


def _config(p: argparse.ArgumentParser) -> None:
    _complete(
        p.add_argument(
            "--config",
            metavar="FILE",
            help="policydoc.toml or pyproject.toml with [tool.policydoc] "
            "(default: the one in the current folder, if any)",
        ),
        "file",
    )


def _add_commands(sub: Any) -> None:
    json_doc = "machine-readable output (JSON; schema: policydoc schema {})"

    p = _command(
        sub,
        "outline",
        "print the section tree of a policy",
        _examples(
            "policydoc outline privacy.md", "policydoc outline example:lumen-privacy-v1 --json"
        ),
    )
    _policy_arg(p, "file", "FILE", "the policy")
    p.add_argument(
        "--check",
        action="store_true",
        help="list what the parser could not place (exit 1 if anything), the page chrome "
        "and the several texts a page holds",
    )
    _common(p, json_help=json_doc.format("outline"))
    p.set_defaults(handler=_cmd_outline)

    p = _command(
        sub,
        "diff",
        "redline two versions (exit 0: identical, 1: differ, 2: error)",
        _examples(
            "policydoc diff old.md new.md",
            "git show HEAD~1:privacy.md | policydoc diff - privacy.md",
            "policydoc diff old.md new.md --format html -o changes.html",
            "policydoc diff old.md new.md --format review -o review.html",
        ),
    )
    _policy_arg(p, "old", "OLD", "the earlier version")
    _policy_arg(p, "new", "NEW", "the later version")
    p.add_argument(
        "--format",
        choices=["text", "markdown", "html", "ansi", "json", "review"],
        help="output format (default: ansi when colouring, text otherwise); review is an "
        "HTML page with each change next to its significance",
    )
    p.add_argument(
        "--json",
        dest="format",
        action="store_const",
        const="json",
        help="same as --format json (schema: policydoc schema amendment)",
    )
    p.add_argument("--context", action="store_true", help="also list unchanged sections")
    p.add_argument(
        "--context-lines",
        type=int,
        default=1,
        metavar="N",
        help="unchanged lines shown around each changed line in text redlines (default 1)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _common(p)
    p.set_defaults(handler=_cmd_diff)

    p = _command(
        sub,
        "patch",
        "print an exact patch from OLD to NEW",
        _examples(
            "policydoc patch v1.md v2.md -o v1-to-v2.patch",
            "policydoc patch v1.md v2.md --json > amendment.json",
        ),
    )
    _policy_arg(p, "old", "OLD", "the earlier version")
    _policy_arg(p, "new", "NEW", "the later version")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _common(
        p,
        json_help="the amendment with both texts instead of a patch "
        "(schema: policydoc schema amendment)",
    )
    p.set_defaults(handler=_cmd_patch)

    p = _command(
        sub,
        "apply",
        "apply PATCH to OLD and print the rebuilt text",
        _examples(
            "policydoc apply v1.md v1-to-v2.patch -o v2.md",
            "policydoc patch v1.md v2.md | policydoc apply v1.md -",
        ),
    )
    _policy_arg(p, "old", "OLD", "the text the patch was made from")
    _complete(
        p.add_argument(
            "patch", metavar="PATCH", help="a patch from 'policydoc patch', or - for standard input"
        ),
        "file",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _common(p, json_help="the rebuilt text and its SHA-256 as JSON (schema: policydoc schema text)")
    p.set_defaults(handler=_cmd_apply)

    p = _command(
        sub,
        "assess",
        "decide how significant the change from OLD to NEW is "
        "(exit 0: below --fail-on, 1: at or above, 2: error)",
        _examples(
            "policydoc assess old.md new.md",
            "policydoc assess old.md new.md --fail-on major --company 'Acme Ltd.'",
            "git show main:privacy.md | policydoc assess - privacy.md --json",
        ),
    )
    _policy_arg(p, "old", "OLD", "the earlier version")
    _policy_arg(p, "new", "NEW", "the later version")
    _common(p, json_help=json_doc.format("assessment"))
    _config(p)
    _gate(p)
    p.add_argument("--company", help="company name for the draft notice (default: 'We')")
    p.set_defaults(handler=_cmd_assess)

    p = _command(
        sub,
        "batch",
        "assess every pair and history step under FOLDER into JSON Lines (resumable)",
        _examples(
            "policydoc batch corpus/ --out results.jsonl",
            "policydoc batch corpus/ --out results.jsonl --workers 8",
            "policydoc batch corpus/ --out results.jsonl --scheduler tcp://scheduler:8786",
        ),
    )
    _complete(
        p.add_argument(
            "folder",
            metavar="FOLDER",
            help="pair folders (old.md, new.md) and history folders (*.md in name order)",
        ),
        "dir",
    )
    _complete(
        p.add_argument(
            "--out", required=True, metavar="FILE", help="JSON Lines results (appended)"
        ),
        "file",
    )
    p.add_argument("--workers", type=int, metavar="N", help="local processes (default: every core)")
    p.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on this Dask scheduler (policydoc[dask])"
    )
    _config(p)
    _common(
        p,
        json_help="how many changes were assessed and failed, and the results file, as JSON "
        "(schema: policydoc schema batch)",
    )
    p.set_defaults(handler=_cmd_batch)

    p = _command(
        sub,
        "eval",
        "measure the significance rules on a folder of labelled cases",
        _examples(
            "policydoc eval tests/cases",
            "policydoc eval corpus/pairs --labels corpus/labels --json",
        ),
    )
    _complete(
        p.add_argument(
            "folder",
            metavar="FOLDER",
            help="folder of cases: NAME/old.md, NAME/new.md, NAME/label.json",
        ),
        "dir",
    )
    _complete(
        p.add_argument("--labels", metavar="DIR", help="labels kept apart as DIR/NAME.json"),
        "dir",
    )
    _config(p)
    _common(p, json_help=json_doc.format("eval"))
    p.set_defaults(handler=_cmd_eval)

    p = _command(
        sub,
        "demo",
        "record the bundled example versions and show what changed",
        _examples("policydoc demo", "policydoc demo --store demo.sqlite3 --json"),
    )
    _complete(
        p.add_argument(
            "--store", metavar="PATH", help="history store to use (default: a new temporary one)"
        ),
        "file",
    )
    _common(
        p,
        json_help="versions, what changed since v1, notice periods and notice as JSON "
        "(schema: policydoc schema demo)",
    )
    p.set_defaults(handler=_cmd_demo)

    from policydoc.schema import SCHEMA_KINDS

    p = _command(
        sub,
        "schema",
        "print the JSON Schema of a --json output",
        _examples("policydoc schema assessment", "policydoc schema since > since.schema.json"),
    )
    p.add_argument(
        "kind", metavar="KIND", choices=SCHEMA_KINDS, help="one of " + ", ".join(SCHEMA_KINDS)
    )
    _common(p, json_help="accepted for uniformity: a schema is always JSON")
    p.set_defaults(handler=_cmd_schema)

    p = _command(
        sub,
        "completion",
        "print a shell completion script",
        _examples(
            "policydoc completion bash > ~/.local/share/bash-completion/completions/policydoc",
            "policydoc completion zsh > ~/.zfunc/_policydoc",
        ),
    )
    p.add_argument(
        "shell",
        metavar="SHELL",
        help="bash, zsh, tcsh, or another shell shtab supports (fish, powershell)",
    )
    _common(p)
    p.set_defaults(handler=_cmd_completion)

    _add_history(sub, json_doc)


def _add_history(sub: Any, json_doc: str) -> None:
    h = _command(
        sub,
        "history",
        "versions in a tamper-evident store (see 'policydoc history -h')",
        _examples(
            "policydoc history init",
            "policydoc history add privacy.md --label v3 --effective 2025-07-01",
            "policydoc history since v1",
            "policydoc history --store site/history.sqlite3 import-dir versions/",
        ),
        description="Versions of one policy in a tamper-evident SQLite store. Commands that "
        "only read refuse a store that does not exist; init, add and the imports create it.",
    )
    _complete(
        h.add_argument(
            "--store",
            metavar="PATH",
            default=None,
            help="SQLite file or postgresql:// URL (default: 'store' in the settings, "
            "else .policydoc/history.sqlite3)",
        ),
        "file",
    )
    _config(h)
    _common(h)
    hs = h.add_subparsers(dest="action", metavar="ACTION")
    hs.required = True

    def action(name: str, help: str, *examples: str, json: str) -> argparse.ArgumentParser:
        """A history action; *json* is its schema kind, or the whole --json help text."""
        q = _command(hs, name, help, _examples(*examples))
        _common(q, json_help=json if " " in json else json_doc.format(json))
        q.set_defaults(handler=_cmd_history)
        return q

    action(
        "init",
        "create an empty store (add and the imports also create one)",
        "policydoc history init",
        "policydoc history --store legal/history.sqlite3 init --json",
        json="the store path, whether it was created, and its number of versions as JSON "
        "(schema: policydoc schema init)",
    )
    q = action(
        "add",
        "record FILE as a new version",
        "policydoc history add privacy.md --label v2 --effective 2025-07-01",
        "curl -s https://example.com/privacy.md | policydoc history add - --label 2025-06",
        json="add",
    )
    _policy_arg(q, "file", "FILE", "the version to record")
    q.add_argument("--label", required=True, help="a unique name for the version, e.g. v2")
    q.add_argument(
        "--effective",
        metavar="DATE",
        help="YYYY-MM-DD it takes effect (default: effective in the front matter)",
    )
    q.add_argument(
        "--published",
        metavar="TIMESTAMP",
        help="when users could first read it (ISO 8601; default now)",
    )
    q.add_argument(
        "--cause",
        choices=["change", "technical"],
        default="change",
        help="change (default) or technical: a re-recording with no change to users",
    )
    q.add_argument("--note", help="a free-text note kept with the version")
    q.add_argument("--author", help="who recorded the version")
    action(
        "log",
        "list the versions",
        "policydoc history log",
        "policydoc history log --json",
        json="a JSON array of versions (schema: policydoc schema version)",
    )
    q = action(
        "show",
        "print the exact text of a version",
        "policydoc history show v2 > v2.md",
        json="version",
    )
    q.add_argument("label", metavar="LABEL", help="the version's label")
    q = action(
        "diff",
        "redline version A -> B (exit 0 identical, 1 different)",
        "policydoc history diff v1 v3",
        "policydoc history diff v1 v3 --format html > v1-v3.html",
        json="amendment",
    )
    q.add_argument("a", metavar="A", help="label of the earlier version")
    q.add_argument("b", metavar="B", help="label of the later version")
    q.add_argument(
        "--format",
        choices=["text", "markdown", "html", "ansi", "json"],
        help="output format (default: ansi when colouring, text otherwise)",
    )
    q = action(
        "assess",
        "assess the change from version A to B (exit 1 at --fail-on)",
        "policydoc history assess v1 v2",
        "policydoc history assess v1 v2 --fail-on major --json",
        json="assessment",
    )
    q.add_argument("a", metavar="A", help="label of the earlier version")
    q.add_argument("b", metavar="B", help="label of the later version")
    _gate(q)
    q = action(
        "since",
        "what changed since LABEL, the version a user accepted (exit 1 at --fail-on)",
        "policydoc history since v1",
        "policydoc history since 2024-01-15 --json",
        json="since",
    )
    q.add_argument("label", metavar="LABEL", help="label of the version the user accepted")
    _gate(q)
    action(
        "check",
        "notice periods too short for material/major changes (exit 1 if any)",
        "policydoc history check",
        json="problems",
    )
    q = action(
        "verify",
        "recompute hashes and the chain (exit 1 on any tampering)",
        "policydoc history verify",
        "policydoc history verify --head 12:9f2c...  # the head printed by an earlier export",
        json="problems",
    )
    q.add_argument(
        "--head",
        metavar="HASH",
        help="a head hash kept elsewhere (SEQ:HASH from export or verify): the store must "
        "still hold it, so truncating or rewriting the chain shows",
    )
    q = action(
        "import-dir",
        "add every *.md file of FOLDER in name order",
        "policydoc history import-dir versions/",
        "# interrupted with Ctrl-C? run it again: it continues where it stopped",
        "policydoc history import-dir versions/ --json",
        json="import",
    )
    _complete(
        q.add_argument(
            "folder", metavar="FOLDER", help="folder of NAME.md files (and an optional meta.json)"
        ),
        "dir",
    )
    q = action(
        "import-git",
        "add each commit of REPO that changed PATH",
        "policydoc history import-git . legal/privacy.md",
        json="import",
    )
    _complete(q.add_argument("repo", metavar="REPO", help="a git work tree"), "dir")
    _complete(q.add_argument("path", metavar="PATH", help="the policy file's path in REPO"), "file")
    q = action(
        "export",
        "write every version as JSON Lines",
        "policydoc history export -o history.jsonl",
        "policydoc history export --json | jq '.[].label'",
        json="one JSON array instead of JSON Lines (schema of an item: policydoc schema export)",
    )
    q.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    q = action(
        "migrate",
        "copy a whole history into an empty store and verify the copy",
        "policydoc history migrate --from .policydoc/history.sqlite3 --to postgresql://db/policies",
        "policydoc history migrate --from postgresql://db/policies --to backup.sqlite3 --json",
        json="migrate",
    )
    q.add_argument(
        "--from", dest="source", required=True, metavar="STORE", help="the history to copy"
    )
    q.add_argument(
        "--to", dest="target", required=True, metavar="STORE", help="an empty or new store"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``policydoc`` command (also what completion scripts describe)."""
    parser = argparse.ArgumentParser(
        prog="policydoc",
        description=_fill(
            "Parse, diff and assess amendments to Markdown policies. "
            "FILE may be a path, - for standard input, or example:NAME for a bundled example "
            "(example:lumen-privacy-v1, -v2, -v3)."
        ),
        epilog=_examples(
            "policydoc demo",
            "policydoc diff old.md new.md",
            "policydoc assess old.md new.md --json",
            "policydoc history since v1",
            "# shell completion",
            "policydoc completion bash > ~/.local/share/bash-completion/completions/policydoc",
        ),
        formatter_class=_FORMATTER,
    )
    parser.add_argument("--version", action="version", version=f"policydoc {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback instead of a one-line error"
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=MAX_BYTES,
        metavar="N",
        help=f"refuse policy files larger than N bytes (default {MAX_BYTES:,}; cost grows with size)",
    )
    parser.add_argument(
        "--color",
        choices=COLOR_MODES,
        default="auto",
        help="colour the output: auto (default: on a terminal, unless NO_COLOR is set or "
        "TERM=dumb), always or never",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_commands(sub)
    for extend in _EXTENSIONS:
        extend(sub)
    return parser


_EXTENSIONS: list[Callable[[Any], None]] = []


def _one_line(text: str) -> str:
    # An error is one line on stderr: newlines and terminal control sequences from a
    # file name or a policy must not spill into the log or the terminal.
    return visible(text).replace("\n", " ")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, 1, 2, or 130 when interrupted)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except PolicyError as e:
        if args.debug:
            raise
        print(f"policydoc: error: {_one_line(str(e))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("policydoc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:
        if args.debug:
            raise
        where = f"{e.filename}: " if e.filename else ""
        print(f"policydoc: error: {_one_line(where + (e.strerror or str(e)))}", file=sys.stderr)
        return 2
    except RecursionError:
        if args.debug:
            raise
        print("policydoc: error: input nested too deeply to process", file=sys.stderr)
        return 2
    except MemoryError:
        if args.debug:
            raise
        print("policydoc: error: out of memory", file=sys.stderr)
        return 2
    except Exception as e:
        # Exit 1 means "differs" / "at or above --fail-on": a crash must never look like that.
        if args.debug:
            raise
        print(
            f"policydoc: internal error, please report: {_one_line(f'{type(e).__name__}: {e}')} "
            "(rerun with --debug for a traceback)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
