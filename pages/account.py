"""Account: the signed-in user's own details and password."""

from __future__ import annotations

import streamlit as st

from components.auth import render_password_change, require_role

username = require_role("viewer")
st.title("Your account")
st.text(f"Username: {username}")
st.subheader("Change your password")
st.caption("Changing it signs you out everywhere else, including browsers that kept you signed in.")
render_password_change()
