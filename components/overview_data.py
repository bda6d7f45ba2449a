"""Everything the Overview, meeting mode and the PDF show for one view, read once through the cached loaders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from components import charts
from components.datasource import (
    load_attributes,
    load_comment_count,
    load_comments_by_id,
    load_counts_by,
    load_detractor_comments,
    load_distribution,
    load_import_exclusions,
    load_minimum_n,
    load_summary,
)
from components.filters import View
from components.privacy import comment_masking, masked_comments
from nps.decomposition import Decomposition, decompose_change
from nps.exports import OverviewReport, ReportChart, ReportComment, chart_png, pdf_report
from nps.filters import LANGUAGE_ATTRIBUTE
from nps.metrics import Counts
from nps.overview import counts_of, segment_frame, with_intervals
from nps.significance import SegmentResult, segments_vs_rest

SELECTED_COMMENTS_KEY = "selected_comment_ids"
"""Comment ids the presenter picked (meeting mode); the PDF report carries them too."""
_LAST_CHOICE_KEY = "overview_last_choice"


def remember_overview_choice(period: str, attribute: str | None) -> None:
    """The Overview's period and segment attribute, which Meeting mode starts from."""
    st.session_state[_LAST_CHOICE_KEY] = (period, attribute)


def last_overview_choice() -> tuple[str | None, str | None]:
    """(period, attribute) last shown on the Overview in this session, or (None, None)."""
    return st.session_state.get(_LAST_CHOICE_KEY, (None, None))


@dataclass(frozen=True)
class OverviewData:
    view: View
    counts: Counts
    comments: int
    comparison: Counts | None
    period: str
    trend: pd.DataFrame
    distribution: pd.DataFrame
    attribute: str | None
    segments: list[SegmentResult]
    decomposition: Decomposition | None
    minimum_n: int
    """Below this n a figure is greyed and not tested (the admin's setting)."""

    @property
    def segment_table(self) -> pd.DataFrame:
        return segment_frame(self.segments)


def segment_choices(view: View) -> tuple[list[str], str]:
    """The attributes worth segmenting this view by, and the default among them.

    An attribute the filters pin to one value (region = Poland) has nothing to compare, so it is left out while
    any other remains; a remembered or linked choice of it then gives way to the default, on the Overview and in
    Meeting mode alike.
    """
    attributes = [*load_attributes(), LANGUAGE_ATTRIBUTE]
    pinned = {name for name, values in view.filters.include if len(values) == 1}
    comparable = [name for name in attributes if name not in pinned] or attributes
    return comparable, "region" if "region" in comparable else comparable[0]


def load_overview(view: View, *, period: str, attribute: str | None) -> OverviewData:
    filters = view.filters
    minimum_n = load_minimum_n()
    counts = load_summary(filters)
    comparison = load_summary(view.comparison) if view.comparison is not None else None
    segments: list[SegmentResult] = []
    decomposition = None
    if attribute:
        groups = counts_of(load_counts_by(filters, attribute))
        segments = segments_vs_rest(groups, minimum_n=minimum_n)
        if view.comparison is not None:
            decomposition = decompose_change(counts_of(load_counts_by(view.comparison, attribute)), groups)
    return OverviewData(
        view=view,
        counts=counts,
        comments=load_comment_count(filters),
        comparison=comparison,
        period=period,
        trend=with_intervals(load_counts_by(filters, period), minimum_n=minimum_n),
        distribution=load_distribution(filters),
        attribute=attribute,
        segments=segments,
        decomposition=decomposition,
        minimum_n=minimum_n,
    )


