"""Overview: what is our NPS, is it really moving, where, and why — every NPS with its n and interval."""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.auth import current_role, require_role
from components.chart_specs import draw_chart
from components.datasource import load_attributes
from components.drill import back_to, open_responses, period_of, picked
from components.exports import render_chart_downloads, render_report_downloads, render_response_downloads
from components.filters import attribute_title, current_view, render_view_caption
from components.goal_editor import render_goal_and_event_editor
from components.i18n import _, count_words, current_language, ngettext
from components.kpi import render_kpi_row
from components.markdown_text import escape_markdown
from components.overview_data import (
    SELECTED_COMMENTS_KEY,
    export_charts,
    last_overview_choice,
    load_overview,
    method_lines,
    remember_overview_choice,
    report_builders,
    segment_choices,
)
from components.response_rate import render_response_rate
from nps import charts, i18n
from nps.figures import format_nps, format_p, sample_size
from nps.filters import PERIODS
from nps.metrics import Counts, two_sample_test
from nps.overview import decomposition_frame
from nps.users import role_allows

require_role("viewer")
view = current_view()


def trend_title(period: str) -> str:
    return {"week": _("NPS by week"), "month": _("NPS by month"), "quarter": _("NPS by quarter")}[period]


def number(n: int) -> str:
    return i18n.format_number(n, current_language(), decimals=0)


def _page_choice(key: str, widget_key: str, options: list[str], default: str, last: str | None) -> str:
    """A page widget's value: its own state, else the URL (a copied link), else the last visit, else the default.

    The widget is then drawn with this value as its default: if Streamlit drops its state between runs it
    falls back to the same choice, not to its first option.
    """
    candidates = (st.session_state.get(widget_key), st.query_params.get(key), last, default)
    return next(value for value in candidates if value in options)


def _write_page_param(key: str, value: str, default: str) -> None:
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


st.title(_("Overview"))
render_view_caption(comparison=True)

attributes, default_attribute = segment_choices(view)
if st.session_state.get("overview_segment") not in attributes:  # chosen before a filter pinned it to one value
    st.session_state.pop("overview_segment", None)
last_period, last_attribute = last_overview_choice()
period = _page_choice("by", "overview_period", list(PERIODS), "month", last_period)
attribute = _page_choice("segment", "overview_segment", attributes, default_attribute, last_attribute)
remember_overview_choice(period, attribute)

data = load_overview(view, period=period, attribute=attribute)
if data.counts.n == 0:
    st.info(_("No responses match these filters. Widen the period or the segments, or import a survey export."))
    st.stop()

render_kpi_row(
    data.counts,
    data.comments,
    comparison=data.comparison,
    comparison_name=view.comparison_name,
    comparison_label=view.comparison_label,
    minimum_n=data.minimum_n,
    goal=data.goal_status,
)
if view.comparison is None:
    st.caption(_("Choose a bounded period (not “All time”) to compare it with the previous period or last year."))
with st.container(key="overview_response_rate"):
    render_response_rate(view.filters, attribute, masked=not role_allows(current_role(), "analyst"), period=period)
back = back_to(view, "pages/overview.py", _("Overview"), {"by": period, "segment": attribute})
opener = st.container(horizontal=True, vertical_alignment="center", key="overview_open")
opener.caption(_("Open the responses behind these figures:"))
for label, categories in (
    (_("All {count}").format(count=number(data.counts.n)), ()),
    (
        count_words(
            data.counts.detractors, ngettext("{count} detractor", "{count} detractors", data.counts.detractors)
        ),
        ("detractor",),
    ),
    (
        count_words(data.counts.passives, ngettext("{count} passive", "{count} passives", data.counts.passives)),
        ("passive",),
    ),
    (
        count_words(data.counts.promoters, ngettext("{count} promoter", "{count} promoters", data.counts.promoters)),
        ("promoter",),
    ),
):
    if opener.button(label, key=f"overview_open_{categories[0] if categories else 'all'}", type="tertiary"):
        open_responses(back, categories=categories)

exportable = export_charts(data)

