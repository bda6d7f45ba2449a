"""Respondents: the list, and one respondent's profile (every response over time) when ?id= names one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import current_role, require_role
from components.chart_specs import draw_chart
from components.comment_card import contact_line, inject_comment_styles, render_comment_card
from components.datasource import load_respondent_count, load_respondent_profile, load_respondents
from components.erase_respondent import render_erase_respondent
from components.filters import current_filters, render_view_caption
from components.i18n import _, count_words, current_language, follow_up_status_name, ngettext
from components.markdown_text import escape_markdown
from components.privacy import comment_masking, masked_comments
from nps.charts import respondent_scores_chart
from nps.comments import (
    RESPONDENT_COLUMNS,
    RESPONDENT_PAGE_SIZE,
    RESPONDENT_SORTS,
    as_utc_text,
    mask_email,
    mask_name,
)
from nps.filters import Filters
from nps.i18n import format_number
from nps.url_values import parse_row_id
from nps.users import role_allows

ROW_HEIGHT = 35
HISTORY_ORDERS = {
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "score_low": _("Lowest score first"),
    "score_high": _("Highest score first"),
    "survey": _("By survey"),
}


def _history_in_order(responses: pd.DataFrame, order: str) -> pd.DataFrame:
    """A respondent's responses (oldest first as stored) in the chosen order; ties newest first."""
    newest = responses.iloc[::-1]
    if order == "oldest":
        return responses
    if order in ("score_low", "score_high"):
        return newest.sort_values("score", ascending=order == "score_low", kind="stable")
    if order == "survey":
        return newest.sort_values("survey", key=lambda s: s.str.lower(), kind="stable")
    return newest


username = require_role("viewer")
role = current_role()
can_write = role_allows(role, "analyst")
inject_comment_styles()

raw_id = st.query_params.get("id", "")
respondent_id = parse_row_id(raw_id)

