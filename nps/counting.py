"""The one place that counts responses: which rows the filters select, how a score falls into a category in SQL,
and whether the daily roll-up or the base table answers.

Every figure of the dashboard, the CLI, the comments explorer, the follow-up queue and the theme statistics is
built from these pieces; the 0–6 / 7–8 / 9–10 rule itself comes from `nps.metrics` (`classify`, its thresholds).

- `filtered_responses(filters, slots)`: the responses the filters select, a subquery with Response's columns
  (`slots` = `store.attribute_slots(...)`: where each attribute is kept, survey by survey).
- `category_of(score)`, `in_category(score, *categories)`, `category_rank(score)`: category SQL for any score column.
- `summary_counts(filters)`, `counts_by(filters, by)`, `score_distribution`, `comment_count`: counts in SQL.
  With `filters.weighted` the category counts are sums of weights (SUM(w), SUM(w*w) per category).

Counts come from the daily roll-up `response_daily` (see `nps.rollup`) when the filters involve at most one
segment attribute and no per-respondent de-duplication, and from `response` otherwise; both give the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Integer, and_, case, cast, func, literal, or_, select
from sqlalchemy.sql import Select, Subquery

from nps.filters import LANGUAGE_ATTRIBUTE, PERIODS, Filters
from nps.metrics import DETRACTOR_MAX, PROMOTER_MIN, Category, Counts, classify
from nps.models import Response, ResponseDaily, Survey
from nps.rollup import NOT_SET, SCORE_COLUMNS, SCORES, TOTAL_SLOT
from nps.segment_slots import SlotMap
from nps.store import attribute_slots

COUNT_COLUMNS = ["promoters", "passives", "detractors", "n"]
CATEGORY_ORDER = (Category.DETRACTOR, Category.PASSIVE, Category.PROMOTER)
"""Detractors first: the order of the explorer's default sort and of category ranks."""


def in_category(score: ColumnElement, *categories: str) -> ColumnElement[bool]:
    """True where the score falls into any of the named categories (promoter, passive, detractor)."""
    parts = {
        Category.DETRACTOR: score <= DETRACTOR_MAX,
        Category.PASSIVE: and_(score > DETRACTOR_MAX, score < PROMOTER_MIN),
        Category.PROMOTER: score >= PROMOTER_MIN,
    }
    return or_(*(parts[Category(name)] for name in categories))


def category_of(score: ColumnElement) -> ColumnElement[str]:
    """The category name of a score, in SQL."""
    return case(*((in_category(score, c), literal(c.value)) for c in CATEGORY_ORDER[:2]), else_=literal("promoter"))


def category_rank(score: ColumnElement) -> ColumnElement[int]:
    """0 for detractors, 1 for passives, 2 for promoters: sorts detractors first."""
    return case(*((in_category(score, c), rank) for rank, c in enumerate(CATEGORY_ORDER[:2])), else_=2)


def response_weight(source: object) -> ColumnElement[float]:
    """A response's weight, 1 where none was set."""
    return func.coalesce(source.weight, 1.0)  # type: ignore[attr-defined]


def category_columns(score: ColumnElement, weight: ColumnElement | None = None) -> list[ColumnElement]:
    """promoters, passives, detractors and n of the rows aggregated, as labelled SQL sums.

    With a weight: sums of weights per category, n = Σw, plus `weight_squares` = Σw² for the effective n.
    """
    one = literal(1) if weight is None else weight
    columns = [
        *(func.sum(case((in_category(score, c), one), else_=0)).label(f"{c.value}s") for c in reversed(CATEGORY_ORDER)),
        (func.count() if weight is None else func.sum(case((score.is_not(None), weight), else_=0))).label("n"),
    ]
    if weight is not None:
        columns.append(func.sum(case((score.is_not(None), weight * weight), else_=0)).label("weight_squares"))
    return columns


def filtered_category_columns(filters: Filters, r: Subquery) -> list[ColumnElement]:
    """`category_columns` of a `filtered_responses` subquery, weighted when the filters ask for it."""
    return category_columns(r.c.score, response_weight(r.c) if filters.weighted else None)


