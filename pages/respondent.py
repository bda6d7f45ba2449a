"""Respondents: the list, and one respondent's profile (every response over time) when ?id= names one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import current_role, require_role
from components.charts import respondent_scores_chart
from components.comment_card import contact_line, inject_comment_styles, render_comment_card
from components.datasource import get_engine, load_respondent_count, load_respondents
from components.filters import current_filters, render_view_caption
from nps.comments import (
    RESPONDENT_COLUMNS,
    RESPONDENT_PAGE_SIZE,
    RESPONDENT_SORTS,
    as_utc_text,
    mask_email,
    mask_name,
    respondent_profile,
)
from nps.url_values import parse_row_id
from nps.users import role_allows

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
    columns = st.columns([2, 1])
    sort = columns[0].selectbox(
        "Order", list(RESPONDENT_SORTS), format_func=RESPONDENT_SORTS.get, key="respondent_sort"
    )
    total = load_respondent_count(filters)
    pages = max(1, -(-total // RESPONDENT_PAGE_SIZE))
    page = columns[1].number_input(
        f"Page (of {pages:,})", min_value=1, max_value=1_000_000, value=1, step=1, key="respondent_page"
    )
    people = load_respondents(filters, sort, int(page) - 1)
    if not people.empty:
        first = (int(page) - 1) * RESPONDENT_PAGE_SIZE + 1
        noun = "respondent" if total == 1 else "respondents"
        st.caption(f"{total:,} identified {noun} under these filters; showing {first:,}–{first + len(people) - 1:,}.")
    if people.empty and page > 1:
        st.info(f"Page {int(page):,} is past the last respondent under these filters: go back to an earlier page.")
        st.stop()
    if people.empty:
        st.info("No identified respondent under these filters (answers without a customer id or e-mail are anonymous).")
        st.stop()
    if not can_write:
        people = people.assign(name=people["name"].map(mask_name), email=people["email"].map(mask_email))
    people = people.assign(
        profile=[f"/respondent?id={int(rid)}" for rid in people["respondent_id"]],
        last_survey=[as_utc_text(t) for t in people["last_survey"]],
        latest_comment=people["latest_comment"].fillna(""),
        latest_comment_at=[as_utc_text(t) if pd.notna(t) else "" for t in people["latest_comment_at"]],
    )
    st.dataframe(
        people.drop(columns=["respondent_id"]),
        hide_index=True,
        column_order=["profile", *RESPONDENT_COLUMNS[1:]],
        column_config={
            "profile": st.column_config.LinkColumn("Profile", display_text="Open"),
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

profile = respondent_profile(respondent_id, engine=get_engine())
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
st.subheader(f"{len(responses):,} responses" if len(responses) != 1 else "1 response")
if len(responses) > 1:
    st.altair_chart(respondent_scores_chart(scores), width="stretch")
for _, row in responses.iloc[::-1].iterrows():
    render_comment_card(
        row, masked=not can_write, role=role, actor=username, key=f"respondent-{row['id']}", profile_link=False
    )
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
