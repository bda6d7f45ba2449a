"""Exported charts and spreadsheets carry their context: title, period, filters, n, a descriptive file name,
and a spreadsheet people can filter and read (issue 14, item 7)."""

import io
from datetime import date

import openpyxl
import pandas as pd

from components.charts import score_distribution_chart
from nps.exports import chart_file_name, chart_svg, chart_with_context, responses_xlsx
from nps.filters import Filters


def test_a_quarter_filtered_to_one_region_names_the_chart_file_after_both():
    filters = Filters(start=date(2026, 7, 1), end=date(2026, 9, 30), include=(("region", ("Poland",)),))
    assert chart_file_name("nps-trend", filters, "png") == "nps-trend_2026-Q3_region-Poland.png"


def test_file_names_say_the_month_the_year_a_custom_range_all_time_and_exclusions():
    month = Filters(start=date(2026, 2, 1), end=date(2026, 2, 28), surveys=("Onboarding",))
    assert chart_file_name("score-distribution", month, "svg") == "score-distribution_2026-02_survey-Onboarding.svg"
    year = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31), exclude=(("plan", ("Free", "Trial")),))
    assert chart_file_name("nps-by-plan", year, "png") == "nps-by-plan_2025_plan-not-Free+Trial.png"
    custom = Filters(start=date(2026, 3, 5), end=date(2026, 4, 20))
    assert chart_file_name("nps-trend", custom, "png") == "nps-trend_2026-03-05_to_2026-04-20.png"
    assert chart_file_name("nps-trend", Filters(), "png") == "nps-trend_all-time.png"
    odd = Filters(include=(("city/area", ("Łódź: centre",)),))
    assert chart_file_name("nps-trend", odd, "png") == "nps-trend_all-time_city-area-Łódź-centre.png"


def test_an_exported_chart_shows_its_title_period_filters_and_n():
    frame = pd.DataFrame({"score": list(range(11)), "n": [3] * 11})
    chart = score_distribution_chart(frame, width=600)
    spec = chart_with_context(
        chart.to_dict(),
        title="Score distribution",
        context=["Period: Q3 2026 (1 Jul – 30 Sep 2026)", "region: only Poland", "n = 33 responses"],
    )
    svg = chart_svg(spec).decode()
    for text in ("Score distribution", "Q3 2026", "region: only Poland", "n = 33 responses"):
        assert text in svg


def test_the_responses_workbook_has_an_autofilter_a_frozen_header_and_fitted_columns():
    rows = pd.DataFrame(
        {
            "survey": ["Relationship NPS", "Onboarding"],
            "score": [9, 3],
            "comment": ["A long comment about the delivery that took far too long to arrive", "=SUM(A1)"],
        }
    )
    book = openpyxl.load_workbook(io.BytesIO(responses_xlsx([rows.iloc[:1], rows.iloc[1:]])))
    sheet = book.active
    assert sheet.auto_filter.ref == "A1:C3"
    assert sheet.freeze_panes == "A2"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABC"}
    assert widths["B"] < widths["A"] < widths["C"]
    assert widths["C"] <= 80
    assert sheet["C3"].value == "=SUM(A1)" and sheet["C3"].data_type == "s"
