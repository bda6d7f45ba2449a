"""The KPI row: NPS with its interval and n, the change against the comparison period, shares, volume."""

from __future__ import annotations

import streamlit as st

from components.i18n import current_language
from components.markdown_text import escape_markdown
from nps.figures import (
    DEFAULT_MINIMUM_N,
    describe_change,
    describe_interval,
    format_nps,
    is_small,
    response_count,
    sample_size,
    share,
    small_sample_note,
)
from nps.goals import GoalStatus, Verdict
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
                    "NPS",
                    format_nps(interval.nps, current_language()),
                    delta=f"{delta.delta:+.1f} vs {comparison_name}",
                    delta_color="normal" if delta.significant else "off",
                    delta_arrow="auto" if delta.significant else "off",
                    help="% promoters − % detractors, on −100…+100",
                )
            else:
                st.metric(
                    "NPS", format_nps(interval.nps, current_language()), help="% promoters − % detractors, on −100…+100"
                )
            st.caption(describe_interval(counts, current_language()))
            if goal is not None:
                render_goal_verdict(goal)
            if delta is not None and comparison_name:
                st.caption(
                    f"{describe_change(delta, comparison_name)}. {(comparison_label or comparison_name).capitalize()}: "
                    f"NPS {format_nps(nps_with_interval(comparison).nps)}, {describe_interval(comparison)}",  # type: ignore[arg-type]
                    help="Two-sample z test on adjusted-Wald variances at the 5% level: a change is called a change "
                    "only when it is significant.",
                )
        for column, (label, part) in zip(
            columns[1:4],
            [
                ("Promoters (9–10)", counts.promoters),
                ("Passives (7–8)", counts.passives),
                ("Detractors (0–6)", counts.detractors),
            ],
            strict=True,
        ):
            column.metric(
                label, share(part, counts, current_language()), help=response_count(part, counts, current_language())
            )
            if counts.weighted:
                column.caption(sample_size(counts, current_language()))
        if counts.weighted:
            columns[4].metric("Effective n", f"{counts.n_eff:,.1f}", help="Kish: (Σw)² / Σw²")
            columns[4].caption(f"weighted, n_eff = {counts.n_eff:,.1f} · {comments:,} responses with a comment")
        else:
            columns[4].metric("Responses", f"{counts.n:,}")
            columns[4].caption(f"{comments:,} with a comment ({share(comments, counts)})")
    if small:
        st.warning(small_sample_note(counts, minimum_n=minimum_n, lang=current_language()), icon=":material/info:")


def render_goal_verdict(goal: GoalStatus) -> None:
    """The verdict sentence in its colour, and whose goal it is (scope names are data: escaped)."""
    with st.container(key=f"goal_verdict_{goal.verdict.name.lower()}"):
        st.markdown(f":{VERDICT_COLOURS[goal.verdict]}[**{escape_markdown(goal.sentence)}**]")
        st.caption(escape_markdown(goal.goal.label(current_language())))
