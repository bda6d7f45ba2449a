"""Three imports, each followed by its analysis, at once on one store: every comment analysed exactly once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlmodel import Session

from nps.analysis import AnalysisReport, analyse_pending
from nps.importing.pipeline import import_file
from nps.models import Response, ResponseTheme
from nps.search import comment_search
from nps.text.analyser import read_texts

COMMENTS = (
    "Dostawa była bardzo wolna",
    "Great price but slow app",
    "客服很好",
    "The courier was late again",
    "Świetna obsługa, polecam",
    "",
)
ROWS = 3_000


def export(number: int) -> bytes:
    """Rows whose comments repeat within the file and across the three files (and a few unique ones)."""
    lines = ["response_id,date,score,comment"]
    for row in range(ROWS):
        comment = COMMENTS[row % len(COMMENTS)]
        if row % 50 == 0:
            comment = f"Order {number}-{row} arrived late"
        lines.append(f'F{number}-{row},2026-01-{1 + row % 28:02d},{row % 11},"{comment}"')
    return ("\n".join(lines) + "\n").encode()


def import_and_analyse(engine, number: int) -> AnalysisReport:
    import_file(export(number), engine=engine, survey=f"Wave {number % 2}", username="analyst", file_name="w.csv")
    return analyse_pending(engine=engine, batch_size=500)


def count(engine, statement) -> int:
    with Session(engine) as session:
        return int(session.execute(statement).scalar_one())


def test_three_imports_with_their_analyses_at_once_analyse_each_comment_exactly_once(engine):
    read_texts(["warm the models up once, before the threads share them"])
    with ThreadPoolExecutor(3) as pool:
        reports = list(pool.map(lambda number: import_and_analyse(engine, number), range(3)))
    commented = count(engine, select(func.count()).where(Response.comment_length > 0))
    assert count(engine, select(func.count()).select_from(Response)) == 3 * ROWS
    assert commented == 3 * sum(1 for row in range(ROWS) if COMMENTS[row % len(COMMENTS)] or row % 50 == 0)
    assert sum(report.analysed for report in reports) == commented
    assert count(engine, select(func.count()).where(Response.comment_length > 0, Response.language.is_(None))) == 0
    assert count(engine, select(func.count()).select_from(comment_search)) == commented
    themed = count(engine, select(func.count(func.distinct(ResponseTheme.response_id))))
    assert sum(report.theme_matches for report in reports) == count(
        engine, select(func.count()).select_from(ResponseTheme)
    )
    assert themed > 0
    assert all(report.failed == 0 for report in reports)
