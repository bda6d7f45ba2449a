"""Admin pieces for sending mail: SMTP settings (password never shown back), a test e-mail, the outbox."""

from __future__ import annotations

import streamlit as st

from components.datasource import get_engine, write
from nps import outbox
from nps.comments import as_utc_text
from nps.mail_settings import (
    SECURITY_MODES,
    MailSettingsError,
    SmtpSettings,
    mail_settings_form,
    save_mail_settings,
    smtp_from_environment,
)


def render_smtp_settings(actor: str) -> None:
    engine = get_engine()
    try:
        from_environment = smtp_from_environment()
    except MailSettingsError as error:
        st.error(f"NPS_SMTP_URL cannot be used: {error}")
        from_environment = None
    stored, base = mail_settings_form(engine=engine)
    if from_environment is not None:
        st.info(f"Mail goes through NPS_SMTP_URL: {from_environment.describe()}. The form below is used without it.")
    elif stored is None:
        st.warning("E-mail is not set up yet: nothing is sent until an SMTP server is saved here or in NPS_SMTP_URL.")
    current = stored or SmtpSettings(host="", port=587, security="starttls")
    with st.form("admin_smtp"):
        host = st.text_input("SMTP host", value=current.host)
        port = st.number_input("Port", min_value=1, max_value=65535, value=current.port, step=1)
        security = st.selectbox("Security", SECURITY_MODES, index=SECURITY_MODES.index(current.security))
        username = st.text_input("Username", value=current.username)
        password = st.text_input(
            "Password",
            type="password",
            help="Stored in the database and never shown again; leave empty to keep the stored one.",
        )
        sender = st.text_input("Sender address", value=current.sender, placeholder="nps@example.com")
        link_base = st.text_input("Address of this app (for links in messages)", value=base)
        if st.form_submit_button("Save mail settings", type="primary"):
            try:
                settings = (
                    SmtpSettings(host, int(port), security, username.strip(), password, sender)
                    if host.strip()
                    else None
                )
                write(save_mail_settings, settings, link_base)
            except (MailSettingsError, ValueError) as error:
                st.error(str(error))
            else:
                st.toast("Mail settings saved.", icon=":material/check:")

    with st.form("admin_test_mail", clear_on_submit=False):
        address = st.text_input("Send a test e-mail to")
        if st.form_submit_button("Send test e-mail"):
            try:
                write(outbox.queue_test_email, address, actor=actor)
            except outbox.OutboxError as error:
                st.error(str(error))
            else:
                _deliver_now()


def _deliver_now() -> None:
    with st.spinner("Sending…"):
        report = outbox.deliver_pending(engine=get_engine())
    if report.failed:
        st.error(f"{report.failed} message(s) could not be sent; they stay in the outbox and are retried.")
        for reason in report.errors[:10]:
            st.text(reason)
    if report.sent:
        st.success(f"{report.sent} message(s) sent.")
    if not report.sent and not report.failed:
        st.info("Nothing was waiting to be sent.")


def render_outbox() -> None:
    rows = outbox.outbox_rows(engine=get_engine())
    waiting = int(rows["status"].isin(["pending", "failed"]).sum()) if not rows.empty else 0
    stuck = int((rows["status"] == "sending").sum()) if not rows.empty else 0
    failed = rows[rows["status"] == "failed"] if not rows.empty else rows
    if not failed.empty:
        st.error(f"{len(failed)} message(s) failed; the newest reason: {failed['last_error'].iloc[0]}")
    if stuck:
        st.warning(
            f"{stuck} message(s) were being sent when a delivery run stopped; they are not resent automatically "
            "(they may have arrived). Check with the recipients."
        )
    if st.button(f"Deliver waiting messages now ({waiting})", key="admin_deliver", disabled=not waiting):
        _deliver_now()
    if rows.empty:
        st.info("No message has been queued yet.")
        return
    st.dataframe(
        rows.assign(
            created_at=[as_utc_text(t) for t in rows["created_at"]],
            sent_at=[as_utc_text(t) if t is not None and t == t else "" for t in rows["sent_at"]],
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "id": st.column_config.NumberColumn("#", format="%d"),
            "created_at": "Queued",
            "channel": "Channel",
            "target": "To",
            "subject": "Subject",
            "purpose": "Purpose",
            "status": "Status",
            "attempts": st.column_config.NumberColumn("Attempts", format="%d"),
            "last_error": st.column_config.TextColumn("Last error", width="large"),
            "sent_at": "Sent",
        },
    )
