"""Reads of the store that list or bound rather than count: export rows, detractor comments, date bounds,
import exclusions. Counting lives in `nps.counting`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

import pandas as pd
from sqlalchemy import Engine, func, select

from nps.counting import category_of, filtered_responses, in_category, run_frame
from nps.filters import Filters
from nps.models import ImportBatch, Response, Survey
from nps.store import attribute_slots


def date_bounds(*, engine: Engine) -> tuple[date | None, date | None]:
    """First and last response day in the store."""
    statement = select(func.min(Response.responded_on), func.max(Response.responded_on))
    with engine.connect() as connection:
        first, last = connection.execute(statement).one()
    return _as_date(first), _as_date(last)


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


EXPORT_COLUMNS = ["survey", "response_id", "responded_at", "score", "category", "comment", "language", "weight"]
"""`weight` is empty for a response without one (it weighs 1 in weighted figures)."""


def response_rows(filters: Filters, *, engine: Engine, chunk_rows: int = 50_000) -> Iterator[pd.DataFrame]:
    """The filtered responses themselves, streamed in chunks for exports (never all in memory at once).

    Columns: EXPORT_COLUMNS, then one per segment attribute, named by the attribute.
    """
    slots = attribute_slots(engine=engine)
    r = filtered_responses(filters, slots)
    statement = (
        select(
            Survey.name.label("survey"),  # type: ignore[attr-defined]
            r.c.external_id.label("response_id"),
            r.c.responded_at,
            r.c.score,
            category_of(r.c.score).label("category"),
            r.c.comment,
            r.c.language,
            r.c.weight,
            *[r.c[f"seg_{slot}"].label(name) for name, slot in slots.items()],
        )
        .select_from(r)
        .join(Survey, Survey.id == r.c.survey_id)  # type: ignore[arg-type]
        .order_by(r.c.responded_at, r.c.id)
    )
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=chunk_rows).execute(statement)
        columns = list(result.keys())
        for rows in result.partitions():
            yield pd.DataFrame(rows, columns=columns)


def detractor_comments(filters: Filters, *, engine: Engine, limit: int = 200) -> pd.DataFrame:
    """The newest detractor comments in the view (id, responded_on, survey, score, comment), for a presenter to pick."""
    r = filtered_responses(filters, attribute_slots(engine=engine))
    statement = (
        select(
            r.c.id,
            r.c.responded_on,
            Survey.name.label("survey"),  # type: ignore[attr-defined]
            r.c.score,
            r.c.comment,
        )
        .select_from(r)
        .join(Survey, Survey.id == r.c.survey_id)  # type: ignore[arg-type]
        .where(in_category(r.c.score, "detractor"), r.c.comment_length > 0)
        .order_by(r.c.responded_at.desc(), r.c.id.desc())
        .limit(limit)
    )
    return run_frame(statement, engine)


def comments_by_id(ids: Sequence[int], *, engine: Engine) -> pd.DataFrame:
    """Chosen comments (id, responded_on, survey, score, comment) in the order given."""
    if not ids:
        return pd.DataFrame(columns=["id", "responded_on", "survey", "score", "comment"])
    statement = (
        select(
            Response.id,
            Response.responded_on,
            Survey.name.label("survey"),  # type: ignore[attr-defined]
            Response.score,
            Response.comment,
        )
        .select_from(Response)
        .join(Survey, Survey.id == Response.survey_id)  # type: ignore[arg-type]
        .where(Response.id.in_(list(ids)))  # type: ignore[union-attr]
    )
    frame = run_frame(statement, engine)
    order = {response_id: position for position, response_id in enumerate(ids)}
    return frame.sort_values("id", key=lambda column: column.map(order)).reset_index(drop=True)


def import_exclusions(*, engine: Engine) -> dict[str, int]:
    """Rows the imports left out, summed over every batch: rejected, excluded (e.g. tests) and duplicates."""
    statement = select(
        func.coalesce(func.sum(ImportBatch.rejected), 0),
        func.coalesce(func.sum(ImportBatch.excluded), 0),
        func.coalesce(func.sum(ImportBatch.duplicates), 0),
    )
    with engine.connect() as connection:
        rejected, excluded, duplicates = connection.execute(statement).one()
    return {"rejected": int(rejected), "excluded": int(excluded), "duplicates": int(duplicates)}
