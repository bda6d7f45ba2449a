"""The closed-loop figures (open, overdue, closed within the SLA, times to contact and close, per owner) and the
follow-up queue table. Comments and names are shown in dataframes only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from nps.closed_loop import ClosedLoopFigures
from nps.comments import as_utc_text, mask_email, mask_name


def _hours(value: float | None) -> str:
    if value is None or value != value:
        return "–"
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} days"


def render_closed_loop_figures(figures: ClosedLoopFigures) -> str | None:
    """Draws the figures; returns the owner whose row was selected in the per-owner table ("" unassigned)."""
    share = figures.within_sla
    columns = st.columns(5)
    columns[0].metric("Open", f"{figures.open:,}", help="Detractors not yet closed, plus open follow-ups of others")
    columns[1].metric("Overdue", f"{figures.overdue:,}", help="Open past the due date or the SLA")
    if share.share is None:
        columns[2].metric("Closed within SLA", "–", help="Nothing closed yet")
    else:
        columns[2].metric("Closed within SLA", f"{share.share:.0%}", help="Share of closed follow-ups")
        columns[2].caption(
            f"{share.successes} of {share.n} closed; 95% interval {share.low:.0%}–{share.high:.0%} (Wilson)"
        )
    columns[3].metric("Median time to first contact", _hours(figures.median_hours_to_first_contact))
    columns[4].metric("Median time to close", _hours(figures.median_hours_to_close))
    st.caption(
        f"SLA {figures.sla_hours:g} hours from when a response arrived (set on Admin); a due date set by hand wins."
    )
    if figures.by_owner.empty:
        return None
    with st.expander("Per owner", expanded=True):
        rows = st.dataframe(
            figures.by_owner.assign(owner=figures.by_owner["owner"].replace("", "(unassigned)")),
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key="follow_ups_owner_rows",
            column_config={
                "owner": "Owner",
                "open": st.column_config.NumberColumn("Open", format="%d"),
                "overdue": st.column_config.NumberColumn("Overdue", format="%d"),
                "closed": st.column_config.NumberColumn("Closed", format="%d"),
                "closed_within_sla": st.column_config.NumberColumn("Closed within SLA", format="%d"),
                "median_hours_to_first_contact": st.column_config.NumberColumn(
                    "Median hours to first contact", format="%.1f"
                ),
                "median_hours_to_close": st.column_config.NumberColumn("Median hours to close", format="%.1f"),
            },
        )
        st.caption("Select an owner to read their open follow-ups.")
    return str(figures.by_owner["owner"].iloc[rows.selection.rows[0]]) if rows.selection.rows else None


def render_queue_table(queue: pd.DataFrame, *, masked: bool) -> None:
    table = queue.assign(
        responded_at=[as_utc_text(t) for t in queue["responded_at"]],
        due_at=[as_utc_text(pd.Timestamp(t).to_pydatetime()) for t in queue["due_at"]],
        comment=queue["comment"].fillna("(no comment)"),
        owner=queue["owner"].replace("", "(unassigned)"),
        overdue=queue["overdue"].map({True: "overdue", False: ""}),
        name=queue["name"].map(mask_name) if masked else queue["name"],
        email=queue["email"].map(mask_email) if masked else queue["email"],
    )
    order = ["response_id", "responded_at", "score", "status", "owner", "due_at", "overdue", "comment", "survey"]
    st.dataframe(
        table[[*order, "name", "email"]],
        hide_index=True,
        width="stretch",
        column_config={
            "response_id": st.column_config.NumberColumn("Response", format="%d"),
            "responded_at": "Answered",
            "score": st.column_config.NumberColumn("Score", format="%d"),
            "comment": st.column_config.TextColumn("Comment", width="large"),
            "survey": "Survey",
            "name": "Name",
            "email": "E-mail",
            "status": "Status",
            "owner": "Owner",
            "due_at": "Due",
            "overdue": "Overdue",
        },
    )
