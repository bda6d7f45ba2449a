"""Reading comments: the paged explorer, theme statistics, respondents and their profiles, the promoters list.

Every read starts from `counting.filtered_responses` (the global filters) and narrows it in SQL; a page of
comments is fetched by offset and enriched with themes, tags and follow-up state by a few keyed lookups.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import ColumnElement, Engine, and_, case, desc, exists, func, literal, or_, select
from sqlalchemy.sql import Select, Subquery

from nps import search
from nps.closed_loop import QueueChoice, queue_response_ids
from nps.counting import (
    category_columns,
    category_rank,
    counts_from_row,
    filtered_category_columns,
    filtered_responses,
    in_category,
    period_start,
    segment_column,
    summary_counts,
)
from nps.filters import PERIODS, Filters
from nps.i18n import N_
from nps.metrics import Z_95, Counts, classify, nps, nps_with_interval, two_sample_test
from nps.models import FollowUp, FollowUpEvent, Respondent, Response, ResponseTag, ResponseTheme, Survey, Theme
from nps.segment_slots import SlotMap
from nps.store import attribute_slots
from nps.text.sentiment import NEUTRAL_BELOW
from nps.text.suggestions import Suggestion, suggest_phrases

CATEGORIES = ("detractor", "passive", "promoter")
SENTIMENTS = ("negative", "neutral", "positive")
NO_FOLLOW_UP = "none"
OPEN_STATUSES = ("new", "contacted")
SORTS = {
    "category": N_("Detractors first, newest first"),
    "newest": N_("Newest first"),
    "oldest": N_("Oldest first"),
    "score_low": N_("Lowest score first"),
    "score_high": N_("Highest score first"),
    "longest": N_("Longest comment first"),
    "shortest": N_("Shortest comment first"),
}
SUGGESTION_SAMPLE = 5_000


@dataclass(frozen=True)
class CommentQuery:
    """What the explorer narrows the filtered responses to; empty tuples mean "any"."""

    categories: tuple[str, ...] = ()
    scores: tuple[int, ...] = ()
    with_comment: bool = True
    languages: tuple[str, ...] = ()
    theme_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    follow_up: tuple[str, ...] = ()
    """Follow-up statuses; "none" selects responses nobody has followed up yet."""
    sentiments: tuple[str, ...] = ()
    search: str = ""
    sort: str = "category"
    queue: QueueChoice | None = None
    """Only the follow-up queue items this picks (what a Follow-ups figure counts)."""
    as_of: datetime | None = None
    """The clock the queue's "overdue" is judged by (None: now)."""


def _sentiment_condition(value: ColumnElement, sentiments: tuple[str, ...]) -> ColumnElement[bool]:
    parts = {
        "negative": value <= -NEUTRAL_BELOW,
        "neutral": and_(value > -NEUTRAL_BELOW, value < NEUTRAL_BELOW),
        "positive": value >= NEUTRAL_BELOW,
    }
    return or_(*(parts[s] for s in sentiments))


def _conditions(r: Subquery, query: CommentQuery, dialect: str) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.with_comment:
        conditions.append(r.c.comment_length > 0)
    if query.categories:
        conditions.append(in_category(r.c.score, *query.categories))
    if query.scores:
        conditions.append(r.c.score.in_(query.scores))
    if query.languages:
        conditions.append(r.c.language.in_(query.languages))
    if query.sentiments:
        conditions.append(_sentiment_condition(r.c.sentiment, query.sentiments))
    if query.theme_ids:
        themed = select(ResponseTheme.response_id).where(ResponseTheme.theme_id.in_(query.theme_ids))  # type: ignore[attr-defined]
        conditions.append(r.c.id.in_(themed))
    if query.tags:
        tagged = select(ResponseTag.response_id).where(ResponseTag.tag.in_(query.tags))  # type: ignore[attr-defined]
        conditions.append(r.c.id.in_(tagged))
    if query.follow_up:
        statuses = tuple(s for s in query.follow_up if s != NO_FOLLOW_UP)
        parts = []
        if statuses:
            parts.append(r.c.id.in_(select(FollowUp.response_id).where(FollowUp.status.in_(statuses))))  # type: ignore[attr-defined]
        if NO_FOLLOW_UP in query.follow_up:
            parts.append(~exists().where(FollowUp.response_id == r.c.id))
        conditions.append(or_(*parts))
    matched = search.search_condition(query.search, r.c.id, dialect)
    if matched is not None:
        conditions.append(matched)
    return conditions


