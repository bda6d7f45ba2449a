"""A mostly-UTF-8 file with one cp1250 and one latin-1 row: those rows are named, the rest is not corrupted."""

from __future__ import annotations

from nps.importing.reader import open_export


def test_rows_in_another_encoding_are_rejected_and_the_utf8_rows_stay_intact():
    lines = [b"score,date,comment"]
    lines += [f"9,2026-01-{day:02d},Zażółć gęślą jaźń {day}".encode() for day in range(1, 9)]
    lines.append("3,2026-01-10,Dostawa spóźniła się".encode("cp1250"))
    lines.append("4,2026-01-11,Très déçu".encode("latin-1"))
    reader = open_export(b"\n".join(lines) + b"\n")
    chunk = next(reader.iter_chunks())
    assert chunk.frame["comment"].iloc[0] == "Zażółć gęślą jaźń 1"
    assert len(chunk.frame) == 8
    assert [issue.row for issue in chunk.rejected] == [10, 11]
    assert "another encoding" in chunk.rejected[0].reason
    assert any("other text encoding" in note or "another text encoding" in note for note in reader.notes)