if respondent_id is None:
    st.title(_("Respondents"))
    filters = current_filters()
    render_view_caption()
    columns = st.columns([2, 2, 1])
    if can_write:
        search = columns[0].text_input(
            _("Search"),
            key="respondent_search",
            max_chars=200,
            placeholder=_("Name, e-mail or customer id"),
            help=_("Any part of a name, e-mail address or customer id, in any case."),
        )
    else:  # the server never searches fields a viewer sees masked
        search = ""
        columns[0].caption(
            _("Searching by name, e-mail or customer id needs the analyst role: viewers see them masked.")
        )
    sort = columns[1].selectbox(
        _("Order"), list(RESPONDENT_SORTS), format_func=lambda code: _(RESPONDENT_SORTS[code]), key="respondent_sort"
    )
    total = load_respondent_count(filters, search=search)
    pages = max(1, -(-total // RESPONDENT_PAGE_SIZE))
    lang = current_language()
    page = columns[2].number_input(
        _("Page (of {pages})").format(pages=format_number(pages, lang, decimals=0)),
        min_value=1,
        max_value=pages,
        value=1,
        step=1,
        key="respondent_page",
    )
    people = load_respondents(filters, sort=sort, page=int(page) - 1, search=search)
    if not people.empty:
        first = (int(page) - 1) * RESPONDENT_PAGE_SIZE + 1
        shown = {
            "first": format_number(first, lang, decimals=0),
            "last": format_number(first + len(people) - 1, lang, decimals=0),
        }
        if search.strip():
            message = ngettext(
                "{count} identified respondent matching “{search}” under these filters; showing {first}–{last}.",
                "{count} identified respondents matching “{search}” under these filters; showing {first}–{last}.",
                total,
            )
            st.caption(count_words(total, message, search=escape_markdown(search), **shown))
        else:
            message = ngettext(
                "{count} identified respondent under these filters; showing {first}–{last}.",
                "{count} identified respondents under these filters; showing {first}–{last}.",
                total,
            )
            st.caption(count_words(total, message, **shown))
    if people.empty and page > 1:
        st.info(
            _("Page {page} is past the last respondent under these filters: go back to an earlier page.").format(
                page=format_number(int(page), lang, decimals=0)
            )
        )
        st.stop()
    if people.empty and search.strip():
        st.info(_("No respondent under these filters has a name, e-mail or customer id containing that text."))
        st.stop()
    if people.empty:
        st.info(
            _("No identified respondent under these filters (answers without a customer id or e-mail are anonymous).")
        )
        st.stop()
    if not can_write:
        people = people.assign(
            name=people["name"].map(mask_name), email=people["email"].map(mask_email), customer_id=None
        )
    people = people.assign(
        profile=[f"/respondent?id={int(rid)}" for rid in people["respondent_id"]],
        last_survey=[as_utc_text(t) for t in people["last_survey"]],
        latest_comment=masked_comments(people, "latest_comment", masked=comment_masking())["latest_comment"].fillna(""),
        latest_comment_at=[as_utc_text(t) if pd.notna(t) else "" for t in people["latest_comment_at"]],
    )
    shown = RESPONDENT_COLUMNS[1:] if can_write else [c for c in RESPONDENT_COLUMNS[1:] if c != "customer_id"]
    st.dataframe(
        people.drop(columns=["respondent_id"]),
        hide_index=True,
        height=ROW_HEIGHT * (len(people) + 1) + 3,  # every row of the page, no scroll box inside the page
        row_height=ROW_HEIGHT,
        column_order=["profile", *shown],
        column_config={
            "profile": st.column_config.LinkColumn(_("Profile"), display_text=_("Open profile")),
            "customer_id": _("Customer id"),
            "name": _("Full name"),
            "email": _("E-mail"),
            "responses": st.column_config.NumberColumn(_("Responses"), format="%d"),
            "last_survey": _("Last survey"),
            "latest_score": st.column_config.NumberColumn(_("Latest score"), format="%d"),
            "latest_comment": st.column_config.TextColumn(_("Latest comment"), width="large"),
            "latest_comment_at": _("Latest comment on"),
        },
    )
    st.stop()

profile = load_respondent_profile(respondent_id, Filters())
if profile is None:
    st.error(_("There is no such respondent (it may have been removed with its import)."))
    st.stop()
st.title(_("Respondent profile"))
st.text(contact_line(profile.name, profile.email, masked=not can_write) or _("No name or e-mail on file"))
if profile.customer_id and can_write:
    st.text(_("Customer id: {customer_id}").format(customer_id=profile.customer_id))
responses = profile.responses
if responses.empty:
    st.info(_("This respondent has no responses."))
    st.stop()
scores = pd.DataFrame(
    {
        "answered": pd.to_datetime(responses["responded_at"], utc=True).dt.tz_localize(None),
        "score": responses["score"].astype("int64"),
    }
)
st.subheader(count_words(len(responses), ngettext("{count} response", "{count} responses", len(responses))))
if len(responses) > 1:
    draw_chart(respondent_scores_chart, scores, lang=current_language())
history_order = st.radio(
    _("Order"), list(HISTORY_ORDERS), horizontal=True, key="respondent_history_order", format_func=HISTORY_ORDERS.get
)
for _index, row in _history_in_order(responses, history_order).iterrows():
    render_comment_card(
        row, masked=not can_write, role=role, actor=username, key=f"respondent-{row['id']}", profile_link=False
    )
render_erase_respondent(respondent_id)
st.subheader(_("Follow-up history"))
if profile.events.empty:
    st.caption(_("Nobody has followed up with this respondent yet."))
else:
    events = profile.events
    fields = {"status": _("Status"), "owner": _("Owner"), "note": _("Note"), "due_on": _("Due"), "tag": _("Tag")}
    statuses = events["field"] == "status"
    st.dataframe(
        events.assign(
            changed_at=[as_utc_text(t) for t in events["changed_at"]],
            field=events["field"].map(lambda name: fields.get(name, name)),
            old_value=events["old_value"].where(~statuses, events["old_value"].map(follow_up_status_name)),
            new_value=events["new_value"].where(~statuses, events["new_value"].map(follow_up_status_name)),
        ),
        hide_index=True,
        column_config={
            "response_id": st.column_config.NumberColumn(_("Response"), format="%d"),
            "field": _("Changed"),
            "old_value": _("Old value"),
            "new_value": _("New value"),
            "changed_by": _("By"),
            "changed_at": _("At"),
        },
    )
