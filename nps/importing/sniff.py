"""What kind of bytes an upload is: workbook, text (and in which encoding and delimiter), or junk.

Decided from content only; file names lie (a `.csv` saved by Excel as UTF-16, an `.xls` that is a zip).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

import charset_normalizer

from nps.i18n import N_, TranslatableError
from nps.importing.source import ExportSource

SAMPLE_BYTES = 256 * 1024
_MIXED_SAMPLE_BYTES = 32 * 1024 * 1024
"""How much of a file that is not all UTF-8 is read to tell a mostly-UTF-8 file from a code-page one."""
DELIMITERS = (",", ";", "\t", "|")

_SINGLE_BYTE_WESTERN_OR_CENTRAL = {
    "cp1250",
    "cp1252",
    "latin_1",
    "iso8859_2",
    "iso8859_10",
    "iso8859_15",
    "iso8859_16",
    "mac_latin2",
    "mac_roman",
    "cp850",
    "cp852",
}
_BLANK_BYTES = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
_CENTRAL_LETTERS = frozenset("ąćęłńśźżĄĆĘŁŃŚŹŻčřěůňďťšžČŘĚŮŇĎŤŠŽőűŐŰ")
_WESTERN_LETTERS = frozenset("àâäçèéêëîïôöùûüÿñáíóúãõåæøßÀÂÄÇÈÉÊËÎÏÔÖÙÛÜÑÁÍÓÚÃÕÅÆØ")


class ImportFileError(TranslatableError):
    """A problem with the whole file; the message says what is wrong and what to do, in plain words (kept as
    template and parameters, so the Upload page shows it in the reader's language)."""

    @property
    def message(self) -> str:
        return str(self)


class MappingNeeded(ImportFileError):
    """No column was recognised for a required field: the user can name it from `columns`."""

    def __init__(self, template: str, *, missing: tuple[str, ...], columns: tuple[str, ...], **params: object) -> None:
        super().__init__(template, **params)
        self.missing = missing
        self.columns = columns


@dataclass(frozen=True)
class TextEncoding:
    """How to turn the upload into text; `name` is a Python codec name pandas accepts."""

    name: str
    label: str
    guessed: bool = False
    mixed: bool = False
    """UTF-8 with a few rows in another encoding: those rows are rejected, not the whole file guessed again."""


def detect_container(source: bytes | ExportSource) -> str:
    """`xlsx`, `xls` (an OLE compound file) or `text`; raises for empty and binary uploads."""
    source = ExportSource.of(source)
    data = source.head(8192)
    if _blank(source):
        raise ImportFileError(N_("The file is empty. Export the survey responses again and upload that file."))
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data[:4096]):
        return "text"
    head = data[:8192]
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13, 12))
    if b"\x00" in head or controls > len(head) * 0.02:
        raise ImportFileError(
            N_(
                "This file is not a survey export: it holds binary data, not text or an Excel workbook. "
                "Export the responses as CSV or XLSX and upload that file."
            )
        )
    return "text"


def _blank(source: ExportSource) -> bool:
    """Nothing but spacing, NULs and byte-order marks (looked at a piece at a time: usually the first says no)."""
    return not any(piece.strip(_BLANK_BYTES) for piece in source.pieces())


