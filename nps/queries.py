"""Reads of the store that list or bound rather than count: export rows, detractor comments, date bounds,
import exclusions, the values of an attribute. Counting lives in `nps.counting`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

import pandas as pd
from sqlalchemy import Engine, func, select

from nps.counting import attribute_values, category_of, filtered_responses, in_category, run_frame, segment_column
from nps.filters import Filters
from nps.models import ImportBatch, Survey
from nps.scope import selects_nothing
from nps.store import attribute_slots, list_surveys


def date_bounds(filters: Filters, *, engine: Engine) -> tuple[date | None, date | None]:
    """First and last response day of what the filters select (pass `Filters()` for the whole store)."""
    r = filtered_responses(filters, attribute_slots(engine=engine))
    statement = select(func.min(r.c.responded_on), func.max(r.c.responded_on))
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
            *[segment_column(name, slots, source=r.c).label(name) for name in slots],
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


def comments_by_id(ids: Sequence[int], filters: Filters, *, engine: Engine) -> pd.DataFrame:
    """Chosen comments (id, responded_on, survey, score, comment) in the order given, of those the filters select."""
    if not ids:
        return pd.DataFrame(columns=["id", "responded_on", "survey", "score", "comment"])
    r = filtered_responses(filters, attribute_slots(engine=engine))
    statement = (
        select(r.c.id, r.c.responded_on, Survey.name.label("survey"), r.c.score, r.c.comment)  # type: ignore[attr-defined]
        .select_from(r)
        .join(Survey, Survey.id == r.c.survey_id)  # type: ignore[arg-type]
        .where(r.c.id.in_(list(ids)))
    )
    frame = run_frame(statement, engine)
    order = {response_id: position for position, response_id in enumerate(ids)}
    return frame.sort_values("id", key=lambda column: column.map(order)).reset_index(drop=True)


def import_exclusions(filters: Filters, *, engine: Engine) -> dict[str, int] | None:
    """Rows the imports left out, summed over the batches of the filters' surveys: rejected, excluded (e.g. tests)
    and duplicates. None when the filters narrow by segment: a row left out has no segment one could trust."""
    if filters.include or filters.exclude or selects_nothing(filters):
        return None
    statement = select(
        func.coalesce(func.sum(ImportBatch.rejected), 0),
        func.coalesce(func.sum(ImportBatch.excluded), 0),
        func.coalesce(func.sum(ImportBatch.duplicates), 0),
    )
    if filters.surveys:
        statement = statement.where(
            ImportBatch.survey_id.in_(select(Survey.id).where(Survey.name.in_(filters.surveys)))  # type: ignore[attr-defined]
        )
    with engine.connect() as connection:
        rejected, excluded, duplicates = connection.execute(statement).one()
    return {"rejected": int(rejected), "excluded": int(excluded), "duplicates": int(duplicates)}


def attribute_values_in(name: str, filters: Filters, *, engine: Engine, limit: int = 500) -> list[str]:
    """The values of one attribute among the responses the filters select, most frequent first (the whole store's,
    from the roll-up, when the filters select everything)."""
    if filters == Filters():
        return attribute_values(name, engine=engine, limit=limit)
    slots = attribute_slots(engine=engine)
    r = filtered_responses(filters, slots)
    column = segment_column(name, slots, source=r.c)
    statement = (
        select(column).where(column.is_not(None)).group_by(column).order_by(func.count().desc(), column).limit(limit)
    )
    with engine.connect() as connection:
        return [value for (value,) in connection.execute(statement)]


def surveys_in(filters: Filters, *, engine: Engine) -> list[str]:
    """The survey names a view may choose from: the filters' surveys (all when none), none for an empty view."""
    if selects_nothing(filters):
        return []
    return [name for name in list_surveys(engine=engine) if not filters.surveys or name in filters.surveys]
