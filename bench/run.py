"""`make bench`: every measurement of issue 8 on SQLite and PostgreSQL, each beside its reference, in one table.

    python -m bench.run                     # 1,000,000 rows, results into docs/benchmarks.md
    python -m bench.run --rows 10000 --runs 1 --no-browser --output /tmp/bench.md   # a smoke run
    python -m bench.run --rows 10000000 --postgres-only --runs 1   # ten million rows on PostgreSQL

Import to insight: after the imports, the full comment analysis runs in a child process while Chromium opens the
Overview (its first figure does not wait for the analysis); the table sums import + first figure and
import + analysis.

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


@dataclass(frozen=True)
class Targets:
    """The issue's targets: 1M rows on both databases; from 5M rows the PostgreSQL-only targets of ten million."""

    import_seconds: dict[str, float]
    import_mb: float
    aggregate: float
    whole_year: float
    search: float
    analysis: float | None = 120.0
    insight: float | None = 130.0


def targets_for(rows: int) -> Targets:
    if rows >= 5_000_000:
        return Targets({"PostgreSQL": 90.0, "SQLite": 900.0}, 1536.0, 0.25, 0.25, 0.5, None, None)
    return Targets({"PostgreSQL": 6.0, "SQLite": 10.0}, 1024.0, 0.05, 0.25, 0.3)


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
        if rows <= SLICE_ROWS:
            generate_bench_export(partial, rows=rows, seed=seed)
        else:
            _write_slices(partial, rows, seed)
        partial.rename(path)
    return path


SLICE_ROWS = 1_000_000
"""Larger exports are written one slice of a million rows at a time (a 10M-row frame would need ~10 GB)."""


def _write_slices(path: Path, rows: int, seed: int) -> None:
    """Slices of the generator, each with its own seed and its own response, customer and e-mail numbering."""
    from nps.demo import BENCH_START, generate_responses

    with path.open("w", encoding="utf-8", newline="") as out:
        for number, start in enumerate(range(0, rows, SLICE_ROWS)):
            frame = generate_responses(
                min(SLICE_ROWS, rows - start), seed=seed + number, start=BENCH_START, days=730, comment_rate=0.4
            )
            tag = f"{number}-"
            frame["response_id"] = "R-" + tag + frame["response_id"].str.removeprefix("R-")
            frame["customer_id"] = "C-" + tag + frame["customer_id"].str.removeprefix("C-")
            frame["email"] = tag + frame["email"]
            frame.to_csv(out, index=False, header=number == 0, lineterminator="\n")
            del frame


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


