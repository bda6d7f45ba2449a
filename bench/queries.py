"""Overview aggregates on the store (cold: a new connection each time) and the same aggregates in DuckDB."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nps import counting
from nps.db import make_engine
from nps.filters import Filters
from nps.metrics import nps_with_interval

YEAR = (date(2025, 12, 1), date(2026, 11, 30))
QUARTER = (date(2026, 6, 1), date(2026, 8, 31))
SEGMENT, SEGMENT_VALUE, BREAKDOWN = "region", "Poland", "plan"


@dataclass(frozen=True)
class Aggregate:
    name: str
    filters: Filters
    by: str | None
    """None: NPS with its interval; a period or attribute: counts by it."""
    duckdb_sql: str


def _duckdb_where(start: date, end: date, segment: bool) -> str:
    where = f"day BETWEEN DATE '{start}' AND DATE '{end}'"
    return where + (f" AND {SEGMENT} = '{SEGMENT_VALUE}'" if segment else "")


_COUNTS = (
    "sum(CASE WHEN score >= 9 THEN 1 ELSE 0 END), sum(CASE WHEN score BETWEEN 7 AND 8 THEN 1 ELSE 0 END), "
    "sum(CASE WHEN score <= 6 THEN 1 ELSE 0 END), count(*)"
)


def aggregates() -> list[Aggregate]:
    whole_year = Filters(start=YEAR[0], end=YEAR[1])
    quarter = Filters(start=QUARTER[0], end=QUARTER[1], include=((SEGMENT, (SEGMENT_VALUE,)),))
    result = []
    for label, filters, window, segment in (
        ("whole year", whole_year, YEAR, False),
        (f"{SEGMENT}={SEGMENT_VALUE}, one quarter", quarter, QUARTER, True),
    ):
        where = _duckdb_where(*window, segment)
        result += [
            Aggregate(f"NPS + interval, {label}", filters, None, f"SELECT {_COUNTS} FROM r WHERE {where}"),
            Aggregate(
                f"trend by month, {label}",
                filters,
                "month",
                f"SELECT date_trunc('month', day) AS k, {_COUNTS} FROM r WHERE {where} GROUP BY k ORDER BY k",
            ),
            Aggregate(
                f"by {BREAKDOWN}, {label}",
                filters,
                BREAKDOWN,
                f"SELECT {BREAKDOWN} AS k, {_COUNTS} FROM r WHERE {where} GROUP BY k ORDER BY k",
            ),
        ]
    return result


def run_aggregate(aggregate: Aggregate, url: str) -> float:
    """Seconds for one cold read: a new engine and connection, as after an app restart or a cache miss."""
    engine = make_engine(url)
    started = time.perf_counter()
    if aggregate.by is None:
        nps_with_interval(counting.summary_counts(aggregate.filters, engine=engine))
    else:
        counting.counts_by(aggregate.filters, aggregate.by, engine=engine)
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def base_table_only() -> Callable[[], None]:
    """Make the queries ignore the roll-up (to show the before figure); returns the undo."""
    original = counting.rollup_rows
    counting.rollup_rows = lambda *args, **kwargs: None  # type: ignore[assignment]

    def undo() -> None:
        counting.rollup_rows = original  # type: ignore[assignment]

    return undo


class DuckDbReference:
    """The bench rows in an in-memory DuckDB table `r` (day, score, segments), loaded once from the CSV."""

    def __init__(self, csv_path: Path) -> None:
        import duckdb

        self.connection = duckdb.connect()
        self.connection.execute("SET threads TO 2")
        self.connection.execute(
            "CREATE TABLE r AS SELECT CAST(CAST(submitted_at AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS DATE) AS day, "
            "CAST(score AS INTEGER) AS score, survey, region, plan, channel, country "
            "FROM read_csv(?, all_varchar = true, header = true)",
            [str(csv_path)],
        )

    def seconds(self, sql: str) -> float:
        started = time.perf_counter()
        self.connection.execute(sql).fetchall()
        return time.perf_counter() - started

    def close(self) -> None:
        self.connection.close()
