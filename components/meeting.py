"""Slides of meeting mode: large type, one idea each, every NPS with its n and interval."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from components import charts
from components.comment_card import is_right_to_left
from components.markdown_text import escape_markdown
from components.overview_data import OverviewData
from components.privacy import comment_masking, shown_comment
from nps.benchmarks import NOT_DISTINGUISHABLE, StoredBenchmark, compare_to_benchmark
from nps.figures import describe_change, describe_interval, format_nps, is_small, share, small_sample_note
from nps.metrics import Counts, nps_with_interval, two_sample_test
from nps.overview import decomposition_frame

MEETING_CSS = """<style>
.st-key-meeting_slide h1 { font-size: 60px !important; line-height: 1.15; padding-bottom: 12px; }
.st-key-meeting_slide [data-testid="stMetricValue"],
.st-key-meeting_slide [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p,
.st-key-meeting_slide [data-testid="stMetricValue"] * { font-size: 190px !important; line-height: 1.05; height: auto; }
.st-key-meeting_slide [data-testid="stMetricLabel"] p { font-size: 34px !important; }
.st-key-meeting_slide [data-testid="stMetricDelta"],
.st-key-meeting_slide [data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p,
.st-key-meeting_slide [data-testid="stMetricDelta"] * { font-size: 36px !important; }
.st-key-meeting_slide [data-testid="stMarkdownContainer"] p,
.st-key-meeting_slide [data-testid="stMarkdownContainer"] li { font-size: 36px !important; line-height: 1.35; }
.st-key-meeting_slide [data-testid="stCaptionContainer"] p { font-size: 26px !important; }
.st-key-meeting_slide [data-testid="stText"] { font-size: 34px !important; line-height: 1.35; white-space: pre-wrap; }
.st-key-meeting_small [data-testid="stMetricValue"] * { color: #8c959f !important; }
[class*="st-key-meeting_comment_"] { border-left: 8px solid #d64545; padding-left: 20px; margin-bottom: 16px; }
[class*="st-key-meeting_comment_rtl_"] [data-testid="stText"] { direction: rtl; unicode-bidi: plaintext; }
</style>"""
SLIDE_CHART_HEIGHT = 380


def _big(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure_axis(labelFontSize=22, titleFontSize=24)
        .configure_legend(labelFontSize=22, titleFontSize=22, symbolSize=300, labelLimit=600, titleLimit=800)
        .configure_title(fontSize=28)
    )


def render_headline_slide(data: OverviewData) -> None:
    view, counts = data.view, data.counts
    interval = nps_with_interval(counts)
    st.markdown(f"# Our NPS · {escape_markdown(view.describe_lines()[0].removeprefix('Period: '))}")
    if scope := view.scope_lines():  # a filtered view must not pass for the whole company's NPS
        st.markdown(f"### {escape_markdown(' · '.join(scope))}")
    with st.container(key="meeting_small" if is_small(counts) else "meeting_normal"):
        if data.comparison is not None and view.comparison_name:
            difference = two_sample_test(counts, data.comparison)
            st.metric(
                "NPS",
                format_nps(interval.nps),
                delta=f"{difference.delta:+.1f} vs {view.comparison_name}" if difference.delta is not None else None,
                delta_color="normal" if difference.significant else "off",
                delta_arrow="auto" if difference.significant else "off",
            )
        else:
            st.metric("NPS", format_nps(interval.nps))
    st.markdown(describe_interval(counts))
    if data.comparison is not None and view.comparison_name:
        difference = two_sample_test(counts, data.comparison)
        verdict = (
            f":{'green' if (difference.delta or 0) > 0 else 'red'}[**{difference.direction.capitalize()}**]"
            if difference.significant
            else ":gray[**No significant change**]"
        )
        st.markdown(f"{verdict} — {escape_markdown(describe_change(difference, view.comparison_name))}")
    st.markdown(
        f"Promoters {share(counts.promoters, counts)} · passives {share(counts.passives, counts)} · "
        f"detractors {share(counts.detractors, counts)}"
    )
    if is_small(counts):
        st.markdown(f":orange[{escape_markdown(small_sample_note(counts))}]")


def render_trend_slide(data: OverviewData) -> None:
    st.markdown(f"# When: NPS by {data.period}")
    st.caption(f"Band: 95% interval of each {data.period}'s NPS · bars beneath: responses")
    chart = charts.nps_trend_chart(data.trend, period=data.period, height=SLIDE_CHART_HEIGHT)
    st.altair_chart(_big(chart), width="stretch", theme=None)


def render_segments_slide(data: OverviewData) -> None:
    attribute = escape_markdown(data.attribute or "segment")
    marked = [s for s in data.segments if s.significant]
    st.markdown(f"# Where: NPS by {attribute}")
    if marked:
        st.markdown(
            " · ".join(
                f"**{escape_markdown(s.key)}** {s.marker} ({format_nps(s.interval.nps)}, n = {s.counts.n:,})"
                for s in marked
            )
        )
    else:
        st.markdown(f"No {attribute} differs significantly from the rest (Holm-corrected).")
    chart = charts.segment_nps_chart(data.segment_table, attribute=data.attribute or "segment").properties(
        height=alt.Step(52)
    )
    st.altair_chart(_big(chart), width="stretch", theme=None)


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
    chart = charts.decomposition_chart(frame, attribute=data.attribute or "segment").properties(height=alt.Step(20))
    st.altair_chart(_big(chart), width="stretch", theme=None)


def render_comment_slide(comments: pd.DataFrame) -> None:
    """Comments are untrusted text: shown with st.text only, never as markdown or HTML."""
    st.markdown("# In their words: detractors")
    if comments.empty:
        st.markdown(":gray[No comments chosen yet: open “Prepare the meeting” above and pick some.]")
        return
    masked = comment_masking()
    for position, row in enumerate(comments.itertuples()):
        text = str(shown_comment(str(row.comment), masked))
        rtl = is_right_to_left(text, None)
        with st.container(key=f"meeting_comment_{'rtl' if rtl else 'ltr'}_{position}"):
            st.text(text, text_alignment="right" if rtl else "left", width="stretch")
            st.caption(f"Score {row.score} · {str(row.responded_on)[:10]} · {escape_markdown(row.survey)}")


def benchmark_lines(ours: Counts, benchmarks: Sequence[StoredBenchmark], limit: int = 6) -> list[str]:
    """Plain lines, in the order chosen (names are data: the caller shows them with st.text)."""
    interval = nps_with_interval(ours)
    lines = [f"Our NPS {format_nps(interval.nps)} ({describe_interval(ours)})", ""]
    for benchmark in benchmarks[:limit]:
        comparison = compare_to_benchmark(ours, benchmark)
        verdict = (
            "not distinguishable from us"
            if comparison.verdict == NOT_DISTINGUISHABLE
            else f"we are {comparison.verdict}"
        )
        year = f", {benchmark.year}" if benchmark.year else ""
        lines.append(f"{benchmark.name} ({benchmark.kind}{year}): {benchmark.nps:+.0f} — {verdict}")
    return lines
