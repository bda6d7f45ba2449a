"""Alerts: rules that announce newly imported responses (by e-mail and/or a Slack or Teams webhook), once per import."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import current_role, require_role
from components.datasource import get_engine, load_attributes, load_comment_choices, load_owner_names, write
from nps import alerts, followups, outbox
from nps.filters import Filters

username = require_role("analyst")
role = current_role()
engine = get_engine()
st.title("Alerts")
st.caption(
    "After every import (Upload or the command line) and its comment analysis, each rule sends one message listing "
    "the new responses it matches, with a link to each. Messages go through the outbox (Admin → Outbox)."
)

rules = alerts.list_rules(engine=engine)
if rules:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Name": rule.name,
                    "Matches": alerts.describe(rule),
                    "E-mail to": rule.mail_to,
                    "Webhook": rule.webhook_url,
                    "Opens follow-ups": rule.create_follow_ups,
                    "Owner": rule.follow_up_owner,
                    "By": rule.created_by,
                }
                for rule in rules
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    names = [rule.name for rule in rules]
    chosen = st.selectbox("Rule", names, key="alerts_chosen")
    buttons = st.columns([1, 1, 4])
    if buttons[0].button("Send a test for the latest import", key="alerts_test"):
        try:
            outcome = alerts.send_test(chosen, engine=engine, actor=username, role=role)
        except (alerts.AlertError, PermissionError) as error:
            st.error(str(error))
        else:
            report = outbox.deliver_pending(engine=engine) if outcome.queued else None
            st.info(f"{outcome.matched} responses of the latest import match.")
            if report is not None and report.failed:
                st.error("The test message could not be sent; it stays in the outbox.")
    if buttons[1].button("Remove", key="alerts_remove"):
        write(alerts.remove_rule, chosen, role=role)
        st.toast(f"Removed {chosen}")
        st.rerun()
else:
    st.info("No alert rule yet.")

st.subheader("New rule")
_, _, theme_dictionary = load_comment_choices(Filters())
owners = load_owner_names()
with st.form("alerts_new", clear_on_submit=False):
    name = st.text_input("Name", max_chars=100)
    when = st.text_input(
        "When", value="detractor", help="detractor, passive, promoter, negative, positive, score<=4 … joined by 'and'"
    )
    theme = st.selectbox(
        "Theme", ["", *sorted(n for n, _ in theme_dictionary.values())], format_func=lambda t: t or "any"
    )
    attribute = st.selectbox("Segment", ["", *load_attributes()], format_func=lambda a: a or "any")
    values = st.text_input("Segment values (comma-separated)")
    search = st.text_input("Comment contains")
    mail_to = st.text_input("E-mail to (comma-separated)")
    webhook = st.text_input("Webhook URL (Slack or Teams incoming webhook)")
    open_follow_ups = st.checkbox("Open a follow-up for each matching response")
    owner = st.selectbox("Owner of those follow-ups", ["", *owners], format_func=lambda o: o or "unassigned")
    if st.form_submit_button("Add rule", type="primary"):
        where = [(attribute, [v.strip() for v in values.split(",") if v.strip()])] if attribute and values else []
        try:
            write(
                alerts.save_rule,
                name,
                when=when,
                actor=username,
                role=role,
                theme=theme,
                where=where,
                search=search,
                mail_to=[a for a in mail_to.split(",") if a.strip()],
                webhook_url=webhook,
                create_follow_ups=open_follow_ups,
                follow_up_owner=owner,
            )
        except (alerts.AlertError, outbox.OutboxError, followups.FollowUpError, PermissionError) as error:
            st.error(str(error))
        else:
            st.toast(f"Added {name}")
            st.rerun()
