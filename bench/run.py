"""`make bench`: every measurement of issue 8 on SQLite and PostgreSQL, each beside its reference, in one table.

    python -m bench.run                     # 1,000,000 rows, results into docs/benchmarks.md
    python -m bench.run --rows 10000 --runs 1 --no-browser --output /tmp/bench.md   # a smoke run

Every figure is the median of `--runs` runs; imports run in a child process each (their peak memory is theirs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.queries import DuckDbReference, aggregates, base_table_only, run_aggregate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
POSTGRES_ADMIN_URL = os.environ.get("NPS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SEARCHES = (("a word", "delivery"), ("a Chinese substring", "价格"))


@dataclass
class Row:
    what: str
    database: str
    seconds: float | None
    target: str
    limit: float | None
    reference: float | None = None
    reference_name: str = ""
    ratio_limit: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.reference:
            return None
        return self.seconds / self.reference

    @property
    def verdict(self) -> str:
        if self.seconds is None:
            return "not measured"
        if self.limit is None:
            return "info"
        ok = self.seconds <= self.limit
        if self.ratio_limit is not None and self.ratio is not None:
            ok = ok and self.ratio <= self.ratio_limit
        return "pass" if ok else "FAIL"


def bench_csv(rows: int, seed: int) -> Path:
    """The deterministic export, generated once per (rows, seed) and kept in bench-results/."""
    from nps.demo import generate_bench_export

    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"bench-{rows}-{seed}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial")
        generate_bench_export(partial, rows=rows, seed=seed)
        partial.rename(path)
    return path


def child(task: str, **arguments: object) -> dict:
    """Run one measurement in a fresh Python process and return its JSON line."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.child", task, json.dumps(arguments)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench.child {task} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    return statistics.median(values)


def scratch_postgres() -> tuple[str, callable] | None:  # type: ignore[valid-type]
    """A scratch database on the local server and the function that drops it; None when unreachable."""
    name = f"nps_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        print(f"PostgreSQL unreachable ({error.__class__.__name__}); run `make postgres`", file=sys.stderr)
        return None

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", drop


def measure_database(label: str, url: str, csv: Path, runs: int, scratch: Path) -> tuple[list[Row], dict]:
    rows: list[Row] = []
    facts: dict[str, object] = {}
    sqlite = label == "SQLite"
    imports = [child("import", url=url, path=str(csv)) for _ in range(runs)]
    if sqlite:
        reference = [child("reference_sqlite", url=f"sqlite:///{scratch / 'reference.db'}", path=str(csv))]
        reference += [
            child("reference_sqlite", url=f"sqlite:///{scratch / 'reference.db'}", path=str(csv))
            for _ in range(runs - 1)
        ]
        (scratch / "reference.db").unlink(missing_ok=True)
        reference_name, ratio_limit, limit = "read_csv + executemany", 2.5, 10.0
    else:
        reference = [child("reference_postgres", url=url, path=str(csv)) for _ in range(runs)]
        reference_name, ratio_limit, limit = "COPY raw columns", 5.0, 6.0
    facts["imported"] = imports[-1]["imported"]
    rows.append(
        Row(
            "import the CSV (parse, validate, de-duplicate, write, index, roll-up)",
            label,
            median([run["seconds"] for run in imports]),
            f"≤ {limit:g} s",
            limit,
            median([run["seconds"] for run in reference]),
            reference_name,
            ratio_limit,
        )
    )
    peak = max(run["peak_mb"] for run in imports)
    rows.append(Row("import: peak memory of the importing process (MB)", label, peak, "≤ 1024 MB", 1024.0))
    rows[-1].note = "MB, not seconds"
    again = [child("import", url=url, path=str(csv), fresh=False) for _ in range(runs)]
    unchanged = all(run["unchanged"] and run["imported"] == 0 for run in again)
    rows.append(
        Row(
            "re-import of the same file (all duplicates)",
            label,
            median([run["seconds"] for run in again]),
            "≤ 10 s, nothing written",
            10.0 if unchanged else -1.0,
            note="nothing written" if unchanged else "SOMETHING WAS WRITTEN",
        )
    )
    duck = DuckDbReference(csv)
    try:
        for aggregate in aggregates():
            limit = 0.25 if "whole year" in aggregate.name else 0.05
            seconds = median([run_aggregate(aggregate, url) for _ in range(max(runs, 5))])
            reference_seconds = median([duck.seconds(aggregate.duckdb_sql) for _ in range(max(runs, 5))])
            undo = base_table_only()
            try:
                before = median([run_aggregate(aggregate, url) for _ in range(max(runs, 3))])
            finally:
                undo()
            rows.append(
                Row(
                    f"Overview: {aggregate.name} (cold)",
                    label,
                    seconds,
                    f"≤ {limit * 1000:g} ms",
                    limit if sqlite else None,
                    reference_seconds,
                    "DuckDB",
                    None,
                    note=f"base table without roll-up: {before * 1000:.0f} ms",
                )
            )
    finally:
        duck.close()
    rows += measure_search(label, url, runs)
    return rows, facts


