"""Drill-through beyond the Overview: Themes, Follow-ups, Benchmarks and Meeting mode open Comments with exactly
the responses behind a figure (the same count), and "back" returns to the same view. Run through app.py, as a
person moves between pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from nps import analysis
from nps.benchmarks import load_reference_benchmarks
from tests.factories import add_responses
from tests.pages.test_app_login import _app, _sign_in

Q3 = {"period": "custom", "from": "2026-07-01", "to": "2026-09-30"}


@pytest.fixture
def seeded(app_engine):
    """Q3 2026: 12 detractors about delivery, 8 promoters about the price, 10 passives without a comment, in
    two regions; and 5 Q2 detractors about delivery that the Q3 view leaves out."""
    rows = [
        {"score": 2, "day": date(2026, 7, 3) + timedelta(days=i * 7), "comment": "late delivery", "region": "PL"}
        for i in range(12)
    ]
    rows += [
        {"score": 10, "day": date(2026, 8, 2) + timedelta(days=i), "comment": "fair price", "region": "DE"}
        for i in range(8)
    ]
    rows += [{"score": 8, "day": date(2026, 9, 1) + timedelta(days=i), "region": "DE"} for i in range(10)]
    rows += [{"score": 1, "day": date(2026, 5, 1), "comment": "delivery lost", "region": "PL"} for _ in range(5)]
    add_responses(app_engine, rows, segments=("region",))
    analysis.analyse_pending(engine=app_engine)
    return app_engine


def _signed_in(page: str, role: str = "viewer", **params: str) -> AppTest:
    at = _app()
    for key, value in {**Q3, **params}.items():
        at.query_params[key] = value
    at = _sign_in(at.run(), role)
    assert not at.exception, at.exception
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _comments_count(at: AppTest) -> int:
    assert [t.value for t in at.title] == ["Comments"], [t.value for t in at.title]
    header = next(s.value for s in at.subheader if "response" in s.value)
    return int(header.split(" ")[0].replace(",", ""))


def _url(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return value if isinstance(value, list) else [value]


def _back(at: AppTest, title: str | None) -> AppTest:
    """Back on the page the figure was on (`title`; None for meeting mode, which has none), same period."""
    at.button(key="drill_back_button").click().run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ([title] if title else [])
    assert _url(at, "from") == [Q3["from"]] and _url(at, "to") == [Q3["to"]]
    return at


def _specs(at: AppTest) -> str:
    return "".join(chart.proto.spec for chart in at.get("vega_lite_chart"))


def test_a_theme_opens_exactly_the_responses_that_mention_it_and_back_returns_to_themes(seeded):
    at = _signed_in("pages/themes.py")
    for pick in ('"theme_pick"', '"mention_pick"', '"theme_period_pick"'):
        assert pick in _specs(at), f"the Themes charts offer no {pick} click"
    table = at.dataframe[0].value.set_index("theme")
    mentions = int(table.loc["delivery", "mentions"])
    assert mentions == 12
    at.selectbox(key="themes_open_theme").set_value("delivery").run()
    button = at.button(key="themes_open_button")
    assert button.label == f"Open {mentions} responses"
    button.click().run()
    assert not at.exception, at.exception
    assert _comments_count(at) == mentions
    assert _url(at, "theme") == ["delivery"]
    assert at.multiselect(key="comments_themes").value == ["delivery"]
    _back(at, "Themes")


def test_a_follow_up_figure_opens_its_queue_items_in_comments_with_the_same_count(seeded):
    at = _signed_in("pages/follow_ups.py")
    figures = {metric.label: int(metric.value.replace(",", "")) for metric in at.metric if metric.label == "Open"}
    assert figures == {"Open": 12}
    at.button(key="follow_ups_open_open").click().run()
    assert not at.exception, at.exception
    assert _comments_count(at) == 12
    assert _url(at, "queue") == ["not started", "new", "contacted"]
    back = _back(at, "Follow-ups")
    queue_heading = next(s.value for s in back.subheader if "follow-ups" in s.value)
    back.button(key="follow_ups_open_queue").click().run()
    assert _comments_count(back) == int(queue_heading.split(" ")[0].replace(",", ""))


def test_our_benchmark_figure_opens_the_responses_behind_it(seeded):
    load_reference_benchmarks(engine=seeded)
    at = _signed_in("pages/benchmarks.py")
    assert '"us_pick"' in _specs(at), "our point on the ranking is not clickable"
    n = int(at.button(key="benchmarks_open_ours").label.split(" ")[1].replace(",", ""))
    assert n == 30
    assert "n = 30" in next(c.value for c in at.caption if c.value.startswith("95% CI"))
    at.button(key="benchmarks_open_ours").click().run()
    assert _comments_count(at) == n
    _back(at, "Benchmarks")


def test_each_meeting_slide_opens_the_responses_it_shows_and_back_returns_to_that_slide(seeded):
    at = _signed_in("pages/meeting.py", segment="region")
    assert "Open 30 responses" in at.button(key="meeting_open").label
    at.button(key="meeting_open").click().run()
    assert _comments_count(at) == 30
    at = _back(at, None)
    at.button(key="meeting_next").click().run()
    assert '"period_pick"' in _specs(at), "the trend slide's points are not clickable"
    at.button(key="meeting_next").click().run()
    assert '"segment_pick"' in _specs(at), "the segment slide's points are not clickable"
    assert _url(at, "slide") == ["3"]
    at.button(key="meeting_open").click().run()
    assert _comments_count(at) == 30
    at = _back(at, None)
    assert _url(at, "slide") == ["3"]