def _order(r: Subquery, sort: str) -> list[ColumnElement]:
    newest = [desc(r.c.responded_at), desc(r.c.id)]
    rank = category_rank(r.c.score)
    orders = {
        "category": [rank, *newest],
        "newest": newest,
        "oldest": [r.c.responded_at, r.c.id],
        "score_low": [r.c.score, *newest],
        "score_high": [desc(r.c.score), *newest],
        "longest": [desc(r.c.comment_length), *newest],
        "shortest": [r.c.comment_length, *newest],
    }
    if sort not in orders:
        raise ValueError(f"sort must be one of {', '.join(orders)}")
    return orders[sort]


def _narrowed(filters: Filters, query: CommentQuery, engine: Engine) -> tuple[Subquery, list[ColumnElement[bool]]]:
    r = filtered_responses(filters, attribute_slots(engine=engine))
    conditions = _conditions(r, query, engine.dialect.name)
    if query.queue is not None:
        conditions.append(r.c.id.in_(queue_response_ids(filters, query.queue, engine=engine, now=query.as_of)))
    return r, conditions


def count_comments(filters: Filters, query: CommentQuery, *, engine: Engine) -> Counts:
    """Category counts of what the explorer would list (for its header and page count)."""
    r, conditions = _narrowed(filters, query, engine)
    statement = select(*category_columns(r.c.score)).where(literal(True), *conditions)
    with engine.connect() as connection:
        return counts_from_row(connection.execute(statement).one())


COMMENT_COLUMNS = [
    "id",
    "responded_at",
    "score",
    "category",
    "comment",
    "language",
    "sentiment",
    "survey",
    "respondent_id",
    "name",
    "email",
    "segments",
    "themes",
    "theme_tones",
    "tags",
    "follow_up",
    "owner",
    "due_on",
]


def list_comments(
    filters: Filters, query: CommentQuery, *, engine: Engine, page: int = 0, page_size: int = 25
) -> pd.DataFrame:
    """One page of responses (newest first within the chosen order), with everything a comment card shows.

    `segments` is a dict attribute → value; `themes` and `tags` are lists; `follow_up` is a status or None.
    """
    slots = attribute_slots(engine=engine)
    r, conditions = _narrowed(filters, query, engine)
    statement = (
        select(r.c.id)
        .where(literal(True), *conditions)
        .order_by(*_order(r, query.sort))
        .limit(page_size)
        .offset(max(page, 0) * page_size)
    )
    with engine.connect() as connection:
        ids = list(connection.execute(statement).scalars())
    return comment_details(ids, engine=engine, slots=slots)


