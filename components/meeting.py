"""Slides of meeting mode: large type, one idea each, every NPS with its n and interval."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import altair as alt
import pandas as pd
import streamlit as st

from components.benchmark_view import KIND_NAMES, verdict_gap
from components.chart_specs import draw_chart
from components.comment_card import is_right_to_left
from components.i18n import _, current_language
from components.kpi import render_goal_verdict
from components.markdown_text import escape_markdown
from components.overview_data import OverviewData
from components.privacy import comment_masking, shown_comment
from nps import charts
from nps.benchmarks import ABOVE, BELOW, StoredBenchmark, compare_to_benchmark
from nps.figures import (
    DEFAULT_MINIMUM_N,
    describe_change,
    describe_interval,
    format_nps,
    format_p,
    format_points,
    is_small,
    sample_size,
    segment_marker,
    share,
    small_sample_note,
)
from nps.i18n import format_day, format_number
from nps.metrics import Counts, Difference, nps_with_interval, two_sample_test
from nps.overview import decomposition_frame

SLIDE_CSS = """<style>
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > style:only-child) { display: none; }
.st-key-meeting_slide { height: 88vh !important; gap: 1.2vh !important; overflow: hidden; flex: none !important; }
.st-key-meeting_slide h1 { font-size: clamp(24px, 5.6vh, 150px) !important; line-height: 1.1; padding: 0 0 0.6vh;
  white-space: nowrap; }
