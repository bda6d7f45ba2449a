"""Pure Altair builders: take a DataFrame, return a chart, never draw.

`width` is "container" on screen; exports pass pixels (a file has no container to fill). They live in the
domain package because the command line renders the same charts into its PDF and PPTX reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import altair as alt
import pandas as pd
from babel.dates import format_skeleton, get_day_names, get_month_names, get_period_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from nps.figures import segment_marker
from nps.goals import EventMark, GoalLine
from nps.i18n import BABEL_LOCALES, DEFAULT, format_number, translations

CATEGORY_COLOURS = {"detractor": "#d64545", "passive": "#f0b429", "promoter": "#2f9e44"}
MARKER_COLOURS = {"above the rest": "#2f9e44", "below the rest": "#d64545", "no significant difference": "#57606a"}
NPS_BLUE = "#1f6feb"
SMALL_GREY = "#afb8c1"
GOAL_GREEN = "#1a7f37"
EVENT_PURPLE = "#8250df"
GOAL_LAYER = "goal_line"
EVENT_LAYER = "event_rules"
"""Names of the goal and event layers of a trend (tests and readers of the spec find them by name)."""
EVENT_LABEL_ROWS = 3
SCORE_PICK = "score_pick"
PERIOD_PICK = "period_pick"
SEGMENT_PICK = "segment_pick"
"""Names of the click selections pages read (`on_select`) to open the responses behind a mark."""
Width = int | str
EXPORT_WIDTH = 900
"""Pixels of a chart drawn into a file (PNG, SVG, PDF), which has no container to fill."""
_SKELETONS = {"week": "yMMMd", "month": "yMMM", "quarter": "yQQQ"}


def period_label(start: pd.Timestamp, period: str, lang: str = DEFAULT) -> str:
    """A period as the reader's locale writes it (`I kw. 2026`, `2026年3月`)."""
    if lang != DEFAULT:
        return format_skeleton(_SKELETONS[period], start, locale=BABEL_LOCALES.get(lang, "en"))
    if period == "week":
        return f"{start:%d %b %Y}"
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start:%Y}"
    return f"{start:%b %Y}"


def period_name(period: str, lang: str = DEFAULT) -> str:
    _ = translations(lang).gettext
    return {"week": _("Week"), "month": _("Month"), "quarter": _("Quarter")}.get(period, period.capitalize())


def category_names(lang: str = DEFAULT) -> dict[str, str]:
    """The stored categories (promoter, passive, detractor) as the reader's language names them, in chart order."""
    _ = translations(lang).gettext
    return {"detractor": _("detractor"), "passive": _("passive"), "promoter": _("promoter")}


@cache
def vega_locale(lang: str) -> dict:
    """Vega's number and time locale (d3 format) from Babel: `1 234,5` and `sty 2026` in Polish."""
    locale = BABEL_LOCALES.get(lang, "en")
    days = get_day_names("wide", "format", locale)
    short_days = get_day_names("abbreviated", "format", locale)
    periods = get_period_names("abbreviated", "format", locale)
    return {
        "number": {
            "decimal": get_decimal_symbol(locale),
            "thousands": get_group_symbol(locale),
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            "dateTime": "%x %X",
            "date": "%Y-%m-%d",
            "time": "%H:%M:%S",
            "periods": [periods["am"], periods["pm"]],
            "days": [days[(day + 6) % 7] for day in range(7)],
            "shortDays": [short_days[(day + 6) % 7] for day in range(7)],
            "months": [get_month_names("wide", "stand-alone", locale)[month] for month in range(1, 13)],
            "shortMonths": [get_month_names("abbreviated", "stand-alone", locale)[month] for month in range(1, 13)],
        },
    }


