"""The report of one view (PDF or PPTX) built from the store alone: what `python -m nps report` writes.

The app builds the same `OverviewReport` from its cached reads (components/overview_data.py); both take their
charts from `report_charts` and their method notes from `method_lines`, so a file looks the same from either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

import altair as alt
import pandas as pd
from sqlalchemy import Engine

from nps import charts, counting, goals, pii, queries, store
from nps.decomposition import decompose_change
from nps.exports import OverviewReport, ReportChart, ReportComment, chart_png, pdf_report
from nps.filters import Filters
from nps.i18n import DEFAULT, format_number, translations
from nps.overview import counts_of, segment_frame, with_intervals
from nps.significance import SegmentResult, segments_vs_rest
from nps.slides import pptx_report

FORMATS = ("pdf", "pptx")


ChartMaker = Callable[[], alt.TopLevelMixin]
"""Builds one chart when called: a page lists a file's charts by title and pays for Altair (its schema validation
costs tens of milliseconds a chart, per viewer) only when someone downloads the file."""


def report_charts(
    *,
    period: str,
    trend: pd.DataFrame,
    distribution: pd.DataFrame,
    attribute: str | None,
    segments: Sequence[SegmentResult],
    goal: goals.GoalLine | None = None,
    events: Sequence[goals.EventMark] = (),
    lang: str = DEFAULT,
) -> list[tuple[str, ChartMaker]]:
    """(title, maker of the chart at a fixed width) for every chart of a view, as they go into files, in `lang`."""
    _ = translations(lang).gettext
    trend_titles = {
        "week": _("NPS by week with 95% interval, responses beneath"),
        "month": _("NPS by month with 95% interval, responses beneath"),
        "quarter": _("NPS by quarter with 95% interval, responses beneath"),
    }
    result: list[tuple[str, ChartMaker]] = [
        (
            trend_titles[period],
            partial(
                charts.nps_trend_chart,
                trend,
                period=period,
                width=charts.EXPORT_WIDTH,
                goal=goal,
                events=events,
                lang=lang,
            ),
        ),
        (
            _("Score distribution"),
            partial(charts.score_distribution_chart, distribution, width=charts.EXPORT_WIDTH, lang=lang),
        ),
    ]
    if len(segments) > 1 and attribute:
        segment_chart = partial(
            charts.segment_nps_chart,
            segment_frame(list(segments)),
            attribute=attribute,
            width=charts.EXPORT_WIDTH - 250,
            lang=lang,
        )
        result.append((_("NPS by {attribute}").format(attribute=attribute), segment_chart))
    return result


def method_lines(
    filters: Filters, *, minimum_n: int, exclusions: dict[str, int] | None, lang: str = DEFAULT
) -> list[str]:
    """The "how is this computed" facts, shared by the Overview's panel and every report file, in `lang`."""
    _ = translations(lang).gettext

    def count(value: int) -> str:
        return f"{value:,}" if lang == DEFAULT else format_number(value, lang, decimals=0)

    lines = [
        _("NPS = % promoters (9–10) − % detractors (0–6), from −100 to +100; passives (7–8) count in n only."),
        _("95% interval: adjusted Wald (add ¾ promoter and ¾ detractor, 3 to n; Rocks 2016), clamped to ±100."),
        _(
            "A change against the comparison period is called significant when a two-sample z test on the "
            "adjusted-Wald variances gives p < 0.05; otherwise it is reported as not significant."
        ),
        _(
            "Segments: each is tested against all other responses in the view; p-values are Holm-corrected for "
            "the number of segments, so a marker means the difference survives testing them all."
        ),
        _(
            "What moved NPS: the change is split exactly into mix (segment shares changed, weighted by how far the "
            "segment sits from the overall NPS) and within-segment change (the segment's own NPS moved)."
        ),
        _(
            "Figures from fewer than {minimum_n} responses (an admin setting) are greyed: too uncertain to act "
            "on, and never tested for significance (a period change, a segment against the rest)."
        ).format(minimum_n=minimum_n),
        _(
            "The interval is centred on the adjusted estimate, not on the observed NPS; with few responses the "
            "observed NPS can lie outside it, and the interval then says so."
        ),
        _(
            "A goal is met when the whole 95% interval lies at or above it and not met when the whole interval lies "
            "below it; otherwise the data cannot tell yet."
        ),
        (
            _("Dedup policy: each respondent's latest response in the period (anonymous responses all count).")
            if filters.latest_per_respondent
            else _("Dedup policy: all responses count (a respondent who answered twice counts twice).")
        ),
        (
            _(
                "Left out at import: {rejected} rejected rows, {excluded} excluded rows, {duplicates} duplicates "
                "of responses already stored."
            ).format(
                rejected=count(exclusions["rejected"]),
                excluded=count(exclusions["excluded"]),
                duplicates=count(exclusions["duplicates"]),
            )
            if exclusions is not None
            else _(
                "Left out at import: counted per survey only, not per segment (a row left out has no segment "
                "one could trust)."
            )
        ),
    ]
    excluded = [f"{name} ≠ {', '.join(values)}" for name, values in filters.exclude]
    if excluded:
        lines.append(_("Excluded by the filters: {exclusions}.").format(exclusions="; ".join(excluded)))
    return lines