def method_lines(data: OverviewData) -> list[str]:
    """The "how is this computed" facts, shared by the panel and the PDF."""
    exclusions = load_import_exclusions()
    view = data.view
    lines = [
        "NPS = % promoters (9–10) − % detractors (0–6), from −100 to +100; passives (7–8) count in n only.",
        "95% interval: adjusted Wald (add ¾ promoter and ¾ detractor, 3 to n; Rocks 2016), clamped to ±100.",
        "A change against the comparison period is called significant when a two-sample z test on the "
        "adjusted-Wald variances gives p < 0.05; otherwise it is reported as not significant.",
        "Segments: each is tested against all other responses in the view; p-values are Holm-corrected for "
        "the number of segments, so a marker means the difference survives testing them all.",
        "What moved NPS: the change is split exactly into mix (segment shares changed, weighted by how far the "
        "segment sits from the overall NPS) and within-segment change (the segment's own NPS moved).",
        f"Figures from fewer than {data.minimum_n} responses (an admin setting) are greyed: too uncertain to act "
        "on, and never tested for significance (a period change, a segment against the rest).",
        "The interval is centred on the adjusted estimate, not on the observed NPS; with few responses the "
        "observed NPS can lie outside it, and the interval then says so.",
        (
            "Dedup policy: each respondent's latest response in the period (anonymous responses all count)."
            if view.filters.latest_per_respondent
            else "Dedup policy: all responses count (a respondent who answered twice counts twice)."
        ),
        f"Left out at import: {exclusions['rejected']:,} rejected rows, {exclusions['excluded']:,} excluded rows, "
        f"{exclusions['duplicates']:,} duplicates of responses already stored.",
    ]
    excluded = [f"{name} ≠ {', '.join(values)}" for name, values in view.filters.exclude]
    if excluded:
        lines.append("Excluded by the filters: " + "; ".join(excluded) + ".")
    return lines


def selected_comments(ids: tuple[int, ...]) -> pd.DataFrame:
    return load_comments_by_id(ids)


def report_comments(data: OverviewData, ids: tuple[int, ...]) -> tuple[str, tuple[ReportComment, ...]]:
    """The presenter's picks, else the five newest detractor comments of the view (said so in the title)."""
    if ids:
        frame, title = load_comments_by_id(ids), "Comments selected by the presenter"
    else:
        frame, title = load_detractor_comments(data.view.filters, limit=5), "Newest detractor comments (none selected)"
    frame = masked_comments(frame, masked=comment_masking())
    rows = tuple(
        ReportComment(str(row.responded_on)[:10], int(row.score), str(row.survey), str(row.comment))
        for row in frame.itertuples()
    )
    return title, rows


def build_report(data: OverviewData, comment_ids: tuple[int, ...]) -> OverviewReport:
    """Aggregates now (cached reads); the PNG rendering happens later, inside `pdf_builder`.

    A single segment has nothing to be compared with, so its sections are left out, as on screen.
    """
    title, comments = report_comments(data, comment_ids)
    return OverviewReport(
        filter_lines=tuple(data.view.describe_lines()),
        current=data.counts,
        comments=data.comments,
        comparison_label=data.view.comparison_label,
        comparison=data.comparison,
        segment_attribute=data.attribute,
        segments=tuple(data.segments) if len(data.segments) > 1 else (),
        decomposition=data.decomposition if len(data.segments) > 1 else None,
        comment_title=title,
        selected_comments=comments,
        method_lines=tuple(method_lines(data)),
        minimum_n=data.minimum_n,
    )


def export_charts(data: OverviewData) -> list[tuple[str, object]]:
    """(title, Altair chart at a fixed width) for every chart of the view, as they go into files."""
    result: list[tuple[str, object]] = [
        (
            f"NPS by {data.period} with 95% interval, responses beneath",
            charts.nps_trend_chart(data.trend, period=data.period, width=charts.EXPORT_WIDTH),
        ),
        ("Score distribution", charts.score_distribution_chart(data.distribution, width=charts.EXPORT_WIDTH)),
    ]
    if len(data.segments) > 1 and data.attribute:
        result.append(
            (
                f"NPS by {data.attribute}",
                charts.segment_nps_chart(data.segment_table, attribute=data.attribute, width=charts.EXPORT_WIDTH - 250),
            )
        )
    return result


def pdf_builder(data: OverviewData, comment_ids: tuple[int, ...]) -> Callable[[], bytes]:
    """A zero-argument callable for st.download_button: renders charts and the PDF only when clicked."""
    report = build_report(data, comment_ids)
    specs = [(title, chart.to_dict()) for title, chart in export_charts(data)]  # type: ignore[attr-defined]

    def build() -> bytes:
        rendered = tuple(ReportChart(title, chart_png(spec)) for title, spec in specs)
        return pdf_report(replace(report, charts=rendered))

    return build
