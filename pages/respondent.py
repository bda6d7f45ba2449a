"""Respondents: the list, and one respondent's profile (every response over time) when ?id= names one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import current_role, require_role
from components.comment_card import contact_line, inject_comment_styles, render_comment_card
from components.datasource import load_respondent_count, load_respondent_profile, load_respondents
from components.erase_respondent import render_erase_respondent
from components.filters import current_filters, render_view_caption
from components.i18n import current_language
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
from nps.url_values import parse_row_id
from nps.users import role_allows
from nps.wording import plural

ROW_HEIGHT = 35
HISTORY_ORDERS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "score_low": "Lowest score first",
    "score_high": "Highest score first",
    "survey": "By survey",
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
    st.title("Respondents")
    filters = current_filters()
    render_view_caption()
    columns = st.columns([2, 2, 1])
    if can_write:
        search = columns[0].text_input(
            "Search",
            key="respondent_search",
            max_chars=200,
            placeholder="Name, e-mail or customer id",
            help="Any part of a name, e-mail address or customer id, in any case.",
        )
    else:  # the server never searches fields a viewer sees masked
        search = ""
        columns[0].caption("Searching by name, e-mail or customer id needs the analyst role: viewers see them masked.")
    sort = columns[1].selectbox(
        "Order", list(RESPONDENT_SORTS), format_func=RESPONDENT_SORTS.get, key="respondent_sort"
    )
    total = load_respondent_count(filters, search=search)
    pages = max(1, -(-total // RESPONDENT_PAGE_SIZE))
    page = columns[2].number_input(
        f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key="respondent_page"
    )
    people = load_respondents(filters, sort=sort, page=int(page) - 1, search=search)
    if not people.empty:
        first = (int(page) - 1) * RESPONDENT_PAGE_SIZE + 1
        matching = f" matching “{escape_markdown(search)}”" if search.strip() else ""
        st.caption(
            f"{plural(total, 'identified respondent')}{matching} under these filters; "
            f"showing {first:,}–{first + len(people) - 1:,}."
        )
    if people.empty and page > 1:
        st.info(f"Page {int(page):,} is past the last respondent under these filters: go back to an earlier page.")
        st.stop()
    if people.empty and search.strip():
        st.info("No respondent under these filters has a name, e-mail or customer id containing that text.")
        st.stop()
    if people.empty:
        st.info("No identified respondent under these filters (answers without a customer id or e-mail are anonymous).")
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
            "profile": st.column_config.LinkColumn("Profile", display_text="Open"),
            "customer_id": "Customer id",
            "name": "Name",
            "email": "E-mail",
            "responses": st.column_config.NumberColumn("Responses", format="%d"),
            "last_survey": "Last survey",
            "latest_score": st.column_config.NumberColumn("Latest score", format="%d"),
            "latest_comment": st.column_config.TextColumn("Latest comment", width="large"),
            "latest_comment_at": "Latest comment on",
        },
    )
    st.stop()

profile = load_respondent_profile(respondent_id, Filters())
if profile is None:
    st.error("There is no such respondent (it may have been removed with its import).")
    st.stop()
st.title("Respondent profile")
st.text(contact_line(profile.name, profile.email, masked=not can_write) or "No name or e-mail on file")
if profile.customer_id and can_write:
    st.text(f"Customer id: {profile.customer_id}")
responses = profile.responses
if responses.empty:
    st.info("This respondent has no responses.")
    st.stop()
scores = pd.DataFrame(
    {
        "answered": pd.to_datetime(responses["responded_at"], utc=True).dt.tz_localize(None),
        "score": responses["score"].astype("int64"),
    }
)
st.subheader(plural(len(responses), "response"))
if len(responses) > 1:
    st.altair_chart(respondent_scores_chart(scores, lang=current_language()), width="stretch")
history_order = st.radio(
    "Order", list(HISTORY_ORDERS), horizontal=True, key="respondent_history_order", format_func=HISTORY_ORDERS.get
)
for _, row in _history_in_order(responses, history_order).iterrows():
    render_comment_card(
        row, masked=not can_write, role=role, actor=username, key=f"respondent-{row['id']}", profile_link=False
    )
render_erase_respondent(respondent_id)
st.subheader("Follow-up history")
if profile.events.empty:
    st.caption("Nobody has followed up with this respondent yet.")
else:
    st.dataframe(
        profile.events.assign(changed_at=[as_utc_text(t) for t in profile.events["changed_at"]]),
        hide_index=True,
        column_config={
            "response_id": st.column_config.NumberColumn("Response", format="%d"),
            "field": "Changed",
            "old_value": "From",
            "new_value": "To",
            "changed_by": "By",
            "changed_at": "At",
        },
    )
