"""Chart builders checked through their Vega-Lite spec."""

import pandas as pd

from components.theme_charts import theme_impact_chart, theme_mentions_chart
from nps.charts import decomposition_chart, nps_trend_chart, respondent_scores_chart, segment_nps_chart


def _segments(count: int) -> pd.DataFrame:
    keys = [f"Region {i}" for i in range(count)]
    nps = [10.0 + i for i in range(count)]
    return pd.DataFrame(
        {
            "key": keys,
            "nps": nps,
            "ci_low": [v - 5 for v in nps],
            "ci_high": [v + 5 for v in nps],
            "n": [500] * count,
            "marker": ["no significant difference"] * count,
        }
    )


def test_the_segment_chart_gives_every_segment_a_row_of_its_own_height():
    spec = segment_nps_chart(_segments(7), attribute="region").to_dict()
    assert spec["height"] == {"step": 34}


def test_the_segment_chart_legend_title_is_not_cut_off():
    spec = segment_nps_chart(_segments(3), attribute="region").to_dict()
    legends = [layer["encoding"]["color"]["legend"] for layer in spec["layer"] if "color" in layer.get("encoding", {})]
    assert legends and all(legend["titleLimit"] >= 300 for legend in legends)


def test_the_theme_charts_give_every_theme_a_row_of_its_own_height():
    stats = pd.DataFrame(
        {
            "theme": ["price", "support"],
            "impact": [-1.0, -2.0],
            "impact_low": [-1.5, -2.5],
            "impact_high": [-0.5, -1.5],
            "mentions": [10, 20],
            "detractors": [5, 10],
            "passives": [2, 5],
            "promoters": [3, 5],
        }
    )
    assert theme_impact_chart(stats).to_dict()["height"] == {"step": 32}
    assert theme_mentions_chart(stats).to_dict()["height"] == {"step": 32}


def test_the_respondent_chart_shows_the_whole_0_to_10_scale_with_whole_day_ticks():
    frame = pd.DataFrame(
        {"answered": pd.to_datetime(["2026-01-05 10:00", "2026-09-20 08:00", "2026-11-01 12:00"]), "score": [3, 8, 10]}
    )
    spec = respondent_scores_chart(frame).to_dict()
    points = spec["layer"][1]["encoding"]
    assert points["y"]["scale"]["domain"] == [0, 10]
    tick = points["x"]["axis"]["tickCount"]
    assert tick["interval"] == "day" and tick["step"] >= 30
    assert points["color"]["scale"]["domain"] == ["detractor", "passive", "promoter"]


def test_the_trend_chart_fits_its_axes_inside_the_container_and_files_keep_their_fixed_width():
    frame = pd.DataFrame(
        {"key": ["2026-07-01", "2026-08-01"], "nps": [20.0, 25.0], "ci_low": [10.0, 15.0], "ci_high": [30.0, 35.0]}
    ).assign(n=[500, 520])
    on_screen = nps_trend_chart(frame).to_dict()
    assert on_screen["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert "autosize" not in nps_trend_chart(frame, width=900).to_dict()


def test_the_decomposition_chart_gives_each_bar_its_own_height_and_keeps_legend_labels_whole():
    frame = pd.DataFrame({"key": ["Poland", "DACH"], "mix": [-0.3, 0.0], "within": [-3.9, -0.9]})
    spec = decomposition_chart(frame, attribute="region").to_dict()
    assert spec["height"] == {"step": 20}
    assert spec["encoding"]["color"]["legend"]["labelLimit"] >= 300


def _months(keys: list[str], n: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": keys,
            "nps": [20.0] * len(keys),
            "ci_low": [10.0] * len(keys),
            "ci_high": [30.0] * len(keys),
            "n": n,
            "small": [count < 30 for count in n],
        }
    )


def _trend_layers(spec: dict) -> list[dict]:
    return spec["vconcat"][0]["layer"]


def test_the_trend_axis_is_time_and_empty_months_are_gaps_not_dropped():
    """The finding: Jan 2016 drawn beside Dec 2017 on a categorical axis."""
    spec = nps_trend_chart(_months(["2016-01-01", "2017-12-01"], [400, 500])).to_dict()
    line = next(layer for layer in _trend_layers(spec) if layer["mark"]["type"] == "line")
    assert line["encoding"]["x"]["type"] == "temporal"
    assert line["mark"]["invalid"] == "break-paths-show-domains"  # a gap at a missing month, not a bridge
    rows = spec["datasets"][spec["data"]["name"]] if "data" in spec else next(iter(spec["datasets"].values()))
    assert len(rows) == 24
    empty = [row for row in rows if row["n"] == 0]
    assert len(empty) == 22 and all(row["nps"] is None for row in empty)


def test_a_period_below_the_minimum_is_drawn_faded():
    spec = nps_trend_chart(_months(["2026-07-01", "2026-08-01"], [1, 500])).to_dict()
    points = [layer for layer in _trend_layers(spec) if layer["mark"]["type"] == "point"]
    assert points and points[0]["encoding"]["opacity"]["condition"]["test"] == "datum.small"
    assert "size" in points[0]["encoding"]


def test_weeks_and_quarters_fill_their_own_steps():
    weeks = nps_trend_chart(_months(["2026-07-06", "2026-07-27"], [40, 40]), period="week").to_dict()
    quarters = nps_trend_chart(_months(["2025-01-01", "2026-01-01"], [40, 40]), period="quarter").to_dict()
    assert len(next(iter(weeks["datasets"].values()))) == 4
    assert len(next(iter(quarters["datasets"].values()))) == 5