trend_column, distribution_column = st.columns([2, 1], gap="large")
with trend_column:
    head, control = st.columns([3, 1])
    head.subheader(trend_title(period))
    control.radio(
        _("Period"),
        list(PERIODS),
        index=list(PERIODS).index(period),
        format_func={name: charts.period_name(name, current_language()) for name in PERIODS}.__getitem__,
        key="overview_period",
        label_visibility="collapsed",
        horizontal=True,
    )
    trend_pick = draw_chart(
        charts.nps_trend_chart,
        data.trend,
        period=period,
        goal=data.goal,
        events=data.events,
        lang=current_language(),
        on_select="rerun",
        data_key=data.key,
        key="overview_trend_pick",
    )
    if picked_start := picked(trend_pick, charts.PERIOD_PICK, "start"):
        open_responses(back, period=period_of(picked_start, period))
    st.caption(
        _(
            "Shaded band: 95% interval of each period's NPS. Bars: sums of weights per period; {size} in all, "
            "each period's interval on its own n_eff. A period without responses is a gap; a small faded point "
            "has an n_eff below {minimum} and stays off the line."
        ).format(size=sample_size(data.counts), minimum=data.minimum_n)
        if view.filters.weighted
        else _(
            "Shaded band: 95% interval of each period's NPS. Bars: responses per period. A period without "
            "responses is a gap; a small faded point has fewer than {minimum} responses and stays off the line."
        ).format(minimum=data.minimum_n)
    )
    if data.goal is not None:
        st.caption(_("Dashed green line: the goal for this view; the headline says whether it is met."))
    if data.events:
        st.caption(_("Dotted purple lines: dated events (hover for the date)."))
    render_chart_downloads(
        exportable[0][1],
        exportable[0][0],
        key="overview_trend",
        n=data.counts.n,
        file_stem="nps-trend",
    )
    render_goal_and_event_editor(view.filters)
with distribution_column:
    st.subheader(_("Score distribution"))
    score_pick = draw_chart(
        charts.score_distribution_chart,
        data.distribution,
        lang=current_language(),
        on_select="rerun",
        data_key=data.key,
        key="overview_score_pick",
    )
    if (picked_score := picked(score_pick, charts.SCORE_PICK, "score")) is not None:
        open_responses(back, scores=(int(picked_score),))
    st.caption(
        _("Responses by score, unweighted; 0–6 detractors, 7–8 passives, 9–10 promoters.")
        if view.filters.weighted
        else _("All {count} responses by score; 0–6 detractors, 7–8 passives, 9–10 promoters.").format(
            count=number(data.counts.n)
        )
    )
    render_chart_downloads(
        exportable[1][1],
        exportable[1][0],
        key="overview_distribution",
        n=data.counts.n,
        file_stem="score-distribution",
    )

st.subheader(_("Segments"))
labels = load_attributes(view.filters.surveys)
st.selectbox(
    _("Segment by"),
    attributes,
    index=attributes.index(attribute),
    key="overview_segment",
    format_func=lambda name: attribute_title(labels.get(name, name)),
)
if len(data.segments) == 1:
    st.info(
        _(
            "Only one value of {attribute} is in this view, so there is nothing to compare it with: "
            "segment by another attribute."
        ).format(attribute=escape_markdown(attribute))
    )
elif data.segments:
    table = data.segment_table
    size_column = "n_eff" if view.filters.weighted else "n"
    segment_column, table_column = st.columns([1, 1], gap="large")
    with segment_column:
        segment_pick = draw_chart(
            charts.segment_nps_chart,
            table,
            attribute=attribute,
            lang=current_language(),
            on_select="rerun",
            data_key=data.key,
            key="overview_segment_pick",
        )
        if (picked_segment := picked(segment_pick, charts.SEGMENT_PICK, "key")) is not None:
            open_responses(back, segment=(attribute, str(picked_segment)))
        render_chart_downloads(
            exportable[2][1],
            exportable[2][0],
            key="overview_segments",
            n=data.counts.n,
            file_stem=f"nps-by-{attribute}",
        )
    with table_column:
        rows = st.dataframe(
            table[["key", size_column, "nps", "ci_low", "ci_high", "vs_rest", "adjusted_p", "marker", "small"]].assign(
                adjusted_p=[format_p(p).removeprefix("p = ").removeprefix("p ") for p in table["adjusted_p"]]
            ),
            column_config={
                "key": st.column_config.TextColumn(attribute_title(attribute)),
                "n": st.column_config.NumberColumn("n", format="localized"),
                "n_eff": st.column_config.NumberColumn(_("Weighted, n_eff"), format="%.1f"),
                "nps": st.column_config.NumberColumn("NPS", format="%+.1f"),
                "ci_low": st.column_config.NumberColumn(_("CI low"), format="%+.1f"),
                "ci_high": st.column_config.NumberColumn(_("CI high"), format="%+.1f"),
                "vs_rest": st.column_config.NumberColumn(_("vs rest"), format="%+.1f"),
                "adjusted_p": st.column_config.TextColumn(_("p (Holm)")),
                "marker": st.column_config.TextColumn(_("Against the rest")),
                "small": st.column_config.CheckboxColumn(
                    f"n < {data.minimum_n}", help=_("Too few responses: greyed in the chart, not tested")
                ),
            },
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key="overview_segment_rows",
        )
        if rows.selection.rows:
            open_responses(back, segment=(attribute, str(table["key"].iloc[rows.selection.rows[0]])))
        st.caption(_("Select a row to read that segment's responses."))
        marked = [s for s in data.segments if s.significant]
        st.caption(
            ngettext(
                "{marked} of {count} segment differs significantly from the rest after the Holm correction.",
                "{marked} of {count} segments differ significantly from the rest after the Holm correction.",
                len(data.segments),
            ).format(marked=number(len(marked)), count=number(len(data.segments)))
            if marked
            else ngettext(
                "No segment differs significantly from the rest after correcting for {count} segment.",
                "No segment differs significantly from the rest after correcting for {count} segments.",
                len(data.segments),
            ).format(count=number(len(data.segments)))
        )

