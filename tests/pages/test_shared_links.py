"""Complete shared links: a page's own choices go into the URL, and a link with them opens the same screen."""

from datetime import date

import pytest

from nps import analysis
from tests.factories import add_responses
from tests.pages.conftest import page_as


@pytest.fixture
def seeded(app_engine):
    add_responses(
        app_engine,
        [
            {"score": 2, "day": date(2026, 1, 5), "comment": "Dostawa spóźniła się o tydzień", "region": "Poland"},
            {"score": 3, "day": date(2026, 1, 6), "comment": "late delivery again", "region": "DACH"},
            {"score": 10, "day": date(2026, 1, 7), "comment": "fast delivery", "region": "DACH"},
            {"score": 9, "day": date(2026, 1, 8), "comment": "good price", "region": "Poland"},
        ],
    )
    analysis.analyse_pending(engine=app_engine)  # indexes the comments for search
    return app_engine


def _subheader(at) -> str:
    return next(s.value for s in at.subheader if "response" in s.value)


def test_the_comments_search_category_and_order_go_into_the_url(seeded):
    at = page_as("pages/comments.py", "viewer").run()
    at.text_input(key="comments_search").input("delivery").run()
    at.multiselect(key="comments_categories").select("detractor").run()
    at.selectbox(key="comments_sort").select("oldest").run()
    assert not at.exception, at.exception
    assert at.query_params["q"] in ("delivery", ["delivery"])
    assert at.query_params["category"] in ("detractor", ["detractor"])
    assert at.query_params["sort"] in ("oldest", ["oldest"])


def test_a_link_with_search_and_category_opens_the_same_comments(seeded):
    at = page_as("pages/comments.py", "viewer")
    at.query_params["q"] = "delivery"
    at.query_params["category"] = "detractor"
    at.query_params["all"] = "1"
    at.run()
    assert not at.exception, at.exception
    assert at.text_input(key="comments_search").value == "delivery"
    assert at.multiselect(key="comments_categories").value == ["detractor"]
    assert at.toggle(key="comments_with_comment").value is False
    assert _subheader(at).startswith("1 responses") or _subheader(at).startswith("1 response")


def test_a_link_with_a_segment_and_score_narrows_the_comments(seeded):
    at = page_as("pages/comments.py", "viewer")
    at.query_params["in:region"] = "DACH"
    at.query_params["score"] = ["3", "10"]
    at.run()
    assert not at.exception, at.exception
    assert at.multiselect(key="comments_scores").value == [3, 10]
    assert _subheader(at).startswith("2 ")


def test_meeting_comment_picks_go_into_the_link(seeded):
    at = page_as("pages/meeting.py", "viewer")
    at.query_params["prepare"] = "1"
    at.run()
    picker = at.multiselect(key="meeting_comment_pick")
    picker.select(picker.options[0]).run()
    assert not at.exception, at.exception
    assert at.query_params["comments"]


def test_pinning_a_relative_period_turns_it_into_dates():
    from components.filters import FilterChoices, pinned

    choices = pinned(FilterChoices(preset="last_90"), date(2026, 12, 2))
    assert choices.preset == "custom"
    assert (choices.start, choices.end) == (date(2026, 9, 4), date(2026, 12, 2))
    assert pinned(FilterChoices(preset="all"), date(2026, 12, 2)).preset == "all"


def test_the_benchmark_choice_survives_the_link_and_meeting_mode_reads_it(seeded):
    from components.benchmark_view import BenchmarkChoice, benchmark_choice_params

    choice = BenchmarkChoice("Retail", (3, 5), with_overall=False)
    assert benchmark_choice_params(choice) == {"industry": ["Retail"], "competitor": ["3", "5"], "overall": ["0"]}
    meeting = page_as("pages/meeting.py", "viewer")
    for key, values in benchmark_choice_params(choice).items():
        meeting.query_params[key] = values
    meeting.run()
    assert not meeting.exception, meeting.exception
    assert meeting.query_params["overall"] in ("0", ["0"])
    assert meeting.query_params["industry"] in ("Retail", ["Retail"])