def localised(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """The chart with the reader's number and month formats; English charts stay as they were (no config)."""
    return chart if lang == DEFAULT else chart.configure(locale=vega_locale(lang))


PERIOD_STEPS = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1), "quarter": pd.DateOffset(months=3)}
_TIME_FORMATS = {"week": "%d %b %Y", "month": "%b %Y", "quarter": "%b %Y"}
_LOCAL_TIME_FORMATS = {
    "zh": {"week": "%Y年%b%-d日", "month": "%Y年%b", "quarter": "%Y年%b"},
    "other": {"week": "%-d %b %Y", "month": "%b %Y", "quarter": "%b %Y"},
}
_TICKS = {
    "week": {"interval": "week", "step": 1},
    "month": {"interval": "month", "step": 1},
    "quarter": {"interval": "month", "step": 3},
}
_GAPS = "break-paths-show-domains"
"""Vega-Lite breaks a line or band at a missing value instead of joining across it (or drawing it as 0)."""


def _time_format(period: str, lang: str) -> str:
    if lang == DEFAULT:
        return _TIME_FORMATS[period]
    return _LOCAL_TIME_FORMATS["zh" if lang == "zh" else "other"][period]


def _day_format(lang: str) -> str:
    return _time_format("week", lang)


def every_period(frame: pd.DataFrame, period: str, lang: str = DEFAULT) -> pd.DataFrame:
    """One row per period from the first to the last, with start, end and label; a period nobody answered in
    gets n = 0 and no NPS, so it is drawn as a gap rather than dropped or bridged."""
    step = PERIOD_STEPS[period]
    known = frame.assign(start=pd.to_datetime(frame["key"]))
    if known.empty:
        return known.assign(end=known["start"], middle=known["start"], label="")
    starts = pd.Series(pd.date_range(known["start"].min(), known["start"].max(), freq=step), name="start")
    full = pd.DataFrame(starts).merge(known, on="start", how="left")
    full["n"] = full["n"].fillna(0).astype(int)
    full["small"] = full["small"].fillna(False).astype(bool) if "small" in full else False
    full["end"] = full["start"] + step
    full["middle"] = full["start"] + (full["end"] - full["start"]) / 2
    full["label"] = [period_label(start, period, lang) for start in full["start"]]
    return full.drop(columns=["key"])


def _trend_data(frame: pd.DataFrame, period: str, lang: str = DEFAULT) -> pd.DataFrame:
    """Every period, with the line and band left empty where a period is below the minimum n."""
    data = every_period(frame, period, lang)
    if "nps" not in data:
        return data
    steady = ~data["small"]
    return data.assign(
        line_nps=data["nps"].where(steady),
        band_low=data["ci_low"].where(steady),
        band_high=data["ci_high"].where(steady),
    )


def _time_axis(period: str, lang: str = DEFAULT) -> alt.Axis:
    return alt.Axis(
        format=_time_format(period, lang), tickCount=_TICKS[period], labelOverlap="greedy", labelAngle=0, title=None
    )


def _goal_layers(goal: GoalLine, y_scale: alt.Scale, lang: str = DEFAULT) -> alt.LayerChart:
    """A dashed horizontal rule at the target with its label (target and scope) at the left end."""
    _ = translations(lang).gettext
    frame = pd.DataFrame({"target": [goal.target], "label": [goal.label(lang)]})
    base = alt.Chart(frame)
    y = alt.Y("target:Q", scale=y_scale)
    rule = base.mark_rule(color=GOAL_GREEN, strokeDash=[8, 4], strokeWidth=2).encode(
        y=y, tooltip=[alt.Tooltip("label:N", title=_("Goal"))]
    )
    label = base.mark_text(align="left", baseline="bottom", dx=4, dy=-3, color=GOAL_GREEN, fontWeight="bold").encode(
        x=alt.value(0), y=y, text="label:N"
    )
    return alt.layer(rule, label).properties(name=GOAL_LAYER)


