"""A meeting's worth of viewers: 25 sessions open one shared Overview link at once, then change the period together.

    python -m bench.load                           # 25 viewers + 5 Chromium sessions, 1M-row store, both databases
    python -m bench.load --rows 10000 --viewers 5 --browsers 2 --database sqlite --output /tmp/load.md  # smoke run

One Chromium session signs in, opens the link and changes the period (`--rounds` times); what its page sent is
recorded. Then `--browsers` Chromium sessions do the same together (what a viewer sees, drawing included), and
`--viewers` websocket clients replay the recorded messages together (`bench.replay`: the server's share, for as
many viewers as a meeting has, without 25 browsers drawing on the app's 2 cores). Reports p50/p95 of link → first
view and of filter change → KPI, the peak memory (RSS of the streamlit process and its children) and the app's CPU
while the viewers ran. With two or more cores the app is pinned to one core and the browsers and clients to the
others. The reference row ("one session alone") is the recorded session's server-side time.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.app_server import CHROMIUM_ARGS, running_streamlit
from bench.browser import KPI, PASSWORD, PERIOD_PICKER, _env, add_admin
from bench.replay import Recording, ReplayFigures, is_rerun, is_script_finished, replay
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
    replayed: ReplayFigures = field(default_factory=ReplayFigures)
    peak_rss_mb: float = 0.0
    mean_cpu_percent: float = 0.0
    cpu_per_run: float | None = None
    """The app's CPU seconds while the viewers replayed, per script run it finished for them."""
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
        self.cpu_seconds = _rss_and_cpu(_tree(self.pid))[1] - self._cpu
        self.cpu_percent = 100 * self.cpu_seconds / wall if wall else 0.0


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


@dataclass
class Frames:
    """What a page exchanged with the app: (perf_counter(), payload) of every message it sent, the moments of
    every "script run finished" it received, and when each filter change was made."""

    sent: list[tuple[float, bytes | str]] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)

    def served_after(self, moment: float) -> float | None:
        """Seconds from the first message sent after `moment` (the widget change reaching the app) to the next
        "script finished": the app's share, without the browser's delay before sending or its drawing after."""
        sent = next((t for t, _ in self.sent if t > moment), None)
        done = next((t for t in self.finished if sent is not None and t > sent), None)
        return done - sent if sent is not None and done is not None else None

    def recording(self) -> Recording:
        """The rerun messages sent while the link opened and within each filter change, for `bench.replay`."""
        bounds = [*self.changes, float("inf")]
        reruns = [(moment, payload) for moment, payload in self.sent if is_rerun(payload)]
        return Recording(
            opening=[payload for moment, payload in reruns if moment < bounds[0]],  # type: ignore[misc]
            changes=[
                [payload for moment, payload in reruns if start <= moment < end]  # type: ignore[misc]
                for start, end in itertools.pairwise(bounds)
            ],
        )


