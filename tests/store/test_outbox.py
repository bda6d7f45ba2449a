"""The outbox: e-mails and webhook calls are queued, delivered once, and kept with their reason when delivery fails."""

import pytest
from sqlmodel import Session

from nps import outbox
from nps.mail_settings import MailSettingsError, SmtpSettings, parse_smtp_url, save_smtp_settings, smtp_settings


def _queue_mail(engine, subject: str, to: str = "ops@example.com") -> int:
    with Session(engine) as session:
        row = outbox.queue_email(
            outbox.build_email([to], subject, f"Body of {subject} – zażółć"),
            purpose="test",
            actor="ana",
            session=session,
        )
        session.commit()
        return row.id


def test_a_queued_email_arrives_once_through_a_real_smtp_server_with_login(engine, smtp_server):
    _queue_mail(engine, "Hello")
    first = outbox.deliver_pending(engine=engine)
    second = outbox.deliver_pending(engine=engine)
    assert (first.sent, first.failed, second.sent) == (1, 0, 0)
    assert [m["Subject"] for m in smtp_server.received] == ["Hello"]
    assert smtp_server.received[0].get_content().strip() == "Body of Hello – zażółć"
    assert smtp_server.envelopes == [("nps@example.com", ["ops@example.com"])]
    rows = outbox.outbox_rows(engine=engine)
    assert rows[["status", "attempts"]].values.tolist() == [["sent", 1]]


def test_a_stopped_smtp_server_leaves_the_messages_queued_and_the_next_run_sends_each_once(engine, smtp_server):
    smtp_server.stop()
    for subject in ("One", "Two"):
        _queue_mail(engine, subject)
    failed = outbox.deliver_pending(engine=engine)
    assert (failed.sent, failed.failed) == (0, 2)
    rows = outbox.outbox_rows(engine=engine)
    assert set(rows["status"]) == {"failed"}
    assert all("refused" in reason for reason in rows["last_error"])
    smtp_server.start()
    retried = outbox.deliver_pending(engine=engine)
    again = outbox.deliver_pending(engine=engine)
    assert (retried.sent, retried.failed, again.sent) == (2, 0, 0)
    assert sorted(m["Subject"] for m in smtp_server.received) == ["One", "Two"]
    rows = outbox.outbox_rows(engine=engine)
    assert rows["status"].tolist() == ["sent", "sent"] and rows["last_error"].isna().all()


def test_a_message_claimed_by_another_run_is_not_sent_again(engine, smtp_server):
    message_id = _queue_mail(engine, "Claimed")
    assert outbox._claim(message_id, engine=engine)
    assert outbox.deliver_pending(engine=engine).sent == 0
    assert smtp_server.received == []


def test_a_webhook_gets_the_json_body_and_an_error_answer_is_retried(engine, webhook_receiver):
    webhook_receiver.status = 500
    with Session(engine) as session:
        outbox.queue_webhook(
            webhook_receiver.url,
            {"text": "3 new detractors"},
            subject="Alert",
            purpose="alert",
            actor="ana",
            session=session,
        )
        session.commit()
    failed = outbox.deliver_pending(engine=engine, settings=None)
    assert failed.failed == 1 and "HTTP 500" in failed.errors[0]
    webhook_receiver.status = 200
    assert outbox.deliver_pending(engine=engine).sent == 1
    assert webhook_receiver.bodies == [{"text": "3 new detractors"}]


def test_without_smtp_settings_the_email_waits_with_the_reason(engine, monkeypatch):
    monkeypatch.delenv("NPS_SMTP_URL", raising=False)
    _queue_mail(engine, "Waiting")
    report = outbox.deliver_pending(engine=engine)
    assert report.failed == 1 and "not set up" in report.errors[0]


def test_the_smtp_url_gives_host_port_login_and_security():
    settings = parse_smtp_url("smtps://me%40corp.com:p%40ss@mail.corp.com")
    assert (settings.host, settings.port, settings.security, settings.username, settings.password) == (
        "mail.corp.com",
        465,
        "tls",
        "me@corp.com",
        "p@ss",
    )
    assert settings.from_address == "me@corp.com"
    assert parse_smtp_url("smtp://h:2525?starttls=1").security == "starttls"
    assert "p@ss" not in settings.describe()
    with pytest.raises(MailSettingsError):
        parse_smtp_url("http://mail.corp.com")


def test_settings_saved_on_the_admin_page_keep_the_password_when_it_is_left_empty(engine, monkeypatch):
    monkeypatch.delenv("NPS_SMTP_URL", raising=False)
    with Session(engine) as session:
        save_smtp_settings(SmtpSettings("mail.corp.com", 587, "starttls", "bot", "pw-1"), session=session)
        save_smtp_settings(SmtpSettings("mail.corp.com", 2525, "starttls", "bot", ""), session=session)
        session.commit()
    settings = smtp_settings(engine=engine)
    assert (settings.port, settings.password) == (2525, "pw-1")


def test_an_address_without_at_sign_is_refused():
    with pytest.raises(outbox.OutboxError):
        outbox.build_email(["nobody"], "x", "y")