def _event_layers(
    data: pd.DataFrame, events: Sequence[EventMark], x_axis: alt.Axis | None, lang: str = DEFAULT
) -> alt.LayerChart | None:
    """A dotted vertical rule per event inside the drawn periods, its text at the top (staggered over a few rows
    so neighbours do not overprint). The text is data: Vega draws it as text, never as markup."""
    if data.empty:
        return None
    first, last = data["start"].min(), data["end"].max()
    days = [(pd.Timestamp(event.day), event.text) for event in events]
    shown = [(day, text) for day, text in days if first <= day < last]
    if not shown:
        return None
    frame = pd.DataFrame(
        {
            "day": [day for day, _ in shown],
            "text": [text for _, text in shown],
            "row": [2 + 16 * (position % EVENT_LABEL_ROWS) for position in range(len(shown))],
        }
    )
    base = alt.Chart(frame)
    x = alt.X("day:T", title=None, axis=x_axis)
    _ = translations(lang).gettext
    tooltip = [
        alt.Tooltip("day:T", title=_("Date"), format=_day_format(lang)),
        alt.Tooltip("text:N", title=_("Event")),
    ]
    rules = base.mark_rule(color=EVENT_PURPLE, strokeDash=[2, 3], strokeWidth=2).encode(x=x, tooltip=tooltip)
    labels = base.mark_text(align="left", baseline="top", dx=4, color=EVENT_PURPLE, limit=220).encode(
        x=x, y=alt.Y("row:Q", scale=None), text="text:N", tooltip=tooltip
    )
    return alt.layer(rules, labels).properties(name=EVENT_LAYER)


def _trend_layers(
    data: pd.DataFrame,
    period: str,
    axis: alt.Axis | None = None,
    *,
    goal: GoalLine | None = None,
    events: Sequence[EventMark] = (),
    lang: str = DEFAULT,
) -> tuple[alt.LayerChart, list[alt.Tooltip]]:
    """The NPS band, zero line, line and points on a time axis (drawn only when `axis` is given), with the goal
    line and the events when given."""
    _ = translations(lang).gettext
    tooltip = [
        alt.Tooltip("label:N", title=period_name(period, lang)),
        alt.Tooltip("nps:Q", title="NPS", format="+.1f"),
        alt.Tooltip("ci_low:Q", title=_("95% CI low"), format="+.1f"),
        alt.Tooltip("ci_high:Q", title=_("95% CI high"), format="+.1f"),
        alt.Tooltip("n:Q", title=_("Responses"), format=","),
    ]
    base = alt.Chart(data)
    x = alt.X("middle:T", title=None, axis=axis)
    low, high = fitted_nps_domain(data)
    if goal is not None:
        low, high = max(-100.0, min(low, goal.target - 5)), min(100.0, max(high, goal.target + 5))
    y_scale = alt.Scale(domain=[low, high], nice=True)
    band = base.mark_area(opacity=0.18, color=NPS_BLUE, interpolate="linear", invalid=_GAPS).encode(
        x=x, y=alt.Y("band_low:Q", title=_("NPS (band: 95% CI)"), scale=y_scale), y2="band_high:Q"
    )
    line = base.mark_line(color=NPS_BLUE, invalid=_GAPS).encode(x=x, y=alt.Y("line_nps:Q", scale=y_scale))
    points = (
        base.mark_point(filled=True, color=NPS_BLUE, cursor="pointer")
        .encode(
            x=x,
            y=alt.Y("nps:Q", scale=y_scale),
            size=alt.condition("datum.small", alt.value(20), alt.value(60)),
            opacity=_small_opacity(),
            tooltip=tooltip,
        )
        .add_params(alt.selection_point(name=PERIOD_PICK, fields=["start"], on="click"))
    )
    zero = base.mark_rule(color="#8c959f", strokeDash=[4, 4]).encode(y=alt.datum(0))
    layers = [band, zero, line, points]
    if goal is not None:
        layers.append(_goal_layers(goal, y_scale, lang))
    marks = _event_layers(data, events, axis, lang)
    if marks is not None:
        layers.append(marks)
    return alt.layer(*layers), tooltip


