"""The ``policydoc`` command: a thin face over the library API.

Exit status everywhere: 0 success (or "no change"), 1 "differs / at or above
--fail-on", 2 error. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from policydoc import __version__
from policydoc.errors import PolicyError
from policydoc.model import Policy
from policydoc.parse import load

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _load(path: str) -> Policy:
    if path.startswith("example:"):
        from policydoc._examples import example_path

        try:
            return load(example_path(path.removeprefix("example:")))
        except KeyError as e:
            raise PolicyError(str(e.args[0])) from None
    return load(path)


def _cmd_outline(args: argparse.Namespace) -> int:
    from policydoc.render import outline_text, policy_to_dict

    policy = _load(args.file)
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

    amendment = compare(_load(args.old), _load(args.new))
    fmt = args.format or ("ansi" if sys.stdout.isatty() and not args.output else "text")
    _write(args, amendment.redline(fmt, context=args.context))
    return 0 if amendment.identical else 1


def _cmd_patch(args: argparse.Namespace) -> int:
    from policydoc.compare import compare

    amendment = compare(_load(args.old), _load(args.new))
    _write(args, amendment.to_patch())
    return 0 if amendment.identical else 1


def _cmd_apply(args: argparse.Namespace) -> int:
    from policydoc.parse import decode
    from policydoc.patch import apply_patch

    old = _load(args.old).source
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
    from policydoc.significance import RuleSet

    if getattr(args, "config", None):
        return RuleSet.from_file(args.config)
    return RuleSet.discover(".")


def _level(value: str) -> Any:
    from policydoc.significance import Level

    try:
        return Level.parse(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _cmd_assess(args: argparse.Namespace) -> int:
    from policydoc.compare import compare
    from policydoc.significance import Level, assess

    rules = _rules(args)
    assessment = assess(compare(_load(args.old), _load(args.new)), rules=rules)
    fail_on = args.fail_on or rules.settings.get("fail-on") or Level.MATERIAL
    notice = assessment.notice(company=args.company) if assessment.requires_notice else None
    if args.json:
        data = assessment.to_dict()
        data["fail_on"] = fail_on.value
        data["notice"] = notice.to_dict() | {"markdown": notice.to_markdown()} if notice else None
        _print_json(data)
    else:
        sys.stdout.write(assessment.explain())
        if notice:
            sys.stdout.write("\nDraft notice:\n\n" + notice.to_markdown())
    return 1 if assessment.level >= fail_on else 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from policydoc.evaluate import evaluate

    result = evaluate(args.folder, labels=args.labels, rules=_rules(args))
    if args.json:
        _print_json(result.to_dict())
    else:
        sys.stdout.write(result.report())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policydoc",
        description="Parse, diff and assess amendments to Markdown policies. "
        "FILE may be a path or example:NAME for a bundled example "
        "(example:lumen-privacy-v1, -v2, -v3).",
    )
    parser.add_argument("--version", action="version", version=f"policydoc {__version__}")
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

    for extend in _EXTENSIONS:
        extend(sub)
    return parser


_EXTENSIONS: list[Callable[[Any], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except PolicyError as e:
        print(f"policydoc: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("policydoc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
