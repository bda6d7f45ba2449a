"""The KPI row: NPS with its interval and n, the change against the comparison period, shares, volume."""

from __future__ import annotations

import streamlit as st

from components.i18n import _, current_language
from components.markdown_text import escape_markdown
from nps.figures import (
    DEFAULT_MINIMUM_N,
    describe_change,
    describe_interval,
    format_nps,
    format_points,
    is_small,
    response_count,
    sample_size,
    share,
    small_sample_note,
)
from nps.goals import GoalStatus, Verdict
from nps.i18n import format_number
from nps.metrics import Counts, nps_with_interval, two_sample_test

VERDICT_COLOURS = {Verdict.MET: "green", Verdict.NOT_MET: "red", Verdict.UNDECIDED: "gray"}

_GREY_CSS = """<style>
.st-key-kpi_small [data-testid="stMetricValue"], .st-key-kpi_small [data-testid="stMetricLabel"] { color: #8c959f; }
</style>"""


def render_kpi_row(
    counts: Counts,
    comments: int,
    *,
    comparison: Counts | None = None,
    comparison_name: str | None = None,
    comparison_label: str | None = None,
    minimum_n: int = DEFAULT_MINIMUM_N,
    goal: GoalStatus | None = None,
) -> None:
    """Greyed with a note below the minimum n (and then untested); the change is labelled significant or not;
    the view's goal, if any, with met / not met / can't tell yet."""
    lang = current_language()
    interval = nps_with_interval(counts)
    small = is_small(counts, minimum_n=minimum_n)
    if small:
        st.html(_GREY_CSS)
    with st.container(key="kpi_small" if small else "kpi_row"):
        columns = st.columns([1.6, 1, 1, 1, 1.2])
        delta = (
            two_sample_test(counts, comparison, minimum_n=minimum_n)
            if comparison is not None and comparison_name
            else None
        )
        with columns[0]:
            if delta is not None and delta.delta is not None:
                st.metric(
                    _("NPS"),
                    format_nps(interval.nps, lang),
                    delta=_("{change} vs {comparison}").format(
                        change=format_points(delta.delta, lang), comparison=comparison_name
                    ),
                    delta_color="normal" if delta.significant else "off",
                    delta_arrow="auto" if delta.significant else "off",
                    help=_("% promoters − % detractors, on −100…+100"),
                )
            else:
                st.metric(_("NPS"), format_nps(interval.nps, lang), help=_("% promoters − % detractors, on −100…+100"))
            st.caption(describe_interval(counts, lang))
            if goal is not None:
                render_goal_verdict(goal)
            if delta is not None and comparison_name:
                before = comparison or Counts()
                st.caption(
                    _("{change}. {comparison}: NPS {nps}, {interval}").format(
                        change=describe_change(delta, comparison_name, lang),
                        comparison=(comparison_label or comparison_name).capitalize(),
                        nps=format_nps(nps_with_interval(before).nps, lang),
                        interval=describe_interval(before, lang),
                    ),
                    help=_(
                        "Two-sample z test on adjusted-Wald variances at the 5% level: a change is called a change "
                        "only when it is significant."
                    ),
                )
        for column, (label, part) in zip(
            columns[1:4],
            [
                (_("Promoters (9–10)"), counts.promoters),
                (_("Passives (7–8)"), counts.passives),
                (_("Detractors (0–6)"), counts.detractors),
            ],
            strict=True,
        ):
            column.metric(label, share(part, counts, lang), help=response_count(part, counts, lang))
            if counts.weighted:
                column.caption(sample_size(counts, lang))
        if counts.weighted:
            columns[4].metric(_("Effective n"), format_number(counts.n_eff, lang, decimals=1), help="Kish: (Σw)² / Σw²")
            columns[4].caption(
                _("{size} · {count} responses with a comment").format(
                    size=sample_size(counts, lang), count=format_number(comments, lang, decimals=0)
                )
            )
        else:
            columns[4].metric(_("Responses"), format_number(counts.n, lang, decimals=0))
            columns[4].caption(
                _("{count} with a comment ({share})").format(
                    count=format_number(comments, lang, decimals=0), share=share(comments, counts, lang)
                )
            )
    if small:
        st.warning(small_sample_note(counts, minimum_n=minimum_n, lang=current_language()), icon=":material/info:")


def render_goal_verdict(goal: GoalStatus) -> None:
    """The verdict sentence in its colour, and whose goal it is (scope names are data: escaped)."""
    with st.container(key=f"goal_verdict_{goal.verdict.name.lower()}"):
        st.markdown(f":{VERDICT_COLOURS[goal.verdict]}[**{escape_markdown(goal.sentence)}**]")
        st.caption(escape_markdown(goal.goal.label(current_language())))
