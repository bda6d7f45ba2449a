"""A throw-away PostgreSQL cluster for the store tests when no server is listening.

A fresh machine may have the `postgresql` package (``make test`` installs it) but no running server, and CI may
stop the system one: the suite then runs `initdb` in a temporary folder, starts the server on a free port with
trust authentication, and removes it all at the end. An explicitly configured `NPS_TEST_POSTGRES_URL` is used as
given and never replaced.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class NoPostgresBinaries(RuntimeError):
    """initdb/pg_ctl are not installed: `make test` installs Debian's `postgresql` package."""


def _binary_dir() -> Path:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise NoPostgresBinaries("initdb was not found; install PostgreSQL (Debian: apt-get install postgresql)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_cluster_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; root runs it as the `postgres` system user the package creates."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Yield the admin URL of a new cluster (database `test`), stopped and deleted on exit."""
    binaries = _binary_dir()
    root = Path(tempfile.mkdtemp(prefix="nps-pg-"))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    try:
        subprocess.run(
            _as_cluster_owner(
                [
                    str(binaries / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            **run,
        )
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _as_cluster_owner(
                [str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
            ),
            **run,
        )
        subprocess.run(
            _as_cluster_owner(
                [str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "test"]
            ),
            **run,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/test"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_cluster_owner([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(root, ignore_errors=True)
