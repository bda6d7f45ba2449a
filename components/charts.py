"""Pure Altair builders: take a DataFrame, return a chart, never draw.

`width` is "container" on screen; exports pass pixels (a file has no container to fill).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

CATEGORY_COLOURS = {"detractor": "#d64545", "passive": "#f0b429", "promoter": "#2f9e44"}
MARKER_COLOURS = {"above the rest": "#2f9e44", "below the rest": "#d64545", "no significant difference": "#57606a"}
NPS_BLUE = "#1f6feb"
Width = int | str


def period_label(start: pd.Timestamp, period: str) -> str:
    if period == "week":
        return f"{start:%d %b %Y}"
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start:%Y}"
    return f"{start:%b %Y}"


def nps_trend_chart(
    frame: pd.DataFrame, *, period: str = "month", width: Width = "container", height: int = 300
) -> alt.VConcatChart:
    """NPS per period with its 95% interval band, and the number of responses beneath, on one period axis.

    Expects key (first day of the period, ISO), nps, ci_low, ci_high, n.
    """
    starts = pd.to_datetime(frame["key"])
    data = frame.assign(period=[period_label(start, period) for start in starts])
    order = data["period"].tolist()
    many = len(order) > 16
    axis = alt.Axis(labelAngle=-45 if many else 0, labelOverlap="greedy", title=None)
    x = alt.X("period:O", sort=order, axis=axis, scale=alt.Scale(paddingInner=0.15))
    tooltip = [
        alt.Tooltip("period:O", title=period.capitalize()),
        alt.Tooltip("nps:Q", title="NPS", format="+.1f"),
        alt.Tooltip("ci_low:Q", title="95% CI low", format="+.1f"),
        alt.Tooltip("ci_high:Q", title="95% CI high", format="+.1f"),
        alt.Tooltip("n:Q", title="Responses", format=","),
    ]
    base = alt.Chart(data)
    low = min(0.0, float(data["ci_low"].min())) if len(data) else -100.0
    high = max(0.0, float(data["ci_high"].max())) if len(data) else 100.0
    y_scale = alt.Scale(domain=[max(-100.0, low - 5), min(100.0, high + 5)], nice=True)
    band = base.mark_area(opacity=0.18, color=NPS_BLUE, interpolate="linear").encode(
        x=alt.X("period:O", sort=order, axis=alt.Axis(labels=False, ticks=False, title=None)),
        y=alt.Y("ci_low:Q", title="NPS (band: 95% CI)", scale=y_scale),
        y2="ci_high:Q",
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=50), color=NPS_BLUE).encode(
        x=alt.X("period:O", sort=order, axis=alt.Axis(labels=False, ticks=False, title=None)),
        y=alt.Y("nps:Q", scale=y_scale),
        tooltip=tooltip,
    )
    zero = base.mark_rule(color="#8c959f", strokeDash=[4, 4]).encode(y=alt.datum(0))
    volume = (
        base.mark_bar(color="#8c959f", opacity=0.7)
        .encode(x=x, y=alt.Y("n:Q", title="Responses"), tooltip=tooltip)
        .properties(width=width, height=max(80, height // 3))
    )
    top = (band + zero + line).properties(width=width, height=height)
    combined = alt.vconcat(top, volume, spacing=4).resolve_scale(x="shared")
    if width == "container":
        # Without this the plots take the container's width and the y axes hang past its right edge.
        combined = combined.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return combined


def score_distribution_chart(frame: pd.DataFrame, *, width: Width = "container", height: int = 260) -> alt.Chart:
    """Responses per score 0–10, coloured by category; expects score, n."""
    data = frame.assign(
        category=pd.cut(frame["score"], bins=[-1, 6, 8, 10], labels=["detractor", "passive", "promoter"]).astype(str),
        share=frame["n"] / max(int(frame["n"].sum()), 1),
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("score:O", title="Score", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title="Responses"),
            color=alt.Color(
                "category:N",
                title="Category",
                scale=alt.Scale(domain=list(CATEGORY_COLOURS), range=list(CATEGORY_COLOURS.values())),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("score:O", title="Score"),
                alt.Tooltip("n:Q", title="Responses", format=","),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(width=width, height=height)
    )


def respondent_scores_chart(frame: pd.DataFrame, *, width: Width = "container", height: int = 280) -> alt.LayerChart:
    """One respondent's scores over time on the full 0–10 scale, each answer a dot in its category colour.

    Expects answered (datetime), score.
    """
    data = frame.assign(
        category=pd.cut(frame["score"], bins=[-1, 6, 8, 10], labels=["detractor", "passive", "promoter"]).astype(str)
    )
    span = pd.to_datetime(data["answered"]).agg(["min", "max"]) if len(data) else pd.Series(dtype="datetime64[us]")
    step_days = max(1, -(-(span.iloc[1] - span.iloc[0]).days // 8)) if len(span) else 1
    x = alt.X(
        "answered:T",
        title="Answered",
        scale=alt.Scale(padding=24),
        axis=alt.Axis(format="%d %b %Y", labelAngle=0, tickCount={"interval": "day", "step": step_days}),
    )
    y = alt.Y("score:Q", title="Score", scale=alt.Scale(domain=[0, 10]), axis=alt.Axis(values=list(range(0, 11, 2))))
    line = alt.Chart(data).mark_line(color="#8c959f").encode(x=x, y=y)
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=120, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "category:N",
                title="Category",
                scale=alt.Scale(domain=list(CATEGORY_COLOURS), range=list(CATEGORY_COLOURS.values())),
                legend=alt.Legend(orient="right"),
            ),
            tooltip=[alt.Tooltip("answered:T", title="Answered", format="%Y-%m-%d %H:%M"), "score:Q", "category:N"],
        )
    )
    return (line + points).properties(width=width, height=height)


def segment_nps_chart(frame: pd.DataFrame, *, attribute: str, width: Width = "container") -> alt.LayerChart:
    """NPS per segment with its 95% interval; colour marks a significant difference from the rest.

    Expects key, nps, ci_low, ci_high, n, marker.
    """
    weighted = "n_eff" in frame and bool((frame["n_eff"] != frame["n"]).any())
    sizes = [f"weighted, n_eff = {n:,.1f}" for n in frame["n_eff"]] if weighted else [f"n = {n:,}" for n in frame["n"]]
    data = frame.assign(label=[f"{key}  ({size})" for key, size in zip(frame["key"], sizes, strict=True)])
    order = data.sort_values("nps", ascending=False)["label"].tolist()
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    colour = alt.Color(
        "marker:N",
        title="Against the rest (Holm-corrected)",
        scale=alt.Scale(domain=list(MARKER_COLOURS), range=list(MARKER_COLOURS.values())),
        legend=alt.Legend(orient="top", titleLimit=400),
    )
    tooltip = [
        alt.Tooltip("key:N", title=attribute),
        alt.Tooltip("nps:Q", title="NPS", format="+.1f"),
        alt.Tooltip("ci_low:Q", title="95% CI low", format="+.1f"),
        alt.Tooltip("ci_high:Q", title="95% CI high", format="+.1f"),
        alt.Tooltip("n:Q", title="Responses", format=","),
        alt.Tooltip("marker:N", title="Against the rest"),
    ]
    base = alt.Chart(data)
    bars = base.mark_rule(strokeWidth=3).encode(
        y=y,
        x=alt.X(
            "ci_low:Q",
            title="NPS with 95% CI",
            scale=alt.Scale(domain=[-100, 100]),
            axis=alt.Axis(values=list(range(-100, 101, 20))),
        ),
        x2="ci_high:Q",
        color=colour,
        tooltip=tooltip,
    )
    points = base.mark_point(filled=True, size=90).encode(y=y, x="nps:Q", color=colour, tooltip=tooltip)
    zero = base.mark_rule(color="#8c959f", strokeDash=[4, 4]).encode(x=alt.datum(0))
    # A step, not a fixed height: Streamlit fits a fixed height around legend and axis, squeezing the rows together.
    return (zero + bars + points).properties(width=width, height=alt.Step(34))


def decomposition_chart(frame: pd.DataFrame, *, attribute: str, width: Width = "container") -> alt.Chart:
    """Per segment, points of NPS change from mix (size) and from within the segment; expects key, mix, within."""
    long = frame.melt(id_vars=["key"], value_vars=["mix", "within"], var_name="part", value_name="points")
    long["part"] = long["part"].map({"mix": "Mix (segment size changed)", "within": "Within segment (score changed)"})
    order = frame.assign(total=frame["mix"] + frame["within"]).sort_values("total")["key"].tolist()
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("key:N", title=None, sort=order, axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("part:N"),
            x=alt.X("points:Q", title="Contribution to the NPS change (points)"),
            color=alt.Color(
                "part:N",
                title=None,
                scale=alt.Scale(range=["#8250df", NPS_BLUE]),
                legend=alt.Legend(orient="top", labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("key:N", title=attribute),
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("points:Q", title="Points", format="+.2f"),
            ],
        )
        .properties(width=width, height=alt.Step(20))
    )