def comment_details(ids: list[int], *, engine: Engine, slots: SlotMap | None = None) -> pd.DataFrame:
    """The card data of the given responses, in the order given."""
    if not ids:
        return pd.DataFrame(columns=COMMENT_COLUMNS)
    slots = attribute_slots(engine=engine) if slots is None else slots
    names = list(slots)
    seg_columns = [segment_column(name, slots).label(f"segment_{index}") for index, name in enumerate(names)]
    statement = (
        select(
            Response.id,
            Response.responded_at,
            Response.score,
            Response.comment,
            Response.language,
            Response.sentiment,
            Survey.name.label("survey"),
            Response.respondent_id,
            Respondent.name,
            Respondent.email,
            FollowUp.status.label("follow_up"),
            FollowUp.owner,
            FollowUp.due_on,
            *seg_columns,
        )
        .join(Survey, Survey.id == Response.survey_id)
        .outerjoin(Respondent, Respondent.id == Response.respondent_id)
        .outerjoin(FollowUp, FollowUp.response_id == Response.id)
        .where(Response.id.in_(ids))  # type: ignore[union-attr]
    )
    with engine.connect() as connection:
        rows = {row.id: row._mapping for row in connection.execute(statement)}
        theme_tones: dict[int, dict[str, float | None]] = {}
        for rid, name, tone in connection.execute(
            select(ResponseTheme.response_id, Theme.name, ResponseTheme.sentiment)
            .join(Theme, Theme.id == ResponseTheme.theme_id)
            .where(ResponseTheme.response_id.in_(ids))  # type: ignore[attr-defined]
            .order_by(Theme.name)
        ):
            theme_tones.setdefault(rid, {})[name] = tone
        tags = _grouped(
            connection.execute(
                select(ResponseTag.response_id, ResponseTag.tag)
                .where(ResponseTag.response_id.in_(ids))  # type: ignore[attr-defined]
                .order_by(ResponseTag.tag)
            )
        )
    records = []
    for rid in ids:
        row = rows.get(rid)
        if row is None:
            continue
        record = {column: row.get(column) for column in COMMENT_COLUMNS if column in row}
        record["category"] = classify(row["score"]).value
        segments = ((name, row[f"segment_{index}"]) for index, name in enumerate(names))
        record["segments"] = {name: value for name, value in segments if value}
        tones = theme_tones.get(rid, {})
        record["themes"] = list(tones)
        record["theme_tones"] = {name: row["sentiment"] if tone is None else tone for name, tone in tones.items()}
        record["tags"] = tags.get(rid, [])
        records.append(record)
    return pd.DataFrame.from_records(records, columns=COMMENT_COLUMNS)


def _grouped(rows) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for key, value in rows:
        grouped.setdefault(key, []).append(value)
    return grouped


