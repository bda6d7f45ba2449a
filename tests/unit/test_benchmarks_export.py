import csv
import io

import pytest

from nps.benchmarks import COLUMNS, BenchmarkRow, benchmarks_csv, neutralise_cell, parse_benchmark_csv, reference_rows


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-6.1, -9, 0, 32.0, None, "Grocery", "", "a=b"])
def test_numbers_and_ordinary_text_are_left_as_they_are(value):
    assert neutralise_cell(value) == value


def test_the_downloaded_list_has_the_import_header_and_keeps_negative_numbers_numeric():
    hostile = BenchmarkRow(name="=cmd|' /C calc'!A0", kind="competitor", nps=-6.1, year=2023, source_title="@evil")
    data = benchmarks_csv([hostile])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    name, kind, _industry, nps, *_ = rows[1]
    assert (name, kind, nps) == ("'=cmd|' /C calc'!A0", "competitor", "-6.1")
    assert rows[1][6] == "'@evil"


def test_the_reference_set_survives_a_download_and_reimport():
    shipped = reference_rows()
    parsed = parse_benchmark_csv(benchmarks_csv(shipped))
    assert parsed.rejected == ()
    assert parsed.rows == shipped
