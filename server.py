"""The app as served: Streamlit (`app.py`) plus the route that sets the sign-in cookie HttpOnly.

`streamlit run server.py` (what `make run` does); `streamlit run app.py` also works, with the sign-in cookie
written by a script instead (not HttpOnly).
"""

import streamlit as st

from components.auth_routes import auth_routes

app = st.App("app.py", routes=auth_routes())
