"""Download buttons: each chart as PNG and SVG, the filtered responses as CSV and XLSX, the PDF report and PPTX slides.

Files are built only when a button is clicked (`data=callable`), from values captured when the page drew.
Chart images carry their title, the period, the filters and n, and are named after them; response files
carry the people, themes, tags, tone and follow-up the user's role may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import altair as alt
import streamlit as st

from components.auth import current_role
from components.datasource import load_summary, once_per_run, prepare_export_rows
from components.filters import current_view
from components.i18n import _, count_words, current_language, ngettext
from components.privacy import comment_masking, masked_chunks
from nps import users
from nps.exports import (
    XLSX_MAX_ROWS,
    chart_file_name,
    chart_png,
    chart_svg,
    chart_with_context,
    responses_csv,
    responses_xlsx,
)
from nps.filters import Filters
from nps.i18n import format_number

CHART_TOOLBAR_STYLE = """<style>
[data-testid="stElementToolbarButton"]:has(> span > button[aria-label="Download as PNG"]) { display: none; }
</style>"""
"""Streamlit's own chart toolbar saves a bare PNG named by the date: hidden on every page, so the only chart
images are `render_chart_downloads`' (titled with the view and n, named after it)."""


def chart_context(n: int) -> list[str]:
    """The lines under an exported chart's title: the view in words (period, surveys, segments) and n."""
    view = current_view()
    lines = once_per_run("chart_context", view, lambda: view.describe_lines(comparison=False))
    return [*lines, "n = " + count_words(n, ngettext("{count} response", "{count} responses", n))]


def render_chart_downloads(
    make: Callable[[], alt.TopLevelMixin], name: str, *, key: str, n: int, file_stem: str
) -> None:
    """PNG and SVG of a chart built for a fixed width (a file has no container to stretch into), titled with
    its view and named `<file_stem>_<period>_<filters>`. `make` builds the chart only when a button is pressed:
    Altair's validation would otherwise cost every viewer's every run."""
    context = chart_context(n)

    def spec() -> dict:
        return chart_with_context(make().to_dict(), title=name, context=context)

    filters = current_view().filters
    row = st.container(horizontal=True)
    row.download_button(
        "PNG",
        data=lambda: chart_png(spec()),
        file_name=chart_file_name(file_stem, filters, "png"),
        mime="image/png",
        key=f"{key}_png",
        icon=":material/image:",
        on_click="ignore",
    )
    row.download_button(
        "SVG",
        data=lambda: chart_svg(spec()),
        file_name=chart_file_name(file_stem, filters, "svg"),
        mime="image/svg+xml",
        key=f"{key}_svg",
        icon=":material/draw:",
        on_click="ignore",
    )


def render_response_downloads(filters: Filters, *, key: str) -> None:
    """The filtered responses (one row each, weights in a column), streamed from the store in chunks when the button
    is pressed; people's details in full for analysts and admins, masked for viewers (as on screen)."""
    n = int(load_summary(replace(filters, weighted=False)).n)
    reveal = users.role_allows(current_role() or "viewer", "analyst")
    masked = comment_masking()
    stem = chart_file_name("nps-responses", filters, "").removesuffix(".")

    read = prepare_export_rows(filters, reveal_people=reveal)

    def rows():
        return masked_chunks(read(), masked=masked)

    row = st.container(horizontal=True, vertical_alignment="center")
    row.download_button(
        _("Responses as CSV ({count})").format(count=format_number(n, current_language(), decimals=0)),
        data=lambda: responses_csv(rows(), current_language()),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/table:",
        on_click="ignore",
    )
    too_big = n > XLSX_MAX_ROWS
    row.download_button(
        _("Responses as XLSX ({count})").format(count=format_number(n, current_language(), decimals=0)),
        data=(lambda: responses_xlsx(rows(), current_language())) if not too_big else b"",
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/grid_on:",
        disabled=too_big,
        help=_("More rows than Excel holds: use the CSV.") if too_big else None,
        on_click="ignore",
    )
    row.caption(
        (
            _("With customer, themes, tags, tone and follow-up.")
            if reveal
            else _(
                "With themes, tags, tone and follow-up (names and e-mails masked, no customer id: your role is viewer)."
            )
        )
        + " "
        + _("Text that a spreadsheet would run as a formula (= + - @ …) is stored as plain text.")
    )


def render_report_downloads(pdf: Callable[[], bytes], pptx: Callable[[], bytes], *, key: str) -> None:
    """The view's report as PDF and as PPTX slides, side by side; each is built only when its button is clicked."""
    filters = current_view().filters
    row = st.container(horizontal=True)
    row.download_button(
        _("PDF report of this view"),
        data=pdf,
        file_name=chart_file_name("nps-report", filters, "pdf"),
        mime="application/pdf",
        key=key,
        type="primary",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
    row.download_button(
        _("Slides of this view (PPTX)"),
        data=pptx,
        file_name=chart_file_name("nps-slides", filters, "pptx"),
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key=f"{key}_pptx",
        icon=":material/slideshow:",
        on_click="ignore",
    )
