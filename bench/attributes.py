"""`make bench-attributes`: twenty surveys with ten segment attributes each, imported one file per survey, then
filtered and grouped by attributes that sit in different slots in different surveys.

    python -m bench.attributes                                  # 20 × 50,000 rows = 1,000,000, SQLite and PostgreSQL
    python -m bench.attributes --rows-per-survey 2000 --database sqlite   # a smoke run

Thirty attribute names; survey i carries ten of them in its own slot order, so "attr02" (in eleven surveys) sits in
different slots in different surveys and each slot holds different attributes: every read goes through the per-survey
translation (a CASE on survey_id, or OR over (survey_id IN … AND seg_k = v)). Each query is timed cold (a new
engine), the median of `--runs`; "base table" ignores the daily roll-up, as figures with two attributes do.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from bench.queries import base_table_only
from bench.run import RESULTS, scratch_postgres
from nps import counting
from nps.db import make_engine, upgrade_schema
from nps.filters import Filters
from nps.importing.pipeline import import_file

SURVEYS = 20
PER_SURVEY = 10
NAMES = [f"attr{index:02d}" for index in range(30)]


def survey_attributes(index: int) -> list[str]:
    """Ten of the thirty names, a different selection and order per survey."""
    rng = np.random.default_rng(index)
    return [NAMES[position] for position in rng.choice(len(NAMES), PER_SURVEY, replace=False)]


def survey_export(index: int, rows: int) -> Path:
    """One survey's CSV, generated once per (index, rows) into bench-results/."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"attributes-{index:02d}-{rows}.csv"
    if path.exists():
        return path
    rng = np.random.default_rng(1000 + index)
    seconds = rng.integers(0, 365 * 86400, rows)
    frame = pd.DataFrame(
        {
            "response_id": [f"S{index}-{row}" for row in range(rows)],
            "submitted_at": (pd.Timestamp("2025-01-01", tz="UTC") + pd.to_timedelta(seconds, unit="s")).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            ),
            "score": rng.integers(0, 11, rows),
        }
    )
    for name in survey_attributes(index):
        values = np.array([f"{name}-v{value}" for value in range(8)], dtype=object)
        frame[name] = values[rng.integers(0, len(values), rows)]
    frame.to_csv(path, index=False)
    return path


def _timed(read: Callable[[object], object], url: str, runs: int) -> float:
    seconds = []
    for _ in range(runs):
        engine = make_engine(url)
        started = time.perf_counter()
        read(engine)
        seconds.append(time.perf_counter() - started)
        engine.dispose()
    return statistics.median(seconds)


def measure(url: str, rows_per_survey: int, runs: int) -> list[tuple[str, float]]:
    engine = make_engine(url)
    upgrade_schema(engine)
    started = time.perf_counter()
    for index in range(SURVEYS):
        report = import_file(
            survey_export(index, rows_per_survey), engine=engine, survey=f"Survey {index:02d}", username="bench"
        )
        if report.imported != rows_per_survey or any("not offered" in note for note in report.notes):
            raise RuntimeError(f"survey {index}: {report.imported} imported, notes {report.notes}")
    imported = time.perf_counter() - started
    engine.dispose()
    shared = "attr02"
    other = "attr18"
    value = f"{shared}-v3"
    reads: list[tuple[str, Callable[[object], object]]] = [
        (f"NPS by {shared} (in several slots)", lambda e: counting.counts_by(Filters(), shared, engine=e)),
        (
            f"NPS by month, {shared} = one value",
            lambda e: counting.counts_by(Filters(include=((shared, (value,)),)), "month", engine=e),
        ),
        (
            f"NPS by {other}, {shared} = one value",
            lambda e: counting.counts_by(Filters(include=((shared, (value,)),)), other, engine=e),
        ),
    ]
    results = [(f"import {SURVEYS} files × {rows_per_survey:,} rows, {PER_SURVEY} attributes each", imported)]
    for label, read in reads:
        results.append((label + ", roll-up where it answers", _timed(read, url, runs)))
    undo = base_table_only()
    try:
        for label, read in reads[:2]:
            results.append((label + ", base table", _timed(read, url, runs)))
    finally:
        undo()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-per-survey", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    lines = ["| what | db | seconds |", "|---|---|---|"]
    if args.database in ("sqlite", "both"):
        path = RESULTS / f"attributes-{args.rows_per_survey}.db"
        RESULTS.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        for what, seconds in measure(f"sqlite:///{path}", args.rows_per_survey, args.runs):
            lines.append(f"| {what} | SQLite | {seconds:.3f} |")
        path.unlink(missing_ok=True)
    if args.database in ("postgres", "both"):
        scratch = scratch_postgres()
        if scratch is not None:
            url, drop = scratch
            try:
                for what, seconds in measure(url, args.rows_per_survey, args.runs):
                    lines.append(f"| {what} | PostgreSQL | {seconds:.3f} |")
            finally:
                drop()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
