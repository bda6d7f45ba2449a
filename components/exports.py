"""Download buttons: each chart as PNG and SVG, the filtered responses as CSV and XLSX, the PDF report.

Files are built only when a button is clicked (`data=callable`), from values captured when the page drew.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import altair as alt
import streamlit as st

from components.datasource import get_engine, load_summary
from nps import queries
from nps.exports import XLSX_MAX_ROWS, chart_png, chart_svg, responses_csv, responses_xlsx
from nps.filters import Filters


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d")


def render_chart_downloads(chart: alt.TopLevelMixin, name: str, *, key: str) -> None:
    """PNG and SVG of a chart built for a fixed width (a file has no container to stretch into)."""
    spec = chart.to_dict()
    slug = _slug(name)
    row = st.container(horizontal=True)
    row.download_button(
        "PNG",
        data=lambda: chart_png(spec),
        file_name=f"{slug}-{_stamp()}.png",
        mime="image/png",
        key=f"{key}_png",
        icon=":material/image:",
        on_click="ignore",
    )
    row.download_button(
        "SVG",
        data=lambda: chart_svg(spec),
        file_name=f"{slug}-{_stamp()}.svg",
        mime="image/svg+xml",
        key=f"{key}_svg",
        icon=":material/draw:",
        on_click="ignore",
    )


def render_response_downloads(filters: Filters, *, key: str) -> None:
    """The filtered responses (one row each, weights in a column), streamed in chunks when the button is pressed."""
    engine = get_engine()
    n = int(load_summary(replace(filters, weighted=False)).n)
    row = st.container(horizontal=True, vertical_alignment="center")
    row.download_button(
        f"Responses as CSV ({n:,})",
        data=lambda: responses_csv(queries.response_rows(filters, engine=engine)),
        file_name=f"nps-responses-{_stamp()}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/table:",
        on_click="ignore",
    )
    too_big = n > XLSX_MAX_ROWS
    row.download_button(
        f"Responses as XLSX ({n:,})",
        data=(lambda: responses_xlsx(queries.response_rows(filters, engine=engine))) if not too_big else b"",
        file_name=f"nps-responses-{_stamp()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/grid_on:",
        disabled=too_big,
        help="More rows than Excel holds: use the CSV." if too_big else None,
        on_click="ignore",
    )
    row.caption("Text that a spreadsheet would run as a formula (= + - @ …) is stored as plain text.")


def render_pdf_download(build: Callable[[], bytes], *, key: str) -> None:
    st.download_button(
        "PDF report of this view",
        data=build,
        file_name=f"nps-report-{_stamp()}.pdf",
        mime="application/pdf",
        key=key,
        type="primary",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
