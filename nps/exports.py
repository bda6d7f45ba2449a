"""Spreadsheet files people open in Excel, LibreOffice or Sheets, with text that cannot run as a formula.

CSV: text cells starting with = + - @, tab or CR get a leading apostrophe (numbers, −5 included, stay numbers).
XLSX: xlsxwriter with strings_to_formulas and strings_to_urls off, so text is always stored as text.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix `'` to text a spreadsheet would read as a formula; everything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text_safe(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise_cell)
    return frame


def _plain_datetimes(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel has no time zones: write UTC wall-clock times."""
    frame = frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC").dt.tz_localize(None)
    return frame


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads Polish, Thai, Arabic and Chinese correctly."""
    return _text_safe(frame).to_csv(index=False).encode("utf-8-sig")


def frame_to_xlsx(frame: pd.DataFrame, *, sheet: str = "Sheet1") -> bytes:
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        _plain_datetimes(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