.st-key-meeting_slide h3 { font-size: clamp(18px, 3.4vh, 92px) !important; padding: 0; color: #57606a; }
.st-key-meeting_slide [data-testid="stMetricValue"],
.st-key-meeting_slide [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p,
.st-key-meeting_slide [data-testid="stMetricValue"] * { font-size: clamp(64px, 20vh, 540px) !important;
  line-height: 1.0; height: auto; }
.st-key-meeting_slide [data-testid="stMetricLabel"] p { font-size: clamp(16px, 3.2vh, 86px) !important; }
.st-key-meeting_slide [data-testid="stMetricDelta"],
.st-key-meeting_slide [data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p,
.st-key-meeting_slide [data-testid="stMetricDelta"] * { font-size: clamp(18px, 3.6vh, 96px) !important; }
.st-key-meeting_slide [data-testid="stMetricDelta"] svg { width: 3.6vh; height: 3.6vh; }
.st-key-meeting_slide [data-testid="stMarkdownContainer"] p,
.st-key-meeting_slide [data-testid="stMarkdownContainer"] li { font-size: clamp(16px, 3.3vh, 88px) !important;
  line-height: 1.3; margin-bottom: 0.4vh; }
.st-key-meeting_slide [data-testid="stCaptionContainer"] p { font-size: clamp(14px, 2.8vh, 76px) !important; }
.st-key-meeting_slide [data-testid="stText"] { font-size: clamp(16px, 3.2vh, 86px) !important; line-height: 1.3;
  white-space: pre-wrap; }
[data-testid="stLayoutWrapper"]:has(> .st-key-meeting_chart) { flex: 1 1 0 !important; min-height: 0 !important; }
.st-key-meeting_chart { height: 100% !important; }
.st-key-meeting_chart > [data-testid="stElementContainer"] { flex: 1 1 0 !important; min-height: 0 !important; }
.st-key-meeting_chart [data-testid="stFullScreenFrame"],
.st-key-meeting_chart [data-testid="stFullScreenFrame"] > div { height: 100% !important; }
.st-key-meeting_small [data-testid="stMetricValue"] * { color: #8c959f !important; }
[class*="st-key-meeting_comment_"] { border-left: 0.8vh solid #d64545; padding-left: 1.8vh; }
[class*="st-key-meeting_comment_rtl_"] [data-testid="stText"] { direction: rtl; unicode-bidi: plaintext; }
.st-key-meeting_controls button p, .st-key-meeting_controls p { font-size: clamp(12px, 2vh, 54px) !important; }
.st-key-meeting_controls { height: 6vh !important; overflow: hidden; flex: none !important; }
</style>"""
"""Type and chart sizes come from the viewport (vh, clamp()), so one slide fits 1280×720, 1080p and a 4K wall.
The smallest text on a slide is 2.8% of the screen height (docs/meeting-mode.md: readable from four metres)."""

PRESENTING_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1.5vh 3vw 0 !important; max-width: none !important; }
[data-testid="stMain"] { padding: 0 !important; }
.st-key-init { position: absolute !important; height: 0 !important; overflow: hidden; }
</style>"""
"""The presentation view: only the slide and its controls; no sidebar, header or chart toolbars."""

SLIDE_FONT = "max(14, containerSize()[1] / 20)"
"""Chart text scales with the chart's box, whose height comes from the viewport (about 3vh). From the box, not
the plot's `height` signal: that depends on the axis extents, which depend on the font, and Vega then lays the
labels out with a stale size (cut off at the left)."""


def _fitted(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A chart that fills the slide's chart area, its text scaled with its height."""
    font = alt.ExprRef(SLIDE_FONT)
    return (
        chart.properties(
            width="container", height="container", autosize=alt.AutoSizeParams(type="fit", contains="padding")
        )
        .configure_axis(labelFontSize=font, titleFontSize=font)
        .configure_legend(labelFontSize=font, titleFontSize=font, symbolSize=300)
        .configure_text(fontSize=font)
        .configure_view(strokeWidth=0)
    )


def _draw(
    make: Callable[..., alt.TopLevelMixin], *args: object, pick_key: str | None = None, **kwargs: object
) -> object:
    """Draws the slide's chart `make(*args, **kwargs)`, fitted to the slide; with `pick_key` its clicks rerun the
    page and the selection is returned."""
    with st.container(key="meeting_chart"):
        return draw_chart(
            make,
            *args,
            finish=_fitted,
            height="stretch",
            theme=None,
            on_select="rerun" if pick_key else "ignore",
            key=pick_key,
            **kwargs,
        )


def _direction(difference: Difference) -> str:
    if difference.too_small:
        return _("Too few responses to test")
    if not difference.significant or difference.delta is None:
        return _("No significant change")
    return _("Significantly up") if difference.delta > 0 else _("Significantly down")


def render_headline_slide(data: OverviewData) -> None:
    view, counts = data.view, data.counts
    lang = current_language()
    interval = nps_with_interval(counts)
    st.markdown("# " + _("Our NPS"))
    period = view.period_text()
    # a filtered view must not pass for the whole company's NPS
    st.markdown(f"### {escape_markdown(' · '.join([period, *view.scope_lines()]))}")
    small = is_small(counts, minimum_n=data.minimum_n)
    with st.container(key="meeting_small" if small else "meeting_normal"):
        if data.comparison is not None and view.comparison_name:
            difference = two_sample_test(counts, data.comparison, minimum_n=data.minimum_n)
            st.metric(
                _("NPS"),
                format_nps(interval.nps, lang),
                delta=_("{change} vs {comparison}").format(
                    change=format_points(difference.delta, lang), comparison=view.comparison_name
                )
                if difference.delta is not None
                else None,
                delta_color="normal" if difference.significant else "off",
                delta_arrow="auto" if difference.significant else "off",
            )
        else:
            st.metric(_("NPS"), format_nps(interval.nps, lang))
    st.markdown(describe_interval(counts, lang))
    if data.goal_status is not None:
        render_goal_verdict(data.goal_status)
    if data.comparison is not None and view.comparison_name:
        difference = two_sample_test(counts, data.comparison, minimum_n=data.minimum_n)
        verdict = (
            f":{'green' if (difference.delta or 0) > 0 else 'red'}[**{_direction(difference)}**]"
            if difference.significant
            else f":gray[**{_direction(difference)}**]"
        )
        st.markdown(f"{verdict} — {escape_markdown(describe_change(difference, view.comparison_name, lang))}")
    st.markdown(
        _("Promoters {promoters} · passives {passives} · detractors {detractors}").format(
            promoters=share(counts.promoters, counts, lang),
            passives=share(counts.passives, counts, lang),
            detractors=share(counts.detractors, counts, lang),
        )
    )
    if small:
        st.markdown(
            f":orange[{escape_markdown(small_sample_note(counts, minimum_n=data.minimum_n, lang=current_language()))}]"
        )


def render_trend_slide(data: OverviewData, *, pick_key: str | None = None) -> object:
    titles = {"week": _("When: NPS by week"), "month": _("When: NPS by month"), "quarter": _("When: NPS by quarter")}
    st.markdown("# " + titles.get(data.period, titles["month"]))
    st.caption(
        _(
            "Band: 95% interval of each period's NPS · bars beneath: responses · gaps: no responses · "
            "small faded points: fewer than {minimum}"
        ).format(minimum=data.minimum_n)
    )
    legends = {
        (True, True): _("Dashed green line: the goal · dotted purple lines: dated events"),
        (True, False): _("Dashed green line: the goal"),
        (False, True): _("Dotted purple lines: dated events"),
    }
    if legend := legends.get((data.goal is not None, bool(data.events))):
        st.caption(legend)
    return _draw(
        charts.nps_trend_overlay_chart,
        data.trend,
        period=data.period,
        goal=data.goal,
        events=data.events,
        lang=current_language(),
        pick_key=pick_key,
    )


def render_segments_slide(data: OverviewData, *, pick_key: str | None = None) -> object:
    lang = current_language()
    attribute = escape_markdown(data.attribute or _("segment"))
    marked = [s for s in data.segments if s.significant]
    st.markdown("# " + _("Where: NPS by {attribute}").format(attribute=attribute))
    if marked:
        st.markdown(
            " · ".join(
                f"**{escape_markdown(s.key)}** {segment_marker(s.marker, lang)} "
                f"({format_nps(s.interval.nps, lang)}, {sample_size(s.counts, lang)})"
                for s in marked
            )
        )
    else:
        st.markdown(_("No segment differs significantly from the rest (Holm-corrected)."))
    return _draw(
        charts.segment_nps_chart,
        data.segment_table,
        attribute=data.attribute or "segment",
        label_limit=0,
        lang=current_language(),
        pick_key=pick_key,
    )


def render_shift_slide(data: OverviewData) -> None:
    d = data.decomposition
    if d is None:
        return
    lang = current_language()
    attribute = escape_markdown(data.attribute or _("segment"))
    st.markdown("# " + _("Why: what moved NPS ({change})").format(change=format_points(d.change, lang)))
    st.markdown(
        _("{before} → {after}: **{mix}** from the mix of {attribute}, **{within}** from changes within each").format(
            before=format_nps(d.nps_before, lang),
            after=format_nps(d.nps_after, lang),
            mix=format_points(d.mix, lang),
            attribute=attribute,
            within=format_points(d.within, lang),
        )
    )
    frame = decomposition_frame(d)
    biggest = frame.assign(size=(frame["mix"] + frame["within"]).abs()).sort_values("size", ascending=False).head(2)
    for row in biggest.itertuples():
        st.markdown(
            f"**{escape_markdown(row.key)}**: "
            + _("{before} → {after} (n {n_before} → {n_after}); {within} within, {mix} mix").format(
                before=format_nps(row.nps_before, lang),
                after=format_nps(row.nps_after, lang),
                n_before=format_number(row.n_before, lang, decimals=0),
                n_after=format_number(row.n_after, lang, decimals=0),
                within=format_points(row.within, lang),
                mix=format_points(row.mix, lang),
            )
        )
    _draw(
        charts.decomposition_chart, frame, attribute=data.attribute or "segment", label_limit=0, lang=current_language()
    )


def render_comment_slide(comments: pd.DataFrame, *, chosen: bool) -> None:
    """Comments are untrusted text: shown with st.text only, never as markdown or HTML. Without picks the
    newest detractor comments stand in, and the slide says so."""
    st.markdown("# " + _("In their words: detractors"))
    if comments.empty:
        st.markdown(":gray[" + _("No detractor comments in this view.") + "]")
        return
    if not chosen:
        st.caption(_("The newest detractor comments: none chosen for this meeting."))
    masked = comment_masking()
    columns = st.columns(2 if len(comments) > 3 else 1, gap="large")
    for position, row in enumerate(comments.itertuples()):
        text = str(shown_comment(str(row.comment), masked))
        rtl = is_right_to_left(text, None)
        with columns[position % len(columns)].container(key=f"meeting_comment_{'rtl' if rtl else 'ltr'}_{position}"):
            st.text(text, text_alignment="right" if rtl else "left", width="stretch")
            day = format_day(pd.Timestamp(row.responded_on), current_language())
            st.caption(_("Score {score}").format(score=row.score) + f" · {day} · {escape_markdown(row.survey)}")


def benchmark_lines(
    ours: Counts, benchmarks: Sequence[StoredBenchmark], *, minimum_n: int = DEFAULT_MINIMUM_N, limit: int = 6
) -> list[str]:
    """Plain lines, in the order chosen, each stating the gap (names are data: the caller shows them with st.text)."""
    lang = current_language()
    interval = nps_with_interval(ours)
    lines = [
        _("Our NPS {nps} ({interval})").format(
            nps=format_nps(interval.nps, lang), interval=describe_interval(ours, lang)
        ),
        "",
    ]
    words = {ABOVE: _("we are above"), BELOW: _("we are below")}
    for benchmark in benchmarks[:limit]:
        comparison = compare_to_benchmark(ours, benchmark, minimum_n=minimum_n)
        p_text = format_p(comparison.difference.p_value, lang)
        gap = verdict_gap(comparison.verdict, comparison.difference.delta, p_text)
        verdict = words.get(comparison.verdict, _("not distinguishable from us")) + gap
        kind = _(KIND_NAMES[benchmark.kind]) if benchmark.kind in KIND_NAMES else benchmark.kind
        year = f", {benchmark.year}" if benchmark.year else ""
        nps = format_number(benchmark.nps, lang, decimals=0, signed=True)
        lines.append(f"{benchmark.name} ({kind}{year}): {nps} — {verdict}")
    return lines
