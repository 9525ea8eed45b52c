"""The ``policydoc`` command: a thin face over the library API.

Exit status everywhere: 0 success (or "no change"), 1 "differs / at or above
--fail-on", 2 error. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from policydoc import __version__
from policydoc.errors import PolicyError
from policydoc.model import Policy
from policydoc.parse import MAX_BYTES, load
from policydoc.text import visible

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _load(path: str, args: argparse.Namespace) -> Policy:
    limit: int = getattr(args, "max_bytes", MAX_BYTES)
    if path.startswith("example:"):
        from policydoc._examples import example_path

        try:
            return load(example_path(path.removeprefix("example:")), max_bytes=limit)
        except KeyError as e:
            raise PolicyError(str(e.args[0])) from None
    return load(path, max_bytes=limit)


def _cmd_outline(args: argparse.Namespace) -> int:
    from policydoc.render import outline_text, policy_to_dict

    policy = _load(args.file, args)
    if args.json:
        _print_json(policy_to_dict(policy))
    else:
        print(outline_text(policy))
    return 0


def _write(args: argparse.Namespace, text: str) -> None:
    if getattr(args, "output", None):
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


def _cmd_diff(args: argparse.Namespace) -> int:
    from policydoc.compare import compare

    amendment = compare(_load(args.old, args), _load(args.new, args))
    fmt = args.format or ("ansi" if sys.stdout.isatty() and not args.output else "text")
    _write(args, amendment.redline(fmt, context=args.context))
    return 0 if amendment.identical else 1


def _cmd_patch(args: argparse.Namespace) -> int:
    from policydoc.compare import compare

    amendment = compare(_load(args.old, args), _load(args.new, args))
    _write(args, amendment.to_patch())
    return 0 if amendment.identical else 1


def _cmd_apply(args: argparse.Namespace) -> int:
    from policydoc.parse import decode
    from policydoc.patch import apply_patch

    old = _load(args.old, args).source
    try:
        with open(args.patch, "rb") as f:
            patch = decode(f.read(), source=args.patch)
    except OSError as e:
        raise PolicyError(e.strerror or str(e), source=args.patch) from None
    result = apply_patch(old, patch)
    if args.output:
        _write(args, result)
    else:
        sys.stdout.buffer.write(result.encode("utf-8"))
        sys.stdout.flush()
    return 0


def _rules(args: argparse.Namespace) -> Any:
    from policydoc.settings import Settings

    settings = (
        Settings.load(args.config) if getattr(args, "config", None) else Settings.discover(".")
    )
    return settings.rules()


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
        sys.stdout.write(visible(assessment.explain()))
        if notice:
            sys.stdout.write("\nDraft notice:\n\n" + visible(notice.to_markdown()))
    return 1 if assessment.level >= fail_on else 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from policydoc.evaluate import evaluate

    result = evaluate(args.folder, labels=args.labels, rules=_rules(args))
    if args.json:
        _print_json(result.to_dict())
    else:
        sys.stdout.write(result.report())
    return 0


_WRITING_ACTIONS = ("add", "import-dir", "import-git")


def _history(args: argparse.Namespace) -> Any:
    from policydoc.history import History

    # Only actions that record versions may create or write the store: the others open it
    # read-only, so a mistyped --store path is an error and read-only media work.
    readonly = args.action not in _WRITING_ACTIONS
    return History.open(args.store, rules=_rules(args), readonly=readonly)


def _version_line(v: Any) -> str:
    eff = v.effective.isoformat() if v.effective else "-"
    level = v.level.value if v.level else "first"
    revert = f"  restores {visible(v.revert_of)}" if v.revert_of else ""
    label = visible(str(v.label))
    return f"{v.seq:>4}  {label:<24} effective {eff:<10}  {level:<9} {v.cause}{revert}"


def _cmd_history(args: argparse.Namespace) -> int:
    from policydoc.history import History

    action: str = args.action
    with _history(args) as h:
        assert isinstance(h, History)
        if action == "add":
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
            fmt = (
                "json"
                if args.json
                else (args.format or ("ansi" if sys.stdout.isatty() else "text"))
            )
            sys.stdout.write(amendment.redline(fmt))
            return 0 if amendment.identical else 1
        if action == "assess":
            a = h.assess(args.a, args.b)
            if args.json:
                _print_json(a.to_dict())
            else:
                sys.stdout.write(visible(a.explain()))
            return 1 if a.level >= _fail_on(args, h) else 0
        if action == "since":
            since = h.since(args.label)
            if args.json:
                _print_json(since.to_dict())
            else:
                print(
                    f"Since {visible(since.base.label)} (to {visible(since.head.label)}): {since.level.value}; "
                    f"notice {'required' if since.requires_notice else 'not required'}, consent "
                    f"{'required' if since.requires_consent else 'not required'}"
                )
                for v in since.steps:
                    flag = "  (reverted later)" if v in since.reverted else ""
                    print("  " + _version_line(v) + flag)
                if since.requires_notice:
                    sys.stdout.write("\n" + visible(since.assessment.explain()))
            return 1 if since.level >= _fail_on(args, h) else 0
        if action in ("check", "verify"):
            problems = h.check() if action == "check" else h.verify(head=args.head)
            head = h.head_hash
            if args.json:
                _print_json(
                    {
                        "ok": not problems,
                        "head": head,
                        "problems": [
                            {"seq": p.seq, "label": p.label, "message": p.message} for p in problems
                        ],
                    }
                )
            else:
                ok = f"ok: {len(h)} versions" + (f", head {head}" if action == "verify" else "")
                print(visible("\n".join(map(str, problems))) or ok)
            return 1 if problems else 0
        if action in ("import-dir", "import-git"):
            results = (
                h.import_dir(args.folder)
                if action == "import-dir"
                else h.import_git(args.repo, args.path)
            )
            if args.json:
                _print_json(
                    [
                        {"added": r.added, "message": r.message, "label": r.version.label}
                        for r in results
                    ]
                )
            else:
                print(visible("\n".join(r.message for r in results)) or "nothing to import")
            return 0
        if action == "export":
            if args.output:
                with open(args.output, "w", encoding="utf-8", newline="") as f:
                    n = h.export_jsonl(f)
                print(f"exported {n} versions to {args.output}", file=sys.stderr)
            else:
                h.export_jsonl(sys.stdout)
            if h.head_hash:
                # Kept elsewhere, it lets 'verify --head' detect a truncated or rewritten chain.
                print(f"head {h.head_hash} (keep it; check with verify --head)", file=sys.stderr)
            return 0
    raise PolicyError(f"unknown history action {action!r}")  # pragma: no cover


def _cmd_demo(args: argparse.Namespace) -> int:
    """Record the bundled example versions in a history and show what changed."""
    import tempfile

    from policydoc._examples import EXAMPLE_NAMES, example_path
    from policydoc.history import History

    store = args.store or str(Path(tempfile.mkdtemp(prefix="policydoc-demo-")) / "history.sqlite3")
    with History.open(store) as h:
        print(f"Recording the bundled Lumen Notes policy versions in {store}\n")
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
            print("  " + result.message)
        print()
        for v in h.versions:
            print(_version_line(v))
        since = h.since("v1")
        print(
            f"\nA user who accepted v1 and comes back at {since.head.label}: {since.level.value}; "
            f"notice {'required' if since.requires_notice else 'not required'}, fresh consent "
            f"{'required' if since.requires_consent else 'not required'}.\n"
        )
        sys.stdout.write(since.assessment.explain())
        late = h.check()
        print(
            "\nNotice periods: "
            + ("; ".join(str(p) for p in late) if late else "every version was published in time.")
        )
        notice = since.assessment.notice(company="Lumen Notes Ltd.")
        if notice:
            sys.stdout.write("\nDraft notice:\n\n" + visible(notice.to_markdown()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policydoc",
        description="Parse, diff and assess amendments to Markdown policies. "
        "FILE may be a path or example:NAME for a bundled example "
        "(example:lumen-privacy-v1, -v2, -v3).",
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("outline", help="print the section tree of a policy")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_cmd_outline)

    p = sub.add_parser("diff", help="redline two versions (exit 0: identical, 1: differ, 2: error)")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument(
        "--format",
        choices=["text", "markdown", "html", "ansi", "json"],
        help="output format (default: ansi on a terminal, text otherwise)",
    )
    p.add_argument(
        "--json", dest="format", action="store_const", const="json", help="same as --format json"
    )
    p.add_argument("--context", action="store_true", help="also list unchanged sections")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(handler=_cmd_diff)

    p = sub.add_parser("patch", help="print an exact patch from OLD to NEW")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(handler=_cmd_patch)

    p = sub.add_parser("apply", help="apply PATCH to OLD and print the rebuilt text")
    p.add_argument("old", metavar="OLD")
    p.add_argument("patch", metavar="PATCH")
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(handler=_cmd_apply)

    p = sub.add_parser(
        "assess",
        help="decide how significant the change from OLD to NEW is "
        "(exit 0: below --fail-on, 1: at or above, 2: error)",
    )
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--config", metavar="FILE", help="policydoc.toml or pyproject.toml with [tool.policydoc]"
    )
    p.add_argument(
        "--fail-on",
        type=_level,
        metavar="LEVEL",
        help="exit 1 at or above this level (none, editorial, minor, material, major; default material)",
    )
    p.add_argument("--company", help="company name for the draft notice")
    p.set_defaults(handler=_cmd_assess)

    p = sub.add_parser("eval", help="measure the significance rules on a folder of labelled cases")
    p.add_argument(
        "folder",
        metavar="FOLDER",
        help="folder of cases: NAME/old.md, NAME/new.md, NAME/label.json",
    )
    p.add_argument("--labels", metavar="DIR", help="labels kept apart as DIR/NAME.json")
    p.add_argument("--config", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_eval)

    p = sub.add_parser("demo", help="record the bundled example versions and show what changed")
    p.add_argument(
        "--store", metavar="PATH", help="history store to use (default: a new temporary one)"
    )
    p.set_defaults(handler=_cmd_demo)

    h = sub.add_parser(
        "history", help="versions in a tamper-evident store (see 'policydoc history -h')"
    )
    h.add_argument(
        "--store",
        metavar="PATH",
        default=None,
        help="SQLite store (default .policydoc/history.sqlite3)",
    )
    h.add_argument("--config", metavar="FILE")
    hs = h.add_subparsers(dest="action", metavar="ACTION")
    hs.required = True

    def action(name: str, help: str) -> argparse.ArgumentParser:
        q = hs.add_parser(name, help=help)
        q.add_argument("--json", action="store_true", help="machine-readable output")
        q.set_defaults(handler=_cmd_history)
        return q

    q = action("add", "record FILE as a new version")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--label", required=True)
    q.add_argument("--effective", metavar="DATE", help="YYYY-MM-DD")
    q.add_argument(
        "--published",
        metavar="TIMESTAMP",
        help="when users could first read it (ISO 8601; default now)",
    )
    q.add_argument("--cause", choices=["change", "technical"], default="change")
    q.add_argument("--note")
    q.add_argument("--author")
    action("log", "list the versions")
    q = action("show", "print the exact text of a version")
    q.add_argument("label", metavar="LABEL")
    q = action("diff", "redline version A -> B (exit 0 identical, 1 different)")
    q.add_argument("a", metavar="A")
    q.add_argument("b", metavar="B")
    q.add_argument("--format", choices=["text", "markdown", "html", "ansi", "json"])
    gate = "exit 1 at or above this level (default material)"
    q = action("assess", "assess the change from version A to B (exit 1 at --fail-on)")
    q.add_argument("a", metavar="A")
    q.add_argument("b", metavar="B")
    q.add_argument("--fail-on", type=_level, metavar="LEVEL", help=gate)
    q = action(
        "since", "what changed since LABEL, the version a user accepted (exit 1 at --fail-on)"
    )
    q.add_argument("label", metavar="LABEL")
    q.add_argument("--fail-on", type=_level, metavar="LEVEL", help=gate)
    action("check", "notice periods too short for material/major changes (exit 1 if any)")
    q = action("verify", "recompute hashes and the chain (exit 1 on any tampering)")
    q.add_argument(
        "--head",
        metavar="HASH",
        help="a head hash kept elsewhere (SEQ:HASH from export or verify): the store must "
        "still hold it, so truncating or rewriting the chain shows",
    )
    q = action("import-dir", "add every *.md file of FOLDER in name order")
    q.add_argument("folder", metavar="FOLDER")
    q = action("import-git", "add each commit of REPO that changed PATH")
    q.add_argument("repo", metavar="REPO")
    q.add_argument("path", metavar="PATH")
    q = action("export", "write every version as JSON Lines")
    q.add_argument("-o", "--output", metavar="FILE")

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
