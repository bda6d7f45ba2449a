"""The global filter sidebar: widgets of app.py, so they persist across pages; returns a frozen Filters."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.datasource import load_attribute_values, load_attributes, load_date_bounds, load_surveys
from nps.filters import LANGUAGE_ATTRIBUTE, Filters

FILTERS_KEY = "global_filters"


def current_filters() -> Filters:
    """The filters app.py's sidebar set in this run; a page run on its own gets everything."""
    return st.session_state.get(FILTERS_KEY, Filters())


def render_filter_sidebar() -> Filters:
    first, last = load_date_bounds()
    with st.sidebar:
        st.header("Filters")
        today = date.today()
        default = (first or today, last or today)
        chosen = st.date_input("Responses from … to", value=default, key="filter_dates", format="YYYY-MM-DD")
        start, end = chosen if isinstance(chosen, tuple) and len(chosen) == 2 else (default[0], default[1])
        surveys = st.multiselect("Survey", load_surveys(), key="filter_surveys", placeholder="All surveys")
        include = []
        for name in [*load_attributes(), LANGUAGE_ATTRIBUTE]:
            values = st.multiselect(name, load_attribute_values(name), key=f"filter_attr_{name}", placeholder="All")
            if values:
                include.append((name, tuple(values)))
    filters = Filters(start=start, end=end, surveys=tuple(surveys), include=tuple(include))
    st.session_state[FILTERS_KEY] = filters
    return filters
