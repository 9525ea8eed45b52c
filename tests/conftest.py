from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POLICYDOC_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# CI draws the same examples on every run, so a red gate is reproducible and never flips on
# luck; the random search for new failures is the "dev" and "thorough" profiles' job.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=30, deadline=None)
# Long random search for bugs, run by hand before a release: HYPOTHESIS_PROFILE=thorough.
settings.register_profile(
    "thorough", max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"optional data {path} is absent")
    return path


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server (started for the session); skips when none can be had."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (policydoc[postgres])")
    from tests.pgserver import Unavailable, server

    try:
        with server() as url:
            yield url
            return
    except Unavailable as e:
        if os.environ.get("POLICYDOC_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but unavailable: {e}")
        pytest.skip(f"PostgreSQL tests skipped: {e}")


@pytest.fixture(scope="session")
def monkeypatch_session() -> Iterator[pytest.MonkeyPatch]:
    """A monkeypatch usable inside hypothesis tests (function-scoped fixtures are not reset per example)."""
    with pytest.MonkeyPatch.context() as m:
        yield m