def child_process(task: str, **arguments: object) -> subprocess.Popen:
    """`child` started in the background; `child_result` waits for it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.child", task, json.dumps(arguments)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process


def child_result(process: subprocess.Popen, task: str) -> dict:
    out, err = process.communicate(timeout=7200)
    if process.returncode != 0:
        raise RuntimeError(f"bench.child {task} failed:\n{err[-3000:]}")
    return json.loads(out.strip().splitlines()[-1])


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


@dataclass(frozen=True)
class Plan:
    """What one bench run measures, beyond the imports and the aggregates."""

    runs: int
    targets: Targets
    analysis: bool = True
    browser: bool = True
    data_dir: Path | None = None


def measure_database(label: str, url: str, csv: Path, plan: Plan, scratch: Path) -> tuple[list[Row], dict]:
    rows: list[Row] = []
    facts: dict[str, object] = {}
    runs, targets = plan.runs, plan.targets
    sqlite = label == "SQLite"
    imports = [child("import", url=url, path=str(csv)) for _ in range(runs)]
    limit = targets.import_seconds[label]
    if sqlite:
        reference = [
            child("reference_sqlite", url=f"sqlite:///{scratch / 'reference.db'}", path=str(csv)) for _ in range(runs)
        ]
        (scratch / "reference.db").unlink(missing_ok=True)
        reference_name, ratio_limit = "read_csv + executemany", 2.5
    else:
        reference = [child("reference_postgres", url=url, path=str(csv)) for _ in range(runs)]
        reference_name, ratio_limit = "COPY raw columns", 5.0
    facts["imported"] = imports[-1]["imported"]
    import_seconds = median([run["seconds"] for run in imports])
    rows.append(
        Row(
            "import the CSV (parse, validate, de-duplicate, write, index, roll-up)",
            label,
            import_seconds,
            f"≤ {limit:g} s",
            limit,
            median([run["seconds"] for run in reference]),
            reference_name,
            ratio_limit,
        )
    )
    peak = max(run["peak_mb"] for run in imports)
    rows.append(
        Row(
            "import: peak memory of the importing process (MB)",
            label,
            peak,
            f"≤ {targets.import_mb:g} MB",
            targets.import_mb,
            max(run["peak_mb"] for run in reference),
            reference_name,
            note="MB, not seconds",
        )
    )
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
    rows += measure_aggregates(label, url, csv, runs, targets)
    if plan.analysis:
        rows += measure_insight(label, url, import_seconds, plan)
    else:
        indexing = child("index_comments", url=url)
        facts["search note"] = f"after indexing {indexing['indexed']:,} comments in {indexing['seconds']:.1f} s"
    rows += measure_search(label, url, runs, targets)
    return rows, facts


def measure_aggregates(label: str, url: str, csv: Path, runs: int, targets: Targets) -> list[Row]:
    rows = []
    duck = DuckDbReference(csv)
    try:
        for aggregate in aggregates():
            limit = targets.whole_year if "whole year" in aggregate.name else targets.aggregate
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
                    limit if label == "SQLite" or limit >= 0.25 else None,
                    reference_seconds,
                    "DuckDB",
                    None,
                    note=f"base table without roll-up: {before * 1000:.0f} ms",
                )
            )
    finally:
        duck.close()
    return rows


def measure_insight(label: str, url: str, import_seconds: float, plan: Plan) -> list[Row]:
    """The full analysis in a child process; meanwhile (unless --no-browser) Chromium opens the Overview."""
    analysing = child_process("analyse", url=url)
    first_figure: float | None = None
    note = "--no-browser"
    if plan.browser and plan.data_dir is not None:
        from bench.browser import first_figure_seconds

        try:
            first_figure = first_figure_seconds(
                database_url=None if label == "SQLite" else url, data_dir=plan.data_dir, label=label
            )
            running = analysing.poll() is None
            note = "shown while the analysis still ran" if running else "the analysis had finished first"
        except Exception as error:
            note = f"browser run failed: {error.__class__.__name__}: {str(error)[:200]}"
    analysis = child_result(analysing, "analyse")
    targets = plan.targets
    rows = [
        Row(
            "import → insight: full comment analysis (search copy, language, themes, tone)",
            label,
            analysis["seconds"],
            f"≤ {targets.analysis:g} s" if targets.analysis else "info",
            targets.analysis,
            analysis["reference_seconds"],
            "the models alone over the distinct texts",
            note=f"{analysis['analysed']:,} comments, {analysis['distinct_texts']:,} distinct texts; "
            f"peak {analysis['peak_mb']:,.0f} MB; {analysis['failed']} failed",
        ),
        Row(
            "import → insight: first Overview figure in Chromium (login → KPI, analysis running)",
            label,
            first_figure,
            "≤ 3 s",
            3.0 if first_figure is not None else None,
            note=note,
        ),
    ]
    if first_figure is not None:
        rows.append(
            Row("file → first figure (import + first figure)", label, import_seconds + first_figure, "info", None)
        )
    total = import_seconds + analysis["seconds"]
    rows.append(
        Row(
            "file → full insight (import + analysis): the headline",
            label,
            total,
            f"≤ {targets.insight:g} s" if targets.insight else "info",
            targets.insight,
        )
    )
    return rows


REAL_COMMENTS_PER_SECOND = 250.0


def real_comments_row(workdir: Path, runs: int) -> Row:
    """The full analysis of the labelled public comments of data/eval (5,141, five languages) in a SQLite store,
    the median of `runs` fresh stores."""
    found = []
    for _ in range(runs):
        found.append(child("real_comments", url=f"sqlite:///{workdir / 'real-comments.db'}"))
        (workdir / "real-comments.db").unlink(missing_ok=True)
    seconds = median([run["seconds"] for run in found])
    analysed = found[0]["analysed"]
    spread = f"runs {min(run['seconds'] for run in found):.1f}–{max(run['seconds'] for run in found):.1f} s; "
    return Row(
        "full comment analysis of the real labelled comments (data/eval: en, pl, th, ar, zh), models loaded",
        "SQLite",
        seconds,
        f"≥ {REAL_COMMENTS_PER_SECOND:g} comments/s",
        analysed / REAL_COMMENTS_PER_SECOND,
        note=f"{analysed:,} comments, {analysed / seconds:.0f} comments/s; {spread if runs > 1 else ''}"
        f"{sum(run['failed'] for run in found)} failed",
    )


def measure_search(label: str, url: str, runs: int, targets: Targets) -> list[Row]:
    from nps.comments import CommentQuery, count_comments, list_comments
    from nps.db import make_engine
    from nps.filters import Filters

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
                f"≤ {targets.search * 1000:g} ms",
                targets.search,
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
    if "%" in row.what:
        return f"{value:,.0f} %"
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


RESULTS_MARKER = "<!-- bench:results"


def command_line(arguments: argparse.Namespace) -> str:
    flags = [f"--rows {arguments.rows}", f"--runs {arguments.runs}"]
    switches = ("postgres_only", "no_postgres", "no_analysis", "no_browser")
    flags += [f"--{name.replace('_', '-')}" for name in switches if getattr(arguments, name)]
    return "python -m bench.run " + " ".join(flags)


def write_report(path: Path, name: str, command: str, rows: list[Row], facts: dict[str, str], notes: list[str]) -> None:
    """Replace the section `name` of the report ("" for `make bench`; the 10M and load runs keep their own)."""
    name = f":{name}" if name else ""
    start, end = f"{RESULTS_MARKER}{name} -->", f"<!-- /bench:results{name} -->"
    body = [
        start,
        f"## Results of `{command}`",
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
    section = "\n".join([*body, end, ""])
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if start not in text:
        path.write_text(text.rstrip("\n") + "\n\n" + section)
        return
    before, rest = text.split(start, 1)
    if end in rest:
        after = rest.split(end, 1)[1].lstrip("\n")
    else:  # a section written before end markers existed runs to the next section or the end
        following = rest.find(RESULTS_MARKER)
        after = rest[following:] if following >= 0 else ""
    path.write_text(before + section + ("\n" + after if after else ""))


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--postgres-only", action="store_true", help="PostgreSQL alone (the ten-million-row run)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-analysis", action="store_true", help="index comments for search only")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--workdir", type=Path, default=RESULTS)
    arguments = parser.parse_args(argv)
    if arguments.postgres_only and arguments.no_postgres:
        parser.error("--postgres-only and --no-postgres exclude each other")
    facts = machine()
    csv = bench_csv(arguments.rows, arguments.seed)
    workdir = arguments.workdir / f"run-{arguments.rows}"
    workdir.mkdir(parents=True, exist_ok=True)
    plan = Plan(
        arguments.runs, targets_for(arguments.rows), not arguments.no_analysis, not arguments.no_browser, workdir
    )
    rows: list[Row] = []
    notes: list[str] = []
    if plan.analysis:
        rows.append(real_comments_row(workdir, arguments.runs))
    if not arguments.postgres_only:
        sqlite_url = f"sqlite:///{workdir / 'nps.db'}"
        found, found_facts = measure_database("SQLite", sqlite_url, csv, plan, workdir)
        rows += found
        notes += [f"SQLite: {found_facts['search note']}"] if "search note" in found_facts else []
        if plan.browser:
            rows += browser_rows("SQLite", None, workdir, arguments.runs, workdir / "screenshots")
    if not arguments.no_postgres:
        scratch = scratch_postgres()
        if scratch is None:
            notes.append("PostgreSQL was unreachable: no PostgreSQL rows")
        else:
            url, drop = scratch
            try:
                found, found_facts = measure_database("PostgreSQL", url, csv, plan, workdir)
                rows += found
                notes += [f"PostgreSQL: {found_facts['search note']}"] if "search note" in found_facts else []
                if plan.browser:
                    rows += browser_rows("PostgreSQL", url, workdir, arguments.runs, workdir / "screenshots")
            finally:
                drop()
    facts["load average at end"] = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(table(rows))
    print()
    print("\n".join(f"{name}: {value}" for name, value in facts.items()))
    name = "postgres-only" if arguments.postgres_only else ""
    write_report(arguments.output, name, command_line(arguments), rows, facts, notes)
    return rows


if __name__ == "__main__":
    main()
