"""File-level detection: empty and binary files, encodings, delimiters, size limits, and fuzzed input."""

from __future__ import annotations

import codecs
import contextlib
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nps.importing import ImportFileError, open_export
from nps.importing.sniff import detect_encoding, is_utf8, sniff_delimiter
from tests.fixtures import exports

SIMPLE = "Date,Score,Comment\n2024-03-14 10:00,9,Świetnie\n2024-03-15 11:00,3,Źle\n"


def read_everything(data: bytes) -> int:
    """Rows read; every chunk must account for each of its rows exactly once and keep only 0–10 scores."""
    total = 0
    for chunk in open_export(data).iter_chunks(chunk_rows=7):
        issues = [*chunk.rejected, *chunk.excluded]
        rows = [*chunk.frame["row"].tolist(), *(issue.row for issue in issues)]
        assert len(rows) == len(set(rows)) == chunk.rows_read
        assert chunk.frame["score"].between(0, 10).all()
        assert all(issue.reason for issue in issues)
        total += chunk.rows_read
    return total


@pytest.mark.parametrize("data", [b"", b"   \r\n\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + b"\x00\x00"])
def test_an_empty_file_is_refused_with_a_message_saying_so(data: bytes) -> None:
    with pytest.raises(ImportFileError, match="empty"):
        open_export(data)


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n\x00\x01\x02binary", bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"]
)
def test_a_binary_file_is_refused_with_a_message_naming_the_formats_to_use(data: bytes) -> None:
    with pytest.raises(ImportFileError, match="CSV or XLSX"):
        open_export(data)


def test_a_zip_that_is_not_a_workbook_is_reported_as_unreadable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ImportFileError, match="workbook could not be opened"):
        open_export(buffer.getvalue())


def test_a_truncated_workbook_is_reported_as_unreadable() -> None:
    data = exports.microsoft_forms_xlsx()
    with pytest.raises(ImportFileError, match="workbook"):
        open_export(data[: len(data) // 2])


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(SIMPLE.encode() * 100)
    with pytest.raises(ImportFileError, match="limit"):
        open_export(path, max_bytes=1000)
    with pytest.raises(ImportFileError, match="limit"):
        open_export(path.read_bytes(), max_bytes=1000)


def test_a_file_cut_inside_a_quoted_cell_says_it_looks_cut_off() -> None:
    data = SIMPLE.encode() + b'2024-03-16 12:00,7,"an unfinished thought\n' + b"more,more\n" * 3
    with pytest.raises(ImportFileError, match="cut off"):
        read_everything(data)


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 with BOM"),
        ("utf-16", "UTF-16 LE"),
        ("utf-16-be", "UTF-16 BE"),
        ("cp1250", "cp1250"),
    ],
)
def test_encodings_are_detected_and_polish_letters_survive(encoding: str, label: str) -> None:
    data = SIMPLE.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    reader = open_export(data)
    assert reader.encoding == label
    assert reader.columns == ["Date", "Score", "Comment"]
    frame = next(reader.iter_chunks()).frame
    assert frame["comment"].tolist() == ["Świetnie", "Źle"]


def test_western_single_byte_text_is_not_mistaken_for_polish() -> None:
    text = "Date,Score,Comment\n2024-03-14,9,Très bon café à côté\n2024-03-15,3,Señor, mañana\n"
    encoding = detect_encoding(text.encode("cp1252"))
    assert encoding.name == "cp1252"


def test_utf16_without_a_bom_is_still_read() -> None:
    reader = open_export(SIMPLE.encode("utf-16-le"))
    assert next(reader.iter_chunks()).frame["score"].tolist() == [9, 3]


@given(st.text(min_size=1), st.integers(min_value=1, max_value=8))
def test_utf8_is_checked_in_pieces_that_may_cut_a_character_in_two(text: str, piece: int) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        data.decode("utf-8")
        whole = True
    except UnicodeDecodeError:
        whole = False
    assert is_utf8(data, piece=piece) is whole
    assert is_utf8(data + "ł".encode()[:1], piece=piece) is False  # cut off inside the last character


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed_from_the_content(delimiter: str) -> None:
    sample = SIMPLE.replace(",", delimiter)
    assert sniff_delimiter(sample) == delimiter
    assert open_export(sample.encode()).columns == ["Date", "Score", "Comment"]


def test_commas_inside_quoted_cells_do_not_fool_the_sniffer() -> None:
    sample = 'a;b;c\n"1,2,3";"x,y";z\n"4,5";"p";q\n'
    assert sniff_delimiter(sample) == ";"


def test_title_rows_above_the_header_are_skipped() -> None:
    data = ("NPS export, March 2024\n\n" + SIMPLE).encode()
    reader = open_export(data)
    assert reader.columns == ["Date", "Score", "Comment"]
    assert next(reader.iter_chunks()).frame["row"].tolist() == [4, 5]


def test_a_row_with_more_cells_than_the_header_is_rejected_not_misread() -> None:
    data = (SIMPLE + "2024-03-16 12:00,8,unquoted, with a comma\n").encode()
    chunk = next(open_export(data).iter_chunks())
    assert len(chunk.frame) == 2
    assert [issue.row for issue in chunk.rejected] == [4]
    assert "more cells" in chunk.rejected[0].reason


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_are_refused_with_import_file_error_or_every_row_is_accounted_for(data: bytes) -> None:
    with contextlib.suppress(ImportFileError):
        read_everything(data)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["qualtrics_csv", "surveymonkey_csv", "typeform_csv", "polish_cp1250_csv", "delighted_csv"]),
       st.floats(0.0, 1.0))  # fmt: skip
def test_truncated_exports_are_refused_with_import_file_error_or_every_row_is_accounted_for(
    builder: str, fraction: float
) -> None:
    data = getattr(exports, builder)()
    with contextlib.suppress(ImportFileError):
        read_everything(data[: int(len(data) * fraction)])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["utf-8", "cp1250", "utf-16-le", "latin-1"]), st.text(max_size=40)),
        min_size=1,
        max_size=8,
    )
)
def test_mixed_encodings_are_refused_with_import_file_error_or_every_row_is_accounted_for(
    parts: list[tuple[str, str]],
) -> None:
    data = SIMPLE.encode()
    for encoding, text in parts:
        data += f"2024-03-16,{len(text) % 12},{text}\n".encode(encoding, errors="replace")
    with contextlib.suppress(ImportFileError):
        read_everything(data)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=6), min_size=1, max_size=12))
def test_random_tables_are_refused_with_import_file_error_or_every_row_is_accounted_for(rows: list[list[str]]) -> None:
    data = exports.to_csv([["Date", "Score", "Comment"], *rows]).encode()
    with contextlib.suppress(ImportFileError):
        assert read_everything(data) <= len(rows)


def test_a_text_file_on_disk_is_read_as_the_rows_are_needed_not_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(SIMPLE.encode() + b"2024-03-16 12:00,7,ok\n" * 5000)

    def whole(self: Path) -> bytes:
        raise AssertionError("the whole file was read at once")

    monkeypatch.setattr(Path, "read_bytes", whole)
    reader = open_export(path)
    rows = sum(chunk.rows_read for chunk in reader.iter_chunks(chunk_rows=1000))
    assert rows == 5002
    assert reader.encoding == "UTF-8"


def test_a_file_on_disk_of_nothing_but_spacing_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_bytes(b" \r\n" * 500_000)
    with pytest.raises(ImportFileError, match="empty"):
        open_export(path)
