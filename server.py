"""The app as served: Streamlit (`app.py`) plus the route that sets the sign-in cookie HttpOnly.

`streamlit run server.py` (what `make run` does); `streamlit run app.py` also works, with the sign-in cookie
written by a script instead (not HttpOnly).
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from components.auth_routes import auth_routes

# app.py declares every page with st.navigation. Until some session has run it, Streamlit treats the `pages/`
# folder as an old-style multipage app and runs a page file without app.py: the first visitor after a restart
# who opened a shared link was sent to the Overview by the page's sign-in check, losing the page.
PagesManager.uses_pages_directory = False

app = st.App("app.py", routes=auth_routes())
