"""Goals are judged with the interval, a view shows the goal and events it is narrowed to, and the trend draws them."""

from datetime import date

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from nps.charts import EVENT_LAYER, GOAL_LAYER, nps_trend_chart, nps_trend_overlay_chart
from nps.filters import Filters
from nps.goals import (
    EventMark,
    GoalError,
    GoalLine,
    Verdict,
    clean_event_text,
    events_for_view,
    goal_for_view,
    goal_status,
    judge,
)
from nps.metrics import Counts

nps_values = st.floats(min_value=-100, max_value=100, allow_nan=False)


@given(target=nps_values, a=nps_values, b=nps_values)
def test_a_goal_is_met_only_above_the_whole_interval_and_missed_only_below_it(target, a, b):
    low, high = min(a, b), max(a, b)
    verdict = judge(target, low, high)
    if low >= target:
        assert verdict is Verdict.MET
    elif high < target:
        assert verdict is Verdict.NOT_MET
    else:
        assert verdict is Verdict.UNDECIDED
        assert low < target <= high


def test_the_bounds_decide_at_the_edges():
    assert judge(30, 30, 40) is Verdict.MET
    assert judge(30, 20, 29.99) is Verdict.NOT_MET
    assert judge(30, 20, 30) is Verdict.UNDECIDED
    assert judge(30, None, None) is Verdict.UNDECIDED


def test_the_verdict_sentence_states_the_interval_and_small_views_are_not_judged():
    goal = GoalLine(1, 20.0)
    many = Counts(promoters=600, passives=200, detractors=200)  # NPS +40 on 1,000
    assert goal_status(goal, many).verdict is Verdict.MET
    assert goal_status(goal, many).sentence.startswith("Goal +20.0 met: the whole 95% interval (+")
    assert goal_status(GoalLine(1, 60.0), many).verdict is Verdict.NOT_MET
    assert goal_status(GoalLine(1, 40.0), many).verdict is Verdict.UNDECIDED
    few = Counts(promoters=9, passives=0, detractors=0)
    status = goal_status(goal, few, minimum_n=30)
    assert status.verdict is Verdict.UNDECIDED and "fewer than 30" in status.sentence
    assert goal_status(goal, Counts()).verdict is Verdict.UNDECIDED


def test_a_view_shows_the_most_specific_goal_it_is_narrowed_to():
    company = GoalLine(1, 30.0)
    survey = GoalLine(2, 40.0, survey="Onboarding")
    poland = GoalLine(3, 10.0, attribute="region", value="Poland")
    both = GoalLine(4, 50.0, survey="Onboarding", attribute="region", value="Poland")
    goals = [company, survey, poland, both]
    assert goal_for_view(goals, Filters()) == company
    assert goal_for_view(goals, Filters(surveys=("Onboarding",))) == survey
    assert goal_for_view(goals, Filters(surveys=("Onboarding", "Support"))) == company
    assert goal_for_view(goals, Filters(include=(("region", ("Poland",)),))) == poland
    assert goal_for_view(goals, Filters(include=(("region", ("Poland", "Germany")),))) == company
    assert goal_for_view(goals, Filters(surveys=("Onboarding",), include=(("region", ("Poland",)),))) == both
    assert goal_for_view([survey, poland], Filters(surveys=("Onboarding",), include=(("region", ("Poland",)),))) == (
        survey
    )
    assert goal_for_view([survey], Filters()) is None


def test_a_view_shows_the_events_of_its_surveys_inside_its_period():
    everyone = EventMark(1, date(2026, 3, 1), "Price change")
    onboarding = EventMark(2, date(2026, 4, 1), "New welcome mail", survey="Onboarding")
    late = EventMark(3, date(2026, 9, 1), "App release")
    events = [everyone, onboarding, late]
    assert events_for_view(events, Filters()) == tuple(events)
    assert events_for_view(events, Filters(surveys=("Support",))) == (everyone, late)
    assert events_for_view(events, Filters(date(2026, 3, 15), date(2026, 6, 30))) == (onboarding,)


def test_event_text_is_one_clean_line_of_limited_length():
    assert clean_event_text("  Price\nchange\t\x07 ") == "Price change"
    assert clean_event_text("evil \u202etxt.exe") == "evil txt.exe"
    for bad in ("", "   ", "x" * 121):
        try:
            clean_event_text(bad)
        except GoalError:
            continue
        raise AssertionError(f"{bad!r} was accepted")


TREND = pd.DataFrame(
    {
        "key": ["2026-01-01", "2026-02-01", "2026-03-01"],
        "nps": [20.0, 25.0, 31.0],
        "ci_low": [10.0, 15.0, 22.0],
        "ci_high": [30.0, 35.0, 40.0],
        "n": [100, 120, 130],
        "small": [False, False, False],
    }
)


def _named_layers(spec: dict) -> dict[str, dict]:
    found: dict[str, dict] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "name" in node and "layer" in node:
                found[node["name"]] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def _dataset(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def test_the_trend_draws_the_goal_line_and_the_events_inside_its_periods():
    goal = GoalLine(1, 45.0, survey="Onboarding")
    events = [EventMark(1, date(2026, 2, 10), "Price <b>change</b>"), EventMark(2, date(2027, 1, 1), "Outside")]
    for chart in (
        nps_trend_chart(TREND, period="month", goal=goal, events=events),
        nps_trend_overlay_chart(TREND, period="month", goal=goal, events=events),
    ):
        spec = chart.to_dict()
        layers = _named_layers(spec)
        assert set(layers) == {GOAL_LAYER, EVENT_LAYER}
        assert [mark["mark"]["type"] for mark in layers[GOAL_LAYER]["layer"]] == ["rule", "text"]
        assert _dataset(spec, layers[GOAL_LAYER])[0]["target"] == 45.0
        assert _dataset(spec, layers[GOAL_LAYER])[0]["label"] == "Goal +45.0 (survey Onboarding)"
        assert [row["text"] for row in _dataset(spec, layers[EVENT_LAYER])] == ["Price <b>change</b>"]
        y_domain = next(iter(_find(spec, "domain")))
        assert y_domain[1] >= 50


def _find(node: object, key: str):
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                yield value
            yield from _find(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _find(value, key)


def test_without_goal_or_events_the_trend_has_no_such_layers():
    assert _named_layers(nps_trend_chart(TREND, period="month").to_dict()) == {}
    outside = [EventMark(1, date(2025, 1, 1), "Long ago")]
    assert _named_layers(nps_trend_chart(TREND, period="month", events=outside).to_dict()) == {}


def test_the_pdf_states_the_goal_beside_the_headline_and_lists_the_events_escaped():
    from nps.exports import OverviewReport, report_html

    counts = Counts(promoters=600, passives=200, detractors=200)
    report = OverviewReport(
        filter_lines=("all",),
        current=counts,
        comments=0,
        goal=goal_status(GoalLine(1, 20.0), counts),
        events=(EventMark(1, date(2026, 3, 1), "Price <script>alert(1)</script>"),),
    )
    html = report_html(report)
    headline = html.index("Headline")
    assert html.index("Goal +20.0 met: the whole 95% interval") > headline
    assert 'class="goal goal-met"' in html
    assert "Price &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
