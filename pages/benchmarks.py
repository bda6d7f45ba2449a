"""Benchmarks: our NPS against competitors and industry figures."""

from __future__ import annotations

import streamlit as st

from components.auth import require_role

require_role("viewer")
st.title("Benchmarks")
st.info("Benchmark comparisons arrive with the benchmarks work.")
