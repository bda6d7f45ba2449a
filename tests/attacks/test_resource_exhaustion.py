"""Attacks that try to exhaust memory or time: zip bombs, huge files, huge comments, wide files, long searches."""

from __future__ import annotations

import pytest

from nps.importing.reader import ImportFileError, open_export
from tests.attacks.peak_memory import run_measured
from tests.attacks.workbooks import zip_bomb_xlsx

MEMORY_LIMIT_MB = 500


def test_an_xlsx_zip_bomb_is_refused_while_unpacking_and_stays_under_500_mb(tmp_path):
    bomb = zip_bomb_xlsx(tmp_path / "bomb.xlsx", cell_mb=150)
    assert bomb.stat().st_size < 1_000_000
    run = run_measured(
        "from pathlib import Path\n"
        "from nps.importing.reader import ImportFileError, open_export\n"
        "try:\n"
        f"    open_export(Path({str(bomb)!r}))\n"
        "    print('OPENED')\n"
        "except ImportFileError as error:\n"
        "    print('REFUSED', error.message)\n"
    )
    assert run.returncode == 0, run.stderr
    assert "REFUSED" in run.stdout and "32,767 characters" in run.stdout
    assert run.peak_mb < MEMORY_LIMIT_MB


def test_a_workbook_with_a_long_but_legal_cell_opens_and_its_preview_is_shortened(tmp_path):
    import xlsxwriter

    path = tmp_path / "long.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["score", "date", "comment"])
    sheet.write_row(1, 0, [9, "2026-01-05", "x" * 30_000])
    book.close()
    preview = open_export(path).preview()
    assert 0 < len(preview["comment"].iloc[0]) <= 301


def test_the_cli_refuses_an_oversized_file_before_reading_it(tmp_path):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.write(b"score,date\n")
        handle.truncate(400 * 1024 * 1024)
    run = run_measured(
        "from pathlib import Path\n"
        "from nps.importing.pipeline import import_file\n"
        "from nps.importing.reader import ImportFileError\n"
        "try:\n"
        f"    import_file(Path({str(huge)!r}), engine=None, survey='s', username='u')\n"
        "except ImportFileError as error:\n"
        "    print('REFUSED', error.message)\n"
    )
    assert "REFUSED" in run.stdout and "over the 200 MB limit" in run.stdout, run.stderr
    assert run.peak_mb < 300


def test_a_5000_column_csv_is_refused_with_the_column_limit():
    header = ",".join(["score", "date"] + [f"q{number}" for number in range(4998)])
    row = ",".join(["9", "2026-01-05"] + ["x"] * 4998)
    with pytest.raises(ImportFileError, match="5,000 columns; at most 1,000"):
        open_export(f"{header}\n{row}\n".encode())
