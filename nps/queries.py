"""Aggregated reads for the dashboard and the CLI: counts by category, computed in SQL.

Nothing here loads individual responses into Python; every function returns a handful of rows.
Counts come from the daily roll-up `response_daily` (see `nps.rollup`) when the filters involve at most one
segment attribute and no per-respondent de-duplication, and from `response` otherwise; both give the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Integer, Select, and_, case, cast, func, literal, or_, select
from sqlalchemy.sql import Subquery

from nps.filters import LANGUAGE_ATTRIBUTE, PERIODS, Filters
from nps.metrics import Counts
from nps.models import ImportBatch, Response, ResponseDaily, Survey
from nps.rollup import NOT_SET, SCORE_COLUMNS, TOTAL_SLOT
from nps.store import attribute_slots

COUNT_COLUMNS = ["promoters", "passives", "detractors", "n"]


def segment_column(name: str, slots: dict[str, int], source: object = Response) -> ColumnElement:
    """The column that holds one segment attribute's values."""
    if name == LANGUAGE_ATTRIBUTE:
        return source.language  # type: ignore[attr-defined]
    if name not in slots:
        raise KeyError(f"unknown segment attribute {name!r}")
    return getattr(source, f"seg_{slots[name]}")


def _period_and_surveys(filters: Filters, day: ColumnElement, survey_id: ColumnElement) -> list[ColumnElement[bool]]:
    """The period and survey conditions, on whichever table (responses or the roll-up) is read."""
    conditions: list[ColumnElement[bool]] = []
    if filters.start:
        conditions.append(day >= filters.start)
    if filters.end:
        conditions.append(day <= filters.end)
    if filters.surveys:
        survey_ids = select(Survey.id).where(Survey.name.in_(filters.surveys))  # type: ignore[attr-defined]
        conditions.append(survey_id.in_(survey_ids))
    return conditions


def _conditions(filters: Filters, slots: dict[str, int]) -> list[ColumnElement[bool]]:
    conditions = _period_and_surveys(filters, Response.responded_on, Response.survey_id)  # type: ignore[arg-type]
    for name, values in filters.include:
        conditions.append(segment_column(name, slots).in_(values))
    for name, values in filters.exclude:
        column = segment_column(name, slots)
        conditions.append(or_(column.is_(None), column.not_in(values)))
    return conditions


def filtered_responses(filters: Filters, slots: dict[str, int]) -> Subquery:
    """The responses the filters select, as a subquery with Response's columns.

    With `latest_per_respondent`, only each respondent's newest response in the period survives.
    """
    where = and_(literal(True), *_conditions(filters, slots))
    if not filters.latest_per_respondent:
        return select(Response).where(where).subquery("r")
    rank = (
        func.row_number()
        .over(
            partition_by=func.coalesce(Response.respondent_id, -Response.id),  # type: ignore[operator]
            order_by=(Response.responded_at.desc(), Response.id.desc()),  # type: ignore[union-attr, attr-defined]
        )
        .label("rank_in_respondent")
    )
    ranked = select(Response, rank).where(where).subquery("ranked")
    columns = [c for c in ranked.c if c.name != "rank_in_respondent"]
    return select(*columns).where(ranked.c.rank_in_respondent == 1).subquery("r")


def rollup_slot(filters: Filters, slots: dict[str, int], by: str | None = None) -> int | None:
    """The roll-up slot that answers these filters (and group-by), or None when only `response` can.

    The roll-up counts by one attribute at a time and knows nothing of comment language (set after import)
    or of which response is a respondent's latest.
    """
    if filters.latest_per_respondent:
        return None
    names = {name for name, _ in filters.include} | {name for name, _ in filters.exclude}
    if by is not None and by not in PERIODS:
        names.add(by)
    if not names:
        return TOTAL_SLOT
    if len(names) > 1 or LANGUAGE_ATTRIBUTE in names:
        return None
    return slots.get(names.pop())


