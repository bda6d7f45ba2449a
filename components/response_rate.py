"""Invited, delivered, responded and the response rate with its interval, per segment and per period, with a warning
when the segments answer at rates different enough to bias the NPS; bounced and unsubscribed one click away."""

from __future__ import annotations

import streamlit as st

from components.datasource import load_response_rates, load_undelivered
from nps.comments import as_utc_text, mask_email, mask_name
from nps.exports import responses_csv
from nps.filters import LANGUAGE_ATTRIBUTE, Filters
from nps.invitations import RESPONSE_WINDOW_DAYS, response_rate_gap, with_rates

_RATE_COLUMNS = {
    "invited": st.column_config.NumberColumn("Invited", format="%d"),
    "delivered": st.column_config.NumberColumn("Delivered", format="%d"),
    "responded": st.column_config.NumberColumn("Responded", format="%d"),
    "response_rate": st.column_config.NumberColumn("Response rate", format="percent"),
    "rate_low": st.column_config.NumberColumn("95% low", format="percent"),
    "rate_high": st.column_config.NumberColumn("95% high", format="percent"),
}


def render_response_rate(
    filters: Filters, attribute: str | None, *, masked: bool, big: bool = False, period: str | None = None
) -> bool:
    """Draws nothing and returns False when no invitation list covers the view; `period` (week, month, quarter of
    the sending date) adds the rate per period."""
    overall = with_rates(load_response_rates(filters)).iloc[0]
    if int(overall["invited"]) == 0:
        return False
    columns = st.columns(4)
    columns[0].metric("Invited", f"{int(overall['invited']):,}")
    columns[1].metric("Delivered", f"{int(overall['delivered']):,}", help="Bounced and unsubscribed are not delivered")
    columns[2].metric("Responded", f"{int(overall['responded']):,}", help=f"Within {RESPONSE_WINDOW_DAYS} days")
    columns[3].metric(
        "Response rate",
        "–" if overall["response_rate"] is None else f"{overall['response_rate']:.1%}",
        help="Responded ÷ delivered",
    )
    if overall["response_rate"] is not None:
        columns[3].caption(f"95% interval {overall['rate_low']:.1%}–{overall['rate_high']:.1%} (Wilson)")
    if attribute and attribute != LANGUAGE_ATTRIBUTE:
        groups = load_response_rates(filters, by=attribute)
        groups = groups[groups["key"].notna()]
        gap = response_rate_gap(groups)
        if gap is not None and gap.significant:
            st.warning(
                f"Response rates differ between {attribute} segments beyond chance ({gap.highest} answers "
                f"{gap.difference:.0%} points more often than {gap.lowest}): the NPS leans towards the segments "
                "that answer more. Compare segments rather than reading the total alone.",
                icon=":material/warning:",
            )
        if not big and not groups.empty:
            st.dataframe(
                with_rates(groups),
                hide_index=True,
                width="stretch",
                column_config=_RATE_COLUMNS | {"key": attribute},
            )
    if not big and period:
        by_period = load_response_rates(filters, by=period)
        if len(by_period) > 1:
            with st.expander(f"Response rate by {period} of sending", icon=":material/calendar_month:"):
                st.dataframe(
                    with_rates(by_period).assign(key=[str(key)[:10] for key in by_period["key"]]),
                    hide_index=True,
                    width="stretch",
                    column_config=_RATE_COLUMNS | {"key": f"{period.title()} starting"},
                )
    if not big:
        _render_undelivered(filters, masked=masked)
    return True


def _render_undelivered(filters: Filters, *, masked: bool) -> None:
    undelivered = load_undelivered(filters)
    if undelivered.empty:
        return
    with st.popover(f"Bounced and unsubscribed ({len(undelivered):,})", icon=":material/unsubscribe:"):
        shown = undelivered.assign(sent_at=[as_utc_text(t) for t in undelivered["sent_at"]])
        if masked:
            shown = shown.assign(
                email=shown["email"].map(mask_email), name=shown["name"].map(mask_name), customer_id=""
            )
        st.dataframe(shown, hide_index=True, width="stretch")
        if not masked:
            st.download_button(
                "Download CSV",
                data=lambda: responses_csv([undelivered]),
                file_name="undelivered_invitations.csv",
                mime="text/csv",
                key="response_rate_undelivered_csv",
            )
