"""Every e-mail and webhook call is queued first and sent by a delivery run, so none is lost or sent twice.

A run claims each pending or failed message with a conditional update committed before sending (a second run
finds it claimed and skips it), then records `sent` or `failed` with the reason. Failed messages are retried by
the next run. A message left `sending` (the process died mid-send) is shown to admins and never resent blindly.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

import pandas as pd
from sqlalchemy import Engine, select, update
from sqlmodel import Session

from nps.i18n import N_, TranslatableError
from nps.mail_settings import SmtpSettings, smtp_settings
from nps.models import OutboxMessage, utc_now

RETRIED_STATUSES = ("pending", "failed")
TIMEOUT_SECONDS = 20
MAX_ERROR_LENGTH = 2000


class OutboxError(TranslatableError):
    """A message that cannot be queued (bad address or URL); the message is for the person asking."""


@dataclass(frozen=True)
class Attachment:
    file_name: str
    content: bytes
    mime_type: str
    inline_id: str | None = None
    """Content-ID for an image the HTML body shows with `cid:`; None for an ordinary attachment."""


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    errors: tuple[str, ...] = field(default=())


def check_addresses(addresses: Sequence[str]) -> list[str]:
    cleaned = [a.strip() for a in addresses if a and a.strip()]
    if not cleaned:
        raise OutboxError(N_("Give at least one e-mail address."))
    bad = [a for a in cleaned if "@" not in a or any(c in a for c in " ,;<>\r\n")]
    if bad:
        raise OutboxError(N_("Not an e-mail address: {addresses}"), addresses=", ".join(bad))
    return cleaned


def check_webhook_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboxError(N_("A webhook URL starts with https:// (or http://) and names a host."))
    return url


def build_email(
    to: Sequence[str],
    subject: str,
    text: str,
    *,
    html: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    """A complete message; the sender is filled in at delivery from the settings then in force."""
    message = EmailMessage()
    message["To"] = ", ".join(check_addresses(to))
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain="nps.local")
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
        html_part = message.get_payload()[-1]
        for item in attachments:
            if item.inline_id:
                maintype, subtype = item.mime_type.split("/", 1)
                html_part.add_related(
                    item.content, maintype=maintype, subtype=subtype, cid=f"<{item.inline_id}>", filename=item.file_name
                )
    for item in attachments:
        if not item.inline_id:
            maintype, subtype = item.mime_type.split("/", 1)
            message.add_attachment(item.content, maintype=maintype, subtype=subtype, filename=item.file_name)
    return message


def queue_email(
    message: EmailMessage, *, purpose: str, actor: str, session: Session, dedup_key: str | None = None
) -> OutboxMessage:
    row = OutboxMessage(
        channel="email",
        target=str(message["To"]),
        subject=str(message["Subject"] or ""),
        payload=message.as_string(policy=policy.SMTP),
        purpose=purpose,
        dedup_key=dedup_key,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    return row


def queue_test_email(address: str, *, actor: str, engine: Engine) -> None:
    """A test e-mail as its own transaction (Admin page, CLI): queued, then sent by `deliver_pending`."""
    message = build_email([address], "NPS dashboard: test e-mail", f"This test e-mail was sent by {actor}.")
    with Session(engine) as session, session.begin():
        queue_email(message, purpose="test", actor=actor, session=session)


def queue_webhook(url: str, body: dict, *, subject: str, purpose: str, actor: str, session: Session) -> OutboxMessage:
    """`body` is sent as JSON; `{"text": ...}` is what Slack and Teams incoming webhooks accept."""
    row = OutboxMessage(
        channel="webhook",
        target=check_webhook_url(url),
        subject=subject,
        payload=json.dumps(body, ensure_ascii=False),
        purpose=purpose,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    return row


def _claim(message_id: int, *, engine: Engine) -> bool:
    with engine.begin() as connection:
        claimed = connection.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status.in_(RETRIED_STATUSES))  # type: ignore[attr-defined]
            .values(status="sending", attempts=OutboxMessage.attempts + 1, last_attempt_at=utc_now())
        )
        return claimed.rowcount == 1


def _finish(message_id: int, error: str | None, *, engine: Engine) -> None:
    if error is None:
        values = {"status": "sent", "sent_at": utc_now(), "last_error": None}
    else:
        values = {"status": "failed", "last_error": error[:MAX_ERROR_LENGTH]}
    with engine.begin() as connection:
        connection.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))


class _SmtpConnection:
    """One SMTP session per delivery run, opened at the first e-mail; if it cannot be opened, every e-mail of
    the run fails with that reason at once instead of waiting for the server again."""

    def __init__(self, settings: SmtpSettings | None) -> None:
        self.settings = settings
        self.client: smtplib.SMTP | None = None
        self.open_error: Exception | None = None

    def send(self, raw: str) -> None:
        if self.settings is None:
            raise OutboxError(N_("E-mail is not set up: set NPS_SMTP_URL or the SMTP settings on the Admin page."))
        if self.open_error is not None:
            raise self.open_error
        if self.client is None:
            try:
                self.client = self._open(self.settings)
            except (OSError, smtplib.SMTPException) as error:
                self.open_error = error
                raise
        message = message_from_string(raw, policy=policy.SMTP)
        del message["From"]
        message["From"] = self.settings.from_address
        self.client.send_message(message)

    @staticmethod
    def _open(settings: SmtpSettings) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if settings.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
            if settings.security == "starttls":
                client.starttls(context=context)
        if settings.username:
            client.login(settings.username, settings.password)
        return client

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except smtplib.SMTPException:
                self.client.close()


def _post_webhook(url: str, body: str) -> None:
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as reply:
        reply.read()


def _reason(error: Exception) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"the webhook answered HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        return f"the webhook could not be reached: {error.reason}"
    if isinstance(error, ConnectionRefusedError):
        return "the SMTP server refused the connection (is it running, is the host and port right?)"
    return f"{type(error).__name__}: {error}"


def deliver_pending(*, engine: Engine, settings: SmtpSettings | None = None, limit: int = 500) -> DeliveryReport:
    """Send what is pending or failed, oldest first; each message's outcome is committed on its own."""
    settings = settings or smtp_settings(engine=engine)
    with Session(engine) as session:
        ids = list(
            session.execute(
                select(OutboxMessage.id)
                .where(OutboxMessage.status.in_(RETRIED_STATUSES))  # type: ignore[attr-defined]
                .order_by(OutboxMessage.id)
                .limit(limit)
            ).scalars()
        )
    smtp = _SmtpConnection(settings)
    sent, errors = 0, []
    try:
        for message_id in ids:
            if not _claim(message_id, engine=engine):
                continue
            with Session(engine) as session:
                message = session.get(OutboxMessage, message_id)
                channel, target, payload = message.channel, message.target, message.payload
            try:
                if channel == "email":
                    smtp.send(payload)
                else:
                    _post_webhook(target, payload)
            except (OSError, smtplib.SMTPException, OutboxError) as error:
                reason = _reason(error)
                _finish(message_id, reason, engine=engine)
                errors.append(f"#{message_id} to {target}: {reason}")
            else:
                _finish(message_id, None, engine=engine)
                sent += 1
    finally:
        smtp.close()
    return DeliveryReport(sent=sent, failed=len(errors), errors=tuple(errors))


OUTBOX_COLUMNS = [
    "id",
    "created_at",
    "channel",
    "target",
    "subject",
    "purpose",
    "status",
    "attempts",
    "last_error",
    "sent_at",
]


def outbox_rows(*, engine: Engine, statuses: Sequence[str] = (), limit: int = 200) -> pd.DataFrame:
    """Newest first; admins read failures and their reasons here."""
    columns = [getattr(OutboxMessage, name) for name in OUTBOX_COLUMNS]
    statement = select(*columns).order_by(OutboxMessage.id.desc()).limit(limit)  # type: ignore[union-attr]
    if statuses:
        statement = statement.where(OutboxMessage.status.in_(statuses))  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return pd.DataFrame(connection.execute(statement).all(), columns=OUTBOX_COLUMNS)
