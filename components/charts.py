"""Pure Altair builders: take a DataFrame, return a chart, never draw."""

from __future__ import annotations

import altair as alt
import pandas as pd

CATEGORY_COLOURS = {"detractor": "#d64545", "passive": "#f0b429", "promoter": "#2f9e44"}


def nps_trend_chart(frame: pd.DataFrame, *, period: str = "month") -> alt.Chart:
    """NPS per period with its 95% interval band; expects key, nps, ci_low, ci_high, n."""
    data = frame.assign(period_start=pd.to_datetime(frame["key"]))
    x = alt.X(
        "period_start:T", title=period.capitalize(), axis=alt.Axis(format="%b %Y" if period != "week" else "%d %b")
    )
    band = (
        alt.Chart(data)
        .mark_area(opacity=0.2, color="#1f6feb")
        .encode(x=x, y=alt.Y("ci_low:Q", title="NPS", scale=alt.Scale(domain=[-100, 100])), y2="ci_high:Q")
    )
    line = (
        alt.Chart(data)
        .mark_line(point=True, color="#1f6feb")
        .encode(
            x=x,
            y="nps:Q",
            tooltip=[
                alt.Tooltip("period_start:T", title=period.capitalize()),
                alt.Tooltip("nps:Q", title="NPS", format="+.1f"),
                alt.Tooltip("ci_low:Q", title="95% CI low", format="+.1f"),
                alt.Tooltip("ci_high:Q", title="95% CI high", format="+.1f"),
                alt.Tooltip("n:Q", title="Responses", format=","),
            ],
        )
    )
    return (band + line).properties(height=320)
