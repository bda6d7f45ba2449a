"""Honest small numbers on the pages: a segment of one is greyed and never called significant."""

from datetime import date

from sqlmodel import Session

from nps import store
from tests.factories import add_responses
from tests.pages.conftest import page_as
from tests.pages.test_overview_page import _meeting, _overview, _seed


def _with_one_german(engine) -> None:
    _seed(engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    add_responses(engine, [{"score": 10, "day": date(2026, 8, 3), "region": "de"}])


def _segment_table(at):
    return next(frame.value for frame in at.dataframe if "adjusted_p" in frame.value.columns)


def test_a_segment_of_one_gets_no_p_value_and_no_marker(app_engine):
    _with_one_german(app_engine)
    at = _overview(segment="region")
    assert not at.exception, at.exception
    de = _segment_table(at).set_index("key").loc["de"]
    assert de["marker"] == "too few responses to test (n < 30)"
    assert de["adjusted_p"] == ""
    assert bool(de["small"])


def test_the_segment_chart_and_trend_grey_what_is_below_the_minimum(app_engine):
    _with_one_german(app_engine)
    at = _overview(segment="region")
    specs = [chart.proto.spec for chart in at.get("vega_lite_chart")]
    assert sum("datum.small" in spec for spec in specs) == 2  # the trend and the segments


def test_the_admin_raises_the_minimum_and_the_page_follows(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    admin = page_as("pages/admin.py", "admin").run()
    admin.number_input(key="admin_minimum_n").set_value(500).run()
    admin.button(key="admin_save_minimum_n").click().run()
    assert not admin.exception, admin.exception
    assert store.minimum_n(engine=app_engine) == 500
    at = _overview(**{"in:region": "Poland"})
    assert any("fewer than 500" in warning.value for warning in at.warning)


def test_a_viewer_cannot_change_the_minimum(app_engine):
    with Session(app_engine) as session:
        store.set_minimum_n(40, session=session)
        session.commit()
    at = page_as("pages/admin.py", "viewer").run()
    assert not at.number_input
    assert store.minimum_n(engine=app_engine) == 40


def test_meeting_mode_segment_slide_does_not_call_a_segment_of_one_above_the_rest(app_engine):
    _with_one_german(app_engine)
    at = _meeting(slide="3", segment="region")
    assert not at.exception, at.exception
    text = " ".join(block.value for block in at.markdown)
    assert "Where: NPS by region" in text
    assert "**de** above the rest" not in text