def _volume_bars(
    data: pd.DataFrame, period: str, tooltip: list[alt.Tooltip], y: alt.Y, lang: str = DEFAULT
) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_bar(color="#8c959f", opacity=0.35)
        .encode(x=alt.X("start:T", axis=_time_axis(period, lang)), x2="end:T", y=y, y2=alt.datum(0), tooltip=tooltip)
    )


def nps_trend_chart(
    frame: pd.DataFrame,
    *,
    period: str = "month",
    width: Width = "container",
    height: int = 300,
    goal: GoalLine | None = None,
    events: Sequence[EventMark] = (),
    lang: str = DEFAULT,
) -> alt.VConcatChart:
    """NPS per period with its 95% interval band, and the number of responses beneath, on one time axis; the
    goal as a horizontal line and the events as vertical rules when given.

    Expects key (first day of the period, ISO), nps, ci_low, ci_high, n and optionally small (n below the
    minimum: the point is drawn small and faded, outside the line and band). Empty periods are gaps.
    """
    _ = translations(lang).gettext
    data = _trend_data(frame, period, lang)
    layers, tooltip = _trend_layers(data, period, goal=goal, events=events, lang=lang)
    volume = _volume_bars(data, period, tooltip, alt.Y("n:Q", title=_("Responses")), lang).properties(
        width=width, height=max(80, height // 3)
    )
    combined = alt.vconcat(layers.properties(width=width, height=height), volume, spacing=4).resolve_scale(x="shared")
    if width == "container":
        # Without this the plots take the container's width and the y axes hang past its right edge.
        combined = combined.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return localised(combined, lang)


def nps_trend_overlay_chart(
    frame: pd.DataFrame,
    *,
    period: str = "month",
    goal: GoalLine | None = None,
    events: Sequence[EventMark] = (),
    lang: str = DEFAULT,
) -> alt.LayerChart:
    """The same trend as one plot that fills its container's height (a slide): responses as faint bars in
    the lower third, on their own axis at the right."""
    _ = translations(lang).gettext
    data = _trend_data(frame, period, lang)
    layers, tooltip = _trend_layers(data, period, _time_axis(period, lang), goal=goal, events=events, lang=lang)
    most = max(1, int(data["n"].max())) if len(data) else 1
    volume = _volume_bars(
        data,
        period,
        tooltip,
        alt.Y("n:Q", title=_("Responses"), scale=alt.Scale(domain=[0, 3 * most]), axis=alt.Axis(orient="right")),
        lang,
    )
    chart = alt.layer(volume, layers).resolve_scale(y="independent")
    return localised(chart.properties(width="container", height="container"), lang)


def _categories(scores: pd.Series, lang: str) -> pd.Series:
    """Each score's category, named in the reader's language (the bins are the counting module's 0–6, 7–8, 9–10)."""
    return pd.cut(scores, bins=[-1, 6, 8, 10], labels=list(category_names(lang).values())).astype(str)


def _category_scale(lang: str) -> alt.Scale:
    return alt.Scale(domain=list(category_names(lang).values()), range=list(CATEGORY_COLOURS.values()))


def score_distribution_chart(
    frame: pd.DataFrame, *, width: Width = "container", height: int = 260, lang: str = DEFAULT
) -> alt.Chart:
    """Responses per score 0–10, coloured by category; expects score, n."""
    _ = translations(lang).gettext
    data = frame.assign(
        category=_categories(frame["score"], lang),
        share=frame["n"] / max(int(frame["n"].sum()), 1),
    )
    chart = (
        alt.Chart(data)
        .mark_bar(cursor="pointer")
        .add_params(alt.selection_point(name=SCORE_PICK, fields=["score"], on="click"))
        .encode(
            x=alt.X("score:O", title=_("Score"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title=_("Responses")),
            color=alt.Color(
                "category:N", title=_("Category"), scale=_category_scale(lang), legend=alt.Legend(orient="top")
            ),
            tooltip=[
                alt.Tooltip("score:O", title=_("Score")),
                alt.Tooltip("n:Q", title=_("Responses"), format=","),
                alt.Tooltip("share:Q", title=_("Share"), format=".1%"),
            ],
        )
        .properties(width=width, height=height)
    )
    return localised(chart, lang)


def respondent_scores_chart(
    frame: pd.DataFrame, *, width: Width = "container", height: int = 280, lang: str = DEFAULT
) -> alt.LayerChart:
    """One respondent's scores over time on the full 0–10 scale, each answer a dot in its category colour.

    Expects answered (datetime), score.
    """
    _ = translations(lang).gettext
    data = frame.assign(category=_categories(frame["score"], lang))
    span = pd.to_datetime(data["answered"]).agg(["min", "max"]) if len(data) else pd.Series(dtype="datetime64[us]")
    step_days = max(1, -(-(span.iloc[1] - span.iloc[0]).days // 8)) if len(span) else 1
    x = alt.X(
        "answered:T",
        title=_("Answered"),
        scale=alt.Scale(padding=24),
        axis=alt.Axis(format=_day_format(lang), labelAngle=0, tickCount={"interval": "day", "step": step_days}),
    )
    y = alt.Y("score:Q", title=_("Score"), scale=alt.Scale(domain=[0, 10]), axis=alt.Axis(values=list(range(0, 11, 2))))
    line = alt.Chart(data).mark_line(color="#8c959f").encode(x=x, y=y)
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=120, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "category:N", title=_("Category"), scale=_category_scale(lang), legend=alt.Legend(orient="right")
            ),
            tooltip=[
                alt.Tooltip("answered:T", title=_("Answered"), format="%Y-%m-%d %H:%M"),
                alt.Tooltip("score:Q", title=_("Score")),
                alt.Tooltip("category:N", title=_("Category")),
            ],
        )
    )
    return localised((line + points).properties(width=width, height=height), lang)


def fitted_nps_domain(frame: pd.DataFrame, columns: tuple[str, ...] = ("ci_low", "ci_high", "nps")) -> list[float]:
    """An NPS axis that spans the data, zero and a margin, never beyond ±100: a fixed −100…+100 left half a
    slide empty."""
    values = pd.concat([frame[column] for column in columns if column in frame]).dropna()
    low = min(0.0, float(values.min())) if len(values) else -100.0
    high = max(0.0, float(values.max())) if len(values) else 100.0
    margin = max(5.0, (high - low) * 0.05)
    return [max(-100.0, low - margin), min(100.0, high + margin)]


def _small_opacity(full: float = 1.0) -> alt.OpacityValue:
    """Figures below the minimum n are drawn faded, wherever they appear."""
    return alt.condition("datum.small", alt.value(0.3), alt.value(full))


def _segment_size(n: float, weighted: bool, lang: str) -> str:
    """`n = 1,234` or `weighted, n_eff = 987.6` beside a segment's name, numbers in the reader's locale."""
    if lang == DEFAULT:
        return f"weighted, n_eff = {n:,.1f}" if weighted else f"n = {n:,}"
    if weighted:
        return translations(lang).gettext("weighted, n_eff = {n_eff}").format(n_eff=format_number(n, lang))
    return f"n = {format_number(n, lang, decimals=0)}"


def segment_nps_chart(
    frame: pd.DataFrame, *, attribute: str, width: Width = "container", label_limit: int = 320, lang: str = DEFAULT
) -> alt.LayerChart:
    """NPS per segment with its 95% interval; colour marks a significant difference from the rest, segments
    below the minimum n are faded and grey.

    Expects key, nps, ci_low, ci_high, n, marker, small. `label_limit` 0: segment names are never cut.
    """
    _ = translations(lang).gettext
    weighted = "n_eff" in frame and bool((frame["n_eff"] != frame["n"]).any())
    sizes = [_segment_size(n, weighted, lang) for n in (frame["n_eff"] if weighted else frame["n"])]
    data = frame.assign(
        label=[f"{key}  ({size})" for key, size in zip(frame["key"], sizes, strict=True)],
        marker=[segment_marker(marker, lang) for marker in frame["marker"]],
    )
    order = data.sort_values("nps", ascending=False)["label"].tolist()
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=label_limit))
    known = {segment_marker(marker, lang): colour for marker, colour in MARKER_COLOURS.items()}
    markers = known | {marker: SMALL_GREY for marker in data["marker"] if marker not in known}
    colour = alt.Color(
        "marker:N",
        title=_("Against the rest (Holm-corrected)"),
        scale=alt.Scale(domain=list(markers), range=list(markers.values())),
        legend=alt.Legend(orient="top", titleLimit=2000, labelLimit=2000),
    )
    tooltip = [
        alt.Tooltip("key:N", title=attribute),
        alt.Tooltip("nps:Q", title="NPS", format="+.1f"),
        alt.Tooltip("ci_low:Q", title=_("95% CI low"), format="+.1f"),
        alt.Tooltip("ci_high:Q", title=_("95% CI high"), format="+.1f"),
        alt.Tooltip("n:Q", title=_("Responses"), format=","),
        alt.Tooltip("marker:N", title=_("Against the rest")),
    ]
    base = alt.Chart(data)
    bars = base.mark_rule(strokeWidth=3).encode(
        y=y,
        x=alt.X("ci_low:Q", title=_("NPS with 95% CI"), scale=alt.Scale(domain=fitted_nps_domain(data), nice=True)),
        x2="ci_high:Q",
        color=colour,
        opacity=_small_opacity(),
        tooltip=tooltip,
    )
    points = (
        base.mark_point(filled=True, size=90, cursor="pointer")
        .encode(y=y, x="nps:Q", color=colour, opacity=_small_opacity(), tooltip=tooltip)
        .add_params(alt.selection_point(name=SEGMENT_PICK, fields=["key"], on="click"))
    )
    zero = base.mark_rule(color="#8c959f", strokeDash=[4, 4]).encode(x=alt.datum(0))
    # A step, not a fixed height: Streamlit fits a fixed height around legend and axis, squeezing the rows together.
    return localised((zero + bars + points).properties(width=width, height=alt.Step(34)), lang)


