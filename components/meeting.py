"""Slides of meeting mode: large type, one idea each, every NPS with its n and interval."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from components.benchmark_view import verdict_gap
from components.comment_card import is_right_to_left
from components.i18n import current_language
from components.kpi import render_goal_verdict
from components.markdown_text import escape_markdown
from components.overview_data import OverviewData
from components.privacy import comment_masking, shown_comment
from nps import charts
from nps.benchmarks import NOT_DISTINGUISHABLE, StoredBenchmark, compare_to_benchmark
from nps.figures import (
    DEFAULT_MINIMUM_N,
    describe_change,
    describe_interval,
    format_nps,
    format_p,
    is_small,
    sample_size,
    share,
    small_sample_note,
)
from nps.metrics import Counts, nps_with_interval, two_sample_test
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


def _draw(chart: alt.TopLevelMixin, pick_key: str | None = None) -> object:
    """Draws the slide's chart; with `pick_key` its clicks rerun the page and the selection is returned."""
    with st.container(key="meeting_chart"):
        if pick_key is None:
            return st.altair_chart(_fitted(chart), width="stretch", height="stretch", theme=None)
        return st.altair_chart(
            _fitted(chart), width="stretch", height="stretch", theme=None, on_select="rerun", key=pick_key
        )


def render_headline_slide(data: OverviewData) -> None:
    view, counts = data.view, data.counts
    interval = nps_with_interval(counts)
    st.markdown("# Our NPS")
    period = view.period_text()
    # a filtered view must not pass for the whole company's NPS
    st.markdown(f"### {escape_markdown(' · '.join([period, *view.scope_lines()]))}")
    small = is_small(counts, minimum_n=data.minimum_n)
    with st.container(key="meeting_small" if small else "meeting_normal"):
        if data.comparison is not None and view.comparison_name:
            difference = two_sample_test(counts, data.comparison, minimum_n=data.minimum_n)
            st.metric(
                "NPS",
                format_nps(interval.nps, current_language()),
                delta=f"{difference.delta:+.1f} vs {view.comparison_name}" if difference.delta is not None else None,
                delta_color="normal" if difference.significant else "off",
                delta_arrow="auto" if difference.significant else "off",
            )
        else:
            st.metric("NPS", format_nps(interval.nps, current_language()))
    st.markdown(describe_interval(counts, current_language()))
    if data.goal_status is not None:
        render_goal_verdict(data.goal_status)
    if data.comparison is not None and view.comparison_name:
        difference = two_sample_test(counts, data.comparison, minimum_n=data.minimum_n)
        verdict = (
            f":{'green' if (difference.delta or 0) > 0 else 'red'}[**{difference.direction.capitalize()}**]"
            if difference.significant
            else f":gray[**{difference.direction.capitalize()}**]"
        )
        st.markdown(f"{verdict} — {escape_markdown(describe_change(difference, view.comparison_name))}")
    st.markdown(
        f"Promoters {share(counts.promoters, counts)} · passives {share(counts.passives, counts)} · "
        f"detractors {share(counts.detractors, counts)}"
    )
    if small:
        st.markdown(
            f":orange[{escape_markdown(small_sample_note(counts, minimum_n=data.minimum_n, lang=current_language()))}]"
        )


def render_trend_slide(data: OverviewData, *, pick_key: str | None = None) -> object:
    st.markdown(f"# When: NPS by {data.period}")
    st.caption(
        f"Band: 95% interval of each {data.period}'s NPS · bars beneath: responses · gaps: no responses · "
        f"small faded points: fewer than {data.minimum_n}"
    )
    legends = {
        (True, True): "Dashed green line: the goal · dotted purple lines: dated events",
        (True, False): "Dashed green line: the goal",
        (False, True): "Dotted purple lines: dated events",
    }
    if legend := legends.get((data.goal is not None, bool(data.events))):
        st.caption(legend)
    return _draw(
        charts.nps_trend_overlay_chart(
            data.trend, period=data.period, goal=data.goal, events=data.events, lang=current_language()
        ),
        pick_key,
    )