def measure_search(label: str, url: str, runs: int) -> list[Row]:
    try:
        from nps.comments import CommentQuery, count_comments, list_comments
        from nps.search import index_pending_comments  # noqa: F401
    except ImportError:
        return [
            Row(f"comment search: {what}", label, None, "≤ 300 ms", 0.3, note="not yet measured: search not landed")
            for what, _ in SEARCHES
        ]
    from nps.db import make_engine
    from nps.filters import Filters

    indexing = child("index_comments", url=url)
    rows = []
    for what, words in SEARCHES:
        timings = []
        for _ in range(max(runs, 3)):
            engine = make_engine(url)
            started = time.perf_counter()
            query = CommentQuery(search=words)
            count_comments(Filters(), query, engine=engine)
            list_comments(Filters(), query, engine=engine)
            timings.append(time.perf_counter() - started)
            engine.dispose()
        rows.append(
            Row(
                f"comment search: {what} ({words}), count + first page",
                label,
                median(timings),
                "≤ 300 ms",
                0.3,
                note=f"after indexing {indexing['indexed']:,} comments in {indexing['seconds']:.1f} s",
            )
        )
    return rows


def browser_rows(label: str, url: str | None, data_dir: Path, runs: int, screenshots: Path | None) -> list[Row]:
    from bench.browser import measure

    try:
        figures = measure(database_url=url, data_dir=data_dir, label=label, runs=runs, screenshots=screenshots)
    except Exception as error:  # the table still prints, with the failure named
        note = f"browser run failed: {error.__class__.__name__}: {str(error)[:200]}"
        return [Row("Chromium: login → Overview KPI visible (cold app)", label, None, "≤ 3 s", 3.0, note=note)]
    slowest = max(figures.pages.items(), key=lambda item: item[1], default=("", 0.0))
    notes = "; ".join(figures.problems) or f"slowest page {slowest[0]} {slowest[1]:.1f} s"
    return [
        Row("Chromium: login → Overview KPI visible (cold app)", label, median(figures.login_to_kpi), "≤ 3 s", 3.0),
        Row("Chromium: filter change → KPI updated", label, median(figures.filter_to_kpi), "≤ 1 s", 1.0),
        Row("app RSS after visiting every page (MB)", label, figures.rss_mb, "≤ 1024 MB", 1024.0, note=notes),
    ]


def format_value(row: Row, value: float | None) -> str:
    if value is None:
        return "—"
    if "MB" in row.what:
        return f"{value:,.0f} MB"
    return f"{value * 1000:,.0f} ms" if value < 1 else f"{value:,.2f} s"


def table(rows: list[Row]) -> str:
    lines = [
        "| what | db | median | reference | ratio | target | result | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        reference = f"{format_value(row, row.reference)} ({row.reference_name})" if row.reference else "—"
        ratio = f"{row.ratio:.1f}×" + (f" (≤ {row.ratio_limit:g}×)" if row.ratio_limit else "") if row.ratio else "—"
        lines.append(
            f"| {row.what} | {row.database} | {format_value(row, row.seconds)} | {reference} | {ratio} | "
            f"{row.target} | {row.verdict} | {' '.join(row.note.split())} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, str]:
    import duckdb
    import pandas
    import sqlalchemy

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    import sqlite3

    facts = {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": f"{int(memory) / 1024 / 1024:.1f} GB",
        "load average at start": " ".join(f"{value:.1f}" for value in os.getloadavg()),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "pandas": pandas.__version__,
        "SQLAlchemy": sqlalchemy.__version__,
        "DuckDB": duckdb.__version__,
    }
    try:
        with create_engine(POSTGRES_ADMIN_URL).connect() as connection:
            facts["PostgreSQL"] = connection.execute(text("SHOW server_version")).scalar_one()
    except Exception:
        facts["PostgreSQL"] = "unreachable"
    return facts


def write_report(
    path: Path, rows: list[Row], facts: dict[str, str], arguments: argparse.Namespace, notes: list[str]
) -> None:
    intro = path.read_text().split("<!-- bench:results -->")[0] if path.exists() else "# Benchmarks\n\n"
    body = [
        "<!-- bench:results -->",
        f"## Results of `python -m bench.run --rows {arguments.rows} --runs {arguments.runs}`",
        "",
        f"Run at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Every figure is the median of its runs; references were "
        "measured in the same run on the same data.",
        "",
        table(rows),
        "",
        "### Machine",
        "",
        *[f"- {name}: {value}" for name, value in facts.items()],
        "",
    ]
    if notes:
        body += ["### Notes from this run", "", *[f"- {note}" for note in notes], ""]
    path.write_text(intro + "\n".join(body))


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--workdir", type=Path, default=RESULTS)
    arguments = parser.parse_args(argv)
    facts = machine()
    csv = bench_csv(arguments.rows, arguments.seed)
    workdir = arguments.workdir / f"run-{arguments.rows}"
    workdir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    notes: list[str] = []
    sqlite_url = f"sqlite:///{workdir / 'nps.db'}"
    found, _ = measure_database("SQLite", sqlite_url, csv, arguments.runs, workdir)
    rows += found
    if not arguments.no_browser:
        rows += browser_rows("SQLite", None, workdir, arguments.runs, workdir / "screenshots")
    if not arguments.no_postgres:
        scratch = scratch_postgres()
        if scratch is None:
            notes.append("PostgreSQL was unreachable: no PostgreSQL rows")
        else:
            url, drop = scratch
            try:
                found, _ = measure_database("PostgreSQL", url, csv, arguments.runs, workdir)
                rows += found
                if not arguments.no_browser:
                    rows += browser_rows("PostgreSQL", url, workdir, arguments.runs, workdir / "screenshots")
            finally:
                drop()
    facts["load average at end"] = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(table(rows))
    print()
    print("\n".join(f"{name}: {value}" for name, value in facts.items()))
    write_report(arguments.output, rows, facts, arguments, notes)
    return rows


if __name__ == "__main__":
    main()