def _watch_runs(page) -> Frames:
    frames = Frames()

    def watch(socket) -> None:
        socket.on("framesent", lambda payload: frames.sent.append((time.perf_counter(), payload)))
        socket.on(
            "framereceived",
            lambda payload: is_script_finished(payload) and frames.finished.append(time.perf_counter()),
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
    frames.changes.append(started)
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


async def _session(
    browser, state: dict, link: str, start: asyncio.Barrier, rounds: int, figures: LoadFigures
) -> Frames:
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
        await start.abort()
    finally:
        await context.close()
    return frames


async def _drive(url: str, browsers: int, viewers: int, rounds: int, pid: int) -> LoadFigures:
    """One session alone (recorded), then `browsers` Chromium sessions together, then `viewers` replayed ones."""
    from playwright.async_api import async_playwright

    figures = LoadFigures()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            state = await _signed_in_state(browser, url)
            alone = LoadFigures()
            recorded = await _session(browser, state, url + SHARED_LINK, asyncio.Barrier(1), rounds, alone)
            figures.alone_filter_seconds = alone.served_seconds
            figures.failures += [f"alone: {failure}" for failure in alone.failures]
            if browsers:
                start = asyncio.Barrier(browsers)
                await asyncio.gather(
                    *(_session(browser, state, url + SHARED_LINK, start, rounds, figures) for _ in range(browsers))
                )
        finally:
            await browser.close()
    with Monitor(pid) as monitor:
        figures.replayed = await replay(url, state["cookies"], recorded.recording(), viewers)
    figures.peak_rss_mb, figures.mean_cpu_percent = monitor.peak_mb, monitor.cpu_percent
    if figures.replayed.runs:
        figures.cpu_per_run = monitor.cpu_seconds / figures.replayed.runs
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


def measure(
    label: str, database_url: str | None, data_dir: Path, browsers: int, viewers: int, rounds: int
) -> list[Row]:
    env = _env(database_url, data_dir)
    add_admin(env)
    app_cores, browser_cores = split_cores()
    log = data_dir / f"streamlit-load-{label}.log"
    with running_streamlit(env, log, seconds=120, cpus=app_cores) as (process, url):
        everything = os.sched_getaffinity(0)
        if browser_cores:
            os.sched_setaffinity(0, browser_cores)  # Chromium, Playwright's driver and the replay clients inherit it
        try:
            figures = asyncio.run(_drive(url, browsers, viewers, rounds, process.pid))
        finally:
            os.sched_setaffinity(0, everything)
    replayed = figures.replayed
    alone = statistics.median(figures.alone_filter_seconds) if figures.alone_filter_seconds else None
    cores = (
        f"app pinned to core(s) {sorted(app_cores)}, browsers and clients to {sorted(browser_cores)}"
        if app_cores and browser_cores
        else f"{os.cpu_count()} core(s) shared by the app, the browsers and the clients"
    )
    received = statistics.median(replayed.opening_bytes) / 1024 if replayed.opening_bytes else 0
    viewers_note = "; ".join(replayed.failures[:3]) or (
        f"{len(replayed.change_seconds)} filter changes; first view {received:,.0f} kB per viewer; {cores}"
    )
    browsers_note = "; ".join(figures.failures[:3]) or (
        f"{len(figures.filter_seconds)} changes; server side p95 "
        f"{_seconds(percentile(figures.served_seconds, 0.95))}, the rest is Chromium drawing on a shared core"
    )
    what = f"{viewers} viewers (replayed sessions)"
    rows = [
        Row(f"{what}: shared link → first view, p50", label, percentile(replayed.open_seconds, 0.5), "info", None),
        Row(f"{what}: shared link → first view, p95", label, percentile(replayed.open_seconds, 0.95), "info", None),
        Row(f"{what}: filter change → KPI, p50", label, percentile(replayed.change_seconds, 0.5), "info", None),
        Row(
            f"{what}: filter change → KPI, p95",
            label,
            percentile(replayed.change_seconds, 0.95) if not replayed.failures else None,
            "≤ 2 s",
            2.0,
            alone,
            "one session alone",
            note=viewers_note,
        ),
        Row(f"{what}: app memory, peak RSS of its process tree (MB)", label, figures.peak_rss_mb, "≤ 2048 MB", 2048.0),
        Row(f"{what}: app CPU while they ran (% of one core)", label, figures.mean_cpu_percent, "info", None),
        Row(
            f"{what}: app CPU per script run",
            label,
            figures.cpu_per_run,
            "info",
            None,
            note=f"{figures.replayed.runs} runs; load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}",
        ),
    ]
    if browsers:
        seen = f"{browsers} Chromium sessions"
        rows += [
            Row(f"{seen}: shared link → KPI drawn, p95", label, percentile(figures.open_seconds, 0.95), "info", None),
            Row(
                f"{seen}: filter change → KPI drawn, p95",
                label,
                percentile(figures.filter_seconds, 0.95) if not figures.failures else None,
                "info",
                None,
                note=browsers_note,
            ),
        ]
    return rows


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--viewers", type=int, default=25, help="replayed sessions (websocket clients)")
    parser.add_argument("--browsers", type=int, default=5, help="Chromium sessions drawing the page")
    parser.add_argument("--rounds", type=int, default=3, help="filter changes per session")
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--workdir", type=Path, default=RESULTS)
    parser.add_argument(
        "--keep-store", action="store_true", help="SQLite: use the store an earlier run prepared, if there is one"
    )
    arguments = parser.parse_args(argv)
    facts = machine()
    csv = bench_csv(arguments.rows, arguments.seed)
    workdir = arguments.workdir / f"load-{arguments.rows}"
    workdir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    notes: list[str] = []
    if arguments.database in ("sqlite", "both"):
        if not (arguments.keep_store and (workdir / "nps.db").exists()):
            prepared_store("SQLite", f"sqlite:///{workdir / 'nps.db'}", csv)
        rows += measure("SQLite", None, workdir, arguments.browsers, arguments.viewers, arguments.rounds)
    if arguments.database in ("postgres", "both"):
        scratch = scratch_postgres()
        if scratch is None:
            notes.append("PostgreSQL was unreachable: no PostgreSQL rows")
        else:
            url, drop = scratch
            try:
                prepared_store("PostgreSQL", url, csv)
                rows += measure("PostgreSQL", url, workdir, arguments.browsers, arguments.viewers, arguments.rounds)
            finally:
                drop()
    facts["load average at end"] = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(table(rows))
    command = (
        f"python -m bench.load --rows {arguments.rows} --viewers {arguments.viewers} --browsers {arguments.browsers} "
        f"--rounds {arguments.rounds} --database {arguments.database}"
    )
    write_report(arguments.output, "load", command, rows, facts, notes)
    return rows


if __name__ == "__main__":
    main()
