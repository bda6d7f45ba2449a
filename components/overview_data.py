"""Everything the Overview, meeting mode and the PDF show for one view, read once through the cached loaders."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from components.datasource import (
    data_key,
    derived,
    load_attributes,
    load_comment_count,
    load_comments_by_id,
    load_counts_by,
    load_detractor_comments,
    load_distribution,
    load_events,
    load_goals,
    load_import_exclusions,
    load_minimum_n,
    load_summary,
    prepare_comment_summary,
)
from components.filters import View
from components.i18n import _, current_language
from components.privacy import comment_masking, masked_comments
from nps.comment_summary import CommentSummary
from nps.decomposition import Decomposition, decompose_change
from nps.exports import OverviewReport, ReportComment
from nps.filters import LANGUAGE_ATTRIBUTE, Filters
from nps.goals import EventMark, GoalLine, GoalStatus, events_for_view, goal_for_view, goal_status
from nps.i18n import digits_are_native
from nps.metrics import Counts
from nps.overview import counts_of, segment_frame, with_intervals
from nps.report import ChartMaker, report_charts, report_file, with_charts
from nps.report import method_lines as report_method_lines
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
    goal: GoalLine | None = None
    events: tuple[EventMark, ...] = ()
    key: str = ""
    """What every figure here was read from (`components.datasource.data_key`): keys the charts drawn from it."""

    @functools.cached_property
    def segment_table(self) -> pd.DataFrame:
        return segment_frame(self.segments)

    @property
    def goal_status(self) -> GoalStatus | None:
        if self.goal is None:
            return None
        return goal_status(self.goal, self.counts, minimum_n=self.minimum_n, lang=current_language())


def segment_choices(view: View) -> tuple[list[str], str]:
    """The attributes worth segmenting this view by, and the default among them.

    An attribute the filters pin to one value (region = Poland) has nothing to compare, so it is left out while
    any other remains; a remembered or linked choice of it then gives way to the default, on the Overview and in
    Meeting mode alike.
    """
    attributes = [*load_attributes(view.filters.surveys), LANGUAGE_ATTRIBUTE]
    pinned = {name for name, values in view.filters.include if len(values) == 1}
    comparable = [name for name in attributes if name not in pinned] or attributes
    return comparable, "region" if "region" in comparable else comparable[0]


def load_overview(view: View, *, period: str, attribute: str | None) -> OverviewData:
    """The view's figures, worked out once per data version, scope and view and shared by every session (each
    gets its own copy, with its own `view`: two sessions may name the same dates differently)."""
    key = data_key("overview", view.filters, view.comparison, period, attribute)
    data = derived(key, lambda: _overview_figures(view, period, attribute, key))
    object.__setattr__(data, "view", view)  # a copy of its own (see `derived`); `replace` would drop segment_table
    return data


def _overview_figures(view: View, period: str, attribute: str | None, key: str) -> OverviewData:
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
    data = OverviewData(
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
        goal=goal_for_view(load_goals(), filters),
        events=events_for_view(load_events(), filters),
        key=key,
    )
    data.segment_table  # noqa: B018 - worked out here, so the cached copy carries it
    return data


def method_lines(data: OverviewData) -> list[str]:
    """The "how is this computed" facts, shared by the panel and the report files."""
    exclusions = load_import_exclusions(data.view.filters)
    return report_method_lines(
        data.view.filters, minimum_n=data.minimum_n, exclusions=exclusions, lang=current_language()
    )


def selected_comments(ids: tuple[int, ...]) -> pd.DataFrame:
    return load_comments_by_id(ids, Filters())


def report_comments(data: OverviewData, ids: tuple[int, ...]) -> tuple[str, tuple[ReportComment, ...]]:
    """The presenter's picks, else the five newest detractor comments of the view (said so in the title)."""
    if ids:
        frame, title = load_comments_by_id(ids, Filters()), _("Comments selected by the presenter")
    else:
        frame = load_detractor_comments(data.view.filters, limit=5)
        title = _("Newest detractor comments (none selected)")
    frame = masked_comments(frame, masked=comment_masking())
    rows = tuple(
        ReportComment(str(row.responded_on)[:10], int(row.score), str(row.survey), str(row.comment))
        for row in frame.itertuples()
    )
    return title, rows


def build_report(data: OverviewData, comment_ids: tuple[int, ...]) -> OverviewReport:
    """Aggregates now (cached reads); the PNG rendering happens later, inside `report_builder`.

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
        goal=data.goal_status,
        events=data.events,
        title=_("NPS overview"),
        lang=current_language(),
    )


def export_charts(data: OverviewData) -> list[tuple[str, ChartMaker]]:
    """(title, maker of the Altair chart at a fixed width) for every chart of the view, as they go into files."""
    return list(
        report_charts(
            period=data.period,
            trend=data.trend,
            distribution=data.distribution,
            attribute=data.attribute,
            segments=data.segments,
            goal=data.goal,
            events=data.events,
            lang=current_language(),
        )
    )


def report_builder(data: OverviewData, comment_ids: tuple[int, ...], file_format: str) -> Callable[[], bytes]:
    """A zero-argument callable for st.download_button: renders charts and the PDF or PPTX only when clicked."""
    report, makers = build_report(data, comment_ids), export_charts(data)
    return _builder(report, makers, report_summary(data), comment_masking(), file_format)


def overview_report(data: OverviewData, comment_ids: tuple[int, ...]) -> OverviewReport:
    """`build_report`, worked out once per view, reader's language and digits, masking and picked comments, and
    shared by every session (the time it states is set when a file is built)."""
    lang = current_language()
    key = data_key("report", data.key, data.view, comment_ids, lang, digits_are_native(lang), comment_masking())
    return derived(key, lambda: build_report(data, comment_ids))


def report_builders(data: OverviewData, comment_ids: tuple[int, ...]) -> tuple[Callable[[], bytes], ...]:
    """The PDF and the PPTX builders of one view, sharing one `overview_report`."""
    report = overview_report(data, comment_ids)
    makers, masked = export_charts(data), comment_masking()
    summary = report_summary(data)
    return _builder(report, makers, summary, masked, "pdf"), _builder(report, makers, summary, masked, "pptx")


def report_summary(data: OverviewData) -> Callable[[], CommentSummary]:
    """The view's comment summary for the files, narrowed to the reader's scope now: the files are built when a
    button is clicked, outside the script run, where the scope is no longer known."""
    return prepare_comment_summary(data.view.filters)


def _builder(
    report: OverviewReport,
    makers: list[tuple[str, ChartMaker]],
    read_summary: Callable[[], CommentSummary],
    masked: bool,
    file_format: str,
) -> Callable[[], bytes]:
    def build() -> bytes:
        summary = read_summary()
        ready = replace(report, summary=summary.masked() if masked else summary, generated_at=datetime.now(UTC))
        return report_file(with_charts(ready, makers), file_format)

    return build
