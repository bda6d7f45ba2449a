"""`streamlit run server.py` (the app and its cookie route) on a free local port until the caller is done: shared by
the e2e tests and the bench."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
"""Debian's /usr/bin/chromium, headless, with no calls home."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


@contextmanager
def running_streamlit(
    env: dict[str, str], log: Path, *, port: int | None = None, seconds: float = 60, cpus: set[int] | None = None
) -> Iterator[tuple[subprocess.Popen, str]]:
    """(process, base URL) of the app once `/_stcore/health` answers; stopped (then killed) on exit. With `cpus`
    the app (and its helper processes) run only on those cores."""
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    with log.open("a") as output:
        pin = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, preexec_fn=pin)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, process, log, seconds)
            yield process, url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
