"""The pre-commit hook: its manifest, and its entry run on a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.pages import EDITORIAL, V1, days_ahead, material, record

pytestmark = pytest.mark.slow

if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def hook() -> dict[str, object]:
    (entry,) = [h for h in yaml.safe_load(MANIFEST.read_text()) if h["id"] == "policydoc-check"]
    return entry


def entry_command() -> list[str]:
    """The manifest's entry, as pre-commit would run it from this environment."""
    name, *args = str(hook()["entry"]).split()
    script = Path(sys.executable).parent / name
    assert script.exists(), f"console script {name} is not installed"
    return [str(script), *args]


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


def repo_with(tmp_path: Path, committed: str) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "privacy.md").write_text(committed)
    git(tmp_path, "add", "privacy.md")
    git(tmp_path, "commit", "-q", "-m", "v1")
    return tmp_path


def stage(repo: Path, text: str) -> None:
    (repo / "privacy.md").write_text(text)
    git(repo, "add", "privacy.md")


def check(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*entry_command(), *args, "privacy.md"], cwd=repo, capture_output=True, text=True
    )


def test_manifest_is_valid_for_pre_commit() -> None:
    assert hook()["language"] == "python"
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    done = subprocess.run(
        [pre_commit, "validate-manifest", str(MANIFEST)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_staged_material_change_is_blocked_with_reasons_and_notice(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, V1)
    stage(repo, material(None))
    done = check(repo)
    assert done.returncode == 1
    assert "privacy.md: commit blocked: material change needs 30 days' notice" in done.stdout
    assert '"How long we keep data"' in done.stdout and "quantity.worse" in done.stdout
    assert "Draft notice:" in done.stdout and "Important changes" in done.stdout


def test_staged_text_counts_not_the_working_tree(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, V1)
    stage(repo, material(None))
    (repo / "privacy.md").write_text(V1)  # unstaged: the commit would still carry the change
    assert check(repo).returncode == 1


def test_editorial_change_and_enough_notice_pass(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, V1)
    stage(repo, EDITORIAL)
    done = check(repo)
    assert done.returncode == 0, done.stdout
    stage(repo, material(days_ahead(40)))
    done = check(repo)
    assert done.returncode == 0 and "material change; ok" in done.stdout
    # A stricter setting blocks the same change.
    assert check(repo, "--notice-days", "60").returncode == 1
    (repo / "pyproject.toml").write_text("[tool.policydoc]\nnotice-days = 60\n")
    assert check(repo).returncode == 1


def test_a_new_policy_file_passes(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    stage(tmp_path, material(None))
    assert check(tmp_path).returncode == 0


def test_policies_setting_limits_the_files_checked(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, V1)
    stage(repo, material(None))
    (repo / "pyproject.toml").write_text('[tool.policydoc]\npolicies = ["legal/*.md"]\n')
    assert check(repo).returncode == 0


def test_against_the_history_store(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    record(tmp_path / "history.sqlite3", V1)
    stage(tmp_path, material(None))
    done = check(tmp_path, "--store", "history.sqlite3")
    assert done.returncode == 1 and "commit blocked" in done.stdout
    stage(tmp_path, EDITORIAL)
    assert check(tmp_path, "--store", "history.sqlite3").returncode == 0
    # A store that does not exist is an error, not a silent pass.
    done = check(tmp_path, "--store", "histroy.sqlite3")
    assert done.returncode == 2 and "no history store at histroy.sqlite3" in done.stderr
    assert not (tmp_path / "histroy.sqlite3").exists()


def test_bad_settings_are_an_error_not_a_traceback(tmp_path: Path) -> None:
    repo = repo_with(tmp_path, V1)
    (repo / "pyproject.toml").write_text("[tool.policydoc]\nnotice_dayz = 60\n")
    done = check(repo)
    assert done.returncode == 2
    assert "unknown key 'notice_dayz'; did you mean 'notice_days'?" in done.stderr
    assert "Traceback" not in done.stderr


def test_real_pre_commit_run_blocks_and_passes(tmp_path: Path) -> None:
    """pre-commit itself runs the hook (a local repo entry, so no network is needed)."""
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    (tmp_path / "repo").mkdir()
    repo = repo_with(tmp_path / "repo", V1)
    config = {
        "repos": [
            {
                "repo": "local",
                "hooks": [
                    {**hook(), "entry": " ".join(entry_command()), "language": "system"},
                ],
            }
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def pre_commit_run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "run"], cwd=repo, capture_output=True, text=True, env=env
        )

    stage(repo, material(None))
    done = pre_commit_run()
    assert done.returncode == 1 and "commit blocked" in done.stdout, done.stdout
    stage(repo, EDITORIAL)
    done = pre_commit_run()
    assert done.returncode == 0 and "Passed" in done.stdout, done.stdout