def render_segments_slide(data: OverviewData, *, pick_key: str | None = None) -> object:
    attribute = escape_markdown(data.attribute or "segment")
    marked = [s for s in data.segments if s.significant]
    st.markdown(f"# Where: NPS by {attribute}")
    if marked:
        st.markdown(
            " · ".join(
                f"**{escape_markdown(s.key)}** {s.marker} ({format_nps(s.interval.nps)}, {sample_size(s.counts)})"
                for s in marked
            )
        )
    else:
        st.markdown(f"No {attribute} differs significantly from the rest (Holm-corrected).")
    chart = charts.segment_nps_chart(
        data.segment_table, attribute=data.attribute or "segment", label_limit=0, lang=current_language()
    )
    return _draw(chart, pick_key)


def render_shift_slide(data: OverviewData) -> None:
    d = data.decomposition
    if d is None:
        return
    attribute = escape_markdown(data.attribute or "segment")
    st.markdown(f"# Why: what moved NPS ({d.change:+.1f})")
    st.markdown(
        f"{format_nps(d.nps_before)} → {format_nps(d.nps_after)}: **{d.mix:+.1f}** from the mix of {attribute}, "
        f"**{d.within:+.1f}** from changes within each {attribute}"
    )
    frame = decomposition_frame(d)
    biggest = frame.assign(size=(frame["mix"] + frame["within"]).abs()).sort_values("size", ascending=False).head(2)
    for row in biggest.itertuples():
        st.markdown(
            f"**{escape_markdown(row.key)}**: {format_nps(row.nps_before)} → {format_nps(row.nps_after)} "
            f"(n {row.n_before:,} → {row.n_after:,}); {row.within:+.1f} within, {row.mix:+.1f} mix"
        )
    _draw(
        charts.decomposition_chart(frame, attribute=data.attribute or "segment", label_limit=0, lang=current_language())
    )


def render_comment_slide(comments: pd.DataFrame, *, chosen: bool) -> None:
    """Comments are untrusted text: shown with st.text only, never as markdown or HTML. Without picks the
    newest detractor comments stand in, and the slide says so."""
    st.markdown("# In their words: detractors")
    if comments.empty:
        st.markdown(":gray[No detractor comments in this view.]")
        return
    if not chosen:
        st.caption("The newest detractor comments: none chosen for this meeting.")
    masked = comment_masking()
    columns = st.columns(2 if len(comments) > 3 else 1, gap="large")
    for position, row in enumerate(comments.itertuples()):
        text = str(shown_comment(str(row.comment), masked))
        rtl = is_right_to_left(text, None)
        with columns[position % len(columns)].container(key=f"meeting_comment_{'rtl' if rtl else 'ltr'}_{position}"):
            st.text(text, text_alignment="right" if rtl else "left", width="stretch")
            st.caption(f"Score {row.score} · {str(row.responded_on)[:10]} · {escape_markdown(row.survey)}")


def benchmark_lines(
    ours: Counts, benchmarks: Sequence[StoredBenchmark], *, minimum_n: int = DEFAULT_MINIMUM_N, limit: int = 6
) -> list[str]:
    """Plain lines, in the order chosen, each stating the gap (names are data: the caller shows them with st.text)."""
    interval = nps_with_interval(ours)
    lines = [f"Our NPS {format_nps(interval.nps)} ({describe_interval(ours)})", ""]
    for benchmark in benchmarks[:limit]:
        comparison = compare_to_benchmark(ours, benchmark, minimum_n=minimum_n)
        p_text = format_p(comparison.difference.p_value)
        gap = verdict_gap(comparison.verdict, comparison.difference.delta, p_text)
        verdict = (
            f"not distinguishable from us{gap}"
            if comparison.verdict == NOT_DISTINGUISHABLE
            else f"we are {comparison.verdict}{gap}"
        )
        year = f", {benchmark.year}" if benchmark.year else ""
        lines.append(f"{benchmark.name} ({benchmark.kind}{year}): {benchmark.nps:+.0f} — {verdict}")
    return lines
