"""Account: the signed-in user's own details, interface language and password."""

from __future__ import annotations

import streamlit as st

from components.auth import render_password_change, require_role
from components.i18n import SAVED_KEY, _, save_language
from nps import i18n

username = require_role("viewer")
st.title(_("Your account"))
st.text(_("Username: {username}").format(username=username))

st.subheader(_("Interface language"))
FOLLOW_BROWSER = ""
choices = [FOLLOW_BROWSER, *i18n.LANGUAGES]
saved = st.session_state.get(SAVED_KEY, FOLLOW_BROWSER)
picked = st.selectbox(
    _("Language of the dashboard for you"),
    choices,
    index=choices.index(saved) if saved in choices else 0,
    format_func=lambda code: i18n.LANGUAGES.get(code) or _("Same as my browser"),
    help=_("A link with ?lang=… still opens in the language it names."),
)
if picked != saved and st.button(_("Save language")):
    save_language(username, picked)
    st.rerun()

st.subheader(_("Change your password"))
st.caption(_("Changing it signs you out everywhere else, including browsers that kept you signed in."))
render_password_change()
