"""Entry point: page config, login, the navigation the user's role allows, and the global filters."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NoReturn

import streamlit as st

from components.auth import (
    ENDED_MESSAGE_KEY,
    build_sign_in,
    current_role,
    must_change_password,
    record_sign_in_outcome,
    render_first_admin_form,
    render_pending_cookie,
    render_required_password_change,
    render_sign_in_form,
    sign_in_from_cookie,
    sign_out,
)
from components.datasource import get_engine
from components.exports import CHART_TOOLBAR_STYLE
from components.filters import remember_link_filters, render_filter_sidebar
from components.i18n import (
    _,
    apply_language,
    remember_saved_language,
    render_digits_picker,
    render_language_picker,
    role_name,
)
from nps import users
from nps.db import StoreUnavailable

# An emoji icon is inlined as a data URL; a ":material/…:" page icon made every browser fetch fonts.gstatic.com.
st.set_page_config(page_title="NPS dashboard", page_icon="📊", layout="wide")
apply_language()
with st.sidebar:
    render_language_picker()
    render_digits_picker()


def pages_by_role() -> dict[str, list[st.Page]]:
    """The pages each role adds, titled in the interface language."""
    return {
        "viewer": [
            st.Page("pages/overview.py", title=_("Overview"), icon=":material/monitoring:", default=True),
            st.Page("pages/meeting.py", title=_("Meeting mode"), icon=":material/co_present:", url_path="meeting"),
            st.Page("pages/comments.py", title=_("Comments"), icon=":material/forum:"),
            st.Page("pages/themes.py", title=_("Themes"), icon=":material/category:"),
            st.Page("pages/follow_ups.py", title=_("Follow-ups"), icon=":material/assignment_ind:"),
            st.Page(
                "pages/respondent.py", title=_("Respondents"), icon=":material/person_search:", url_path="respondent"
            ),
            st.Page("pages/benchmarks.py", title=_("Benchmarks"), icon=":material/leaderboard:"),
            st.Page("pages/account.py", title=_("Account"), icon=":material/account_circle:"),
        ],
        "analyst": [
            st.Page("pages/upload.py", title=_("Upload"), icon=":material/upload_file:"),
            st.Page("pages/alerts.py", title=_("Alerts"), icon=":material/notifications_active:"),
        ],
        "admin": [st.Page("pages/admin.py", title=_("Admin"), icon=":material/admin_panel_settings:")],
    }


def allowed_pages(role: str) -> list[st.Page]:
    return [page for needed, pages in pages_by_role().items() if users.role_allows(role, needed) for page in pages]


def show_only(render: Callable[[], None], title: str) -> NoReturn:
    """Answer every page address with `render` while nobody is signed in.

    The stand-ins keep a shared link's address and query parameters, so after signing in the same view opens.
    """
    stand_ins = [
        st.Page(render, title=title, url_path=page.url_path, default=page._default)
        for pages in pages_by_role().values()
        for page in pages
    ]
    st.navigation(stand_ins, position="hidden").run()
    st.stop()


SIGN_IN_STYLE = """<style>
[data-testid="stMain"] [data-testid="stForm"], [data-testid="stMain"] [data-testid="stAlert"] {
  max-width: 520px; margin-left: auto; margin-right: auto;
}
[data-testid="stMain"] [data-testid="stForm"] { margin-top: 8vh; }
</style>"""  # the sign-in form as a narrow centred card, not fields stretched across a wide screen


def sign_in() -> None:
    st.html(SIGN_IN_STYLE)
    signed_in = render_sign_in_form(session_sign_in, _("Sign in to the NPS dashboard"))
    locked_message = record_sign_in_outcome(session_sign_in)
    if signed_in:
        st.rerun()
    with st.sidebar:
        render_pending_cookie()  # the deletion a sign-out asked for: a script that never reruns the page
    if locked_message:
        st.error(locked_message)
    elif st.session_state.get("authentication_status") is False:
        st.error(_("Wrong username or password."))
    elif st.session_state.get(ENDED_MESSAGE_KEY):
        st.info(st.session_state[ENDED_MESSAGE_KEY])


def store_unavailable() -> None:
    st.error(
        _(
            "The dashboard cannot reach its database right now. Please try again later; an administrator finds "
            "the reason in the server log and can check it with `python -m nps stats`."
        )
    )


remember_link_filters()
try:
    engine = get_engine()
except StoreUnavailable as error:
    logging.getLogger("nps.app").error("store unavailable: %s", error)
    show_only(store_unavailable, _("Unavailable"))
if users.count_users(engine=engine) == 0:
    show_only(render_first_admin_form, _("Welcome"))

session_sign_in = build_sign_in()
sign_in_from_cookie(session_sign_in)
if st.session_state.get("authentication_status") is True and current_role() is None:
    sign_out(
        session_sign_in,
        everywhere=False,
        message=_(
            "Your session ended: you signed out elsewhere, your password or role changed, or the account was "
            "deactivated. Sign in again."
        ),
    )
    st.rerun()
if st.session_state.get("authentication_status") is not True:
    show_only(sign_in, _("Sign in"))

record_sign_in_outcome(session_sign_in)
role = current_role()
remember_saved_language(st.session_state.get("username"))
with st.sidebar:
    who = st.session_state.get("name") or st.session_state.get("username")
    st.text(_("Signed in as {name} ({role})").format(name=who, role=role_name(role)))
    if st.button(_("Sign out"), key="sidebar_sign_out"):
        sign_out(session_sign_in, everywhere=True)
        st.rerun()
    render_pending_cookie()
if must_change_password():
    show_only(render_required_password_change, _("Choose a password"))

navigation = st.navigation(allowed_pages(role))
render_filter_sidebar()
st.html(CHART_TOOLBAR_STYLE)
navigation.run()