def segment_column(name: str, slots: SlotMap, source: object = Response) -> ColumnElement:
    """The value of one segment attribute in each row of `source` (responses, invitations or a subquery of them)."""
    if name == LANGUAGE_ATTRIBUTE:
        return source.language  # type: ignore[attr-defined]
    if name not in slots:
        raise KeyError(f"unknown segment attribute {name!r}")
    return slots.value_of(name, source)


def segment_conditions(filters: Filters, slots: SlotMap, source: object = Response) -> list[ColumnElement[bool]]:
    """The filters' include and exclude pairs on `source`; an attribute is read from each survey's own slot."""
    conditions: list[ColumnElement[bool]] = []
    for name, values in filters.include:
        if name == LANGUAGE_ATTRIBUTE:
            conditions.append(segment_column(name, slots, source).in_(values))
        else:
            segment_column(name, slots, source)
            conditions.append(slots.matches(name, values, source))
    for name, values in filters.exclude:
        column = segment_column(name, slots, source)
        conditions.append(or_(column.is_(None), column.not_in(values)))
    return conditions


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


def _conditions(filters: Filters, slots: SlotMap) -> list[ColumnElement[bool]]:
    conditions = _period_and_surveys(filters, Response.responded_on, Response.survey_id)  # type: ignore[arg-type]
    return conditions + segment_conditions(filters, slots)


def filtered_responses(filters: Filters, slots: SlotMap) -> Subquery:
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


def rollup_rows(filters: Filters, slots: SlotMap, by: str | None = None) -> ColumnElement[bool] | None:
    """Which roll-up rows answer these filters (and group-by), or None when only `response` can.

    The roll-up counts by one attribute at a time and knows nothing of comment language (set after import),
    of which response is a respondent's latest, or of weights (weighted figures sum `response`). An attribute
    is read from each survey's own slot; surveys without it count from the total (slot 0, value NOT_SET).
    """
    if filters.latest_per_respondent or filters.weighted:
        return None
    names = {name for name, _ in filters.include} | {name for name, _ in filters.exclude}
    if by is not None and by not in PERIODS:
        names.add(by)
    if not names:
        return ResponseDaily.slot == TOTAL_SLOT  # type: ignore[return-value]
    if len(names) > 1 or LANGUAGE_ATTRIBUTE in names:
        return None
    name = names.pop()
    if name not in slots:
        return None
    parts = [
        and_(ResponseDaily.slot == slot, ResponseDaily.survey_id.in_(survey_ids))  # type: ignore[attr-defined]
        for slot, survey_ids in slots.surveys_by_slot(name).items()
    ]
    without = ResponseDaily.survey_id.not_in(slots.survey_ids(name))  # type: ignore[attr-defined]
    return or_(*parts, and_(ResponseDaily.slot == TOTAL_SLOT, without))


def _daily_conditions(filters: Filters, rows: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        rows,
        *_period_and_surveys(filters, ResponseDaily.day, ResponseDaily.survey_id),  # type: ignore[arg-type]
    ]
    for _, values in filters.include:
        conditions.append(ResponseDaily.value.in_(values))  # type: ignore[attr-defined]
    for _, values in filters.exclude:
        conditions.append(ResponseDaily.value.not_in(values))  # type: ignore[attr-defined]
    return conditions


def _daily_sum(columns: Sequence[str]) -> ColumnElement:
    return func.sum(sum((getattr(ResponseDaily, name) for name in columns), start=literal(0)))


def _daily_category_columns() -> list[ColumnElement]:
    """The roll-up's per-score counts summed into categories, the scores of each category chosen by `classify`."""
    return [
        *(
            _daily_sum([SCORE_COLUMNS[s] for s in SCORES if classify(s) == c]).label(f"{c.value}s")
            for c in reversed(CATEGORY_ORDER)
        ),
        _daily_sum(SCORE_COLUMNS).label("n"),
    ]


def run_frame(statement: Select, engine: Engine) -> pd.DataFrame:
    """A statement's rows as a frame; count columns (COUNT_COLUMNS) as integers (floats when weighted), None as 0."""
    with engine.connect() as connection:
        result = connection.execute(statement)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    kind = "float64" if "weight_squares" in frame else "int64"
    for column in [*COUNT_COLUMNS, "weight_squares"]:
        if column in frame:
            frame[column] = frame[column].fillna(0).astype(kind)
    return frame


