"""Benchmark reads and writes on the `benchmark` table.

Each write is a unit of work: it takes the engine, bumps the data version (so cached reads refresh) and commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from nps import audit
from nps.benchmarks.rows import BenchmarkRow, parse_benchmark_csv
from nps.models import Benchmark
from nps.store import bump_data_version

REFERENCE_CSV = Path(__file__).resolve().parents[2] / "data" / "benchmarks" / "reference.csv"
REFERENCE_USER = "reference"
"""`created_by` of the shipped reference rows, so the page can tell them from an analyst's own."""


class BenchmarkNotFound(LookupError):
    pass


@dataclass(frozen=True)
class StoredBenchmark(BenchmarkRow):
    """A benchmark as stored, detached from the session: safe to cache and to pass to the screen."""

    id: int = 0
    created_by: str = ""
    created_at: datetime | None = None

    @property
    def row(self) -> BenchmarkRow:
        """The figures and provenance alone, as the form and the CSV format know them."""
        return BenchmarkRow(**{f.name: getattr(self, f.name) for f in fields(BenchmarkRow)})

    @property
    def is_reference(self) -> bool:
        return self.created_by == REFERENCE_USER


def _add(rows: Iterable[BenchmarkRow], *, session: Session, username: str) -> int:
    added = 0
    for row in rows:
        session.add(Benchmark(**asdict(row), created_by=username))
        added += 1
    if added:
        bump_data_version(session=session)
        audit.record("benchmark.add", actor=username, session=session, affected=added)
    return added


def add_benchmarks(rows: Iterable[BenchmarkRow], *, engine: Engine, username: str) -> int:
    """Store validated rows as given (no de-duplication: two sources may publish the same name)."""
    with Session(engine) as session, session.begin():
        return _add(rows, session=session, username=username)


def list_benchmarks(
    *, session: Session, kinds: Iterable[str] | None = None, industry: str | None = None
) -> list[Benchmark]:
    """Benchmarks by kind, industry (case-insensitive) and name, newest year first within a name."""
    query = select(Benchmark)
    if kinds is not None:
        query = query.where(col(Benchmark.kind).in_(list(kinds)))
    if industry is not None:
        query = query.where(func.lower(Benchmark.industry) == industry.strip().lower())
    query = query.order_by(
        col(Benchmark.kind),
        func.lower(Benchmark.industry),
        func.lower(Benchmark.name),
        col(Benchmark.year).desc(),
        col(Benchmark.id),
    )
    return list(session.exec(query).all())


def stored_benchmarks(*, engine: Engine) -> tuple[StoredBenchmark, ...]:
    """Every benchmark in `list_benchmarks` order, as frozen values."""
    names = [f.name for f in fields(StoredBenchmark)]
    with Session(engine) as session:
        return tuple(
            StoredBenchmark(**{name: getattr(b, name) for name in names}) for b in list_benchmarks(session=session)
        )


def update_benchmark(
    benchmark_id: int, row: BenchmarkRow, *, engine: Engine, username: str = audit.SYSTEM_ACTOR
) -> Benchmark:
    """Replace every figure and provenance field of one benchmark with a validated row."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        benchmark = session.get(Benchmark, benchmark_id)
        if benchmark is None:
            raise BenchmarkNotFound(f"benchmark {benchmark_id} does not exist")
        for name, value in asdict(row).items():
            setattr(benchmark, name, value)
        session.add(benchmark)
        bump_data_version(session=session)
        audit.record("benchmark.edit", actor=username, session=session, target=row.name, affected=1)
        session.flush()
        session.refresh(benchmark)
    return benchmark


def delete_benchmark(benchmark_id: int, *, engine: Engine, username: str = audit.SYSTEM_ACTOR) -> bool:
    """False when there was nothing to delete (a second click, another user first)."""
    with Session(engine) as session, session.begin():
        benchmark = session.get(Benchmark, benchmark_id)
        if benchmark is None:
            return False
        session.delete(benchmark)
        bump_data_version(session=session)
        audit.record("benchmark.delete", actor=username, session=session, target=benchmark.name, affected=1)
    return True


def reference_rows(path: Path = REFERENCE_CSV) -> tuple[BenchmarkRow, ...]:
    """The shipped public figures; a refused line is a bug in the shipped file, so it raises."""
    parsed = parse_benchmark_csv(path.read_bytes())
    if parsed.rejected:
        first = parsed.rejected[0]
        raise ValueError(f"{path.name} row {first.row}, {first.column}: {first.reason}")
    return parsed.rows


def _identity(name: str, kind: str, industry: str, period: str, year: int | None, url: str) -> tuple:
    return (name, kind, industry, period, year, url)


def load_reference_benchmarks(*, engine: Engine, path: Path = REFERENCE_CSV) -> int:
    """Add the shipped reference rows not yet in the store; loading twice adds nothing.

    A row counts as present when a benchmark with the same name, kind, industry, period, year and source
    address exists, so an analyst's correction of a reference figure survives a reload.
    """
    with Session(engine) as session, session.begin():
        return _add(_missing_reference_rows(path, session), session=session, username=REFERENCE_USER)


def _missing_reference_rows(path: Path, session: Session) -> list[BenchmarkRow]:
    existing = {
        _identity(*values)
        for values in session.exec(
            select(
                Benchmark.name,
                Benchmark.kind,
                Benchmark.industry,
                Benchmark.period,
                Benchmark.year,
                Benchmark.source_url,
            )
        ).all()
    }
    fresh = []
    for row in reference_rows(path):
        key = _identity(row.name, row.kind, row.industry, row.period, row.year, row.source_url)
        if key not in existing:
            existing.add(key)
            fresh.append(row)
    return fresh


def count_benchmarks(*, engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(Benchmark)).one())


def load_reference_into_empty_store(*, engine: Engine, path: Path = REFERENCE_CSV) -> int:
    """A new installation starts with the shipped figures; a store that has any benchmark is left alone."""
    if count_benchmarks(engine=engine) > 0:
        return 0
    return load_reference_benchmarks(engine=engine, path=path)
