"""Hostile workbooks built on the fly: a valid .xlsx whose one cell is replaced by a huge run of text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import xlsxwriter

PLACEHOLDER = "HUGE-CELL-PLACEHOLDER"


def zip_bomb_xlsx(path: Path, *, cell_mb: int) -> Path:
    """A small workbook (score, date, comment) whose comment cell unpacks to `cell_mb` MB of text."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Responses")
    sheet.write_row(0, 0, ["score", "date", "comment"])
    sheet.write_row(1, 0, [9, "2026-01-05", PLACEHOLDER])
    sheet.write_row(2, 0, [3, "2026-01-06", "slow"])
    book.close()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if PLACEHOLDER.encode() not in content:
                target.writestr(member, content)
                continue
            before, after = content.split(PLACEHOLDER.encode())
            with target.open(member.filename, "w", force_zip64=True) as stream:
                stream.write(before)
                piece = b"a" * (1 << 20)
                for _ in range(cell_mb):
                    stream.write(piece)
                stream.write(after)
    return path
