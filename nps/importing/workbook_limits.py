"""Refuse workbook zip bombs before a sheet is loaded: bounded uncompressed size, cell count and cell length.

A 308 KB .xlsx can hold one 300 MB cell; calamine loads whole sheets, so the limits are checked while the
zip members are decompressed a megabyte at a time, never holding more than one piece. Cell text in the XML
cannot contain `<` (it is written `&lt;`), so the longest run of bytes between two `<` bounds the longest cell.
Python's zipfile stops at each member's declared size and checks its CRC, so a header that lies about the
size fails here too instead of in the reader.
"""

from __future__ import annotations

import io
import zipfile

from nps.i18n import N_
from nps.importing.sniff import ImportFileError

MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_CELLS = 20_000_000
MAX_CELL_CHARS = 32_767
"""Excel's own limit on the characters in one cell."""
DAMAGED = N_(
    "The workbook could not be opened: it is damaged or not an Excel file. "
    "Open it in Excel and save it again as .xlsx, or export the responses as CSV."
)
_MAX_RUN_BYTES = MAX_CELL_CHARS * 6 + 1024
"""The longest cell as XML bytes: a character takes at most 6 (`&quot;`), plus the tag around it."""
_PIECE = 1 << 20


def check_workbook(data: bytes) -> None:
    """Raise ImportFileError if the workbook would unpack beyond the limits (checked while unpacking)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError(DAMAGED) from error
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise _too_big()
    unpacked = cells = 0
    for member in members:
        is_sheet = member.filename.startswith("xl/worksheets/")
        run = 0
        tail = b""
        try:
            with archive.open(member) as stream:
                while piece := stream.read(_PIECE):
                    unpacked += len(piece)
                    if unpacked > MAX_UNCOMPRESSED_BYTES:
                        raise _too_big()
                    run = _longest_run(piece, run)
                    if is_sheet:
                        window = tail + piece
                        cells += window.count(b"<c ") + window.count(b"<c>")
                        tail = piece[-2:]
                        if cells > MAX_CELLS:
                            raise ImportFileError(
                                N_(
                                    "The workbook has more than {cells} cells, more than can be imported at "
                                    "once. Export a shorter date range or fewer questions."
                                ),
                                cells=f"{MAX_CELLS:,}",
                            )
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as error:
            raise ImportFileError(DAMAGED) from error


def _longest_run(piece: bytes, carried: int) -> int:
    """The length of the run without `<` at the end of `piece`; raises when any run is too long for a cell."""
    parts = piece.split(b"<")
    first = carried + len(parts[0])
    longest = max(first, max(map(len, parts[1:]), default=0))
    if longest > _MAX_RUN_BYTES:
        raise ImportFileError(
            N_(
                "The workbook holds a cell longer than Excel's limit of {characters} characters: it was not "
                "saved by Excel and may be built to exhaust memory. Export the responses again from the survey tool."
            ),
            characters=f"{MAX_CELL_CHARS:,}",
        )
    return first if len(parts) == 1 else len(parts[-1])


def _too_big() -> ImportFileError:
    return ImportFileError(
        N_(
            "The workbook unpacks to more than {megabytes} MB, more than can be imported at once. Export a "
            "shorter date range, or export the responses as CSV."
        ),
        megabytes=f"{MAX_UNCOMPRESSED_BYTES // 1_048_576:,}",
    )
