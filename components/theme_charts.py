"""Pure Altair builders for theme statistics: take a DataFrame, return a chart, never draw."""

from __future__ import annotations

import altair as alt
import pandas as pd

from nps.charts import CATEGORY_COLOURS


def theme_impact_chart(stats: pd.DataFrame) -> alt.Chart:
    """Impact on NPS per theme (points) with its 95% interval; expects theme, impact, impact_low, impact_high."""
    data = stats.dropna(subset=["impact"])
    order = list(data.sort_values("impact")["theme"])
    y = alt.Y("theme:N", sort=order, title=None)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("impact:Q", title="Impact on NPS (points): NPS of all minus NPS without the theme"),
            color=alt.condition(
                alt.datum.impact < 0, alt.value(CATEGORY_COLOURS["detractor"]), alt.value(CATEGORY_COLOURS["promoter"])
            ),
            tooltip=[
                alt.Tooltip("theme:N", title="Theme"),
                alt.Tooltip("impact:Q", title="Impact", format="+.2f"),
                alt.Tooltip("impact_low:Q", title="95% CI low", format="+.2f"),
                alt.Tooltip("impact_high:Q", title="95% CI high", format="+.2f"),
                alt.Tooltip("mentions:Q", title="Mentions", format=","),
            ],
        )
    )
    whiskers = alt.Chart(data).mark_rule(color="#333").encode(y=y, x="impact_low:Q", x2="impact_high:Q")
    return (bars + whiskers).properties(height=alt.Step(32))


def theme_mentions_chart(stats: pd.DataFrame) -> alt.Chart:
    """Mentions per theme split by category; expects theme, detractors, passives, promoters."""
    long = (
        stats[["theme", "detractors", "passives", "promoters"]]
        .melt(id_vars="theme", var_name="group", value_name="n")
        .rename(columns={"n": "mentions"})
    )
    long["category"] = long["group"].map({"detractors": "detractor", "passives": "passive", "promoters": "promoter"})
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("theme:N", title=None),
            x=alt.X("mentions:Q", title="Comments mentioning the theme", stack=True),
            color=alt.Color(
                "category:N",
                scale=alt.Scale(domain=list(CATEGORY_COLOURS), range=list(CATEGORY_COLOURS.values())),
                title="Category",
            ),
            order=alt.Order("category:N"),
            tooltip=["theme:N", "category:N", alt.Tooltip("mentions:Q", format=",")],
        )
        .properties(height=alt.Step(32))
    )


def theme_trend_chart(trend: pd.DataFrame, *, period: str = "month") -> alt.Chart:
    """Share of comments mentioning each theme per period; expects key, theme, share, mentions, comments."""
    data = trend.assign(period_start=pd.to_datetime(trend["key"]))
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("period_start:T", title=period.capitalize()),
            y=alt.Y("share:Q", title="Share of comments", axis=alt.Axis(format="%")),
            color=alt.Color("theme:N", title="Theme"),
            tooltip=[
                alt.Tooltip("period_start:T", title=period.capitalize()),
                "theme:N",
                alt.Tooltip("share:Q", format=".1%"),
                alt.Tooltip("mentions:Q", format=","),
                alt.Tooltip("comments:Q", format=","),
            ],
        )
        .properties(height=300)
    )
