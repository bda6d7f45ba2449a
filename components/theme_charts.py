"""Pure Altair builders for theme statistics: take a DataFrame, return a chart, never draw."""

from __future__ import annotations

import altair as alt
import pandas as pd

from nps.charts import CATEGORY_COLOURS, Width, category_names, localised, period_name
from nps.i18n import DEFAULT, translations

THEME_PICK = "theme_pick"
MENTION_PICK = "mention_pick"
THEME_PERIOD_PICK = "theme_period_pick"
"""Click selections the Themes page reads to open the comments behind a bar or point."""


def theme_impact_chart(stats: pd.DataFrame, *, width: Width = "container", lang: str = DEFAULT) -> alt.LayerChart:
    """Impact on NPS per theme (bars) with its 95% interval; expects theme, impact, impact_low, impact_high."""
    _ = translations(lang).gettext
    data = stats.dropna(subset=["impact"])
    order = list(data.sort_values("impact")["theme"])
    y = alt.Y("theme:N", sort=order, title=None)
    bars = (
        alt.Chart(data)
        .mark_bar(cursor="pointer")
        .encode(
            y=y,
            x=alt.X("impact:Q", title=_("Impact on NPS (points): NPS of all minus NPS without the theme")),
            color=alt.condition(
                alt.datum.impact < 0, alt.value(CATEGORY_COLOURS["detractor"]), alt.value(CATEGORY_COLOURS["promoter"])
            ),
            tooltip=[
                alt.Tooltip("theme:N", title=_("Theme")),
                alt.Tooltip("impact:Q", title=_("Impact"), format="+.2f"),
                alt.Tooltip("impact_low:Q", title=_("95% CI low"), format="+.2f"),
                alt.Tooltip("impact_high:Q", title=_("95% CI high"), format="+.2f"),
                alt.Tooltip("mentions:Q", title=_("Mentions"), format=","),
            ],
        )
        .add_params(alt.selection_point(name=THEME_PICK, fields=["theme"], on="click"))
    )
    whiskers = alt.Chart(data).mark_rule(color="#333").encode(y=y, x="impact_low:Q", x2="impact_high:Q")
    return localised((bars + whiskers).properties(width=width, height=alt.Step(32)), lang)


def theme_mentions_chart(stats: pd.DataFrame, *, width: Width = "container", lang: str = DEFAULT) -> alt.Chart:
    """Mentions per theme split by category; expects theme, detractors, passives, promoters."""
    long = (
        stats[["theme", "detractors", "passives", "promoters"]]
        .melt(id_vars="theme", var_name="group", value_name="n")
        .rename(columns={"n": "mentions"})
    )
    _ = translations(lang).gettext
    names = category_names(lang)
    long["category"] = long["group"].map({"detractors": "detractor", "passives": "passive", "promoters": "promoter"})
    long["label"] = long["category"].map(names)
    chart = (
        alt.Chart(long)
        .mark_bar(cursor="pointer")
        .encode(
            y=alt.Y("theme:N", title=None),
            x=alt.X("mentions:Q", title=_("Comments mentioning the theme"), stack=True),
            color=alt.Color(
                "label:N",
                scale=alt.Scale(domain=[names[c] for c in CATEGORY_COLOURS], range=list(CATEGORY_COLOURS.values())),
                title=_("Category"),
            ),
            order=alt.Order("category:N"),
            tooltip=[
                alt.Tooltip("theme:N", title=_("Theme")),
                alt.Tooltip("label:N", title=_("Category")),
                alt.Tooltip("mentions:Q", title=_("Mentions"), format=","),
            ],
        )
        .add_params(alt.selection_point(name=MENTION_PICK, fields=["theme", "category"], on="click"))
        .properties(width=width, height=alt.Step(32))
    )
    return localised(chart, lang)


def theme_trend_chart(
    trend: pd.DataFrame, *, period: str = "month", width: Width = "container", lang: str = DEFAULT
) -> alt.LayerChart:
    """Share of comments mentioning each theme per period; expects key, theme, share, mentions, comments.

    The points, not the lines, are clickable: a click on a line would report one of its points, not the one
    under the pointer.
    """
    _ = translations(lang).gettext
    data = trend.assign(period_start=pd.to_datetime(trend["key"]))
    base = alt.Chart(data).encode(
        x=alt.X("period_start:T", title=period_name(period, lang)),
        y=alt.Y("share:Q", title=_("Share of comments"), axis=alt.Axis(format="%")),
        color=alt.Color("theme:N", title=_("Theme")),
    )
    points = (
        base.mark_point(filled=True, size=70, cursor="pointer")
        .encode(
            tooltip=[
                alt.Tooltip("period_start:T", title=period_name(period, lang)),
                alt.Tooltip("theme:N", title=_("Theme")),
                alt.Tooltip("share:Q", title=_("Share of comments"), format=".1%"),
                alt.Tooltip("mentions:Q", title=_("Mentions"), format=","),
                alt.Tooltip("comments:Q", title=_("Comments"), format=","),
            ]
        )
        .add_params(alt.selection_point(name=THEME_PERIOD_PICK, fields=["theme", "period_start"], on="click"))
    )
    return localised((base.mark_line() + points).properties(width=width, height=300), lang)
