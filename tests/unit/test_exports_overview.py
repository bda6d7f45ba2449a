"""Files that leave the room: charts, spreadsheets that run no formulas, and a PDF that says what the screen says."""

import csv
import io
import subprocess
import zipfile
from datetime import UTC, datetime

import openpyxl
import pandas as pd
import pytest

from nps.charts import nps_trend_chart, score_distribution_chart, segment_nps_chart
from nps.exports import (
    OverviewReport,
    ReportChart,
    ReportComment,
    chart_png,
    chart_svg,
    pdf_report,
    report_html,
    responses_csv,
    responses_xlsx,
)
from nps.metrics import Counts

ROWS = pd.DataFrame(
    {
        "survey": ["Relationship NPS", "Onboarding", "Onboarding"],
        "response_id": ["R-1", "R-2", None],
        "responded_at": pd.to_datetime(["2026-07-01 10:00", "2026-07-02 11:30", "2026-07-03 09:15"], utc=True),
        "score": [9, 3, 7],
        "category": ["promoter", "detractor", "passive"],
        "comment": ['=HYPERLINK("http://evil")', "+48 600 100 200", "@SUM(A1)"],
        "language": ["en", None, "en"],
        "region": ["-Poland", "Thailand", None],
    }
)


def _chunks():
    yield ROWS.iloc[:2]
    yield ROWS.iloc[2:]


def test_csv_text_that_would_run_as_a_formula_starts_with_an_apostrophe_and_numbers_stay_numbers():
    text = responses_csv(_chunks()).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["comment"] for row in rows] == ['\'=HYPERLINK("http://evil")', "'+48 600 100 200", "'@SUM(A1)"]
    assert rows[0]["region"] == "'-Poland"
    assert [row["score"] for row in rows] == ["9", "3", "7"]
    assert rows[0]["responded_at_utc"] == "2026-07-01 10:00:00"
    assert rows[2]["response_id"] == ""


def test_xlsx_holds_no_formula_and_keeps_every_text_as_text():
    data = responses_xlsx(_chunks())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert cells[0][:4] == ["survey", "response_id", "responded_at_utc", "score"]
    assert cells[1][5] == '=HYPERLINK("http://evil")'
    assert cells[1][3] == 9
    assert cells[1][2] == datetime(2026, 7, 1, 10, 0)


def _trend():
    return pd.DataFrame(
        {
            "key": ["2026-07-01", "2026-08-01", "2026-09-01"],
            "nps": [20.0, 25.0, 30.0],
            "ci_low": [15.0, 20.0, 25.0],
            "ci_high": [25.0, 30.0, 35.0],
            "n": [500, 520, 510],
        }
    )


def test_the_trend_chart_shares_one_period_axis_between_nps_and_volume():
    spec = nps_trend_chart(_trend(), period="quarter").to_dict()
    assert len(spec["vconcat"]) == 2
    assert spec["resolve"]["scale"]["x"] == "shared"
    assert spec["vconcat"][1]["encoding"]["y"]["field"] == "n"


def test_the_distribution_colours_each_score_by_its_category():
    frame = pd.DataFrame({"score": range(11), "n": [1] * 11})
    spec = score_distribution_chart(frame).to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == ["detractor", "passive", "promoter"]


def test_a_chart_renders_offline_to_png_and_svg_with_thai_and_chinese_labels():
    frame = pd.DataFrame(
        {
            "key": ["ประเทศไทย", "大中华区"],
            "n": [100, 200],
            "nps": [10.0, -5.0],
            "ci_low": [0.0, -15.0],
            "ci_high": [20.0, 5.0],
            "marker": ["no significant difference", "below the rest"],
        }
    )
    chart = segment_nps_chart(frame, attribute="region", width=600)
    png = chart_png(chart.to_dict())
    svg = chart_svg(chart.to_dict()).decode()
    assert png.startswith(b"\x89PNG")
    assert "<svg" in svg


def _report(**changes) -> OverviewReport:
    values = dict(
        filter_lines=("Period: Last quarter (2026-07-01 to 2026-09-30)", "region: only Poland"),
        current=Counts(500, 300, 200),
        comments=400,
        comparison_label="previous period (2026-04-01 to 2026-06-30)",
        comparison=Counts(400, 300, 300),
        selected_comments=(
            ReportComment("2026-09-01", 2, "Relationship NPS", "Dostawa spóźniona o tydzień, żółta karta"),
            ReportComment("2026-09-02", 3, "Relationship NPS", "التوصيل متأخر جدا"),
            ReportComment("2026-09-03", 1, "Relationship NPS", "<script>alert(1)</script> 价格太贵"),
            ReportComment("2026-09-04", 4, "Relationship NPS", "ส่งของช้ามาก"),
        ),
        generated_at=datetime(2026, 10, 1, tzinfo=UTC),
    )
    values.update(changes)
    return OverviewReport(**values)


def test_the_report_escapes_comments_and_marks_arabic_right_to_left():
    html = report_html(_report())
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<td dir="rtl">التوصيل متأخر جدا</td>' in html


def test_the_pdf_states_the_nps_its_interval_the_change_verdict_and_the_comments():
    chart = nps_trend_chart(_trend(), period="month", width=700)
    pdf = pdf_report(_report(charts=(ReportChart("NPS by month", chart_png(chart.to_dict())),)))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "+30.0" in text
    assert "95% CI" in text and "n = 1,000" in text
    assert "significant" in text
    assert "region: only Poland" in text
    assert "żółta" in text and "价格太贵" in text


@pytest.mark.parametrize("n", [10, 29])
def test_a_report_from_fewer_than_30_responses_carries_the_warning(n):
    html = report_html(_report(current=Counts(n, 0, 0), comparison=None, comparison_label=None))
    assert "too uncertain to act on" in html


def test_the_report_carries_the_comment_summary_escaped_with_counts_per_tone():
    from nps.comment_summary import CommentSummary, ToneSummary
    from nps.text.summary import Quote

    summary = CommentSummary(
        12,
        (
            ToneSummary("negative", 9, 9, (Quote("<b>Late</b> again " + "x " * 400, 1, 7, 2),)),
            ToneSummary("positive", 3, 3, (Quote("التوصيل سريع", 2, 3, 1),)),
        ),
    )
    html = report_html(_report(summary=summary))
    assert "What customers said" in html and "9 comments" in html and "<td>7</td>" in html
    assert "&lt;b&gt;Late&lt;/b&gt; again" in html and "<b>Late" not in html and "x…" in html
    assert '<td dir="rtl">التوصيل سريع</td>' in html
    assert "What customers said" not in report_html(_report())