def counts_from_row(row: object) -> Counts:
    """Counts from a row with promoters, passives and detractors (None counts as 0); weighted with weight_squares."""
    squares = getattr(row, "weight_squares", None)
    values = (row.promoters or 0, row.passives or 0, row.detractors or 0)  # type: ignore[attr-defined]
    if squares is None:
        return Counts(*(int(value) for value in values))
    return Counts(*(float(value) for value in values), weight_squares=float(squares or 0))


def summary_counts(filters: Filters, *, engine: Engine) -> Counts:
    """Promoters, passives and detractors of everything the filters select."""
    slots = attribute_slots(engine=engine)
    rows = rollup_rows(filters, slots)
    if rows is not None:
        statement = select(*_daily_category_columns()).where(*_daily_conditions(filters, rows))
    else:
        r = filtered_responses(filters, slots)
        statement = select(*filtered_category_columns(filters, r))
    return counts_from_row(run_frame(statement, engine).iloc[0])


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

    Columns: key, promoters, passives, detractors, n (and weight_squares when weighted); ordered by key.
    Missing attribute values are grouped under "(not set)".
    """
    slots = attribute_slots(engine=engine)
    rows = rollup_rows(filters, slots, by)
    if rows is not None:
        if by in PERIODS:
            daily_key = period_start(ResponseDaily.day, by, engine.dialect.name)  # type: ignore[arg-type]
        else:
            daily_key = func.coalesce(func.nullif(ResponseDaily.value, NOT_SET), "(not set)")
        statement = (
            select(daily_key.label("key"), *_daily_category_columns())
            .where(*_daily_conditions(filters, rows))
            .group_by(daily_key)
            .order_by(daily_key)
        )
        return run_frame(statement, engine)
    r = filtered_responses(filters, slots)
    if by in PERIODS:
        key = period_start(r.c.responded_on, by, engine.dialect.name)
    else:
        key = func.coalesce(segment_column(by, slots, source=r.c), "(not set)")
    statement = select(key.label("key"), *filtered_category_columns(filters, r)).group_by(key).order_by(key)
    return run_frame(statement, engine)


def score_distribution(filters: Filters, *, engine: Engine) -> pd.DataFrame:
    """Responses per score 0–10 (every score present, zeros included)."""
    slots = attribute_slots(engine=engine)
    rows = rollup_rows(filters, slots)
    if rows is not None:
        statement = select(*[_daily_sum([name]) for name in SCORE_COLUMNS]).where(*_daily_conditions(filters, rows))
        with engine.connect() as connection:
            counts = connection.execute(statement).one()
        return pd.DataFrame({"score": SCORES, "n": [int(count or 0) for count in counts]})
    r = filtered_responses(filters, slots)
    statement = select(r.c.score, func.count().label("n")).group_by(r.c.score)
    frame = run_frame(statement, engine)
    full = pd.DataFrame({"score": SCORES})
    return full.merge(frame, on="score", how="left").fillna({"n": 0}).astype({"n": "int64"})


def comment_count(filters: Filters, *, engine: Engine) -> int:
    """Responses with a comment among those the filters select."""
    slots = attribute_slots(engine=engine)
    rows = rollup_rows(filters, slots)
    if rows is not None:
        statement = select(func.coalesce(_daily_sum(["comments"]), 0)).where(*_daily_conditions(filters, rows))
    else:
        r = filtered_responses(filters, slots)
        statement = select(func.count()).where(r.c.comment_length > 0)
    with engine.connect() as connection:
        return int(connection.execute(statement).scalar_one())


def attribute_values(name: str, *, engine: Engine, limit: int = 500) -> list[str]:
    """The distinct values of one segment attribute, most frequent first."""
    slots = attribute_slots(engine=engine)
    if name != LANGUAGE_ATTRIBUTE and name in slots:
        total = _daily_sum(SCORE_COLUMNS)
        in_slots = or_(
            *(
                and_(ResponseDaily.slot == slot, ResponseDaily.survey_id.in_(survey_ids))  # type: ignore[attr-defined]
                for slot, survey_ids in slots.surveys_by_slot(name).items()
            )
        )
        daily = (
            select(ResponseDaily.value)
            .where(in_slots, ResponseDaily.value != NOT_SET)
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
