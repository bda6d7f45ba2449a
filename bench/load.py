"""A meeting's worth of viewers: N Chromium sessions open one shared Overview link at once, then change a filter.

    python -m bench.load                           # 25 sessions on the 1M-row store, SQLite and PostgreSQL
    python -m bench.load --rows 10000 --sessions 5 --database sqlite --output /tmp/load.md   # a smoke run

Reports p50/p95 of link → KPI and of filter change → updated KPI over every session and round, the server's
share of a filter change (until the app's "script finished" message reaches the page, read from the websocket),
the peak memory (RSS of the streamlit process and its children) and the mean CPU of the app while the sessions
ran. Chromium runs on the same machine as the app; with two or more cores the app is pinned to one core and the
browsers to the others, so drawing 25 pages does not take the app's CPU (it still slows what the browsers show).
The reference row ("one session alone") is measured in the same run against the same app.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf.message import DecodeError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.app_server import CHROMIUM_ARGS, running_streamlit
from bench.browser import KPI, PASSWORD, PERIOD_PICKER, _env, add_admin
from bench.run import RESULTS, ROOT, Row, bench_csv, child, machine, scratch_postgres, table, write_report

SHARED_LINK = "/?in%3Aregion=Poland"
PERIODS = ("Last 90 days", "Last quarter", "Year to date")
"""The filter changes of each round, in turn (each changes the Responses KPI of the bench data)."""


@dataclass
class LoadFigures:
    open_seconds: list[float] = field(default_factory=list)
    filter_seconds: list[float] = field(default_factory=list)
    served_seconds: list[float] = field(default_factory=list)
    alone_filter_seconds: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    mean_cpu_percent: float = 0.0
    failures: list[str] = field(default_factory=list)


def _tree(pid: int) -> list[int]:
    """pid and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _rss_and_cpu(pids: list[int]) -> tuple[float, float]:
    """(RSS in MB, CPU seconds so far) summed over the processes."""
    rss = cpu = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        rss += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0) / 1024
        cpu += (int(fields[11]) + int(fields[12])) / ticks
    return rss, cpu


