"""The Sphinx extension: change boxes and histories on MyST policy pages, and a build gate.

In ``conf.py``::

    extensions = ["myst_parser", "policydoc.sphinx"]
    policydoc_policies = ["privacy.md"]
    policydoc_store = ".policydoc/{name}.sqlite3"

On a page, the ``policydoc-changes`` directive renders the "What changed" box of the
page (or of the policy named as its argument); with ``:history:`` it renders every
recorded version with its redline. At the end of the build, every page matched by
``policydoc_policies`` goes through the notice gate: a change at or above
``policydoc_fail_on`` without an ``effective`` date far enough ahead fails the build,
whatever ``-W`` says.

The values ``policydoc_<key>`` are :class:`policydoc.Settings` keys, read on top of
``[tool.policydoc]`` in the ``pyproject.toml`` or ``policydoc.toml`` beside ``conf.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

import attrs
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError as SphinxConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from policydoc import __version__, _site
from policydoc.errors import ConfigError, PolicyError
from policydoc.parse import decode
from policydoc.settings import Settings

__all__ = ["setup"]

log = logging.getLogger(__name__)

_PREFIX = "policydoc_"
_KEYS = tuple(f.name for f in attrs.fields(Settings) if f.name != "source")


def _settings(config: Config, confdir: str | Path) -> Settings:
    """``[tool.policydoc]`` beside conf.py, then every ``policydoc_*`` value set in conf.py."""
    raw: dict[str, Any] = getattr(config, "_raw_config", {})
    unknown = [k for k in raw if k.startswith(_PREFIX) and k[len(_PREFIX) :] not in _KEYS]
    if unknown:
        import difflib

        names = [_PREFIX + k for k in _KEYS]
        close = difflib.get_close_matches(unknown[0], names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(names)}"
        raise ConfigError(f"conf.py: unknown setting {unknown[0]!r}{hint}")
    options = {k: getattr(config, _PREFIX + k) for k in _KEYS}
    return Settings.from_mapping(
        {k: v for k, v in options.items() if v is not None},
        source="conf.py: policydoc_*",
        base=Settings.discover(confdir),
    )


def _state(env: BuildEnvironment) -> tuple[Settings, Path]:
    state: tuple[Settings, Path] | None = getattr(env, "policydoc_state", None)
    if state is None:  # pragma: no cover - builder-inited always runs first
        state = (_settings(env.config, env.srcdir), Path(env.srcdir))
    return state


def _on_builder_inited(app: Sphinx) -> None:
    try:
        settings = _settings(app.config, app.confdir)
    except PolicyError as e:
        raise SphinxConfigError(str(e)) from None
    # The environment carries the settings to directives (and is pickled with them).
    app.env.policydoc_state = (settings, Path(app.confdir))  # type: ignore[attr-defined]


def _read(path: Path) -> str:
    try:
        return decode(path.read_bytes(), source=str(path))
    except OSError as e:
        raise PolicyError(e.strerror or str(e), source=str(path)) from None


class PolicydocChanges(SphinxDirective):
    """``policydoc-changes [POLICY]``: the change box, or with ``:history:`` every version."""

    optional_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "history": directives.flag,
        "link": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        settings, root = _state(self.env)
        if self.arguments:
            target = _site.policy_name(self.arguments[0].strip())
            if target not in self.env.found_docs:
                raise self.error(f"policydoc-changes: no document {self.arguments[0]!r}")
            self.env.note_dependency(str(self.env.doc2path(target)))
        else:
            target = self.env.docname
        path = Path(self.env.doc2path(target))
        rel = path.relative_to(Path(self.env.srcdir)).as_posix()
        try:
            page = _site.review(
                rel,
                _read(path),
                settings,
                root=root,
                today=dt.date.today(),
                changelog="history" in self.options,
            )
        except PolicyError as e:
            raise self.error(f"policydoc-changes: {e}") from None
        # Rebuild this page when the history store changes (a server's store: on every build).
        if isinstance(page.store, Path):
            self.env.note_dependency(str(page.store))
        if "history" in self.options:
            return [nodes.raw("", _site.changelog(page.entries), format="html")]
        return self._box(page)

    def _box(self, page: _site.PageReview) -> list[nodes.Node]:
        b = _site.box(page)
        if b is None:
            return []
        box = nodes.admonition(
            classes=["policydoc-changes", "warning" if b.requires_notice else "note"]
        )
        box += nodes.title("", "What changed")
        box += nodes.paragraph("", b.lead)
        items = nodes.bullet_list()
        for section, text in b.items:
            para = nodes.paragraph()
            para += nodes.strong("", section)
            para += nodes.Text(f": {text}")
            items += nodes.list_item("", para)
        if b.more:
            items += nodes.list_item("", nodes.paragraph("", f"and {b.more} more"))
        box += items
        if "link" in self.options:
            ref = addnodes.pending_xref(
                "",
                nodes.inline("", "Review every change"),
                refdomain="std",
                reftype="doc",
                reftarget=_site.policy_name(self.options["link"].strip()),
                refexplicit=True,
                refdoc=self.env.docname,
            )
            box += nodes.paragraph("", "", ref)
        return [box]


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None:
        return
    settings, root = _state(app.env)
    today = dt.date.today()
    srcdir = Path(app.srcdir)
    problems: list[str] = []
    passed: list[_site.PageReview] = []
    for docname in sorted(app.env.found_docs):
        path = Path(app.env.doc2path(docname))
        rel = path.relative_to(srcdir).as_posix()
        if not _site.is_policy(rel, settings):
            continue
        try:
            page = _site.review(rel, _read(path), settings, root=root, today=today, changelog=False)
        except PolicyError as e:
            problems.append(str(e))
            continue
        if page.blocked:
            problems.append(f"{rel}: {page.blocked}")
        else:
            passed.append(page)
    if settings.record:
        for page in passed:
            try:
                message = _site.record(page, settings, today=today)
            except PolicyError as e:
                problems.append(f"{page.path}: not recorded: {e}")
                continue
            if message:
                log.info(f"policydoc: {message}")
    for problem in problems:
        log.error(f"policydoc: {problem}", type="policydoc", subtype="notice-gate")
    if problems:
        # The gate holds whatever -W says: the exit status is 1 even without it.
        app.statuscode = 1


def setup(app: Sphinx) -> dict[str, Any]:
    for key in _KEYS:
        # None: "not set here", so Settings (and [tool.policydoc]) supply the default.
        app.add_config_value(_PREFIX + key, None, "env")
    app.add_directive("policydoc-changes", PolicydocChanges)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("build-finished", _on_build_finished)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
