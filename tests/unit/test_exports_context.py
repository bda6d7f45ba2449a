"""Exported charts and spreadsheets carry their context: title, period, filters, n, a descriptive file name,
and a spreadsheet people can filter and read (issue 14, item 7)."""

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from nps.charts import score_distribution_chart
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


def _last_block_of_each_page(html: str) -> list[str]:
    """The tag of the last heading, row, item, paragraph or image WeasyPrint laid out on each page."""
    import weasyprint

    endings = []
    for page in weasyprint.HTML(string=html).render().pages:
        last = ""
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if getattr(box, "element_tag", None) in ("h1", "h2", "img", "th", "td", "li", "p"):
                last = box.element_tag
            stack.extend(reversed(getattr(box, "children", None) or []))
        endings.append(last)
    return endings


@pytest.mark.parametrize(("segments", "chart_height"), [(3, 350), (3, 725), (8, 200), (8, 530)])
def test_no_pdf_page_ends_with_a_heading_or_a_table_header_whose_rows_went_to_the_next_page(segments, chart_height):
    from datetime import UTC, datetime

    from PIL import Image

    from nps.exports import OverviewReport, ReportChart, ReportComment, report_html
    from nps.metrics import Counts
    from nps.significance import segments_vs_rest

    image = io.BytesIO()
    Image.new("RGB", (700, chart_height), "white").save(image, "PNG")
    report = OverviewReport(
        filter_lines=("Period: Q3 2026",),
        current=Counts(50, 30, 20),
        comments=5,
        charts=(ReportChart("NPS by month", image.getvalue()),),
        segment_attribute="region",
        segments=tuple(segments_vs_rest({f"Region {i}": Counts(30 + i, 20, 10) for i in range(segments)})),
        selected_comments=tuple(ReportComment("2026-09-01", 2, "Relationship", f"Comment {i}") for i in range(5)),
        method_lines=("NPS = % promoters − % detractors.",) * 3,
        generated_at=datetime(2026, 10, 1, tzinfo=UTC),
    )
    endings = _last_block_of_each_page(report_html(report))
    assert len(endings) > 1
    assert [ending for ending in endings[:-1] if ending in ("h1", "h2", "th")] == []


def test_a_polish_reader_gets_polish_headers_and_sheet_while_english_files_keep_their_machine_names():
    import io

    import openpyxl
    import pandas as pd

    from nps.exports import responses_csv, responses_xlsx

    chunk = pd.DataFrame(
        {"survey": ["S"], "response_id": ["r1"], "responded_at": [pd.Timestamp("2026-01-05", tz="UTC")],
         "score": [9], "region": ["EU"]}
    )  # fmt: skip
    english = responses_csv([chunk]).decode("utf-8-sig").splitlines()[0]
    assert english == "survey,response_id,responded_at_utc,score,region"
    polish = responses_csv([chunk], "pl").decode("utf-8-sig").splitlines()[0]
    assert polish == "Ankieta,ID odpowiedzi,Data odpowiedzi (UTC),Ocena,region"
    book = openpyxl.load_workbook(io.BytesIO(responses_xlsx([chunk], "pl")))
    assert book.sheetnames == ["Odpowiedzi"]
    assert [cell.value for cell in book.active[1]] == polish.split(",")
