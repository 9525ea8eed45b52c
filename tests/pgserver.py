"""A throwaway PostgreSQL server for the store tests.

``POLICYDOC_TEST_POSTGRES`` (a ``postgresql://`` URL to a server the tests may
create schemas in) is used when set. Otherwise a cluster is created in a
temporary folder with the local ``initdb`` (Debian: /usr/lib/postgresql/*/bin),
started on a free local port as an unprivileged user (``postgres`` when the
tests run as root; PostgreSQL refuses to run as root), and removed afterwards.
When neither works the PostgreSQL tests skip with the reason, unless
``POLICYDOC_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) turns that into a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Unavailable(Exception):
    """No PostgreSQL server can be used; the message says why."""


def _binaries() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise Unavailable(
            "PostgreSQL is not installed (no initdb; on Debian: apt-get install postgresql), "
            "and POLICYDOC_TEST_POSTGRES is not set"
        )
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server() -> Iterator[str]:
    """A URL to a PostgreSQL server for the duration of the block."""
    url = os.environ.get("POLICYDOC_TEST_POSTGRES")
    if url:
        yield url
        return
    bin_dir = _binaries()
    prefix: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="policydoc-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise Unavailable(
                "running as root and there is no 'postgres' user to run a server as"
            ) from None
        os.chown(folder, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    port = _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True)
        if done.returncode:
            raise Unavailable(
                f"{Path(args[0]).name} failed: {(done.stderr or done.stdout).strip()}"
            )

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "policydoc",
            "-E", "UTF8", "--no-sync")  # fmt: skip
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")  # fmt: skip
    except Unavailable:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        yield f"postgresql://policydoc@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
