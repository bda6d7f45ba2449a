"""Writes and deletes the sign-in cookie in the browser with a one-off script.

The cookie is read on the server from `st.context.cookies`; only writing needs the browser. The script asks the
app's cookie route (`components/auth_routes.py`, mounted by `server.py`) to set it HttpOnly; where the app runs
without that route (`streamlit run app.py`), it writes the cookie itself, without HttpOnly. The script runs in an
`st.iframe` that never reports back, so unlike a bidirectional cookie component it cannot rerun the app and rebuild
the sign-in form under what the user (or a password manager) is typing. It is rendered only in the run right after
a sign-in, a cookie re-issue or a sign-out, inside a hidden container.
"""

from __future__ import annotations

import json
import re

import streamlit as st

CONTAINER_KEY = "nps_auth_cookie"
HIDDEN_STYLE = f"<style>.st-key-{CONTAINER_KEY} {{ display: none; }}</style>"
COOKIE_NAME = "nps_dashboard_auth"
COOKIE_EXPIRY_DAYS = 7
COOKIE_ROUTE = "/auth/cookie"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")
"""A JWT is URL-safe base64 parts joined by dots: nothing a cookie value or a script has to escape."""


def cookie_script(name: str, value: str, max_age_seconds: int) -> str:
    """JavaScript that sets (max_age_seconds > 0) or deletes (0) the cookie on the app's own page.

    First through the cookie route, which sets it HttpOnly; if the route is not there, by the script itself
    (a script cannot make a cookie HttpOnly). Either way SameSite=Strict keeps other sites' requests from
    carrying it, and Secure is added whenever the app is served over HTTPS.
    """
    if not TOKEN_PATTERN.match(name) or (value and not TOKEN_PATTERN.match(value)):
        raise ValueError("a cookie name or value with characters a JWT never has")
    cookie = json.dumps(f"{name}={value}; path=/; max-age={max(max_age_seconds, 0)}; SameSite=Strict")
    cookie = cookie.replace("<", "\\u003c")
    return (
        "const page = window.parent;"
        f"const writeItself = () => {{ page.document.cookie = {cookie} + "
        "(page.location.protocol === 'https:' ? '; Secure' : ''); };"
        f"fetch(page.location.origin + {json.dumps(COOKIE_ROUTE)}, "
        f"{{method: 'POST', credentials: 'same-origin', body: {json.dumps(value)}}})"
        ".then(response => { if (!response.ok) writeItself(); }, writeItself);"
    )


def render_cookie_script(script: str) -> None:
    """Run `script` once in the browser, invisibly and without moving anything on the page."""
    st.html(HIDDEN_STYLE)
    with st.container(key=CONTAINER_KEY):
        st.iframe(f"<script>{script}</script>", height=1, tab_index=-1)