def view_report(
    filters: Filters,
    *,
    engine: Engine,
    period: str = "month",
    attribute: str | None = None,
    comparison: Filters | None = None,
    comparison_label: str | None = None,
    lang: str = DEFAULT,
) -> OverviewReport:
    """The report of a view with its charts rendered; comments are masked as for a viewer (no one signed in)."""
    _ = translations(lang).gettext
    minimum_n = store.minimum_n(engine=engine)
    counts = counting.summary_counts(filters, engine=engine)
    segments: list[SegmentResult] = []
    decomposition = None
    if attribute:
        groups = counts_of(counting.counts_by(filters, attribute, engine=engine))
        segments = segments_vs_rest(groups, minimum_n=minimum_n)
        if comparison is not None:
            before = counts_of(counting.counts_by(comparison, attribute, engine=engine))
            decomposition = decompose_change(before, groups)
    goal = goals.goal_for_view(goals.list_goals(engine=engine), filters)
    events = goals.events_for_view(goals.list_events(engine=engine), filters)
    masked = pii.comment_masking_for(None, engine=engine)
    newest = queries.detractor_comments(filters, engine=engine, limit=5)
    comments = tuple(
        ReportComment(
            str(row.responded_on)[:10],
            int(row.score),
            str(row.survey),
            pii.mask_contact_details(str(row.comment)) if masked else str(row.comment),
        )
        for row in newest.itertuples()
    )
    rendered = tuple(
        ReportChart(title, chart_png(make().to_dict()))
        for title, make in report_charts(
            period=period,
            trend=with_intervals(counting.counts_by(filters, period, engine=engine), minimum_n=minimum_n),
            distribution=counting.score_distribution(filters, engine=engine),
            attribute=attribute,
            segments=segments,
            goal=goal,
            events=events,
            lang=lang,
        )
    )
    exclusions = queries.import_exclusions(filters, engine=engine)
    return OverviewReport(
        filter_lines=(filters.describe(lang),),
        current=counts,
        comments=counting.comment_count(filters, engine=engine),
        comparison_label=comparison_label,
        comparison=counting.summary_counts(comparison, engine=engine) if comparison is not None else None,
        charts=rendered,
        segment_attribute=attribute,
        segments=tuple(segments) if len(segments) > 1 else (),
        decomposition=decomposition if len(segments) > 1 else None,
        comment_title=_("Newest detractor comments"),
        selected_comments=comments,
        method_lines=tuple(method_lines(filters, minimum_n=minimum_n, exclusions=exclusions, lang=lang)),
        minimum_n=minimum_n,
        goal=goals.goal_status(goal, counts, minimum_n=minimum_n, lang=lang) if goal is not None else None,
        events=events,
        title=_("NPS overview"),
        lang=lang,
    )


def report_file(report: OverviewReport, file_format: str) -> bytes:
    """The report as PDF or PPTX bytes."""
    if file_format == "pptx":
        return pptx_report(report)
    if file_format == "pdf":
        return pdf_report(report)
    raise ValueError(f"unknown report format {file_format!r}; use one of {', '.join(FORMATS)}")


def with_charts(report: OverviewReport, makers: Sequence[tuple[str, ChartMaker]]) -> OverviewReport:
    """The report with its charts built and rendered to PNG now (the app does it only when a download is clicked)."""
    return replace(report, charts=tuple(ReportChart(title, chart_png(make().to_dict())) for title, make in makers))
