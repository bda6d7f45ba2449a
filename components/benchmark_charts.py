"""Pure Altair builders for the benchmarks page: take a DataFrame and the reader's language, return a chart, never
draw."""

from __future__ import annotations

import altair as alt
import pandas as pd

from nps.charts import localised
from nps.figures import format_points
from nps.i18n import DEFAULT, N_, translations

US = "us"
KIND_COLOURS = {US: "#1f6feb", "competitor": "#d9480f", "industry": "#5f3dc4", "overall": "#495057"}
KIND_TITLES = {
    US: N_("Us (current filters)"),
    "competitor": N_("Competitor"),
    "industry": N_("Industry"),
    "overall": N_("Overall"),
}
"""Legend entries, translated where a chart is built."""
MONTH_FORMATS = {"zh": ("%Y年%b", "%Y年%B")}
"""Axis and tooltip month formats where a language puts the year first; others write `%b %Y` and `%B %Y`."""
ROW_HEIGHT = 30
US_PICK = "us_pick"
MONTH_PICK = "month_pick"
"""Click selections the Benchmarks page reads: our own point opens our responses, a month of our trend its month."""


def kind_titles(lang: str = DEFAULT) -> dict[str, str]:
    _ = translations(lang).gettext
    return {kind: _(title) for kind, title in KIND_TITLES.items()}


