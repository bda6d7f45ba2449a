"""Charts in the reader's language: titles, legends and month labels translated, English specs unchanged."""

import pandas as pd
import pytest

from nps import charts
from nps.i18n import translations


def _trend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": ["2026-01-01", "2026-02-01", "2026-03-01"],
            "nps": [20.0, 25.0, 30.0],
            "ci_low": [10.0, 15.0, 20.0],
            "ci_high": [30.0, 35.0, 40.0],
            "n": [100, 120, 90],
            "small": [False, False, False],
        }
    )


def _axis_titles(spec: dict) -> list[str]:
    """Every encoding title in the spec, wherever the layers nest it."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for channel in ("x", "y"):
                encoding = node.get("encoding", {}).get(channel)
                if isinstance(encoding, dict) and encoding.get("title"):
                    found.append(encoding["title"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


@pytest.mark.parametrize("lang", ["pl", "ar"])
def test_the_overview_trend_axis_titles_are_translated(lang):
    gettext = translations(lang).gettext
    spec = charts.nps_trend_chart(_trend(), lang=lang).to_dict()
    titles = _axis_titles(spec)
    assert gettext("NPS (band: 95% CI)") in titles and gettext("Responses") in titles
    assert "NPS (band: 95% CI)" not in titles and "Responses" not in titles


def test_a_polish_trend_writes_months_and_numbers_the_polish_way():
    spec = charts.nps_trend_chart(_trend(), lang="pl").to_dict()
    assert spec["config"]["locale"]["time"]["shortMonths"][:3] == ["sty", "lut", "mar"]
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    labels = [row["label"] for rows in spec["datasets"].values() for row in rows if "label" in row]
    assert "sty 2026" in labels


def test_the_score_legend_names_the_categories_with_the_glossary_terms():
    spec = charts.score_distribution_chart(pd.DataFrame({"score": [0, 7, 10], "n": [1, 2, 3]}), lang="th").to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == ["ผู้ไม่สนับสนุน", "ผู้เฉยๆ", "ผู้สนับสนุน"]
    assert spec["encoding"]["color"]["title"] == translations("th").gettext("Category")


def test_english_charts_carry_no_locale_and_keep_their_english_words():
    spec = charts.nps_trend_chart(_trend()).to_dict()
    assert "locale" not in spec.get("config", {})
    assert {"NPS (band: 95% CI)", "Responses"} <= set(_axis_titles(spec))
    assert charts.period_label(pd.Timestamp("2026-03-01"), "quarter") == "Q1 2026"
    assert charts.period_label(pd.Timestamp("2026-03-01"), "quarter", "pl") == "I kw. 2026"


def test_theme_charts_speak_the_readers_language_and_keep_the_stored_category_for_clicks():
    from components.theme_charts import theme_impact_chart, theme_mentions_chart

    stats = pd.DataFrame(
        {"theme": ["price"], "impact": [-3.0], "impact_low": [-5.0], "impact_high": [-1.0], "mentions": [12],
         "detractors": [8], "passives": [3], "promoters": [1]}
    )  # fmt: skip
    impact = theme_impact_chart(stats, lang="pl").to_dict()
    assert translations("pl").gettext("Impact on NPS (points): NPS of all minus NPS without the theme") in (
        _axis_titles(impact)
    )
    assert impact["config"]["locale"]["number"]["decimal"] == ","
    mentions = theme_mentions_chart(stats, lang="pl").to_dict()
    assert mentions["encoding"]["color"]["scale"]["domain"] == ["krytyk", "pasywny", "promotor"]
    assert mentions["params"][0]["select"]["fields"] == ["theme", "category"]
    rows = next(iter(mentions["datasets"].values()))
    assert {row["category"] for row in rows} == {"detractor", "passive", "promoter"}
    assert "locale" not in theme_impact_chart(stats).to_dict().get("config", {})  # English as it was
