"""Login, the first-admin form and the role gate every page calls on the server side."""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st
import streamlit_authenticator as stauth
from streamlit.errors import StreamlitAPIException

from components.datasource import get_engine, write
from nps import store, users

COOKIE_NAME = "nps_dashboard_auth"
LOCKED_MESSAGE_KEY = "auth_locked_message"


def _cookie_key() -> str:
    """NPS_COOKIE_KEY, else secrets.toml's cookie_key, else a key generated once and kept in the store."""
    key = os.environ.get("NPS_COOKIE_KEY", "")
    if not key:
        try:
            key = str(st.secrets.get("cookie_key", ""))
        except Exception:
            key = ""
    return key if len(key.encode()) >= 32 else store.cookie_key(engine=get_engine())


@dataclass(frozen=True)
class SignIn:
    """The authenticator of this run and the credentials it counts failed attempts in."""

    authenticator: stauth.Authenticate
    credentials: dict[str, dict[str, dict[str, object]]]


def build_authenticator() -> SignIn:
    """One Authenticate per script run, fed from the user table (never cached: it mutates its credentials)."""
    credentials = users.authenticator_credentials(engine=get_engine())
    authenticator = stauth.Authenticate(
        credentials,
        cookie_name=COOKIE_NAME,
        cookie_key=_cookie_key(),
        cookie_expiry_days=7,
        auto_hash=False,
        login_sleep_time=0,
    )
    return SignIn(authenticator, credentials)


def record_sign_in_outcome(sign_in: SignIn) -> str | None:
    """Persist the wrong passwords the authenticator counted in this run; a message if that locked the account.

    The authenticator's own counter lives in memory and is rebuilt every run, so the store keeps the count.
    """
    for username, entry in sign_in.credentials["usernames"].items():
        if entry.get("failed_login_attempts") and write(users.record_login_outcome, username, succeeded=False):
            st.session_state[LOCKED_MESSAGE_KEY] = (
                f"Too many wrong passwords: this account is locked for {users.LOCK_MINUTES} minutes. "
                "An administrator can reset the password to unlock it now."
            )
    username = current_username()
    if username:
        st.session_state.pop(LOCKED_MESSAGE_KEY, None)
        if sign_in.credentials["usernames"].get(username, {}).get("stored_failed_logins"):
            write(users.record_login_outcome, username, succeeded=True)
    return st.session_state.get(LOCKED_MESSAGE_KEY)


def render_first_admin_form() -> None:
    """Shown while the store has no user at all: nothing ships with a default password."""
    st.title("Welcome to the NPS dashboard")
    st.write("No account exists yet. Create the administrator account to start.")
    with st.form("first_admin"):
        username = st.text_input("Username")
        name = st.text_input("Full name")
        email = st.text_input("E-mail")
        password = st.text_input("Password", type="password", help="At least 8 characters.")
        repeat = st.text_input("Repeat password", type="password")
        submitted = st.form_submit_button("Create administrator", type="primary")
    if not submitted:
        return
    if password != repeat:
        st.error("The two passwords differ.")
        return
    engine = get_engine()
    if users.count_users(engine=engine) > 0:
        st.error("An administrator already exists; please log in.")
        return
    try:
        write(users.add_user, username, password, "admin", name=name, email=email)
    except users.UserError as error:
        st.error(str(error))
        return
    st.success("Administrator created. Log in with the new account.")
    st.rerun()


def current_username() -> str | None:
    if st.session_state.get("authentication_status") is not True:
        return None
    return st.session_state.get("username")


def current_role() -> str | None:
    """The role of the logged-in user as the store says now, so a change applies on the next click."""
    username = current_username()
    if username is None:
        return None
    role = users.current_role(username, engine=get_engine())
    st.session_state["roles"] = [role] if role else []
    return role


def _send_to_sign_in() -> None:
    """Hand a signed-out visitor to app.py's sign-in, keeping the link's query parameters.

    Only reachable when the first request after a server start is a page address: until some session has
    run st.navigation, Streamlit serves pages/ by file name and app.py does not run.
    """
    try:
        st.switch_page("app.py", query_params=st.query_params.to_dict())
    except StreamlitAPIException:
        return


def require_role(needed: str) -> str:
    """Stop the page unless the logged-in user's role allows `needed`; returns the username."""
    role = current_role()
    if role is None:
        _send_to_sign_in()
        st.error("Please log in to see this page.")
        st.stop()
    if not users.role_allows(role, needed):
        st.error(f"This page needs the {needed} role; you are signed in as {role}.")
        st.stop()
    return current_username()  # type: ignore[return-value]
