"""The MkDocs plugin, through real ``mkdocs build`` runs on temporary projects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import policydoc
from tests.pages import EDITORIAL, V1, days_ahead, material, record, run

pytest.importorskip("mkdocs")

pytestmark = pytest.mark.slow


def project(tmp_path: Path, page: str, *, options: str = "", recorded: str | None = V1) -> Path:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nSee the [privacy policy](privacy.md).\n")
    (tmp_path / "docs" / "privacy.md").write_text(page)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Example\n"
        "nav:\n  - index.md\n  - privacy.md\n"
        "plugins:\n"
        "  - policydoc:\n"
        "      policies: ['privacy.md']\n"
        "      store: '.policydoc/{name}.sqlite3'\n" + options
    )
    if recorded is not None:
        record(tmp_path / ".policydoc" / "privacy.sqlite3", recorded)
    return tmp_path


def build(root: Path, *, strict: bool = True):
    return run("mkdocs", "build", *(["--strict"] if strict else []), cwd=root)


def test_page_shows_the_change_box_and_the_changelog_has_the_redline(tmp_path: Path) -> None:
    root = project(tmp_path, material(days_ahead(45)))
    done = build(root)
    assert done.returncode == 0, done.stderr
    page = (root / "site" / "privacy" / "index.html").read_text()
    box = re.search(r'<div class="admonition warning policydoc-changes".*?</div>', page, re.S)
    assert box, "no change box on the policy page"
    assert "What changed" in box[0]
    assert "material changes" in box[0] and "How long we keep data" in box[0]
    assert 'href="../privacy-changes/"' in box[0]
    # The box comes before the policy itself.
    assert page.index("policydoc-changes") < page.index('<h2 id="1-information')
    changes = (root / "site" / "privacy-changes" / "index.html").read_text()
    assert "Changes to Example Privacy Policy" in changes
    assert "<del>30</del>" in changes and "<ins>90</ins>" in changes
    assert ">v1</h2>" in changes and "not yet recorded" in changes
    assert "level <strong>material</strong>" in changes


def test_strict_build_fails_on_a_material_change_without_enough_notice(tmp_path: Path) -> None:
    root = project(tmp_path, material(days_ahead(10)))
    done = build(root)
    assert done.returncode == 1
    assert "privacy.md: material change needs 30 days' notice" in done.stderr
    assert "only 10 days ahead" in done.stderr
    assert '"How long we keep data"' in done.stderr and "quantity.worse" in done.stderr
    # Without --strict the same problem is a warning and the site is built.
    done = build(root, strict=False)
    assert done.returncode == 0 and "WARNING" in done.stderr and "30 days' notice" in done.stderr


def test_strict_build_fails_without_an_effective_date(tmp_path: Path) -> None:
    done = build(project(tmp_path, material(None)))
    assert done.returncode == 1 and "it has no effective date" in done.stderr


def test_notice_days_and_fail_on_come_from_the_options(tmp_path: Path) -> None:
    root = project(tmp_path, material(days_ahead(10)), options="      notice_days: 7\n")
    assert build(root).returncode == 0
    (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text().replace("notice_days: 7", "fail_on: major")
    )
    assert build(root).returncode == 0


def test_editorial_change_has_no_box_and_passes(tmp_path: Path) -> None:
    root = project(tmp_path, EDITORIAL)
    done = build(root)
    assert done.returncode == 0, done.stderr
    assert "policydoc-changes" not in (root / "site" / "privacy" / "index.html").read_text()
    assert "editorial" in (root / "site" / "privacy-changes" / "index.html").read_text()


def test_a_preview_never_writes_history(tmp_path: Path) -> None:
    root = project(tmp_path, material(days_ahead(45)))
    store = root / ".policydoc" / "privacy.sqlite3"
    before = store.read_bytes()
    assert build(root).returncode == 0
    assert store.read_bytes() == before
    # Without any recorded version there is nothing to compare, and no store is created.
    other = project(tmp_path / "fresh", V1, recorded=None)
    assert build(other).returncode == 0
    assert not (other / ".policydoc").exists()
    assert "policydoc-changes" not in (other / "site" / "privacy" / "index.html").read_text()


def test_record_true_records_each_changed_page_once(tmp_path: Path) -> None:
    effective = days_ahead(45)
    root = project(tmp_path, material(effective), options="      record: true\n")
    assert build(root).returncode == 0
    assert build(root).returncode == 0  # unchanged page: no second version
    with policydoc.History.open(root / ".policydoc" / "privacy.sqlite3") as history:
        assert [v.label for v in history] == ["v1", effective.isoformat()]
        assert history.head is not None and history.head.level == policydoc.Level.MATERIAL
        assert history.head.effective == effective
    # The recorded change is still what the page's box describes.
    assert "policydoc-changes" in (root / "site" / "privacy" / "index.html").read_text()


def test_a_blocked_change_is_not_recorded(tmp_path: Path) -> None:
    root = project(tmp_path, material(None), options="      record: true\n")
    assert build(root, strict=False).returncode == 0
    with policydoc.History.open(root / ".policydoc" / "privacy.sqlite3") as history:
        assert len(history) == 1


def test_unknown_option_is_an_error_naming_it(tmp_path: Path) -> None:
    root = project(tmp_path, V1, options="      notice_dayz: 10\n")
    done = build(root, strict=False)
    assert done.returncode == 1
    assert "unknown key 'notice_dayz'; did you mean 'notice_days'?" in done.stderr
    (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text().replace("notice_dayz: 10", "fail_on: huge")
    )
    done = build(root, strict=False)
    assert done.returncode == 1 and "fail_on: unknown level 'huge'" in done.stderr


def test_pyproject_settings_apply_under_the_options(tmp_path: Path) -> None:
    root = project(tmp_path, material(days_ahead(10)))
    (root / "pyproject.toml").write_text("[tool.policydoc]\nnotice-days = 5\n")
    assert build(root).returncode == 0


def test_a_crlf_page_equal_to_its_recorded_version_is_unchanged(tmp_path: Path) -> None:
    crlf = V1.replace("\n", "\r\n")
    root = project(tmp_path, V1, recorded=crlf)
    (root / "docs" / "privacy.md").write_bytes(crlf.encode())
    assert build(root).returncode == 0
    changes = (root / "site" / "privacy-changes" / "index.html").read_text()
    assert ">v1</h2>" in changes and "not yet recorded" not in changes
