"""Comments: what customers wrote, detractors first."""

from __future__ import annotations

import streamlit as st

from components.auth import require_role

require_role("viewer")
st.title("Comments")
st.info("The comment explorer arrives with the comments work.")
