"""Follow-ups: the open detractors queue (oldest first) and the promoters to ask for a review."""

from __future__ import annotations

import streamlit as st

from components.auth import current_role, require_role
from components.comment_card import (
    contact_line,
    inject_comment_styles,
    render_comment_text,
    render_follow_up_form,
    render_profile_link,
)
from components.datasource import load_open_detractors, load_promoters
from components.filters import current_filters, render_view_caption
from components.privacy import comment_masking, masked_comments
from nps.comments import as_utc_text, mask_email, mask_name
from nps.exports import responses_csv, responses_xlsx
from nps.users import role_allows

username = require_role("viewer")
role = current_role()
can_write = role_allows(role, "analyst")
filters = current_filters()
inject_comment_styles()

st.title("Follow-ups")
render_view_caption()
queue_tab, promoters_tab = st.tabs(["Open detractors", "Promoters to ask for a review"])

with queue_tab:
    queue, open_count = load_open_detractors(filters)
    if queue.empty:
        st.success("No open detractors under these filters.")
    else:
        shown = f"the oldest {len(queue):,}" if open_count > len(queue) else "all"
        st.subheader(f"{open_count:,} detractors not yet closed, oldest first (showing {shown})")
        table = queue.assign(
            responded_at=[as_utc_text(t) for t in queue["responded_at"]],
            status=queue["status"].fillna("new"),  # the status the follow-up form starts from
            owner=queue["owner"].fillna(""),
            comment=masked_comments(queue, masked=comment_masking())["comment"].fillna("(no comment)"),
            due_on=[str(d) if d is not None and d == d else "" for d in queue["due_on"]],
            name=queue["name"] if can_write else queue["name"].map(mask_name),
            email=queue["email"] if can_write else queue["email"].map(mask_email),
        )
        st.dataframe(
            table.drop(columns=["respondent_id"]),
            hide_index=True,
            column_config={
                "response_id": st.column_config.NumberColumn("Response", format="%d"),
                "responded_at": "Answered",
                "age_days": st.column_config.NumberColumn("Age (days)", format="%d"),
                "score": st.column_config.NumberColumn("Score", format="%d"),
                "comment": st.column_config.TextColumn("Comment", width="large"),
                "survey": "Survey",
                "name": "Name",
                "email": "E-mail",
                "status": "Follow-up",
                "owner": "Owner",
                "due_on": "Due",
            },
        )
        labels = {
            int(r.response_id): f"#{int(r.response_id)} · score {int(r.score)} · {int(r.age_days)} days old"
            for r in queue.itertuples()
        }
        chosen = st.selectbox("Work on", list(labels), format_func=labels.get, key="follow_ups_chosen")
        row = queue.set_index("response_id").loc[chosen]
        with st.container(border=True):
            st.caption(f"Score {int(row['score'])} · answered {as_utc_text(row['responded_at'])}")
            render_comment_text(int(chosen), row["comment"], None)
            contact = contact_line(row["name"], row["email"], masked=not can_write)
            if contact:
                st.text(contact)
            render_profile_link(row["respondent_id"])
            if can_write:
                render_follow_up_form(int(chosen), actor=username, role=role, key="follow_ups_form")
            else:
                st.caption("Analysts and admins set follow-ups.")

with promoters_tab:
    promoters = load_promoters(filters)
    st.caption("Respondents who gave 9 or 10, left a comment and can be contacted: their newest such answer.")
    if promoters.empty:
        st.info("No promoter with a comment and an e-mail under these filters.")
    else:
        shown = masked_comments(promoters.copy(), masked=comment_masking())
        if not can_write:
            shown["name"] = shown["name"].map(mask_name)
            shown["email"] = shown["email"].map(mask_email)
            shown["customer_id"] = ""
        st.dataframe(
            shown.assign(responded_at=[as_utc_text(t) for t in shown["responded_at"]]).drop(columns=["respondent_id"]),
            hide_index=True,
            column_config={
                "responded_at": "Answered",
                "score": st.column_config.NumberColumn("Score", format="%d"),
                "name": "Name",
                "email": "E-mail",
                "customer_id": "Customer id",
                "survey": "Survey",
                "comment": st.column_config.TextColumn("Comment", width="large"),
            },
        )
        if can_write:
            export = promoters.drop(columns=["respondent_id"])
            buttons = st.columns(2)
            buttons[0].download_button(
                "Download CSV",
                data=lambda: responses_csv([export]),
                file_name="promoters.csv",
                mime="text/csv",
                icon=":material/download:",
                key="follow_ups_csv",
            )
            buttons[1].download_button(
                "Download Excel",
                data=lambda: responses_xlsx([export]),
                file_name="promoters.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                icon=":material/download:",
                key="follow_ups_xlsx",
            )
        else:
            st.caption("Contacts are masked and the export is for analysts and admins.")