def _daily_conditions(filters: Filters, slot: int) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        ResponseDaily.slot == slot,  # type: ignore[list-item]
        *_period_and_surveys(filters, ResponseDaily.day, ResponseDaily.survey_id),  # type: ignore[arg-type]
    ]
    for _, values in filters.include:
        conditions.append(ResponseDaily.value.in_(values))  # type: ignore[attr-defined]
    for _, values in filters.exclude:
        conditions.append(ResponseDaily.value.not_in(values))  # type: ignore[attr-defined]
    return conditions


def _daily_sum(columns: Sequence[str]) -> ColumnElement:
    return func.sum(sum((getattr(ResponseDaily, name) for name in columns), start=literal(0)))


def _daily_count_columns() -> list[ColumnElement]:
    return [
        _daily_sum(SCORE_COLUMNS[9:]).label("promoters"),
        _daily_sum(SCORE_COLUMNS[7:9]).label("passives"),
        _daily_sum(SCORE_COLUMNS[:7]).label("detractors"),
        _daily_sum(SCORE_COLUMNS).label("n"),
    ]


def _count_columns(score: ColumnElement) -> list[ColumnElement]:
    return [
        func.sum(case((score >= 9, 1), else_=0)).label("promoters"),
        func.sum(case((and_(score >= 7, score <= 8), 1), else_=0)).label("passives"),
        func.sum(case((score <= 6, 1), else_=0)).label("detractors"),
        func.count().label("n"),
    ]


