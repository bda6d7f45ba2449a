"""The only home of st.cache_*: one engine per database URL, cached reads keyed by filters and data version."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session

from nps import queries, store
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


def load_benchmarks() -> tuple[StoredBenchmark, ...]:
    """Every stored benchmark with its provenance; refreshed by any write (the data version)."""
    return _benchmarks(database_url(), data_version())
