"""The Filters sidebar offers the chosen surveys' attributes under their labels; the Admin page renames and hides."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from nps import attributes, audit
from tests.factories import add_responses
from tests.pages.conftest import page_as


@pytest.fixture
def two_surveys(app_engine):
    add_responses(
        app_engine,
        [{"score": 9, "day": date(2026, 1, 5), "region": "PL", "plan": "Pro"}],
        survey="Alpha",
        segments=("region", "plan"),
    )
    add_responses(
        app_engine, [{"score": 3, "day": date(2026, 1, 6), "store": "Kraków"}], survey="Beta", segments=("store",)
    )
    return app_engine


def _sidebar() -> None:
    from components.filters import render_filter_sidebar

    render_filter_sidebar()


def _segment_labels(at: AppTest) -> list[str]:
    return [box.label for box in at.sidebar.multiselect if box.key and box.key.startswith("filter_attr_")]


def test_the_sidebar_offers_only_the_chosen_surveys_attributes(two_surveys):
    at = AppTest.from_function(_sidebar, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "admin"
    at.run()
    assert not at.exception
    assert _segment_labels(at) == ["Plan", "Region", "Store", "Comment language"]
    at.multiselect(key="filter_surveys").set_value(["Beta"]).run()
    assert _segment_labels(at) == ["Store", "Comment language"]
    at.multiselect(key="filter_surveys").set_value(["Alpha"]).run()
    assert _segment_labels(at) == ["Plan", "Region", "Comment language"]
    attributes.save_label("region", "Country", engine=two_surveys, actor="admin")
    attributes.save_hidden("plan", True, engine=two_surveys, actor="admin")
    at.run()
    assert _segment_labels(at) == ["Country", "Comment language"]


def test_an_admin_renames_and_hides_an_attribute_on_the_admin_page(two_surveys):
    at = page_as("pages/admin.py", "admin").run()
    assert not at.exception, at.exception
    at.selectbox(key="admin_attribute_name").set_value("store").run()
    at.text_input(key="admin_attr_label").set_value("Shop").run()
    at.button(key="admin_attribute_rename").click().run()
    assert not at.exception, at.exception
    assert attributes.offered_attributes(engine=two_surveys)["store"] == "Shop"
    at.selectbox(key="admin_attribute_name").set_value("store").run()
    at.button(key="admin_attribute_hide").click().run()
    assert "store" not in attributes.offered_attributes(engine=two_surveys)
    events = audit.list_events(audit.AuditQuery(), engine=two_surveys)
    assert {"attribute.rename", "attribute.hide"} <= set(events["action"])


def test_the_overview_segments_a_survey_only_by_its_own_attributes(two_surveys):
    at = page_as("pages/overview.py", "viewer")
    at.query_params["survey"] = "Beta"
    at.run()
    assert not at.exception, at.exception
    picker = at.selectbox(key="overview_segment")
    assert picker.options == ["Store", "Comment language"] and picker.value == "store"