def decomposition_chart(
    frame: pd.DataFrame, *, attribute: str, width: Width = "container", label_limit: int = 320, lang: str = DEFAULT
) -> alt.Chart:
    """Per segment, points of NPS change from mix (size) and from within the segment; expects key, mix, within."""
    _ = translations(lang).gettext
    long = frame.melt(id_vars=["key"], value_vars=["mix", "within"], var_name="part", value_name="points")
    long["part"] = long["part"].map(
        {"mix": _("Mix (segment size changed)"), "within": _("Within segment (score changed)")}
    )
    order = frame.assign(total=frame["mix"] + frame["within"]).sort_values("total")["key"].tolist()
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("key:N", title=None, sort=order, axis=alt.Axis(labelLimit=label_limit)),
            yOffset=alt.YOffset("part:N"),
            x=alt.X("points:Q", title=_("Contribution to the NPS change (points)")),
            color=alt.Color(
                "part:N",
                title=None,
                scale=alt.Scale(range=["#8250df", NPS_BLUE]),
                legend=alt.Legend(orient="top", labelLimit=2000),
            ),
            tooltip=[
                alt.Tooltip("key:N", title=attribute),
                alt.Tooltip("part:N", title=_("Part")),
                alt.Tooltip("points:Q", title=_("Points"), format="+.2f"),
            ],
        )
        .properties(width=width, height=alt.Step(20))
    )
    return localised(chart, lang)