def field_ranking_chart(frame: pd.DataFrame, *, width: int | str = "container", lang: str = DEFAULT) -> alt.LayerChart:
    """Dot-and-interval ranking, best NPS on top; expects label, kind, nps, low, high, year, n, test.

    `low`/`high` are missing for a published value without counts (no interval is drawn: it is not known).
    A dashed rule marks our NPS so every benchmark reads as left or right of us.
    """
    _ = translations(lang).gettext
    titles = kind_titles(lang)
    data = frame.assign(kind_title=frame["kind"].map(titles))
    order = data.sort_values("nps", ascending=False)["label"].tolist()
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=420, labelFontSize=12))
    lowest = min(data["nps"].min(), data["low"].min(skipna=True) if data["low"].notna().any() else 100)
    highest = max(data["nps"].max(), data["high"].max(skipna=True) if data["high"].notna().any() else -100)
    domain = [max(-100, 10 * ((lowest - 5) // 10)), min(100, 10 * ((highest + 5) // 10 + 1))]
    x_scale = alt.Scale(domain=domain, nice=False)
    colour = alt.Color(
        "kind_title:N",
        title=None,
        scale=alt.Scale(domain=[titles[k] for k in KIND_COLOURS], range=[KIND_COLOURS[k] for k in KIND_COLOURS]),
        legend=alt.Legend(orient="top"),
    )
    tooltip = [
        alt.Tooltip("label:N", title=_("Benchmark")),
        alt.Tooltip("kind_title:N", title=_("Kind")),
        alt.Tooltip("nps:Q", title="NPS", format="+.1f"),
        alt.Tooltip("low:Q", title=_("95% CI low"), format="+.1f"),
        alt.Tooltip("high:Q", title=_("95% CI high"), format="+.1f"),
        alt.Tooltip("n:Q", title=_("Responses"), format=","),
        alt.Tooltip("year:N", title=_("Year")),
    ]
    axis_title = _("NPS (−100 to +100)")
    base = alt.Chart(data)
    intervals = (
        base.transform_filter("isValid(datum.low) && isValid(datum.high)")
        .mark_rule(strokeWidth=3, opacity=0.6)
        .encode(x=alt.X("low:Q", scale=x_scale, title=axis_title), x2="high:Q", y=y, color=colour)
    )
    dots = (
        base.mark_point(filled=True, size=140, opacity=1)
        .encode(
            x=alt.X("nps:Q", scale=x_scale, title=axis_title),
            y=y,
            color=colour,
            shape=alt.condition(alt.datum.kind == US, alt.value("diamond"), alt.value("circle")),
            tooltip=tooltip,
        )
        .add_params(alt.selection_point(name=US_PICK, fields=["kind"], on="click"))
    )
    values = base.mark_text(align="left", dx=10, dy=-9, fontSize=11).encode(
        x=alt.X("nps:Q", scale=x_scale), y=y, text=alt.Text("nps:Q", format="+.1f"), color=colour
    )
    ours = (
        base.transform_filter(alt.datum.kind == US)
        .mark_rule(strokeDash=[6, 4], color=KIND_COLOURS[US])
        .encode(x=alt.X("nps:Q", scale=x_scale))
    )
    chart = alt.layer(ours, intervals, dots, values).properties(width=width, height=alt.Step(ROW_HEIGHT))
    return localised(chart, lang)


def trend_with_benchmark_chart(
    trend: pd.DataFrame,
    *,
    benchmark_nps: float,
    benchmark_label: str,
    width: int | str = "container",
    lang: str = DEFAULT,
) -> alt.LayerChart:
    """Our monthly NPS with its 95% interval band and one benchmark as a dashed horizontal line.

    Expects key (first day of the month), nps, ci_low, ci_high, n. The y scale covers the band, our line and
    the benchmark, so a far-away benchmark is still on the chart.
    """
    _ = translations(lang).gettext
    axis_format, tooltip_format = MONTH_FORMATS.get(lang, ("%b %Y", "%B %Y"))
    data = trend.assign(month=pd.to_datetime(trend["key"]))
    values = [*data["ci_low"].dropna(), *data["ci_high"].dropna(), benchmark_nps]
    domain = [max(-100, 10 * ((min(values) - 5) // 10)), min(100, 10 * ((max(values) + 5) // 10 + 1))]
    y_scale = alt.Scale(domain=domain, nice=False)
    months = max(1, len(data))
    ticks = alt.TickCount(interval="month", step=max(1, -(-months // 12)))
    x = alt.X("month:T", title=_("Month"), axis=alt.Axis(format=axis_format, labelAngle=0, tickCount=ticks))
    band = (
        alt.Chart(data)
        .mark_area(opacity=0.18, color=KIND_COLOURS[US])
        .encode(x=x, y=alt.Y("ci_low:Q", title="NPS", scale=y_scale), y2="ci_high:Q")
    )
    line = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=60, cursor="pointer"), color=KIND_COLOURS[US])
        .encode(
            x=x,
            y=alt.Y("nps:Q", scale=y_scale),
            tooltip=[
                alt.Tooltip("month:T", title=_("Month"), format=tooltip_format),
                alt.Tooltip("nps:Q", title=_("Our NPS"), format="+.1f"),
                alt.Tooltip("ci_low:Q", title=_("95% CI low"), format="+.1f"),
                alt.Tooltip("ci_high:Q", title=_("95% CI high"), format="+.1f"),
                alt.Tooltip("n:Q", title=_("Responses"), format=","),
            ],
        )
        .add_params(alt.selection_point(name=MONTH_PICK, fields=["month"], on="click", nearest=True))
    )
    label = f"{benchmark_label}: {format_points(benchmark_nps, lang)}"
    reference = pd.DataFrame({"nps": [benchmark_nps], "label": [label]})
    rule = (
        alt.Chart(reference)
        .mark_rule(color=KIND_COLOURS["competitor"], strokeDash=[6, 4], strokeWidth=2)
        .encode(y=alt.Y("nps:Q", scale=y_scale), tooltip=[alt.Tooltip("label:N", title=_("Benchmark"))])
    )
    text = (
        alt.Chart(reference)
        .mark_text(align="left", baseline="bottom", dx=4, dy=-4, color=KIND_COLOURS["competitor"], fontSize=12)
        .encode(x=alt.value(0), y=alt.Y("nps:Q", scale=y_scale), text="label:N")
    )
    return localised(alt.layer(band, line, rule, text).properties(width=width, height=320), lang)
