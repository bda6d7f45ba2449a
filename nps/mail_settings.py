"""Where the product sends e-mail from: `NPS_SMTP_URL`, else the settings an admin saved on the Admin page.

The URL form is `smtp://user:password@host:port` (`smtps://` for TLS from the first byte, `?starttls=1` to upgrade a
plain connection, `?from=ADDRESS` for the sender). The stored password is never handed back to a page.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Engine
from sqlmodel import Session

from nps import app_links
from nps.i18n import N_, TranslatableError
from nps.store import get_setting, set_setting

SMTP_URL_VARIABLE = "NPS_SMTP_URL"
SMTP_SETTING = "smtp"
SECURITY_MODES = ("none", "starttls", "tls")


class MailSettingsError(TranslatableError):
    """SMTP settings that cannot be used; the message says which part is wrong."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str = "none"
    """`none`, `starttls` (upgrade after connecting) or `tls` (implicit TLS, usually port 465)."""
    username: str = ""
    password: str = ""
    sender: str = ""

    @property
    def from_address(self) -> str:
        if self.sender:
            return self.sender
        return self.username if "@" in self.username else f"nps@{self.host}"

    def describe(self) -> str:
        """The settings without the password, for pages and logs."""
        login = f"{self.username}@" if self.username else ""
        return f"{login}{self.host}:{self.port} ({self.security}), from {self.from_address}"


def validate(settings: SmtpSettings) -> SmtpSettings:
    if not settings.host.strip():
        raise MailSettingsError(N_("The SMTP server needs a host name."))
    if not 0 < settings.port < 65536:
        raise MailSettingsError(N_("The SMTP port is a number from 1 to 65535."))
    if settings.security not in SECURITY_MODES:
        raise MailSettingsError(N_("Security must be one of {modes}."), modes=", ".join(SECURITY_MODES))
    if settings.sender and "@" not in settings.sender:
        raise MailSettingsError(N_("The sender must be an e-mail address."))
    return replace(settings, host=settings.host.strip(), sender=settings.sender.strip())


def parse_smtp_url(url: str) -> SmtpSettings:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps"):
        raise MailSettingsError(N_("{variable} must start with smtp:// or smtps://"), variable=SMTP_URL_VARIABLE)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    security = "tls" if parts.scheme == "smtps" else "starttls" if query.get("starttls") in ("1", "true") else "none"
    try:
        port = parts.port or (465 if security == "tls" else 587 if security == "starttls" else 25)
    except ValueError as error:
        raise MailSettingsError(N_("{variable} has an invalid port"), variable=SMTP_URL_VARIABLE) from error
    return validate(
        SmtpSettings(
            host=parts.hostname or "",
            port=port,
            security=security,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            sender=query.get("from", ""),
        )
    )


def stored_smtp_settings(*, session: Session) -> SmtpSettings | None:
    raw = get_setting(SMTP_SETTING, session=session)
    return SmtpSettings(**json.loads(raw)) if raw else None


def save_smtp_settings(settings: SmtpSettings, *, session: Session) -> None:
    """Store what the Admin page entered; an empty password keeps the one stored before."""
    settings = validate(settings)
    if not settings.password:
        previous = stored_smtp_settings(session=session)
        if previous is not None and settings.username == previous.username:
            settings = replace(settings, password=previous.password)
    set_setting(SMTP_SETTING, json.dumps(asdict(settings)), session=session)


def smtp_from_environment() -> SmtpSettings | None:
    url = os.environ.get(SMTP_URL_VARIABLE, "").strip()
    return parse_smtp_url(url) if url else None


def smtp_settings(*, engine: Engine) -> SmtpSettings | None:
    """The settings in force: the environment wins over the Admin page; None when mail is not set up."""
    from_environment = smtp_from_environment()
    if from_environment is not None:
        return from_environment
    with Session(engine) as session:
        return stored_smtp_settings(session=session)


def mail_settings_form(*, engine: Engine) -> tuple[SmtpSettings | None, str]:
    """What the Admin form starts from: the stored SMTP settings and the app's address for links."""
    with Session(engine) as session:
        return stored_smtp_settings(session=session), app_links.base_url(session=session)


def save_mail_settings(settings: SmtpSettings | None, link_base: str, *, engine: Engine) -> None:
    """The Admin form's unit of work: SMTP settings (None keeps the stored ones) and the app's address."""
    with Session(engine) as session, session.begin():
        if settings is not None:
            save_smtp_settings(settings, session=session)
        app_links.set_base_url(link_base, session=session)
