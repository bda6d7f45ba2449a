"""The closed-loop figures (open, overdue, closed within the SLA, times to contact and close, per owner) and the
follow-up queue table. Comments and names are shown in dataframes only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import _, current_language, follow_up_status_name
from nps.closed_loop import ClosedLoopFigures
from nps.comments import as_utc_text, mask_email, mask_name
from nps.i18n import format_number, format_share


def _hours(value: float | None) -> str:
    if value is None or value != value:
        return "–"
    lang = current_language()
    if value < 48:
        return _("{hours} h").format(hours=format_number(value, lang))
    return _("{days} days").format(days=format_number(value / 24, lang))


def render_closed_loop_figures(figures: ClosedLoopFigures) -> str | None:
    """Draws the figures; returns the owner whose row was selected in the per-owner table ("" unassigned)."""
    share = figures.within_sla
    columns = st.columns(5)
    lang = current_language()
    columns[0].metric(
        _("Open"),
        format_number(figures.open, lang, decimals=0),
        help=_("Detractors not yet closed, plus open follow-ups of others"),
    )
    columns[1].metric(
        _("Overdue"), format_number(figures.overdue, lang, decimals=0), help=_("Open past the due date or the SLA")
    )
    if share.share is None:
        columns[2].metric(_("Closed within SLA"), "–", help=_("Nothing closed yet"))
    else:
        columns[2].metric(
            _("Closed within SLA"), format_share(share.share, lang, decimals=0), help=_("Share of closed follow-ups")
        )
        columns[2].caption(
            _("{closed} of {total} closed; 95% interval {low}–{high} (Wilson)").format(
                closed=format_number(share.successes, lang, decimals=0),
                total=format_number(share.n, lang, decimals=0),
                low=format_share(share.low, lang, decimals=0),
                high=format_share(share.high, lang, decimals=0),
            )
        )
    columns[3].metric(_("Median time to first contact"), _hours(figures.median_hours_to_first_contact))
    columns[4].metric(_("Median time to close"), _hours(figures.median_hours_to_close))
    sla = format_number(figures.sla_hours, lang, decimals=0 if float(figures.sla_hours).is_integer() else 1)
    st.caption(
        _("SLA {hours} hours from when a response arrived (set on Admin); a due date set by hand wins.").format(
            hours=sla
        )
    )
    if figures.by_owner.empty:
        return None
    with st.expander(_("Per owner"), expanded=True):
        rows = st.dataframe(
            figures.by_owner.assign(owner=figures.by_owner["owner"].replace("", _("(unassigned)"))),
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key="follow_ups_owner_rows",
            column_config={
                "owner": _("Owner"),
                "open": st.column_config.NumberColumn(_("Open"), format="%d"),
                "overdue": st.column_config.NumberColumn(_("Overdue"), format="%d"),
                "closed": st.column_config.NumberColumn(_("Closed"), format="%d"),
                "closed_within_sla": st.column_config.NumberColumn(_("Closed within SLA"), format="%d"),
                "median_hours_to_first_contact": st.column_config.NumberColumn(
                    _("Median hours to first contact"), format="%.1f"
                ),
                "median_hours_to_close": st.column_config.NumberColumn(_("Median hours to close"), format="%.1f"),
            },
        )
        st.caption(_("Select an owner to read their open follow-ups."))
    return str(figures.by_owner["owner"].iloc[rows.selection.rows[0]]) if rows.selection.rows else None


def render_queue_table(queue: pd.DataFrame, *, masked: bool) -> None:
    table = queue.assign(
        responded_at=[as_utc_text(t) for t in queue["responded_at"]],
        due_at=[as_utc_text(pd.Timestamp(t).to_pydatetime()) for t in queue["due_at"]],
        comment=queue["comment"].fillna(_("(no comment)")),
        status=queue["status"].map(follow_up_status_name),
        owner=queue["owner"].replace("", _("(unassigned)")),
        overdue=queue["overdue"].map({True: _("overdue"), False: ""}),
        name=queue["name"].map(mask_name) if masked else queue["name"],
        email=queue["email"].map(mask_email) if masked else queue["email"],
    )
    order = ["response_id", "responded_at", "score", "status", "owner", "due_at", "overdue", "comment", "survey"]
    st.dataframe(
        table[[*order, "name", "email"]],
        hide_index=True,
        width="stretch",
        column_config={
            "response_id": st.column_config.NumberColumn(_("Response"), format="%d"),
            "responded_at": _("Answered"),
            "score": st.column_config.NumberColumn(_("Score"), format="%d"),
            "comment": st.column_config.TextColumn(_("Comment"), width="large"),
            "survey": _("Survey"),
            "name": _("Full name"),
            "email": _("E-mail"),
            "status": _("Status"),
            "owner": _("Owner"),
            "due_at": _("Due"),
            "overdue": _("Overdue"),
        },
    )
