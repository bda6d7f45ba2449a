"""Sign-in (form, cookie, sign-out), the first-admin form and the role gate every page calls on the server side."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit_authenticator.controllers import AuthenticationController
from streamlit_authenticator.utilities import LoginError

from components.auth_cookie import COOKIE_EXPIRY_DAYS, COOKIE_NAME, cookie_script, render_cookie_script
from components.datasource import get_engine, once_per_run, write
from components.i18n import _, password_rules, role_name, translated_error
from nps import store, users

MIN_COOKIE_KEY_BYTES = 32
LOCKED_MESSAGE_KEY = "auth_locked_message"
SIGNED_IN_AT_KEY = "auth_signed_in_at"
ENDED_MESSAGE_KEY = "auth_ended_message"
PENDING_COOKIE_KEY = "auth_pending_cookie"
"""A token for `render_pending_cookie` to write, or "" to delete the cookie."""
log = logging.getLogger(__name__)


def usable_cookie_key(key: str, source: str) -> str | None:
    """A configured key of at least 32 bytes, else None, with a warning in the server log when one was given:
    a short key silently replaced by the stored one would let an operator believe theirs is in use."""
    if not key:
        return None
    if len(key.encode()) < MIN_COOKIE_KEY_BYTES:
        log.warning(
            "%s is %d bytes long; a cookie key needs at least %d bytes, so it is NOT used: sign-in cookies are "
            "signed with the key generated for this installation instead. Set a longer key, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`.",
            source,
            len(key.encode()),
            MIN_COOKIE_KEY_BYTES,
        )
        return None
    return key


def _cookie_key() -> str:
    """NPS_COOKIE_KEY, else secrets.toml's cookie_key, else a key generated once and kept in the store."""
    try:
        secret = str(st.secrets.get("cookie_key", ""))
    except Exception:
        secret = ""
    return (
        usable_cookie_key(os.environ.get("NPS_COOKIE_KEY", ""), "NPS_COOKIE_KEY")
        or usable_cookie_key(secret, "cookie_key in secrets.toml")
        or store.cookie_key(engine=get_engine())
    )


@dataclass(frozen=True)
class SignIn:
    """The credential check of this run and the credentials it counts failed attempts in."""

    controller: AuthenticationController
    credentials: dict[str, dict[str, dict[str, object]]]
    cookie_key: str


def build_sign_in() -> SignIn:
    """streamlit-authenticator's credential check, fed from the user table every run (never cached: it mutates
    its credentials). Its `Authenticate` is not used: that renders a cookie component whose first report reruns
    the app and rebuilt the sign-in form under what the user was typing."""
    credentials = users.authenticator_credentials(engine=get_engine())
    key = _cookie_key()
    controller = AuthenticationController(credentials, auto_hash=False, secret_key=key)
    return SignIn(controller, credentials, key)


