"""Follow-ups: the closed-loop figures, the work queue (owner, status, overdue, my queue) and promoters to ask."""

from __future__ import annotations

import streamlit as st

from components.auth import current_role, require_role
from components.closed_loop import render_closed_loop_figures, render_queue_table
from components.comment_card import (
    contact_line,
    inject_comment_styles,
    render_comment_text,
    render_follow_up_form,
    render_profile_link,
)
from components.datasource import (
    load_closed_loop_figures,
    load_follow_up_queue,
    load_owner_names,
    load_promoters,
)
from components.drill import back_to, open_responses
from components.filters import current_view, render_view_caption
from components.i18n import _, count_words, current_language, follow_up_status_name, ngettext
from components.privacy import comment_masking, masked_comments
from nps.closed_loop import CLOSED_STATUSES, OPEN_STATUSES, QUEUE_STATUSES, QueueChoice
from nps.comments import as_utc_text, mask_email, mask_name
from nps.exports import responses_csv, responses_xlsx
from nps.i18n import format_number
from nps.models import utc_now
from nps.users import role_allows

ANYONE, UNASSIGNED = "Anyone", "Unassigned"  # owner choices that are no username; shown translated

username = require_role("viewer")
role = current_role()
can_write = role_allows(role, "analyst")
view = current_view()
filters = view.filters
inject_comment_styles()

st.title(_("Follow-ups"))
render_view_caption()
this_minute = utc_now().replace(second=0, microsecond=0)  # overdue moves with the clock, not only with the data
figures = load_closed_loop_figures(filters, now=this_minute)
picked_owner = render_closed_loop_figures(figures)
back = back_to(view, "pages/follow_ups.py", "Follow-ups")
if picked_owner is not None:
    open_responses(back, queue=QueueChoice(owner=picked_owner, statuses=OPEN_STATUSES))
opener = st.container(horizontal=True, vertical_alignment="center", key="follow_ups_open")
opener.caption(_("Read the responses behind these figures:"))
lang = current_language()
for name, label, part in (
    ("open", _("{count} open"), QueueChoice(statuses=OPEN_STATUSES)),
    ("overdue", _("{count} overdue"), QueueChoice(statuses=OPEN_STATUSES, overdue_only=True)),
    ("closed", _("{count} closed"), QueueChoice(statuses=CLOSED_STATUSES)),
):
    label = label.format(count=format_number(getattr(figures, name), lang, decimals=0))
    if opener.button(label, key=f"follow_ups_open_{name}", type="tertiary"):
        open_responses(back, queue=part)
queue_tab, promoters_tab = st.tabs([_("Work queue"), _("Promoters to ask for a review")])

with queue_tab:
    owner_names = load_owner_names()
    controls = st.columns([1, 1.2, 2.4, 1])
    mine = controls[0].toggle(_("My queue"), key="follow_ups_mine", disabled=username not in owner_names)
    owner_words = {ANYONE: _("Anyone"), UNASSIGNED: _("Unassigned")}
    owner_choice = controls[1].selectbox(
        _("Owner"),
        [ANYONE, UNASSIGNED, *owner_names],
        key="follow_ups_owner",
        disabled=mine,
        format_func=lambda owner: owner_words.get(owner, owner),
    )
    statuses = controls[2].multiselect(
        _("Status"),
        QUEUE_STATUSES,
        default=list(OPEN_STATUSES),
        key="follow_ups_statuses",
        format_func=follow_up_status_name,
    )
    overdue_only = controls[3].toggle(_("Overdue only"), key="follow_ups_overdue")
    st.caption(_("Segments, surveys and dates come from the filters in the sidebar."))
    owner = username if mine else {ANYONE: None, UNASSIGNED: ""}.get(owner_choice, owner_choice)
    part = QueueChoice(owner=owner, statuses=tuple(statuses), overdue_only=overdue_only)
    queue, total = load_follow_up_queue(filters, choice=part, now=this_minute)
    if queue.empty:
        st.success(_("Nothing in this part of the queue."))
    else:
        heading = st.columns([4, 1], vertical_alignment="bottom")
        if total > len(queue):
            first = format_number(len(queue), lang, decimals=0)
            heading[0].subheader(
                count_words(
                    total,
                    ngettext(
                        "{count} follow-up, overdue first, then oldest (showing the first {shown})",
                        "{count} follow-ups, overdue first, then oldest (showing the first {shown})",
                        total,
                    ),
                    shown=first,
                )
            )
        else:
            heading[0].subheader(
                count_words(
                    total,
                    ngettext(
                        "{count} follow-up, overdue first, then oldest (showing all)",
                        "{count} follow-ups, overdue first, then oldest (showing all)",
                        total,
                    ),
                )
            )
        read_these = count_words(
            total, ngettext("Read this {count} in Comments", "Read these {count} in Comments", total)
        )
        if heading[1].button(read_these, key="follow_ups_open_queue", icon=":material/forum:"):
            open_responses(back, queue=part)
        render_queue_table(masked_comments(queue, masked=comment_masking()), masked=not can_write)
        labels = {
            int(r.response_id): " · ".join(
                [
                    f"#{int(r.response_id)}",
                    _("score {score}").format(score=int(r.score)),
                    follow_up_status_name(r.status),
                    r.owner or _("unassigned"),
                    *([_("overdue")] if r.overdue else []),
                ]
            )
            for r in queue.itertuples()
        }
        asked = st.query_params.get("response", "")
        ids = list(labels)
        start = ids.index(int(asked)) if asked.isdigit() and int(asked) in labels else 0
        chosen = st.selectbox(_("Work on"), ids, index=start, format_func=labels.get, key="follow_ups_chosen")
        row = queue.set_index("response_id").loc[chosen]
        with st.container(border=True):
            st.caption(
                _("Score {score} · answered {time}").format(
                    score=int(row["score"]), time=as_utc_text(row["responded_at"])
                )
            )
            render_comment_text(int(chosen), row["comment"], None)
            contact = contact_line(row["name"], row["email"], masked=not can_write)
            if contact:
                st.text(contact)
            render_profile_link(row["respondent_id"])
            if can_write:
                render_follow_up_form(int(chosen), actor=username, role=role, key="follow_ups_form")
            else:
                st.caption(_("Analysts and admins set follow-ups."))

with promoters_tab:
    promoters = load_promoters(filters)
    st.caption(_("Respondents who gave 9 or 10, left a comment and can be contacted: their newest such answer."))
    if promoters.empty:
        st.info(_("No promoter with a comment and an e-mail under these filters."))
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
                "responded_at": _("Answered"),
                "score": st.column_config.NumberColumn(_("Score"), format="%d"),
                "name": _("Full name"),
                "email": _("E-mail"),
                "customer_id": _("Customer id"),
                "survey": _("Survey"),
                "comment": st.column_config.TextColumn(_("Comment"), width="large"),
            },
        )
        if can_write:
            export = promoters.drop(columns=["respondent_id"])
            buttons = st.columns(2)
            buttons[0].download_button(
                _("Download CSV"),
                data=lambda: responses_csv([export]),
                file_name="promoters.csv",
                mime="text/csv",
                icon=":material/download:",
                key="follow_ups_csv",
            )
            buttons[1].download_button(
                _("Download Excel"),
                data=lambda: responses_xlsx([export]),
                file_name="promoters.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                icon=":material/download:",
                key="follow_ups_xlsx",
            )
        else:
            st.caption(_("Contacts are masked and the export is for analysts and admins."))