def _utf16_without_bom(head: bytes) -> str | None:
    """`utf-16-le`/`utf-16-be` when every other byte is NUL, as in BOM-less UTF-16 text."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def detect_encoding(source: bytes | ExportSource) -> TextEncoding:
    """BOMs first, then strict UTF-8, then a guess among single-byte code pages (cp1250, cp1252, …)."""
    source = ExportSource.of(source)
    data = source.head(4096)
    if data.startswith(codecs.BOM_UTF8):
        return TextEncoding("utf-8-sig", "UTF-8 with BOM")
    if data.startswith(codecs.BOM_UTF16_LE):
        return TextEncoding("utf-16", "UTF-16 LE")
    if data.startswith(codecs.BOM_UTF16_BE):
        return TextEncoding("utf-16", "UTF-16 BE")
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return TextEncoding(utf16, utf16.upper().replace("-LE", " LE").replace("-BE", " BE"), guessed=True)
    if not is_utf8(source):
        if _mostly_utf8(source.head(_MIXED_SAMPLE_BYTES)):
            return TextEncoding("utf-8", "UTF-8 with some rows in another encoding", guessed=True, mixed=True)
        return _guess_single_byte(source)
    return TextEncoding("utf-8", "UTF-8")


def is_utf8(source: bytes | ExportSource, piece: int = 1 << 20) -> bool:
    """Strict UTF-8 check a megabyte at a time: decoding a whole file at once held it again as text, up to four
    times its size for Thai or Chinese."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for block in ExportSource.of(source).pieces(piece):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(data: bytes, lines: int = 20_000) -> bool:
    """True when most lines with non-ASCII bytes are valid UTF-8 (a file edited in two programs): decoding all
    of it as cp1252 then turned every "Zażółć" into "ZaÅ¼Ã³Å‚Ä‡" to save one or two rows."""
    valid = invalid = 0
    for line in data.split(b"\n", lines)[:lines]:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            valid += 1
        except UnicodeDecodeError:
            invalid += 1
    return valid > invalid


def _guess_single_byte(source: ExportSource) -> TextEncoding:
    sample = _high_byte_sample(source)
    best = charset_normalizer.from_bytes(sample).best()
    name = best.encoding if best else "latin_1"
    if name in _SINGLE_BYTE_WESTERN_OR_CENTRAL or name.startswith("utf"):
        name = _central_or_western(sample)
    return TextEncoding(name, name.replace("_", "-"), guessed=True)


def _high_byte_sample(source: ExportSource) -> bytes:
    """The start of the file plus lines with non-ASCII bytes further in, so a late `ł` still counts."""
    if source.size <= SAMPLE_BYTES:
        return source.read()
    head = source.head(SAMPLE_BYTES // 2)
    picked: list[bytes] = []
    size = 0
    for block in source.pieces(start=SAMPLE_BYTES // 2):
        if block.isascii():
            continue
        for line in block.split(b"\n"):
            if not line[:4096].isascii():
                picked.append(line[:4096])
                size += len(line)
                if size > SAMPLE_BYTES // 2:
                    return head + b"\n" + b"\n".join(picked)
    return head + b"\n" + b"\n".join(picked)


def _central_or_western(sample: bytes) -> str:
    """cp1250 vs cp1252 vs ISO-8859-2, by which decoding yields letters those languages use."""
    scores: list[tuple[int, str]] = []
    for rank, name in enumerate(("cp1250", "cp1252", "iso8859_2")):
        text = sample.decode(name, errors="replace")
        letters = _CENTRAL_LETTERS if name != "cp1252" else _WESTERN_LETTERS
        hits = sum(1 for char in text if char in letters)
        misses = text.count("\ufffd")
        scores.append((hits - 5 * misses, -rank))
    names = ("cp1250", "cp1252", "iso8859_2")
    best = max(scores)
    if best[0] <= 0:
        return "cp1252"
    return names[-best[1]]


def decode_sample(source: bytes | ExportSource, encoding: TextEncoding, size: int = SAMPLE_BYTES) -> str:
    """The first `size` bytes as text, cut at the last full line."""
    source = ExportSource.of(source)
    text = source.head(size).decode(encoding.name, errors="replace")
    if source.size > size and "\n" in text:
        text = text[: text.rfind("\n")]
    return text


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first records into the most equal, widest rows."""
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = _first_records(sample, delimiter)
        except csv.Error:
            continue
        widths = [len(row) for row in rows if any(cell.strip() for cell in row)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        if common < 2:
            continue
        agreement = sum(1 for width in widths if width == common) / len(widths)
        score = (round(agreement, 1), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_records(sample: str, delimiter: str, limit: int = 60) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, quotechar='"')
    rows: list[list[str]] = []
    for row in reader:
        rows.append(row)
        if len(rows) >= limit:
            break
    return rows