class Monitor:
    """Samples the app's process tree every 0.25 s in a thread: peak RSS, CPU used between start and stop."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, _ = _rss_and_cpu(_tree(self.pid))
            self.peak_mb = max(self.peak_mb, rss)
            self._stop.wait(0.25)

    def __enter__(self) -> Monitor:
        self._started = time.perf_counter()
        self._cpu = _rss_and_cpu(_tree(self.pid))[1]
        self._thread.start()
        return self

    def __exit__(self, *error: object) -> None:
        self._stop.set()
        self._thread.join()
        wall = time.perf_counter() - self._started
        self.cpu_percent = 100 * (_rss_and_cpu(_tree(self.pid))[1] - self._cpu) / wall if wall else 0.0


async def _wait_idle(page) -> None:
    await page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=180_000)


async def _signed_in_state(browser, url: str) -> dict:
    """The cookies of one login, so every session opens the link signed in (as colleagues in a meeting do)."""
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    page = await context.new_page()
    page.set_default_timeout(180_000)
    await page.goto(url)
    for attempt in range(3):  # a rerun of the sign-in page can clear the typed form once (see bench/browser.py)
        await page.get_by_label("Username").first.wait_for()
        await _wait_idle(page)
        await page.get_by_label("Username").first.fill("bench")
        await page.get_by_label("Password", exact=True).first.fill(PASSWORD)
        await page.get_by_role("button", name="Sign in", exact=True).first.click()
        try:
            await page.locator(KPI).first.wait_for(state="visible", timeout=60_000)
            break
        except Exception:
            if attempt == 2 or await page.get_by_label("Username").count() == 0:
                raise
    for _ in range(100):  # the sign-in cookie is written by a one-off script in the first signed-in run
        if any(cookie["name"] == "nps_dashboard_auth" for cookie in await context.cookies()):
            break
        await page.wait_for_timeout(200)
    state = await context.storage_state()
    await context.close()
    return state


def _script_finished(payload: bytes | str) -> bool:
    """Whether a frame from the app is its "script run finished" message."""
    if not isinstance(payload, bytes):
        return False
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except DecodeError:
        return False
    return message.WhichOneof("type") == "script_finished"


@dataclass
class Frames:
    """perf_counter() of every message the page sends to the app and of every "script run finished" it gets."""

    sent: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)

    def served_after(self, moment: float) -> float | None:
        """Seconds from the first message sent after `moment` (the widget change reaching the app) to the next
        "script finished": the app's share, without the browser's delay before sending or its drawing after."""
        sent = next((t for t in self.sent if t > moment), None)
        done = next((t for t in self.finished if sent is not None and t > sent), None)
        return done - sent if sent is not None and done is not None else None


def _watch_runs(page) -> Frames:
    frames = Frames()

    def watch(socket) -> None:
        socket.on("framesent", lambda _payload: frames.sent.append(time.perf_counter()))
        socket.on(
            "framereceived",
            lambda payload: _script_finished(payload) and frames.finished.append(time.perf_counter()),
        )

    page.on("websocket", watch)
    return frames


async def _change_period(page, period: str, frames: Frames, figures: LoadFigures) -> float:
    """Seconds from choosing `period` until the Responses KPI shows another value; also notes in `figures`
    when the app's run for it finished (the server's share, without the browser drawing the page)."""
    await _wait_idle(page)
    responses = page.locator(KPI).last
    before = await responses.inner_text()
    await page.locator(PERIOD_PICKER).first.click()
    option = page.get_by_role("option", name=period)
    await option.wait_for()
    started = time.perf_counter()
    await option.click()
    deadline = time.monotonic() + 180
    while await responses.inner_text() == before:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the KPI did not change after choosing {period}")
        await asyncio.sleep(0.02)
    shown = time.perf_counter() - started
    while frames.served_after(started) is None and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    if (served := frames.served_after(started)) is not None:
        figures.served_seconds.append(served)
    return shown


async def _session(browser, state: dict, link: str, start: asyncio.Barrier, rounds: int, figures: LoadFigures):
    context = await browser.new_context(viewport={"width": 1920, "height": 1080}, storage_state=state)
    page = await context.new_page()
    page.set_default_timeout(180_000)
    frames = _watch_runs(page)
    try:
        await start.wait()
        opened = time.perf_counter()
        await page.goto(link)
        await page.locator(KPI).first.wait_for(state="visible")
        figures.open_seconds.append(time.perf_counter() - opened)
        for number in range(rounds):
            await start.wait()
            figures.filter_seconds.append(await _change_period(page, PERIODS[number % len(PERIODS)], frames, figures))
    except Exception as error:
        figures.failures.append(f"{error.__class__.__name__}: {str(error)[:160]}")
        start.abort()
    finally:
        await context.close()


async def _drive(url: str, sessions: int, rounds: int, pid: int) -> LoadFigures:
    from playwright.async_api import async_playwright

    figures = LoadFigures()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            state = await _signed_in_state(browser, url)
            alone = LoadFigures()
            await _session(browser, state, url + SHARED_LINK, asyncio.Barrier(1), rounds, alone)
            figures.alone_filter_seconds = alone.filter_seconds
            figures.failures += [f"alone: {failure}" for failure in alone.failures]
            start = asyncio.Barrier(sessions)
            with Monitor(pid) as monitor:
                await asyncio.gather(
                    *(_session(browser, state, url + SHARED_LINK, start, rounds, figures) for _ in range(sessions))
                )
            figures.peak_rss_mb, figures.mean_cpu_percent = monitor.peak_mb, monitor.cpu_percent
        finally:
            await browser.close()
    return figures


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def prepared_store(label: str, url: str, csv: Path) -> None:
    """Import the bench export into a fresh store and analyse its comments (each in its own process)."""
    imported = child("import", url=url, path=str(csv))
    analysed = child("analyse", url=url)
    print(
        f"{label}: imported {imported['imported']:,} rows in {imported['seconds']:.1f} s, "
        f"analysed {analysed['analysed']:,} comments in {analysed['seconds']:.1f} s",
        file=sys.stderr,
    )


def split_cores() -> tuple[set[int] | None, set[int] | None]:
    """(the app's cores, the browsers' cores): on a machine of two or more cores the app gets the first and the
    browsers the rest, so the server-side times measure the app on one core of its own rather than the app
    fighting 25 Chromium pages for the same cores (in a real meeting each viewer's laptop draws its own page)."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return None, None
    return {cores[0]}, set(cores[1:])


def measure(label: str, database_url: str | None, data_dir: Path, sessions: int, rounds: int) -> list[Row]:
    env = _env(database_url, data_dir)
    add_admin(env)
    app_cores, browser_cores = split_cores()
    log = data_dir / f"streamlit-load-{label}.log"
    with running_streamlit(env, log, seconds=120, cpus=app_cores) as (process, url):
        everything = os.sched_getaffinity(0)
        if browser_cores:
            os.sched_setaffinity(0, browser_cores)  # Chromium and Playwright's driver inherit it
        try:
            figures = asyncio.run(_drive(url, sessions, rounds, process.pid))
        finally:
            os.sched_setaffinity(0, everything)
    note = "; ".join(figures.failures[:3]) or f"{len(figures.filter_seconds)} filter changes"
    alone = statistics.median(figures.alone_filter_seconds) if figures.alone_filter_seconds else None
    what = f"{sessions} sessions"
    return [
        Row(f"{what}: shared link → KPI, p50", label, percentile(figures.open_seconds, 0.5), "info", None),
        Row(f"{what}: shared link → KPI, p95", label, percentile(figures.open_seconds, 0.95), "info", None),
        Row(f"{what}: filter change → KPI, p50", label, percentile(figures.filter_seconds, 0.5), "info", None),
        Row(
            f"{what}: filter change → KPI, p95",
            label,
            percentile(figures.filter_seconds, 0.95) if not figures.failures else None,
            "≤ 2 s",
            2.0,
            alone,
            "one session alone",
            note=note,
        ),
        Row(
            f"{what}: filter change reaches the app → its run finished (server side), p95",
            label,
            percentile(figures.served_seconds, 0.95),
            "info",
            None,
            note=f"p50 {_seconds(percentile(figures.served_seconds, 0.5))}; {len(figures.served_seconds)} runs",
        ),
        Row(f"{what}: app memory, peak RSS of its process tree (MB)", label, figures.peak_rss_mb, "≤ 2048 MB", 2048.0),
        Row(
            f"{what}: app CPU while they ran (% of one core)",
            label,
            figures.mean_cpu_percent,
            "info",
            None,
            note=f"app pinned to core(s) {sorted(app_cores)}, Chromium's {sessions} pages to {sorted(browser_cores)}"
            if app_cores and browser_cores
            else f"{os.cpu_count()} core(s) shared by the app and Chromium's {sessions} pages",
        ),
    ]


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3, help="filter changes per session")
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--workdir", type=Path, default=RESULTS)
    arguments = parser.parse_args(argv)
    facts = machine()
    csv = bench_csv(arguments.rows, arguments.seed)
    workdir = arguments.workdir / f"load-{arguments.rows}"
    workdir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    notes: list[str] = []
    if arguments.database in ("sqlite", "both"):
        prepared_store("SQLite", f"sqlite:///{workdir / 'nps.db'}", csv)
        rows += measure("SQLite", None, workdir, arguments.sessions, arguments.rounds)
    if arguments.database in ("postgres", "both"):
        scratch = scratch_postgres()
        if scratch is None:
            notes.append("PostgreSQL was unreachable: no PostgreSQL rows")
        else:
            url, drop = scratch
            try:
                prepared_store("PostgreSQL", url, csv)
                rows += measure("PostgreSQL", url, workdir, arguments.sessions, arguments.rounds)
            finally:
                drop()
    facts["load average at end"] = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(table(rows))
    command = (
        f"python -m bench.load --rows {arguments.rows} --sessions {arguments.sessions} "
        f"--rounds {arguments.rounds} --database {arguments.database}"
    )
    write_report(arguments.output, "load", command, rows, facts, notes)
    return rows


if __name__ == "__main__":
    main()
