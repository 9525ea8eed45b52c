"""The MkDocs plugin: a "What changed" box on policy pages, a changelog page, a build gate.

Enable it in ``mkdocs.yml`` (the entry point ``mkdocs.plugins`` -> ``policydoc``)::

    plugins:
      - policydoc:
          policies: ["privacy.md", "legal/*.md"]
          store: ".policydoc/{name}.sqlite3"
          fail_on: material
          notice_days: 30
          record: false

Options are :class:`policydoc.Settings` keys, read on top of ``[tool.policydoc]`` in
the ``pyproject.toml`` or ``policydoc.toml`` beside ``mkdocs.yml``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from policydoc import _site
from policydoc.errors import ConfigError, PolicyError
from policydoc.history.backends import describe, store_exists
from policydoc.parse import decode
from policydoc.settings import Settings

__all__ = ["PolicydocPlugin"]

log = logging.getLogger("mkdocs.plugins.policydoc")


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # mkdocs leaves __init_subclass__ untyped
    """MkDocs' own view of our options: none; :class:`Settings` validates them instead."""


class PolicydocPlugin(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """Reviews every policy page against its history store on each build."""

    def __init__(self) -> None:
        self.settings = Settings()
        self.root = Path.cwd()
        self.command: str = "build"
        self.reviews: dict[str, _site.PageReview] = {}
        self.changelogs: dict[str, File] = {}

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        # One typed settings object for every face: mkdocs.yml options go through
        # Settings (unknown keys and bad values are errors naming the key).
        self.config = _NoOptions(config_file_path=config_file_path)
        self.root = Path(config_file_path).parent if config_file_path else Path.cwd()
        source = f"{config_file_path or 'mkdocs.yml'}: plugins.policydoc"
        try:
            self.settings = Settings.from_mapping(
                options, source=source, base=Settings.discover(self.root)
            )
        except ConfigError as e:
            key = next(
                (k for k in options if repr(k) in e.message or f" {k}:" in e.message), "policydoc"
            )
            return [(key, ValidationError(e.message))], []
        return [], []

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        # A version recorded with the command line while previewing refreshes the boxes.
        for review in self.reviews.values():
            if isinstance(review.store, Path) and review.store.exists():
                server.watch(str(review.store), recursive=False)
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.reviews.clear()
        self.changelogs.clear()
        if not self.settings.policies:
            log.warning("policydoc: no 'policies' configured; no page is reviewed")
            return files
        today = dt.date.today()
        for f in list(files.documentation_pages()):
            if not _site.is_policy(f.src_uri, self.settings):
                continue
            try:
                page = _site.review(f.src_uri, _text(f), self.settings, root=self.root, today=today)
            except PolicyError as e:
                raise PluginError(f"policydoc: {f.src_uri}: {e}") from None
            self.reviews[f.src_uri] = page
            if not store_exists(page.store):
                source = os.path.relpath(Path(config.docs_dir) / f.src_uri, self.root)
                where = describe(page.store)
                log.info(
                    f"policydoc: {f.src_uri}: no history at {where} yet; record a version "
                    f"with 'policydoc history --store {where} add {source} --label v1'"
                )
            if page.entries:
                uri = _site.policy_name(f.src_uri) + "-changes.md"
                content = f"# Changes to {page.title}\n\n" + _site.changelog(page.entries)
                generated = File.generated(config, uri, content=content)
                files.append(generated)
                self.changelogs[f.src_uri] = generated
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        review = self.reviews.get(page.file.src_uri)
        if review is None:
            return markdown
        changes = self.changelogs.get(page.file.src_uri)
        href = get_relative_url(changes.url, page.url) if changes else None
        box = _site.change_box(review, href=href)
        return box + "\n" + markdown if box else markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        blocked = False
        for review in self.reviews.values():
            if review.blocked:
                blocked = True
                # A warning: `mkdocs build --strict` (or `strict: true`) fails on it.
                log.warning(f"policydoc: {review.path}: {review.blocked}")
        if not self.settings.record or self.command == "serve":
            return  # a preview never writes history
        today = dt.date.today()
        for review in self.reviews.values():
            if review.blocked:
                continue
            try:
                message = _site.record(review, self.settings, today=today)
            except PolicyError as e:
                raise PluginError(f"policydoc: {review.path}: not recorded: {e}") from None
            if message:
                log.info(f"policydoc: {message}")
        if blocked:
            log.info("policydoc: changes that failed the notice gate were not recorded")


def _text(f: File) -> str:
    """The page's exact text, as the history stores it (MkDocs' own reading folds CRLF)."""
    if f.abs_src_path is None:
        return f.content_string
    try:
        return decode(Path(f.abs_src_path).read_bytes(), source=f.src_uri)
    except OSError as e:
        raise PluginError(f"policydoc: {f.src_uri}: {e.strerror or e}") from None
