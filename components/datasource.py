"""The only home of st.cache_*: one engine per database URL, cached reads keyed by filters and data version."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session

from components.upload_batch_table import batches_frame
from nps import analysis, closed_loop, comments, invitations, queries, store
from nps.benchmarks import StoredBenchmark, stored_benchmarks
from nps.db import database_url, make_engine, upgrade_schema
from nps.filters import Filters
from nps.metrics import Counts


@st.cache_resource(max_entries=4)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    upgrade_schema(engine)
    return engine


def get_engine() -> Engine:
    """The engine for DATABASE_URL (read on every call, so tests can point pages at their own store)."""
    return _engine_for(database_url())


def data_version() -> int:
    return store.data_version(engine=get_engine())


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _summary(url: str, filters: Filters, version: int) -> Counts:
    return queries.summary_counts(filters, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _counts_by(url: str, filters: Filters, by: str, version: int) -> pd.DataFrame:
    return queries.counts_by(filters, by, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _distribution(url: str, filters: Filters, version: int) -> pd.DataFrame:
    return queries.score_distribution(filters, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _comment_count(url: str, filters: Filters, version: int) -> int:
    return queries.comment_count(filters, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _attribute_values(url: str, name: str, version: int) -> list[str]:
    return queries.attribute_values(name, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _attributes(url: str, version: int) -> list[str]:
    return list(store.attribute_slots(engine=_engine_for(url)))


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _surveys(url: str, version: int) -> list[str]:
    return store.list_surveys(engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _date_bounds(url: str, version: int) -> tuple:
    return queries.date_bounds(engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _benchmarks(url: str, version: int) -> tuple[StoredBenchmark, ...]:
    with Session(_engine_for(url)) as session:
        return stored_benchmarks(session=session)


def load_summary(filters: Filters) -> Counts:
    return _summary(database_url(), filters, data_version())


def load_counts_by(filters: Filters, by: str) -> pd.DataFrame:
    return _counts_by(database_url(), filters, by, data_version())


def load_distribution(filters: Filters) -> pd.DataFrame:
    return _distribution(database_url(), filters, data_version())


def load_comment_count(filters: Filters) -> int:
    return _comment_count(database_url(), filters, data_version())


def load_attribute_values(name: str) -> list[str]:
    return _attribute_values(database_url(), name, data_version())


def load_attributes() -> list[str]:
    return _attributes(database_url(), data_version())


def load_surveys() -> list[str]:
    return _surveys(database_url(), data_version())


def load_date_bounds() -> tuple:
    return _date_bounds(database_url(), data_version())


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _import_batches(url: str, version: int) -> pd.DataFrame:
    return batches_frame(store.list_batches(engine=_engine_for(url)))


def load_import_batches() -> pd.DataFrame:
    """The latest import batches (newest first) with their counts; `report_json` is left out."""
    return _import_batches(database_url(), data_version())


def load_benchmarks() -> tuple[StoredBenchmark, ...]:
    """Every stored benchmark with its provenance; refreshed by any write (the data version)."""
    return _benchmarks(database_url(), data_version())


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _detractor_comments(url: str, filters: Filters, limit: int, version: int) -> pd.DataFrame:
    return queries.detractor_comments(filters, engine=_engine_for(url), limit=limit)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _comments_by_id(url: str, ids: tuple[int, ...], version: int) -> pd.DataFrame:
    return queries.comments_by_id(ids, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _import_exclusions(url: str, version: int) -> dict[str, int]:
    return queries.import_exclusions(engine=_engine_for(url))


def load_detractor_comments(filters: Filters, limit: int = 200) -> pd.DataFrame:
    return _detractor_comments(database_url(), filters, limit, data_version())


def load_comments_by_id(ids: tuple[int, ...]) -> pd.DataFrame:
    return _comments_by_id(database_url(), ids, data_version())


def load_import_exclusions() -> dict[str, int]:
    return _import_exclusions(database_url(), data_version())


@st.cache_data(ttl=600, max_entries=128, show_spinner=False)
def _comment_counts(url: str, filters: Filters, query: comments.CommentQuery, version: int) -> Counts:
    return comments.count_comments(filters, query, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=128, show_spinner=False)
def _comment_page(
    url: str, filters: Filters, query: comments.CommentQuery, page: int, size: int, version: int
) -> pd.DataFrame:
    return comments.list_comments(filters, query, engine=_engine_for(url), page=page, page_size=size)


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _comment_choices(url: str, version: int) -> tuple[list[str], list[str], dict[int, tuple[str, list[str]]]]:
    engine = _engine_for(url)
    return (
        comments.known_languages(engine=engine),
        comments.known_tags(engine=engine),
        analysis.theme_dictionary(engine=engine),
    )


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _theme_stats(url: str, filters: Filters, version: int) -> pd.DataFrame:
    return comments.theme_stats(filters, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _theme_trend(url: str, filters: Filters, period: str, version: int) -> pd.DataFrame:
    return comments.theme_trend(filters, engine=_engine_for(url), period=period)


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _phrase_suggestions(url: str, filters: Filters, version: int) -> list:
    return comments.phrase_suggestions(filters, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _respondents(url: str, filters: Filters, sort: str, page: int, version: int) -> pd.DataFrame:
    return comments.list_respondents(filters, engine=_engine_for(url), sort=sort, page=page)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _respondent_count(url: str, filters: Filters, version: int) -> int:
    return comments.count_respondents(filters, engine=_engine_for(url))


@st.cache_data(ttl=60, max_entries=64, show_spinner=False)
def _follow_up_queue(
    url: str, filters: Filters, choice: closed_loop.QueueChoice, version: int
) -> tuple[pd.DataFrame, int]:
    return closed_loop.follow_up_queue(filters, engine=_engine_for(url), choice=choice)


@st.cache_data(ttl=60, max_entries=32, show_spinner=False)
def _closed_loop_figures(url: str, filters: Filters, version: int) -> closed_loop.ClosedLoopFigures:
    return closed_loop.closed_loop_figures(filters, engine=_engine_for(url))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _promoters(url: str, filters: Filters, version: int) -> pd.DataFrame:
    return comments.promoters_list(filters, engine=_engine_for(url))


def load_comment_counts(filters: Filters, query: comments.CommentQuery) -> Counts:
    return _comment_counts(database_url(), filters, query, data_version())


def load_comment_page(filters: Filters, query: comments.CommentQuery, page: int, size: int) -> pd.DataFrame:
    return _comment_page(database_url(), filters, query, page, size, data_version())


def load_comment_choices() -> tuple[list[str], list[str], dict[int, tuple[str, list[str]]]]:
    """Languages, tags and the theme dictionary (id → name, keywords) for the explorer's filters."""
    return _comment_choices(database_url(), data_version())


