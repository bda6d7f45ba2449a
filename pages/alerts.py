"""Alerts: rules that announce newly imported responses (by e-mail and/or a Slack or Teams webhook), once per import."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import current_role, require_role
from components.datasource import get_engine, load_attributes, load_comment_choices, load_owner_names, write
from components.i18n import _, count_words, current_language, ngettext, translated_error
from nps import alerts, followups, outbox
from nps.filters import Filters

username = require_role("analyst")
role = current_role()
engine = get_engine()
st.title(_("Alerts"))
st.caption(
    _(
        "After every import (Upload or the command line) and its comment analysis, each rule sends one message "
        "listing the new responses it matches, with a link to each. Messages go through the outbox (Admin → Outbox)."
    )
)

rules = alerts.list_rules(engine=engine)
if rules:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    _("Name"): rule.name,
                    _("Matches"): alerts.describe(rule, current_language()),
                    _("E-mail to"): rule.mail_to,
                    _("Webhook"): rule.webhook_url,
                    _("Opens follow-ups"): rule.create_follow_ups,
                    _("Owner"): rule.follow_up_owner,
                    _("By"): rule.created_by,
                }
                for rule in rules
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    names = [rule.name for rule in rules]
    chosen = st.selectbox(_("Rule"), names, key="alerts_chosen")
    buttons = st.columns([1, 1, 4])
    if buttons[0].button(_("Send a test for the latest import"), key="alerts_test"):
        try:
            outcome = alerts.send_test(chosen, engine=engine, actor=username, role=role)
        except (alerts.AlertError, PermissionError) as error:
            st.error(translated_error(error))
        else:
            report = outbox.deliver_pending(engine=engine) if outcome.queued else None
            st.info(
                count_words(
                    outcome.matched,
                    ngettext(
                        "{count} response of the latest import matches.",
                        "{count} responses of the latest import match.",
                        outcome.matched,
                    ),
                )
            )
            if report is not None and report.failed:
                st.error(_("The test message could not be sent; it stays in the outbox."))
    if buttons[1].button(_("Remove"), key="alerts_remove"):
        write(alerts.remove_rule, chosen, role=role)
        st.toast(_("Removed {name}").format(name=chosen))
        st.rerun()
else:
    st.info(_("No alert rule yet."))

st.subheader(_("New rule"))
theme_dictionary = load_comment_choices(Filters())[2]
owners = load_owner_names()
with st.form("alerts_new", clear_on_submit=False):
    name = st.text_input(_("Name"), max_chars=100, key="alerts_name")
    when = st.text_input(
        _("When"),
        value="detractor",
        key="alerts_when",
        help=_("{terms} … joined by 'and'").format(terms="detractor, passive, promoter, negative, positive, score<=4"),
    )
    theme = st.selectbox(
        _("Theme"),
        ["", *sorted(n for n, _keywords in theme_dictionary.values())],
        format_func=lambda t: t or _("any"),
        key="alerts_theme",
    )
    attribute = st.selectbox(
        _("Segment"), ["", *load_attributes()], format_func=lambda a: a or _("any"), key="alerts_attribute"
    )
    values = st.text_input(_("Segment values (comma-separated)"), key="alerts_values")
    search = st.text_input(_("Comment contains"), key="alerts_search")
    mail_to = st.text_input(_("E-mail to (comma-separated)"), key="alerts_mail_to")
    webhook = st.text_input(_("Webhook URL (Slack or Teams incoming webhook)"), key="alerts_webhook")
    open_follow_ups = st.checkbox(_("Open a follow-up for each matching response"), key="alerts_open_follow_ups")
    owner = st.selectbox(
        _("Owner of those follow-ups"),
        ["", *owners],
        format_func=lambda o: o or _("unassigned"),
        key="alerts_owner",
    )
    if st.form_submit_button(_("Add rule"), type="primary"):
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
            st.error(translated_error(error))
        else:
            st.toast(_("Added {name}").format(name=name))
            st.rerun()
