"""CPU seconds of one warm Overview run: what each of 25 viewers' filter changes costs the app's single process.

    python -m bench.rerun_cpu --database-url sqlite:///bench-results/load-1000000/nps.db --runs 12
    python -m bench.rerun_cpu ... --profile bench-results/overview.prof   # and a cProfile of the warm runs

Streamlit runs every session's script in one Python process, so when a meeting changes a filter at once the runs
queue on one core: the p95 of `bench.load` is about viewers × CPU per run. This runs app.py through Streamlit's
AppTest, signed in as an existing user (default `bench`, as `bench.load` adds it), opens the shared link
(`region=Poland`), then changes the sidebar's period in turn and reads the script thread's CPU time
(`time.thread_time`, so other jobs on a shared machine do not count) for each run. Every period is shown once
first, so the figures are warm: what the second and later viewers of a meeting pay for a view already cached.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PERIODS = ("last_90", "last_quarter", "ytd")
"""The presets `bench.load` switches between ("Last 90 days", "Last quarter", "Year to date")."""


@contextmanager
def timed_script_thread(profile: cProfile.Profile | None) -> Iterator[list[float]]:
    """CPU seconds of every script run started inside the block (and the profile of those runs, when given)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    seconds: list[float] = []
    original = LocalScriptRunner._run_script_thread

    def measured(self: LocalScriptRunner) -> None:
        started = time.thread_time()
        if profile is not None:
            profile.enable()
        try:
            original(self)
        finally:
            if profile is not None:
                profile.disable()
            seconds.append(time.thread_time() - started)

    LocalScriptRunner._run_script_thread = measured  # type: ignore[method-assign]
    try:
        yield seconds
    finally:
        LocalScriptRunner._run_script_thread = original  # type: ignore[method-assign]


def _as_served() -> None:
    """Run app.py on every rerun as `server.py` serves it. AppTest resets `PagesManager.uses_pages_directory`
    before each run, so from the second run on it would run the page file alone (old `pages/` mode, no
    sidebar): it resets a subclass's flag instead, and the real one stays off. AppTest also compiles the scripts
    afresh each run (a new ScriptCache), which a server does once: one cache is shared here."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared  # type: ignore[misc, assignment]
    local_script_runner.ScriptCache = lambda: shared  # type: ignore[misc, assignment]

    class NavigationOnly(PagesManager):
        pass

    app_test.PagesManager = NavigationOnly  # type: ignore[misc]
    PagesManager.uses_pages_directory = False


def measure(username: str, runs: int, profile: cProfile.Profile | None) -> tuple[list[float], list[float]]:
    """(CPU seconds of each cold first showing of a period, of each warm run); DATABASE_URL names the store."""
    from streamlit.testing.v1 import AppTest

    _as_served()

    from nps import users
    from nps.db import make_engine

    root = Path(__file__).resolve().parents[1]
    user = users.session_user(username, None, engine=make_engine(os.environ["DATABASE_URL"]))
    if user is None:
        raise SystemExit(f"no user {username!r} in the store: run bench.load once, or pass --user")
    at = AppTest.from_file(str(root / "app.py"), default_timeout=600)
    at.query_params["in:region"] = "Poland"
    for key, value in {"authentication_status": True, "username": username, "name": user.name}.items():
        at.session_state[key] = value
    at.session_state["roles"] = [user.role]

    def change(period: str) -> None:
        before = [metric.value for metric in at.metric]
        at.selectbox(key="filter_preset").set_value(period).run()
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        if [metric.value for metric in at.metric] == before:
            raise RuntimeError(f"choosing {period} changed no KPI")

    at.run()
    if at.exception or not at.title:
        problems = [error.message for error in at.exception] + [error.value for error in at.error]
        raise RuntimeError(f"the Overview did not open: {problems}")
    cold: list[float] = []
    with timed_script_thread(None) as seconds:
        for period in PERIODS:
            change(period)
    cold += seconds
    with timed_script_thread(profile) as seconds:
        for number in range(runs):
            change(PERIODS[number % len(PERIODS)])
    return cold, seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--user", default="bench")
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the warm runs here")
    arguments = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = arguments.database_url
    profile = cProfile.Profile() if arguments.profile else None
    cold, warm = measure(arguments.user, arguments.runs, profile)
    if profile is not None:
        profile.dump_stats(arguments.profile)
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"first showing of each period: {', '.join(f'{s * 1000:.0f}' for s in cold)} ms of CPU\n"
        f"warm run, {len(warm)} runs: median {statistics.median(warm) * 1000:.0f} ms of CPU, "
        f"min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f} (load average {load})",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
