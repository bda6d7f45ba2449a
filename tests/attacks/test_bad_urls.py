"""Dates and ids from shared links and widgets are bounded: no crafted URL crashes a page for anyone."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from nps.periods import comparison_range
from tests.factories import add_responses
from tests.pages.conftest import page_as

PAGES = ["pages/overview.py", "pages/meeting.py", "pages/comments.py", "pages/themes.py", "pages/respondent.py"]


@pytest.fixture
def seeded(app_engine):
    add_responses(app_engine, [{"score": 9, "day": date(2026, 1, 5), "comment": "fine"}])
    return app_engine


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31", "1-1-1", "2026-02-30"])
def test_a_custom_range_link_from_year_one_or_garbage_does_not_crash_the_page(seeded, page, start):
    at = page_as(page, "viewer")
    for key, value in {"period": "custom", "from": start, "to": "9999-12-31"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception


def _sidebar() -> None:
    from components.filters import render_filter_sidebar

    render_filter_sidebar()


def test_a_custom_range_remembered_from_year_one_is_bounded_in_the_widget(seeded):
    at = AppTest.from_function(_sidebar, default_timeout=60)
    at.session_state["filter_preset"] = "custom"
    at.session_state["filter_dates"] = (date(1, 1, 1), date(2026, 1, 31))
    at.run()
    assert not at.exception
    assert at.date_input(key="filter_dates").value[0] == date(1900, 1, 1)


def test_the_previous_period_of_a_range_from_year_one_is_none_not_an_overflow():
    assert comparison_range(date(1, 1, 1), date(2026, 1, 1), "previous") is None
    assert comparison_range(date(1, 1, 1), date(2026, 1, 1), "last_year") is None


@pytest.mark.parametrize("raw", ["99999999999999999999999", "9223372036854775808", "-1", "١٢", "0"])
def test_a_respondent_link_with_an_impossible_id_does_not_crash(seeded, raw):
    at = page_as("pages/respondent.py", "viewer")
    at.query_params["id"] = raw
    at.run()
    assert not at.exception
