"""Links from messages back into the app: the base URL the app is reached at, and the page a response opens on."""

from __future__ import annotations

import os
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session

from nps.store import get_setting, set_setting

BASE_URL_VARIABLE = "NPS_BASE_URL"
BASE_URL_SETTING = "app_base_url"
DEFAULT_BASE_URL = "http://localhost:8501"


def base_url(*, session: Session) -> str:
    """The Admin page's setting, else NPS_BASE_URL, else Streamlit's local default."""
    stored = get_setting(BASE_URL_SETTING, session=session)
    return (stored or os.environ.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL).rstrip("/")


def set_base_url(url: str, *, session: Session) -> None:
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("The app's address starts with https:// (or http://) and names a host.")
    set_setting(BASE_URL_SETTING, url, session=session)


def follow_up_link(base: str, response_id: int) -> str:
    """Follow-ups opens with this response chosen."""
    return f"{base}/follow_ups?{urlencode({'response': response_id})}"
