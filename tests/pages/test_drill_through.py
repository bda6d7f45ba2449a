"""Drill-through: the responses behind a figure, as a link the Comments page reads, show the same count."""

from datetime import date

from components.drill import drill_params, narrowed
from components.filters import FilterChoices
from tests.pages.conftest import page_as
from tests.pages.test_overview_page import Q3, _overview, _seed

VIEW = FilterChoices(preset="custom", start=date.fromisoformat(Q3[0]), end=date.fromisoformat(Q3[1]))


def _comments(params: dict[str, list[str]]):
    at = page_as("pages/comments.py", "viewer")
    for key, values in params.items():
        at.query_params[key] = values
    return at.run()


def _count(at) -> int:
    header = next(s.value for s in at.subheader if "responses" in s.value)
    return int(header.split(" ")[0].replace(",", ""))


def test_a_segment_row_opens_exactly_its_responses(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    overview = _overview(segment="region")
    table = next(frame.value for frame in overview.dataframe if "adjusted_p" in frame.value.columns)
    poland = int(table.set_index("key").loc["Poland", "n"])
    at = _comments(drill_params(narrowed(VIEW, segment=("region", "Poland"))))
    assert not at.exception, at.exception
    assert _count(at) == poland


def test_the_detractor_share_opens_the_detractors_and_a_score_bar_its_score(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    overview = _overview()
    detractors = next(m for m in overview.metric if m.label.startswith("Detractors"))
    expected = int(detractors.help.split(" ")[0].replace(",", ""))
    assert _count(_comments(drill_params(VIEW, categories=("detractor",)))) == expected
    bars = overview.get("vega_lite_chart")
    assert any('"score_pick"' in chart.proto.spec for chart in bars)
    assert _count(_comments(drill_params(VIEW, scores=(2,)))) == 30


def test_a_trend_point_opens_its_month(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    august = narrowed(VIEW, period=(date(2026, 8, 1), date(2026, 8, 31)))
    overview = _overview(**{"from": "2026-08-01", "to": "2026-08-31"})
    total = next(m for m in overview.metric if m.label == "Responses").value
    assert _count(_comments(drill_params(august))) == int(total.replace(",", ""))
