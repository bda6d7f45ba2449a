"""Invited, delivered, responded and the response rate with its interval, per segment and per period, with a warning
when the segments answer at rates different enough to bias the NPS; bounced and unsubscribed one click away."""

from __future__ import annotations

import streamlit as st

from components.datasource import load_response_rates, load_undelivered
from components.i18n import _, current_language
from nps.comments import as_utc_text, mask_email, mask_name
from nps.exports import responses_csv
from nps.filters import LANGUAGE_ATTRIBUTE, Filters
from nps.i18n import N_, format_number, format_share
from nps.invitations import RESPONSE_WINDOW_DAYS, response_rate_gap, with_rates

PERIOD_HEADINGS = {
    "week": (N_("Response rate by week of sending"), N_("Week starting")),
    "month": (N_("Response rate by month of sending"), N_("Month starting")),
    "quarter": (N_("Response rate by quarter of sending"), N_("Quarter starting")),
}
"""Per period of the sending date: the expander's title and the period column's header."""


def _rate_columns() -> dict[str, object]:
    return {
        "invited": st.column_config.NumberColumn(_("Invited"), format="%d"),
        "delivered": st.column_config.NumberColumn(_("Delivered"), format="%d"),
        "responded": st.column_config.NumberColumn(_("Responded"), format="%d"),
        "response_rate": st.column_config.NumberColumn(_("Response rate"), format="percent"),
        "rate_low": st.column_config.NumberColumn(_("95% low"), format="percent"),
        "rate_high": st.column_config.NumberColumn(_("95% high"), format="percent"),
    }


def render_response_rate(
    filters: Filters, attribute: str | None, *, masked: bool, big: bool = False, period: str | None = None
) -> bool:
    """Draws nothing and returns False when no invitation list covers the view; `period` (week, month, quarter of
    the sending date) adds the rate per period."""
    overall = with_rates(load_response_rates(filters)).iloc[0]
    if int(overall["invited"]) == 0:
        return False
    lang = current_language()
    columns = st.columns(4)
    columns[0].metric(_("Invited"), format_number(int(overall["invited"]), lang, decimals=0))
    columns[1].metric(
        _("Delivered"),
        format_number(int(overall["delivered"]), lang, decimals=0),
        help=_("Bounced and unsubscribed are not delivered"),
    )
    columns[2].metric(
        _("Responded"),
        format_number(int(overall["responded"]), lang, decimals=0),
        help=_("Within {days} days").format(days=RESPONSE_WINDOW_DAYS),
    )
    columns[3].metric(
        _("Response rate"),
        "–" if overall["response_rate"] is None else format_share(overall["response_rate"], lang),
        help=_("Responded ÷ delivered"),
    )
    if overall["response_rate"] is not None:
        columns[3].caption(
            _("95% interval {low}–{high} (Wilson)").format(
                low=format_share(overall["rate_low"], lang), high=format_share(overall["rate_high"], lang)
            )
        )
    if attribute and attribute != LANGUAGE_ATTRIBUTE:
        groups = load_response_rates(filters, by=attribute)
        groups = groups[groups["key"].notna()]
        gap = response_rate_gap(groups)
        if gap is not None and gap.significant:
            st.warning(
                _(
                    "Response rates differ between {attribute} segments beyond chance ({highest} answers "
                    "{difference} points more often than {lowest}): the NPS leans towards the segments "
                    "that answer more. Compare segments rather than reading the total alone."
                ).format(
                    attribute=attribute,
                    highest=gap.highest,
                    difference=format_share(gap.difference, lang, decimals=0),
                    lowest=gap.lowest,
                ),
                icon=":material/warning:",
            )
        if not big and not groups.empty:
            st.dataframe(
                with_rates(groups),
                hide_index=True,
                width="stretch",
                column_config=_rate_columns() | {"key": attribute},
            )
    if not big and period:
        by_period = load_response_rates(filters, by=period)
        if len(by_period) > 1:
            title, header = PERIOD_HEADINGS[period]
            with st.expander(_(title), icon=":material/calendar_month:"):
                st.dataframe(
                    with_rates(by_period).assign(key=[str(key)[:10] for key in by_period["key"]]),
                    hide_index=True,
                    width="stretch",
                    column_config=_rate_columns() | {"key": _(header)},
                )
    if not big:
        _render_undelivered(filters, masked=masked)
    return True


def _render_undelivered(filters: Filters, *, masked: bool) -> None:
    undelivered = load_undelivered(filters)
    if undelivered.empty:
        return
    count = format_number(len(undelivered), current_language(), decimals=0)
    with st.popover(_("Bounced and unsubscribed ({count})").format(count=count), icon=":material/unsubscribe:"):
        shown = undelivered.assign(sent_at=[as_utc_text(t) for t in undelivered["sent_at"]])
        if masked:
            shown = shown.assign(
                email=shown["email"].map(mask_email), name=shown["name"].map(mask_name), customer_id=""
            )
        st.dataframe(shown, hide_index=True, width="stretch")
        if not masked:
            st.download_button(
                _("Download CSV"),
                data=lambda: responses_csv([undelivered]),
                file_name="undelivered_invitations.csv",
                mime="text/csv",
                key="response_rate_undelivered_csv",
            )
