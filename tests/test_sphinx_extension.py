"""The Sphinx extension, through real ``sphinx-build`` runs on temporary MyST projects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import policydoc
from tests.pages import EDITORIAL, V1, days_ahead, material, record, run

pytest.importorskip("sphinx")
pytest.importorskip("myst_parser")

pytestmark = pytest.mark.slow

BOX = "\n```{policydoc-changes}\n:link: changes\n```\n"


def with_box(page: str) -> str:
    """The policy page with the directive under its title (part of every recorded version too)."""
    return page.replace("# Example Privacy Policy\n", "# Example Privacy Policy\n" + BOX, 1)


def project(tmp_path: Path, page: str, *, conf: str = "", recorded: str | None = V1) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "conf.py").write_text(
        'project = "Example"\n'
        'extensions = ["myst_parser", "policydoc.sphinx"]\n'
        'policydoc_policies = ["privacy.md"]\n'
        'policydoc_store = ".policydoc/{name}.sqlite3"\n' + conf
    )
    (tmp_path / "index.md").write_text("# Home\n\n```{toctree}\nprivacy\nchanges\n```\n")
    (tmp_path / "changes.md").write_text(
        "# Changes to our privacy policy\n\n```{policydoc-changes} privacy.md\n:history:\n```\n"
    )
    (tmp_path / "privacy.md").write_text(with_box(page))
    if recorded is not None:
        record(tmp_path / ".policydoc" / "privacy.sqlite3", with_box(recorded))
    return tmp_path


def build(root: Path, *extra: str):
    return run("sphinx", "-b", "html", "-q", *extra, ".", "_build", cwd=root)


def test_page_shows_the_change_box_and_the_history_has_the_redline(tmp_path: Path) -> None:
    root = project(tmp_path, material(days_ahead(45)))
    done = build(root)
    assert done.returncode == 0, done.stderr
    page = (root / "_build" / "privacy.html").read_text()
    box = re.search(r'<div class="policydoc-changes warning admonition">.*?</div>', page, re.S)
    assert box, "no change box on the policy page"
    assert "What changed" in box[0] and "material changes" in box[0]
    assert "How long we keep data" in box[0] and 'href="changes.html"' in box[0]
    changes = (root / "_build" / "changes.html").read_text()
    assert "<del>30</del>" in changes and "<ins>90</ins>" in changes
    assert ">v1</h2>" in changes and "level <strong>material</strong>" in changes


def test_build_fails_on_a_material_change_without_enough_notice(tmp_path: Path) -> None:
    root = project(tmp_path, material(days_ahead(10)))
    done = build(root)
    # Fails without -W: the gate does not depend on how warnings are treated.
    assert done.returncode == 1
    assert "privacy.md: material change needs 30 days' notice" in done.stderr
    assert '"How long we keep data"' in done.stderr and "quantity.worse" in done.stderr
    assert build(root, "-W").returncode == 1
    no_date = project(tmp_path / "no-date", material(None))
    done = build(no_date)
    assert done.returncode == 1 and "it has no effective date" in done.stderr


def test_build_passes_with_an_effective_date_far_enough_ahead(tmp_path: Path) -> None:
    root = project(tmp_path, material(days_ahead(31)))
    done = build(root, "-W")
    assert done.returncode == 0, done.stderr


def test_editorial_change_has_no_box(tmp_path: Path) -> None:
    root = project(tmp_path, EDITORIAL)
    assert build(root, "-W").returncode == 0
    assert "policydoc-changes" not in (root / "_build" / "privacy.html").read_text()


def test_config_values_and_record(tmp_path: Path) -> None:
    effective = days_ahead(10)
    root = project(
        tmp_path, material(effective), conf="policydoc_notice_days = 7\npolicydoc_record = True\n"
    )
    assert build(root).returncode == 0
    with policydoc.History.open(root / ".policydoc" / "privacy.sqlite3") as history:
        assert [v.label for v in history] == ["v1", effective.isoformat()]


def test_unknown_config_value_is_an_error_naming_it(tmp_path: Path) -> None:
    root = project(tmp_path, V1, conf="policydoc_fail_onn = 'major'\n")
    done = build(root)
    assert done.returncode != 0
    assert "unknown setting 'policydoc_fail_onn'; did you mean 'policydoc_fail_on'?" in done.stderr
