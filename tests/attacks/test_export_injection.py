"""Spreadsheet formulas in column names (they come from uploaded files) are neutralised in every export."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from nps.exports import frame_to_csv, responses_csv, responses_xlsx

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "=cmd|'/C calc'!A0", "+cmd|'/C calc'!A0", "@SUM(1)"]


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"score": [9], **{name: ["value"] for name in HOSTILE}})


def _header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("export", [lambda f: responses_csv([f]), frame_to_csv])
def test_no_csv_header_cell_starts_like_a_formula(export):
    header = _header(export(_frame()))
    assert header[1:] == ["'" + name for name in HOSTILE]


def test_xlsx_header_cells_are_text_not_formulas():
    sheet = load_workbook(io.BytesIO(responses_xlsx([_frame()]))).active
    cells = sheet[1]
    assert [cell.data_type for cell in cells[1:]] == ["s"] * len(HOSTILE)
    assert all(cell.quotePrefix for cell in cells[1:])