def _cookie_issued(sign_in: SignIn) -> tuple[str, datetime] | None:
    """The username and issue time of this browser's sign-in cookie, if it is one we signed and unexpired.

    The token carries only the username and its expiry, set COOKIE_EXPIRY_DAYS after issue (the shape
    streamlit-authenticator wrote, so cookies it issued keep working).
    """
    token = st.context.cookies.get(COOKIE_NAME)
    if not token:
        return None
    try:
        claims = jwt.decode(token, sign_in.cookie_key, algorithms=["HS256"])
        expires = datetime.fromtimestamp(float(claims["exp_date"]), UTC)
        username = str(claims["username"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError, OverflowError):
        return None
    if expires <= datetime.now(UTC):
        return None
    return username, expires - timedelta(days=COOKIE_EXPIRY_DAYS)


def _ask_to_write_cookie(username: str) -> None:
    """Have the next run give this browser a cookie issued now (see `render_pending_cookie`)."""
    expires = datetime.now(UTC) + timedelta(days=COOKIE_EXPIRY_DAYS)
    claims = {"username": username, "exp_date": expires.timestamp()}
    st.session_state[PENDING_COOKIE_KEY] = jwt.encode(claims, _cookie_key(), algorithm="HS256")


def _ask_to_delete_cookie() -> None:
    st.session_state[PENDING_COOKIE_KEY] = ""


def render_pending_cookie() -> None:
    """Write or delete the cookie once, in the run after a sign-in, password change or sign-out asked for it."""
    token = st.session_state.pop(PENDING_COOKIE_KEY, None)
    if token is None:
        return
    max_age = COOKIE_EXPIRY_DAYS * 24 * 3600 if token else 0
    render_cookie_script(cookie_script(COOKIE_NAME, token, max_age))


def sign_in_from_cookie(sign_in: SignIn) -> None:
    """Sign this session in from the cookie its browser sent with the page request, read on the server.

    A cookie issued before its user's sessions were ended (sign-out, password or role change), or belonging to
    a deactivated user, is refused and deleted. After a sign-out (`logout`) the browser's old cookie is still in
    `st.context.cookies` for the rest of this session, so it is not read again.
    """
    if st.session_state.get("authentication_status") is True or st.session_state.get("logout"):
        return
    cookie = _cookie_issued(sign_in)
    if cookie is None:
        return
    username, issued = cookie
    if users.session_user(username, issued, engine=get_engine()) is None:
        st.session_state["logout"] = True
        _ask_to_delete_cookie()
        return
    try:
        sign_in.controller.login(token={"username": username})
    except LoginError:
        return
    st.session_state[SIGNED_IN_AT_KEY] = issued
    st.session_state.pop(ENDED_MESSAGE_KEY, None)


def render_sign_in_form(sign_in: SignIn, form_name: str) -> bool:
    """The sign-in form; True once the submitted username and password signed this session in.

    The form is plain Streamlit widgets and nothing on the sign-in page reruns the app by itself, so what a user
    or a password manager types right after the page appears stays there. Wrong passwords are counted by the
    authenticator's check; `record_sign_in_outcome` persists them.
    """
    with st.form("sign_in_form"):
        st.subheader(form_name)
        username = st.text_input(_("Username"), autocomplete="username")
        password = st.text_input(_("Password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(_("Sign in"), type="primary")
    if not submitted or not username.strip():
        return False
    if not sign_in.controller.login(username, password):
        return False
    st.session_state[SIGNED_IN_AT_KEY] = datetime.now(UTC)
    st.session_state.pop(ENDED_MESSAGE_KEY, None)
    _ask_to_write_cookie(str(st.session_state["username"]))
    return True


def sign_out(sign_in: SignIn, *, everywhere: bool, message: str = "") -> None:
    """End this session now and delete this browser's cookie; `everywhere` also ends every other session and
    copied cookie of the user."""
    username = current_username()
    if everywhere and username:
        users.sign_out_everywhere(username, engine=get_engine())
    if st.session_state.get("authentication_status"):
        sign_in.controller.logout()
    st.session_state["logout"] = True
    st.session_state.pop(SIGNED_IN_AT_KEY, None)
    _ask_to_delete_cookie()
    if message:
        st.session_state[ENDED_MESSAGE_KEY] = message


def record_sign_in_outcome(sign_in: SignIn) -> str | None:
    """Persist the wrong passwords the authenticator counted in this run; a message if that locked the account.

    The authenticator's own counter lives in memory and is rebuilt every run, so the store keeps the count.
    """
    for username, entry in sign_in.credentials["usernames"].items():
        if entry.get("failed_login_attempts") and write(users.record_login_outcome, username, succeeded=False):
            st.session_state[LOCKED_MESSAGE_KEY] = _(
                "Too many wrong passwords: this account is locked for {minutes} minutes. An administrator can reset "
                "the password, or run `python -m nps users unlock USERNAME` on the server, to unlock it now."
            ).format(minutes=users.LOCK_MINUTES)
    username = current_username()
    if username:
        st.session_state.pop(LOCKED_MESSAGE_KEY, None)
        if sign_in.credentials["usernames"].get(username, {}).get("stored_failed_logins"):
            write(users.record_login_outcome, username, succeeded=True)
    return st.session_state.get(LOCKED_MESSAGE_KEY)


def render_first_admin_form() -> None:
    """Shown while the store has no user at all: nothing ships with a default password."""
    st.title(_("Welcome to the NPS dashboard"))
    st.write(_("No account exists yet. Create the administrator account to start."))
    with st.form("first_admin"):
        username = st.text_input(_("Username"))
        name = st.text_input(_("Full name"))
        email = st.text_input(_("E-mail"))
        password = st.text_input(_("Password"), type="password", help=password_rules())
        st.caption(_("Password: {rules}").format(rules=password_rules()))
        repeat = st.text_input(_("Repeat password"), type="password")
        submitted = st.form_submit_button(_("Create administrator"), type="primary")
    if not submitted:
        return
    if password != repeat:
        st.error(_("The two passwords differ."))
        return
    try:
        write(users.add_first_admin, username, password, name=name, email=email)
    except users.UserError as error:
        st.error(translated_error(error))
        return
    st.success(_("Administrator created. Log in with the new account."))
    st.rerun()


def current_username() -> str | None:
    if st.session_state.get("authentication_status") is not True:
        return None
    return st.session_state.get("username")


def current_role() -> str | None:
    """The role of the signed-in user as the store says now, so a change applies on the next click; None when
    the account was deactivated or this session was ended (sign-out elsewhere, password or role change)."""
    username = current_username()
    if username is None:
        return None
    signed_in_at = st.session_state.get(SIGNED_IN_AT_KEY)
    role = once_per_run("role", (username, signed_in_at), lambda: _stored_role(username, signed_in_at))
    st.session_state["roles"] = [role] if role else []
    return role


def _stored_role(username: str, signed_in_at: datetime | None) -> str | None:
    """One query, asked once per run: a page checks the role a dozen times while it draws."""
    user = users.session_user(username, signed_in_at, engine=get_engine())
    return user.role if user else None


def must_change_password() -> bool:
    username = current_username()
    user = username and users.session_user(username, None, engine=get_engine())
    return bool(user and user.must_change_password)


def render_required_password_change() -> None:
    render_password_change(forced=True)


def render_password_change(*, forced: bool = False) -> None:
    """The signed-in user's own password change; forced after an administrator chose the password."""
    username = current_username()
    if username is None:
        return
    if forced:
        st.title(_("Choose your own password"))
        st.write(_("An administrator set your current password. Choose a new one only you know to continue."))
    with st.form("account_password", clear_on_submit=True):
        current = st.text_input(_("Current password"), type="password")
        new = st.text_input(_("New password"), type="password", help=password_rules())
        st.caption(_("Password: {rules}").format(rules=password_rules()))
        repeat = st.text_input(_("Repeat the new password"), type="password")
        submitted = st.form_submit_button(_("Change password"), type="primary")
    if not submitted:
        return
    if new != repeat:
        st.error(_("The two new passwords differ."))
        return
    try:
        write(users.change_password, username, current, new)
    except users.UserError as error:
        st.error(translated_error(error))
        return
    st.session_state[SIGNED_IN_AT_KEY] = datetime.now(UTC)
    _ask_to_write_cookie(username)  # the old cookie was issued before the change, so it is void now
    st.toast(_("Password changed; your other sessions were signed out."))
    st.rerun()


def _send_to_sign_in() -> None:
    """Hand a signed-out visitor to app.py's sign-in, keeping the link's query parameters.

    Only reachable under `streamlit run app.py` when the first request after a server start is a page address:
    until some session has run st.navigation, Streamlit serves pages/ by file name and app.py does not run
    (server.py, what `make run` serves, turns that off, so the link keeps its page too).
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
        st.error(_("Please log in to see this page."))
        st.stop()
    if not users.role_allows(role, needed):
        st.error(
            _("This page needs the {needed} role; you are signed in as {role}.").format(
                needed=role_name(needed), role=role_name(role)
            )
        )
        st.stop()
    return current_username()  # type: ignore[return-value]
