"""Entry point: page config, login, the navigation the user's role allows, and the global filters."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NoReturn

import streamlit as st

from components.auth import build_authenticator, current_role, record_sign_in_outcome, render_first_admin_form
from components.datasource import get_engine
from components.filters import remember_link_filters, render_filter_sidebar
from nps import users
from nps.db import StoreUnavailable

# An emoji icon is inlined as a data URL; a ":material/…:" page icon made every browser fetch fonts.gstatic.com.
st.set_page_config(page_title="NPS dashboard", page_icon="📊", layout="wide")

PAGES = {
    "viewer": [
        st.Page("pages/overview.py", title="Overview", icon=":material/monitoring:", default=True),
        st.Page("pages/meeting.py", title="Meeting mode", icon=":material/co_present:", url_path="meeting"),
        st.Page("pages/comments.py", title="Comments", icon=":material/forum:"),
        st.Page("pages/themes.py", title="Themes", icon=":material/category:"),
        st.Page("pages/follow_ups.py", title="Follow-ups", icon=":material/assignment_ind:"),
        st.Page("pages/respondent.py", title="Respondents", icon=":material/person_search:", url_path="respondent"),
        st.Page("pages/benchmarks.py", title="Benchmarks", icon=":material/leaderboard:"),
    ],
    "analyst": [st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:")],
    "admin": [st.Page("pages/admin.py", title="Admin", icon=":material/admin_panel_settings:")],
}


def allowed_pages(role: str) -> list[st.Page]:
    return [page for needed, pages in PAGES.items() if users.role_allows(role, needed) for page in pages]


def show_only(render: Callable[[], None], title: str) -> NoReturn:
    """Answer every page address with `render` while nobody is signed in.

    The stand-ins keep a shared link's address and query parameters, so after signing in the same view opens.
    """
    stand_ins = [
        st.Page(render, title=title, url_path=page.url_path, default=page._default)
        for pages in PAGES.values()
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
    if locked_message:
        st.error(locked_message)
    elif st.session_state.get("authentication_status") is False:
        st.error("Wrong username or password.")


def store_unavailable() -> None:
    st.error(
        "The dashboard cannot reach its database right now. Please try again later; an administrator finds "
        "the reason in the server log and can check it with `python -m nps stats`."
    )


remember_link_filters()
try:
    engine = get_engine()
except StoreUnavailable as error:
    logging.getLogger("nps.app").error("store unavailable: %s", error)
    show_only(store_unavailable, "Unavailable")
if users.count_users(engine=engine) == 0:
    show_only(render_first_admin_form, "Welcome")

session_sign_in = build_authenticator()
authenticator = session_sign_in.authenticator
authenticator.login(location="main", fields={"Form name": "Sign in to the NPS dashboard"})
locked_message = record_sign_in_outcome(session_sign_in)
if st.session_state.get("authentication_status") is not True:
    show_only(sign_in, "Sign in")

role = current_role()
with st.sidebar:
    st.text(f"Signed in as {st.session_state.get('name') or st.session_state.get('username')} ({role})")
    authenticator.logout("Sign out", location="sidebar", key="sidebar_sign_out")
if role is None:
    st.error("This account is deactivated. Ask an administrator.")
    st.stop()

navigation = st.navigation(allowed_pages(role))
render_filter_sidebar()
navigation.run()
