"""``policydoc-check``: the pre-commit hook's entry (see ``.pre-commit-hooks.yaml``).

Each staged policy file is assessed against its last committed version (or, with
``--store``, the last version in its history store). A change at or above
``fail-on`` whose front matter has no ``effective`` date at least the notice period
ahead blocks the commit (exit 1), with the reasons and a draft notice. Exit 0 lets
the commit through; exit 2 is an error (one line, no traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from policydoc import _site
from policydoc.compare import compare
from policydoc.errors import PolicyError
from policydoc.history.backends import describe, store_exists
from policydoc.parse import decode, parse
from policydoc.settings import Settings
from policydoc.significance import Assessment, Level, assess
from policydoc.text import visible

__all__ = ["main"]

_EPILOG = """\
examples:
  policydoc-check privacy.md                  # what pre-commit runs for a staged file
  policydoc-check --fail-on major terms.md
  policydoc-check --store '.policydoc/{name}.sqlite3' legal/privacy.md

.pre-commit-config.yaml:
  - repo: https://github.com/policydoc/policydoc
    rev: v0.1.0
    hooks:
      - id: policydoc-check
        files: ^legal/.*\\.md$
"""


def _git(*args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False)
    except OSError:  # no git at all: nothing committed to compare with
        return None
    return done.stdout if done.returncode == 0 else None


def _staged(path: str) -> str:
    """The staged text (the index), which is what gets committed; else the file on disk."""
    data = _git("show", f":{path}")
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            raise PolicyError(e.strerror or str(e), source=path) from None
    return decode(data, source=path)


def _committed(path: str) -> str | None:
    data = _git("show", f"HEAD:{path}")
    return decode(data, source=f"HEAD:{path}") if data is not None else None


def _check(
    path: str, settings: Settings, *, use_store: bool, today: dt.date
) -> tuple[Assessment | None, str | None]:
    text = _staged(path)
    if use_store:
        store = settings.store_location(_site.policy_name(path))
        if not store_exists(store):  # a typo must not pass every commit silently
            where = describe(store)
            raise PolicyError(
                f"no history store at {where}; record a first version with "
                f"'policydoc history --store {where} add {path} --label v1'",
                source=path,
            )
        page = _site.review(path, text, settings, today=today, changelog=False)
        return page.pending, page.blocked
    old = _committed(path)
    if old is None or old == text:
        return None, None  # a new policy, or no change: nothing to give notice of
    new = parse(text, source=path)
    assessment = assess(compare(parse(old, source=f"HEAD:{path}"), new), rules=settings.rules())
    effective = _site.effective_date(new)
    return assessment, settings.gate(assessment, effective=effective, today=today)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="policydoc-check",
        description="Block a commit that changes a policy at or above --fail-on without an "
        "effective date at least the notice period ahead.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="staged files (pre-commit passes them)")
    p.add_argument(
        "--config",
        metavar="FILE",
        help="policydoc.toml or pyproject.toml (default: the one in the current folder)",
    )
    p.add_argument(
        "--fail-on", metavar="LEVEL", help="gate level (default from settings: material)"
    )
    p.add_argument("--notice-days", type=int, metavar="DAYS", help="notice a material change needs")
    p.add_argument(
        "--store",
        metavar="PATH",
        help="compare with the last version in this history store ({name}: the file's path "
        "without .md) instead of the last commit",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        base = Settings.load(args.config) if args.config else Settings.discover(".")
        options = {
            key: value
            for key, value in (
                ("fail_on", args.fail_on),
                ("notice_days", args.notice_days),
                ("store", args.store),
            )
            if value is not None
        }
        settings = Settings.from_mapping(options, source="policydoc-check arguments", base=base)
        today = dt.date.today()
        blocked = 0
        for path in args.files:
            posix = Path(path).as_posix()
            if settings.policies and not _site.is_policy(posix, settings):
                continue
            assessment, gate = _check(
                posix, settings, use_store=args.store is not None, today=today
            )
            if assessment is None or assessment.level < Level.MINOR:
                continue
            if gate is None:
                print(f"{posix}: {assessment.level.value} change; ok")
                continue
            blocked += 1
            print(f"{posix}: commit blocked: {gate}\n")
            sys.stdout.write(visible(assessment.explain()))
            notice = assessment.notice()
            if notice:
                sys.stdout.write("\nDraft notice:\n\n" + visible(notice.to_markdown()))
            print()
    except PolicyError as e:
        print(f"policydoc-check: error: {visible(str(e))}", file=sys.stderr)
        return 2
    except Exception as e:  # a bug: exit 2 like the policydoc command, one line
        print(
            f"policydoc-check: internal error, please report: "
            f"{visible(f'{type(e).__name__}: {e}')}",
            file=sys.stderr,
        )
        return 2
    return 1 if blocked else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
