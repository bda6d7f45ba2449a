"""The KPI row: NPS with its interval and n, category shares, volume."""

from __future__ import annotations

import streamlit as st

from nps.metrics import Counts, nps_with_interval

SMALL_SAMPLE = 30


def format_nps(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}"


def describe_interval(counts: Counts) -> str:
    """'95% CI +28.3 to +36.5 · n = 1,234' — every NPS on screen carries its n and interval."""
    interval = nps_with_interval(counts)
    if interval.low is None:
        return "no responses"
    return f"95% CI {interval.low:+.1f} to {interval.high:+.1f} · n = {counts.n:,}"


def render_kpi_row(counts: Counts, comments: int) -> None:
    interval = nps_with_interval(counts)
    columns = st.columns(5)
    columns[0].metric("NPS", format_nps(interval.nps), help="% promoters − % detractors, on −100…+100")
    columns[0].caption(describe_interval(counts))
    n = counts.n or 1
    columns[1].metric("Promoters (9–10)", f"{100 * counts.promoters / n:.1f}%")
    columns[2].metric("Passives (7–8)", f"{100 * counts.passives / n:.1f}%")
    columns[3].metric("Detractors (0–6)", f"{100 * counts.detractors / n:.1f}%")
    columns[4].metric("Responses", f"{counts.n:,}")
    columns[4].caption(f"{comments:,} with a comment ({100 * comments / n:.0f}%)")
    if 0 < counts.n < SMALL_SAMPLE:
        st.warning(f"Only {counts.n} responses: the NPS is too uncertain to act on (fewer than {SMALL_SAMPLE}).")