st.subheader(_("What moved NPS"))
if data.decomposition is None:
    st.info(_("Pick a bounded period and a comparison in the sidebar to see what moved NPS between the two periods."))
else:
    d = data.decomposition
    difference = two_sample_test(data.counts, data.comparison or Counts(), minimum_n=data.minimum_n)
    change_words = (
        _("too few responses to test")
        if difference.too_small
        else (_("significant, {p}") if difference.significant else _("not significant, {p}")).format(
            p=format_p(difference.p_value)
        )
    )
    st.markdown(
        _(
            "NPS went from **{before}** ({comparison}) to **{after}**: **{change}** points ({test}). Of that, "
            "**{mix}** comes from the mix of {attribute} (segments grew or shrank) and **{within}** from changes "
            "within segments."
        ).format(
            before=format_nps(d.nps_before),
            comparison=escape_markdown(view.comparison_name),
            after=format_nps(d.nps_after),
            change=f"{d.change:+.1f}",
            test=change_words,
            mix=f"{d.mix:+.1f}",
            attribute=escape_markdown(attribute),
            within=f"{d.within:+.1f}",
        )
    )
    shifts = decomposition_frame(d)
    left, right = st.columns([3, 2], gap="large")
    with left:
        draw_chart(charts.decomposition_chart, shifts, attribute=attribute, lang=current_language(), data_key=data.key)
        render_chart_downloads(
            partial(
                charts.decomposition_chart,
                shifts,
                attribute=attribute,
                width=charts.EXPORT_WIDTH - 250,
                lang=current_language(),
            ),
            _("What moved NPS ({change}): mix of {attribute} and change within each, against the {comparison}").format(
                change=f"{d.change:+.1f}", attribute=attribute, comparison=view.comparison_name
            ),
            key="overview_moved",
            n=data.counts.n,
            file_stem=f"what-moved-nps-by-{attribute}",
        )
    with right:
        st.dataframe(
            shifts[["key", "n_before", "n_after", "nps_before", "nps_after", "mix", "within"]],
            column_config={
                "key": st.column_config.TextColumn(attribute_title(attribute)),
                "n_before": st.column_config.NumberColumn(_("n before"), format="localized"),
                "n_after": st.column_config.NumberColumn(_("n now"), format="localized"),
                "nps_before": st.column_config.NumberColumn(_("NPS before"), format="%+.1f"),
                "nps_after": st.column_config.NumberColumn(_("NPS now"), format="%+.1f"),
                "mix": st.column_config.NumberColumn(_("Mix"), format="%+.2f"),
                "within": st.column_config.NumberColumn(_("Within"), format="%+.2f"),
            },
            hide_index=True,
            width="stretch",
        )
    st.caption(_("The parts describe the change; only the overall change carries a significance test."))

st.subheader(_("Take it out of the room"))
render_response_downloads(view.filters, key="overview_responses")
picks = tuple(st.session_state.get(SELECTED_COMMENTS_KEY, ()))
render_report_downloads(*report_builders(data, picks), key="overview_pdf")

with st.expander(_("How is this computed"), icon=":material/functions:"):
    for line in method_lines(data):
        st.markdown(f"- {escape_markdown(line)}")

_write_page_param("by", period, "month")
_write_page_param("segment", attribute, default_attribute)