def _run(statement: Select, engine: Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        result = connection.execute(statement)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    for column in COUNT_COLUMNS:
        if column in frame:
            frame[column] = frame[column].fillna(0).astype("int64")
    return frame


def summary_counts(filters: Filters, *, engine: Engine) -> Counts:
    """Promoters, passives and detractors of everything the filters select."""
    slots = attribute_slots(engine=engine)
    slot = rollup_slot(filters, slots)
    if slot is not None:
        statement = select(*_daily_count_columns()).where(*_daily_conditions(filters, slot))
    else:
        r = filtered_responses(filters, slots)
        statement = select(*_count_columns(r.c.score))
    frame = _run(statement, engine)
    row = frame.iloc[0]
    return Counts(int(row.promoters), int(row.passives), int(row.detractors))


def period_start(day: ColumnElement, period: str, dialect: str) -> ColumnElement:
    """The first day of the week (Monday), month or quarter containing `day`, as ISO text."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    if dialect == "postgresql":
        return func.to_char(func.date_trunc(period, day), "YYYY-MM-DD")
    if period == "week":
        return func.date(day, "-6 days", "weekday 1")
    if period == "month":
        return func.strftime("%Y-%m-01", day)
    month = cast(func.strftime("%m", day), Integer)
    first_month = ((month - 1) // 3) * 3 + 1
    return func.printf("%s-%02d-01", func.strftime("%Y", day), first_month)


def counts_by(filters: Filters, by: str, *, engine: Engine) -> pd.DataFrame:
    """Counts per period (`week`, `month`, `quarter`) or per value of a segment attribute.

    Columns: key, promoters, passives, detractors, n; ordered by key. Missing attribute values are
    grouped under "(not set)".
    """
    slots = attribute_slots(engine=engine)
    slot = rollup_slot(filters, slots, by)
    if slot is not None:
        if by in PERIODS:
            daily_key = period_start(ResponseDaily.day, by, engine.dialect.name)  # type: ignore[arg-type]
        else:
            daily_key = func.coalesce(func.nullif(ResponseDaily.value, NOT_SET), "(not set)")
        statement = (
            select(daily_key.label("key"), *_daily_count_columns())
            .where(*_daily_conditions(filters, slot))
            .group_by(daily_key)
            .order_by(daily_key)
        )
        return _run(statement, engine)
    r = filtered_responses(filters, slots)
    if by in PERIODS:
        key = period_start(r.c.responded_on, by, engine.dialect.name)
    else:
        key = func.coalesce(segment_column(by, slots, source=r.c), "(not set)")
    statement = select(key.label("key"), *_count_columns(r.c.score)).group_by(key).order_by(key)
    return _run(statement, engine)


def score_distribution(filters: Filters, *, engine: Engine) -> pd.DataFrame:
    """Responses per score 0–10 (every score present, zeros included)."""
    slots = attribute_slots(engine=engine)
    slot = rollup_slot(filters, slots)
    if slot is not None:
        statement = select(*[_daily_sum([name]) for name in SCORE_COLUMNS]).where(*_daily_conditions(filters, slot))
        with engine.connect() as connection:
            counts = connection.execute(statement).one()
        return pd.DataFrame({"score": range(11), "n": [int(count or 0) for count in counts]})
    r = filtered_responses(filters, slots)
    statement = select(r.c.score, func.count().label("n")).group_by(r.c.score)
    frame = _run(statement, engine)
    full = pd.DataFrame({"score": range(11)})
    return full.merge(frame, on="score", how="left").fillna({"n": 0}).astype({"n": "int64"})


def comment_count(filters: Filters, *, engine: Engine) -> int:
    slots = attribute_slots(engine=engine)
    slot = rollup_slot(filters, slots)
    if slot is not None:
        daily = select(func.coalesce(_daily_sum(["comments"]), 0)).where(*_daily_conditions(filters, slot))
        with engine.connect() as connection:
            return int(connection.execute(daily).scalar_one())
    r = filtered_responses(filters, slots)
    statement = select(func.count()).where(r.c.comment_length > 0)
    with engine.connect() as connection:
        return int(connection.execute(statement).scalar_one())


def attribute_values(name: str, *, engine: Engine, limit: int = 500) -> list[str]:
    """The distinct values of one segment attribute, most frequent first."""
    slots = attribute_slots(engine=engine)
    if name != LANGUAGE_ATTRIBUTE and name in slots:
        total = _daily_sum(SCORE_COLUMNS)
        daily = (
            select(ResponseDaily.value)
            .where(ResponseDaily.slot == slots[name], ResponseDaily.value != NOT_SET)
            .group_by(ResponseDaily.value)
            .order_by(total.desc(), ResponseDaily.value)
            .limit(limit)
        )
        with engine.connect() as connection:
            return [value for (value,) in connection.execute(daily)]
    column = segment_column(name, slots)
    statement = (
        select(column).where(column.is_not(None)).group_by(column).order_by(func.count().desc(), column).limit(limit)
    )
    with engine.connect() as connection:
        return [value for (value,) in connection.execute(statement)]


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


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of equal length just before [start, end]."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


EXPORT_COLUMNS = ["survey", "response_id", "responded_at", "score", "category", "comment", "language"]


def response_rows(filters: Filters, *, engine: Engine, chunk_rows: int = 50_000) -> Iterator[pd.DataFrame]:
    """The filtered responses themselves, streamed in chunks for exports (never all in memory at once).

    Columns: EXPORT_COLUMNS, then one per segment attribute, named by the attribute.
    """
    slots = attribute_slots(engine=engine)
    r = filtered_responses(filters, slots)
    category = case((r.c.score >= 9, "promoter"), (r.c.score >= 7, "passive"), else_="detractor")
    statement = (
        select(
            Survey.name.label("survey"),  # type: ignore[attr-defined]
            r.c.external_id.label("response_id"),
            r.c.responded_at,
            r.c.score,
            category.label("category"),
            r.c.comment,
            r.c.language,
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
        .where(r.c.score <= 6, r.c.comment_length > 0)
        .order_by(r.c.responded_at.desc(), r.c.id.desc())
        .limit(limit)
    )
    return _run(statement, engine)


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
    frame = _run(statement, engine)
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