def load_theme_stats(filters: Filters) -> pd.DataFrame:
    return _theme_stats(database_url(), filters, data_version())


def load_theme_trend(filters: Filters, period: str) -> pd.DataFrame:
    return _theme_trend(database_url(), filters, period, data_version())


def load_phrase_suggestions(filters: Filters) -> list:
    return _phrase_suggestions(database_url(), filters, data_version())


def load_respondents(filters: Filters, sort: str, page: int) -> pd.DataFrame:
    return _respondents(database_url(), filters, sort, page, data_version())


def load_respondent_count(filters: Filters) -> int:
    return _respondent_count(database_url(), filters, data_version())


def load_follow_up_queue(filters: Filters, choice: closed_loop.QueueChoice) -> tuple[pd.DataFrame, int]:
    """Up to 200 follow-ups of the chosen part of the queue, earliest received first, and how many it has in all.
    Cached a minute at most: what is overdue changes with the clock, not only with the data."""
    return _follow_up_queue(database_url(), filters, choice, data_version())


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _response_rates(url: str, filters: Filters, by: str | None, version: int) -> pd.DataFrame:
    return invitations.response_rate_counts(filters, engine=_engine_for(url), by=by)


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _undelivered(url: str, filters: Filters, version: int) -> pd.DataFrame:
    return invitations.undelivered(filters, engine=_engine_for(url))


def load_response_rates(filters: Filters, by: str | None = None) -> pd.DataFrame:
    """invited, delivered, responded: one row overall, or per segment value or period (`key`)."""
    return _response_rates(database_url(), filters, by, data_version())


def load_undelivered(filters: Filters) -> pd.DataFrame:
    return _undelivered(database_url(), filters, data_version())


def load_closed_loop_figures(filters: Filters) -> closed_loop.ClosedLoopFigures:
    return _closed_loop_figures(database_url(), filters, data_version())


def load_promoters(filters: Filters) -> pd.DataFrame:
    return _promoters(database_url(), filters, data_version())