def known_tags(filters: Filters, *, engine: Engine, limit: int = 500) -> list[str]:
    """Tags on the responses the filters select, most used first."""
    r = filtered_responses(filters, attribute_slots(engine=engine))
    statement = (
        select(ResponseTag.tag)
        .join(r, r.c.id == ResponseTag.response_id)
        .group_by(ResponseTag.tag)
        .order_by(func.count().desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        return list(connection.execute(statement).scalars())


def known_languages(filters: Filters, *, engine: Engine) -> list[str]:
    """Comment languages among the responses the filters select, most frequent first."""
    r = filtered_responses(filters, attribute_slots(engine=engine))
    statement = (
        select(r.c.language).where(r.c.language.is_not(None)).group_by(r.c.language).order_by(func.count().desc())
    )
    with engine.connect() as connection:
        return list(connection.execute(statement).scalars())


def mask_email(email: str | None) -> str:
    """j•••@example.com: enough to tell two people apart, not enough to write to them."""
    if not isinstance(email, str) or not email:
        return ""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def mask_name(name: str | None) -> str:
    """Initials only: "Anna Nowak" → "A. N."."""
    if not isinstance(name, str) or not name:
        return ""
    return " ".join(f"{part[0]}." for part in name.split() if part)


@dataclass(frozen=True)
class ThemeImpact:
    """NPS of everything minus NPS without the theme's responses: how many points the theme moves the score."""

    impact: float | None
    low: float | None
    high: float | None
    significant: bool


def theme_impact(everything: Counts, themed: Counts) -> ThemeImpact:
    """Impact with its 95% interval.

    NPS(all) − NPS(without) = w · (NPS(theme) − NPS(without)), w = n(theme)/n(all); the two groups are
    disjoint, so the interval is w times the independent-samples interval of that difference.
    """
    without = everything - themed
    all_nps, without_nps = nps(everything), nps(without)
    if all_nps is None or without_nps is None or themed.n == 0:
        return ThemeImpact(None, None, None, False)
    weight = themed.n / everything.n
    margins = [nps_with_interval(c).margin or 0.0 for c in (themed, without)]
    se = ((margins[0] / Z_95) ** 2 + (margins[1] / Z_95) ** 2) ** 0.5
    difference = (nps(themed) or 0.0) - without_nps
    test = two_sample_test(themed, without)
    return ThemeImpact(
        impact=all_nps - without_nps,
        low=weight * (difference - Z_95 * se),
        high=weight * (difference + Z_95 * se),
        significant=test.significant,
    )


def theme_stats(filters: Filters, *, engine: Engine) -> pd.DataFrame:
    """Per theme: mentions by category, share of detractor comments, NPS of its responses, impact on NPS, and
    the tone of what the comments say about the theme (a comment can praise staff and complain about price).

    Columns: theme_id, theme, mentions, detractors, passives, promoters, detractor_share, theme_nps,
    impact, impact_low, impact_high, significant, negative_share, positive_share (of the mentions with a
    tone); ordered by impact (most harmful first).
    """
    slots = attribute_slots(engine=engine)
    r = filtered_responses(filters, slots)
    everything = summary_counts(filters, engine=engine)
    detractor_comments_statement = select(func.count()).where(
        r.c.comment_length > 0, in_category(r.c.score, "detractor")
    )
    tone = func.coalesce(ResponseTheme.sentiment, r.c.sentiment)
    counted = and_(r.c.id.is_not(None), tone.is_not(None))
    per_theme = (
        select(
            Theme.id.label("theme_id"),
            Theme.name.label("theme"),
            *[column for column in filtered_category_columns(filters, r) if column.name != "n"],
            func.sum(case((counted, 1), else_=0)).label("toned"),
            func.sum(case((and_(counted, tone <= -NEUTRAL_BELOW), 1), else_=0)).label("negative"),
            func.sum(case((and_(counted, tone >= NEUTRAL_BELOW), 1), else_=0)).label("positive"),
        )
        .select_from(Theme)
        .outerjoin(ResponseTheme, ResponseTheme.theme_id == Theme.id)
        .outerjoin(r, r.c.id == ResponseTheme.response_id)
        .group_by(Theme.id, Theme.name)
        .order_by(Theme.name)
    )
    with engine.connect() as connection:
        detractor_comments = int(connection.execute(detractor_comments_statement).scalar_one())
        rows = connection.execute(per_theme).all()
    records = []
    for row in rows:
        counts = counts_from_row(row)
        impact = theme_impact(everything, counts)
        records.append(
            {
                "theme_id": row.theme_id,
                "theme": row.theme,
                "mentions": counts.n,
                "detractors": counts.detractors,
                "passives": counts.passives,
                "promoters": counts.promoters,
                "detractor_share": counts.detractors / detractor_comments if detractor_comments else None,
                "theme_nps": nps(counts),
                "impact": impact.impact,
                "impact_low": impact.low,
                "impact_high": impact.high,
                "significant": impact.significant,
                "negative_share": row.negative / row.toned if row.toned else None,
                "positive_share": row.positive / row.toned if row.toned else None,
            }
        )
    frame = pd.DataFrame.from_records(
        records,
        columns=[
            "theme_id",
            "theme",
            "mentions",
            "detractors",
            "passives",
            "promoters",
            "detractor_share",
            "theme_nps",
            "impact",
            "impact_low",
            "impact_high",
            "significant",
            "negative_share",
            "positive_share",
        ],
    )
    return frame.sort_values("impact", na_position="last", kind="stable").reset_index(drop=True)


def theme_trend(filters: Filters, *, engine: Engine, period: str = "month") -> pd.DataFrame:
    """Per period and theme: mentions, comments in the period, and the share of comments mentioning the theme.

    Columns: key (period start, ISO), theme, mentions, comments, share.
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    r = filtered_responses(filters, attribute_slots(engine=engine))
    key = period_start(r.c.responded_on, period, engine.dialect.name)
    mentions = (
        select(key.label("key"), Theme.name.label("theme"), func.count().label("mentions"))
        .select_from(r)
        .join(ResponseTheme, ResponseTheme.response_id == r.c.id)
        .join(Theme, Theme.id == ResponseTheme.theme_id)
        .group_by(key, Theme.name)
    )
    comments = select(key.label("key"), func.count().label("comments")).where(r.c.comment_length > 0).group_by(key)
    with engine.connect() as connection:
        by_theme = pd.DataFrame(connection.execute(mentions).all(), columns=["key", "theme", "mentions"])
        totals = pd.DataFrame(connection.execute(comments).all(), columns=["key", "comments"])
    if by_theme.empty:
        return pd.DataFrame(columns=["key", "theme", "mentions", "comments", "share"])
    frame = by_theme.merge(totals, on="key", how="left")
    frame["share"] = frame["mentions"] / frame["comments"].where(frame["comments"] > 0)
    return frame.sort_values(["key", "theme"]).reset_index(drop=True)


def phrase_suggestions(
    filters: Filters, *, engine: Engine, sample: int = SUGGESTION_SAMPLE, top: int = 20
) -> list[Suggestion]:
    """Frequent phrases no theme covers yet, from the newest `sample` comments under the filters."""
    r = filtered_responses(filters, attribute_slots(engine=engine))
    statement = (
        select(r.c.comment, r.c.score)
        .where(r.c.comment_length > 0)
        .order_by(desc(r.c.responded_at), desc(r.c.id))
        .limit(sample)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
        keywords = [k for (raw,) in connection.execute(select(Theme.keywords_json)) for k in json.loads(raw)]
    if not rows:
        return []
    return suggest_phrases([c for c, _ in rows], [classify(s).value for _, s in rows], keywords, top=top)


RESPONDENT_SORTS = {
    "last_survey": N_("Last survey date (newest first)"),
    "latest_score_low": N_("Latest score (lowest first)"),
    "latest_score_high": N_("Latest score (highest first)"),
    "latest_comment": N_("Latest comment (newest first)"),
    "name": N_("Name (A to Z)"),
    "responses": N_("Number of responses (most first)"),
}


RESPONDENT_PAGE_SIZE = 50


def list_respondents(
    filters: Filters,
    *,
    engine: Engine,
    sort: str = "last_survey",
    page: int = 0,
    page_size: int = RESPONDENT_PAGE_SIZE,
    search: str = "",
) -> pd.DataFrame:
    """Respondents with a response under the filters: latest score, latest comment, last survey date, count.

    Columns: RESPONDENT_COLUMNS. `search` keeps respondents whose name, e-mail or customer id contains it
    (any case). Two steps, so a million responses stay quick: one aggregate picks the page of respondents
    in order, then only those few are looked up in detail.
    """
    if sort not in RESPONDENT_SORTS:
        raise ValueError(f"sort must be one of {', '.join(RESPONDENT_SORTS)}")
    r = _searched(filtered_responses(filters, attribute_slots(engine=engine)), search)
    with engine.connect() as connection:
        ids = list(connection.execute(_respondent_page(r, sort, page, page_size)).scalars())
        if not ids:
            return pd.DataFrame(columns=RESPONDENT_COLUMNS)
        result = connection.execute(_respondent_details(r, ids))
        details = pd.DataFrame(result.all(), columns=list(result.keys()))
    order = {respondent_id: position for position, respondent_id in enumerate(ids)}
    return details.sort_values("respondent_id", key=lambda column: column.map(order)).reset_index(drop=True)


def count_respondents(filters: Filters, *, engine: Engine, search: str = "") -> int:
    """How many identified respondents have a response under the filters (the respondents list's length)."""
    r = _searched(filtered_responses(filters, attribute_slots(engine=engine)), search)
    statement = select(func.count(func.distinct(r.c.respondent_id))).where(r.c.respondent_id.is_not(None))
    with engine.connect() as connection:
        return int(connection.execute(statement).scalar_one())


RESPONDENT_COLUMNS = [
    "respondent_id",
    "customer_id",
    "name",
    "email",
    "responses",
    "last_survey",
    "latest_score",
    "latest_comment",
    "latest_comment_at",
]


def _searched(r: Subquery, term: str) -> Subquery:
    """The responses of respondents whose name, e-mail or customer id contains `term` (all when it is blank)."""
    text = term.strip()
    if not text:
        return r
    pattern = search.like_pattern(text.lower())
    people = select(Respondent.id).where(
        or_(*(func.lower(column).like(pattern, escape="\\") for column in RESPONDENT_SEARCH_COLUMNS))
    )
    return select(*r.c).where(r.c.respondent_id.in_(people)).subquery("searched")


RESPONDENT_SEARCH_COLUMNS = (Respondent.name, Respondent.email, Respondent.customer_id)
"""What a respondent is found by; viewers see these masked, so only analysts and admins may search them."""


def _newest_first(source: Subquery) -> ColumnElement[int]:
    """1 on each respondent's newest response in `source` (the later id wins a tie), 2 on the one before, …"""
    newest = (desc(source.c.responded_at), desc(source.c.id))
    return func.row_number().over(partition_by=source.c.respondent_id, order_by=newest).label("rank")


def _respondent_page(r: Subquery, sort: str, page: int, page_size: int) -> Select:
    """The respondent ids of one page, in the chosen order (ties broken by id)."""
    identified = r.c.respondent_id.is_not(None)
    if sort in ("name", "responses"):
        statement = (
            select(r.c.respondent_id)
            .join(Respondent, Respondent.id == r.c.respondent_id)
            .where(identified)
            .group_by(r.c.respondent_id, Respondent.name)
        )
        name = func.lower(func.coalesce(Respondent.name, ""))
        order = [Respondent.name.is_(None), name] if sort == "name" else [desc(func.count()), name]
        return statement.order_by(*order, r.c.respondent_id).limit(page_size).offset(max(page, 0) * page_size)
    if sort in ("last_survey", "latest_comment"):
        last = func.max(r.c.responded_at)
        last_comment = func.max(case((r.c.comment_length > 0, r.c.responded_at)))
        order = [desc(last)] if sort == "last_survey" else [last_comment.is_(None), desc(last_comment)]
        statement = select(r.c.respondent_id).where(identified).group_by(r.c.respondent_id)
    else:
        latest = select(r.c.respondent_id, r.c.responded_at, r.c.score, _newest_first(r)).where(identified).subquery()
        score = latest.c.score if sort == "latest_score_low" else desc(latest.c.score)
        order = [score, desc(latest.c.responded_at)]
        statement = select(latest.c.respondent_id).where(latest.c.rank == 1)
        r = latest
    return statement.order_by(*order, r.c.respondent_id).limit(page_size).offset(max(page, 0) * page_size)


def _respondent_details(r: Subquery, ids: list[int]) -> Select:
    """Latest response, latest comment and number of responses under the filters, for a page of respondents."""
    mine = select(*r.c).where(r.c.respondent_id.in_(ids)).subquery("mine")
    latest = select(
        mine.c.respondent_id,
        mine.c.responded_at,
        mine.c.score,
        _newest_first(mine),
        func.count().over(partition_by=mine.c.respondent_id).label("responses"),
    ).subquery("latest")
    last_comment = (
        select(mine.c.respondent_id, mine.c.comment, mine.c.responded_at, _newest_first(mine))
        .where(mine.c.comment_length > 0)
        .subquery("last_comment")
    )
    return (
        select(
            latest.c.respondent_id,
            Respondent.customer_id,
            Respondent.name,
            Respondent.email,
            latest.c.responses,
            latest.c.responded_at.label("last_survey"),
            latest.c.score.label("latest_score"),
            last_comment.c.comment.label("latest_comment"),
            last_comment.c.responded_at.label("latest_comment_at"),
        )
        .join(Respondent, Respondent.id == latest.c.respondent_id)
        .outerjoin(last_comment, and_(last_comment.c.respondent_id == latest.c.respondent_id, last_comment.c.rank == 1))
        .where(latest.c.rank == 1)
    )


@dataclass(frozen=True)
class RespondentProfile:
    respondent_id: int
    name: str | None
    email: str | None
    customer_id: str | None
    responses: pd.DataFrame
    """Every response, oldest first, with the comment card columns (see COMMENT_COLUMNS)."""
    events: pd.DataFrame
    """Follow-up history: response_id, field, old_value, new_value, changed_by, changed_at."""


def respondent_profile(respondent_id: int, filters: Filters, *, engine: Engine) -> RespondentProfile | None:
    """Everything one respondent said among the responses the filters select (the page passes `Filters()`: across
    surveys and periods). None when there is no such respondent, or the filters select none of theirs and do
    select something (a restricted user must not learn who answered elsewhere)."""
    r = filtered_responses(filters, attribute_slots(engine=engine))
    with engine.connect() as connection:
        person = connection.execute(select(Respondent).where(Respondent.id == respondent_id)).first()
        if person is None:
            return None
        ids = list(
            connection.execute(
                select(r.c.id).where(r.c.respondent_id == respondent_id).order_by(r.c.responded_at)
            ).scalars()
        )
        if not ids and filters != Filters():
            return None
        history = connection.execute(
            select(
                FollowUpEvent.response_id,
                FollowUpEvent.field,
                FollowUpEvent.old_value,
                FollowUpEvent.new_value,
                FollowUpEvent.changed_by,
                FollowUpEvent.changed_at,
            )
            .where(FollowUpEvent.response_id.in_(ids))  # type: ignore[attr-defined]
            .order_by(FollowUpEvent.changed_at, FollowUpEvent.id)
        )
        events = pd.DataFrame(history.all(), columns=list(history.keys()))
    return RespondentProfile(
        respondent_id=respondent_id,
        name=person.name,
        email=person.email,
        customer_id=person.customer_id,
        responses=comment_details(ids, engine=engine),
        events=events,
    )


PROMOTER_COLUMNS = ["responded_at", "score", "name", "email", "customer_id", "survey", "comment", "respondent_id"]


def promoters_list(filters: Filters, *, engine: Engine, limit: int = 10_000) -> pd.DataFrame:
    """Promoters (9–10) who left a comment and can be contacted: candidates for reviews and case studies.

    One row per respondent (their newest such response), newest first. A response is kept when the respondent has
    no newer one that qualifies (checked through the respondent-and-day index), so the newest `limit` are found
    without ranking every promoter of a million-row store (3.5 s with a window function).
    """
    slots = attribute_slots(engine=engine)
    r = filtered_responses(filters, slots)
    newer = filtered_responses(filters, slots).alias("newer")

    def qualifies(responses) -> ColumnElement[bool]:
        return and_(in_category(responses.c.score, "promoter"), responses.c.comment_length > 0)

    has_newer = (
        select(newer.c.id)
        .where(
            newer.c.respondent_id == r.c.respondent_id,
            qualifies(newer),
            or_(
                newer.c.responded_at > r.c.responded_at,
                and_(newer.c.responded_at == r.c.responded_at, newer.c.id > r.c.id),
            ),
        )
        .exists()
    )
    statement = (
        select(
            r.c.responded_at,
            r.c.score,
            Respondent.name,
            Respondent.email,
            Respondent.customer_id,
            Survey.name.label("survey"),
            r.c.comment,
            r.c.respondent_id,
        )
        .join(Respondent, Respondent.id == r.c.respondent_id)
        .join(Survey, Survey.id == r.c.survey_id)
        .where(qualifies(r), Respondent.email.is_not(None), Respondent.email != "", ~has_newer)  # type: ignore[union-attr]
        .order_by(desc(r.c.responded_at), desc(r.c.id))
        .limit(limit)
    )
    with engine.connect() as connection:
        result = connection.execute(statement)
        return pd.DataFrame(result.all(), columns=PROMOTER_COLUMNS)


def as_utc_text(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def narrowed_responses(
    filters: Filters, query: CommentQuery, *, engine: Engine
) -> tuple[Subquery, list[ColumnElement[bool]]]:
    """The filtered responses and the explorer's conditions on them, for features that pick responses the same way
    (alert rules)."""
    return _narrowed(filters, query, engine)
