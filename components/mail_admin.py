"""Admin pieces for sending mail: SMTP settings (password never shown back), a test e-mail, the outbox."""

from __future__ import annotations

import streamlit as st

from components.datasource import get_engine, write
from components.i18n import _, count_words, ngettext, translated_error
from nps import outbox
from nps.comments import as_utc_text
from nps.i18n import N_
from nps.mail_settings import (
    SECURITY_MODES,
    MailSettingsError,
    SmtpSettings,
    mail_settings_form,
    save_mail_settings,
    smtp_from_environment,
)

OUTBOX_STATUSES = {"pending": N_("pending"), "sending": N_("sending"), "sent": N_("sent"), "failed": N_("failed")}
"""Outbox statuses as stored; shown translated."""


def render_smtp_settings(actor: str) -> None:
    engine = get_engine()
    try:
        from_environment = smtp_from_environment()
    except MailSettingsError as error:
        st.error(_("NPS_SMTP_URL cannot be used: {error}").format(error=translated_error(error)))
        from_environment = None
    stored, base = mail_settings_form(engine=engine)
    if from_environment is not None:
        st.info(
            _("Mail goes through NPS_SMTP_URL: {server}. The form below is used without it.").format(
                server=from_environment.describe()
            )
        )
    elif stored is None:
        st.warning(
            _("E-mail is not set up yet: nothing is sent until an SMTP server is saved here or in NPS_SMTP_URL.")
        )
    current = stored or SmtpSettings(host="", port=587, security="starttls")
    with st.form("admin_smtp"):
        host = st.text_input(_("SMTP host"), value=current.host, key="admin_smtp_host")
        port = st.number_input(
            _("Port"), min_value=1, max_value=65535, value=current.port, step=1, key="admin_smtp_port"
        )
        security = st.selectbox(
            _("Security"),
            SECURITY_MODES,
            index=SECURITY_MODES.index(current.security),
            format_func={mode: _("none") if mode == "none" else mode.upper() for mode in SECURITY_MODES}.__getitem__,
            key="admin_smtp_security",
        )
        username = st.text_input(_("Username"), value=current.username, key="admin_smtp_username")
        password = st.text_input(
            _("Password"),
            type="password",
            help=_("Stored in the database and never shown again; leave empty to keep the stored one."),
            key="admin_smtp_password",
        )
        sender = st.text_input(
            _("Sender address"), value=current.sender, placeholder="nps@example.com", key="admin_smtp_sender"
        )
        link_base = st.text_input(
            _("Address of this app (for links in messages)"), value=base, key="admin_smtp_link_base"
        )
        if st.form_submit_button(_("Save mail settings"), type="primary"):
            try:
                settings = (
                    SmtpSettings(host, int(port), security, username.strip(), password, sender)
                    if host.strip()
                    else None
                )
                write(save_mail_settings, settings, link_base)
            except (MailSettingsError, ValueError) as error:
                st.error(translated_error(error))
            else:
                st.toast(_("Mail settings saved."), icon=":material/check:")

    with st.form("admin_test_mail", clear_on_submit=False):
        address = st.text_input(_("Send a test e-mail to"), key="admin_test_mail_address")
        if st.form_submit_button(_("Send test e-mail")):
            try:
                write(outbox.queue_test_email, address, actor=actor)
            except outbox.OutboxError as error:
                st.error(translated_error(error))
            else:
                _deliver_now()


def _deliver_now() -> None:
    with st.spinner(_("Sending…")):
        report = outbox.deliver_pending(engine=get_engine())
    if report.failed:
        st.error(
            count_words(
                report.failed,
                ngettext(
                    "{count} message could not be sent; it stays in the outbox and is retried.",
                    "{count} messages could not be sent; they stay in the outbox and are retried.",
                    report.failed,
                ),
            )
        )
        for reason in report.errors[:10]:
            st.text(reason)
    if report.sent:
        st.success(count_words(report.sent, ngettext("{count} message sent.", "{count} messages sent.", report.sent)))
    if not report.sent and not report.failed:
        st.info(_("Nothing was waiting to be sent."))


def render_outbox() -> None:
    rows = outbox.outbox_rows(engine=get_engine())
    waiting = int(rows["status"].isin(["pending", "failed"]).sum()) if not rows.empty else 0
    stuck = int((rows["status"] == "sending").sum()) if not rows.empty else 0
    failed = rows[rows["status"] == "failed"] if not rows.empty else rows
    if not failed.empty:
        st.error(
            count_words(
                len(failed),
                ngettext(
                    "{count} message failed; the reason: {reason}",
                    "{count} messages failed; the newest reason: {reason}",
                    len(failed),
                ),
                reason=failed["last_error"].iloc[0],
            )
        )
    if stuck:
        st.warning(
            count_words(
                stuck,
                ngettext(
                    "{count} message was being sent when a delivery run stopped; it is not resent automatically "
                    "(it may have arrived). Check with the recipient.",
                    "{count} messages were being sent when a delivery run stopped; they are not resent "
                    "automatically (they may have arrived). Check with the recipients.",
                    stuck,
                ),
            )
        )
    deliver = _("Deliver waiting messages now ({count})").format(count=waiting)
    if st.button(deliver, key="admin_deliver", disabled=not waiting):
        _deliver_now()
    if rows.empty:
        st.info(_("No message has been queued yet."))
        return
    st.dataframe(
        rows.assign(
            created_at=[as_utc_text(t) for t in rows["created_at"]],
            sent_at=[as_utc_text(t) if t is not None and t == t else "" for t in rows["sent_at"]],
            status=[_(OUTBOX_STATUSES[s]) if s in OUTBOX_STATUSES else s for s in rows["status"]],
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "id": st.column_config.NumberColumn("#", format="%d"),
            "created_at": _("Queued"),
            "channel": _("Channel"),
            "target": _("To"),
            "subject": _("Subject"),
            "purpose": _("Purpose"),
            "status": _("Status"),
            "attempts": st.column_config.NumberColumn(_("Attempts"), format="%d"),
            "last_error": st.column_config.TextColumn(_("Last error"), width="large"),
            "sent_at": _("Sent"),
        },
    )
