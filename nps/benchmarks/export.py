"""The benchmark list as a CSV a spreadsheet opens safely, in the same columns the import reads back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from nps.benchmarks.rows import COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these can be run as a formula by Excel, LibreOffice or Sheets."""


def neutralise_cell(value: object) -> object:
    """Prefix `'` to text that a spreadsheet would read as a formula; numbers (−6.1 too) stay numbers.

    Only `str` values are touched, so a numeric field keeps its type and its minus sign.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def benchmarks_csv(benchmarks: Iterable[object]) -> bytes:
    """UTF-8 with a BOM (so Excel picks the encoding), the documented header, one benchmark per line.

    Accepts stored `Benchmark` rows or `BenchmarkRow` values (anything with the `COLUMNS` attributes).
    Text cells are neutralised, so a re-import of this file keeps the leading `'` of such a cell.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for benchmark in benchmarks:
        values = [getattr(benchmark, column) for column in COLUMNS]
        writer.writerow(["" if value is None else neutralise_cell(value) for value in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
