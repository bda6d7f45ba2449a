"""Pure Altair builders for theme statistics: take a DataFrame, return a chart, never draw."""

from __future__ import annotations

import altair as alt
import pandas as pd

from nps.charts import CATEGORY_COLOURS, Width

THEME_PICK = "theme_pick"
MENTION_PICK = "mention_pick"
THEME_PERIOD_PICK = "theme_period_pick"
"""Click selections the Themes page reads to open the comments behind a bar or point."""


def theme_impact_chart(stats: pd.DataFrame, *, width: Width = "container") -> alt.LayerChart:
    """Impact on NPS per theme (bars) with its 95% interval; expects theme, impact, impact_low, impact_high."""
    data = stats.dropna(subset=["impact"])
    order = list(data.sort_values("impact")["theme"])
    y = alt.Y("theme:N", sort=order, title=None)
    bars = (
        alt.Chart(data)
        .mark_bar(cursor="pointer")
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
        .add_params(alt.selection_point(name=THEME_PICK, fields=["theme"], on="click"))
    )
    whiskers = alt.Chart(data).mark_rule(color="#333").encode(y=y, x="impact_low:Q", x2="impact_high:Q")
    return (bars + whiskers).properties(width=width, height=alt.Step(32))


def theme_mentions_chart(stats: pd.DataFrame, *, width: Width = "container") -> alt.Chart:
    """Mentions per theme split by category; expects theme, detractors, passives, promoters."""
    long = (
        stats[["theme", "detractors", "passives", "promoters"]]
        .melt(id_vars="theme", var_name="group", value_name="n")
        .rename(columns={"n": "mentions"})
    )
    long["category"] = long["group"].map({"detractors": "detractor", "passives": "passive", "promoters": "promoter"})
    return (
        alt.Chart(long)
        .mark_bar(cursor="pointer")
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
        .add_params(alt.selection_point(name=MENTION_PICK, fields=["theme", "category"], on="click"))
        .properties(width=width, height=alt.Step(32))
    )


def theme_trend_chart(trend: pd.DataFrame, *, period: str = "month", width: Width = "container") -> alt.LayerChart:
    """Share of comments mentioning each theme per period; expects key, theme, share, mentions, comments.

    The points, not the lines, are clickable: a click on a line would report one of its points, not the one
    under the pointer.
    """
    data = trend.assign(period_start=pd.to_datetime(trend["key"]))
    base = alt.Chart(data).encode(
        x=alt.X("period_start:T", title=period.capitalize()),
        y=alt.Y("share:Q", title="Share of comments", axis=alt.Axis(format="%")),
        color=alt.Color("theme:N", title="Theme"),
    )
    points = (
        base.mark_point(filled=True, size=70, cursor="pointer")
        .encode(
            tooltip=[
                alt.Tooltip("period_start:T", title=period.capitalize()),
                "theme:N",
                alt.Tooltip("share:Q", format=".1%"),
                alt.Tooltip("mentions:Q", format=","),
                alt.Tooltip("comments:Q", format=","),
            ]
        )
        .add_params(alt.selection_point(name=THEME_PERIOD_PICK, fields=["theme", "period_start"], on="click"))
    )
    return (base.mark_line() + points).properties(width=width, height=300)
