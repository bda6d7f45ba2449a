"""Overview: the headline NPS with its interval, the category shares and the monthly trend."""

from __future__ import annotations

import streamlit as st

from components.auth import require_role
from components.charts import nps_trend_chart
from components.datasource import load_comment_count, load_counts_by, load_summary
from components.filters import current_filters
from components.kpi import render_kpi_row
from nps.metrics import Counts, nps_with_interval

require_role("viewer")
filters = current_filters()

st.title("Overview")
st.caption(filters.describe())
counts = load_summary(filters)
if counts.n == 0:
    st.info("No responses match these filters. Widen the date range or import a survey export on the Upload page.")
    st.stop()
render_kpi_row(counts, load_comment_count(filters))

st.subheader("NPS by month")
trend = load_counts_by(filters, "month")
intervals = [nps_with_interval(Counts(r.promoters, r.passives, r.detractors)) for r in trend.itertuples()]
trend = trend.assign(
    nps=[i.nps for i in intervals], ci_low=[i.low for i in intervals], ci_high=[i.high for i in intervals]
)
st.altair_chart(nps_trend_chart(trend, period="month"), width="stretch")
