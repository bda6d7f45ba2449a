"""Values no column can hold get the same treatment on SQLite and PostgreSQL: a row reason or a clear refusal."""

from __future__ import annotations

import pytest

from nps.importing.pipeline import import_file
from nps.importing.reader import ImportFileError

LONG = "x" * 201


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("response_id", LONG),
        ("customer_id", LONG),
        ("name", LONG),
        ("email", "a" * 320 + "@example.com"),
        ("response_id", "R\x002"),
    ],
)
def test_an_overlong_or_nul_value_is_a_row_reason_on_both_databases(engine, column, value):
    filler = "F" + "f" * 9000  # the NUL sits after the first 8 KB, where it once reached the database
    data = f"response_id,customer_id,name,email,date,score,comment\nR1,C1,Ann,a@x.org,2026-01-05,9,{filler}\n"
    row = {"response_id": "R3", "customer_id": "C3", "name": "Bo", "email": "b@x.org"} | {column: value}
    data += f"{row['response_id']},{row['customer_id']},{row['name']},{row['email']},2026-01-06,3,bad\n"
    report = import_file(data.encode(), engine=engine, survey="s", username="u")
    assert (report.imported, report.rejected) == (1, 1)
    assert report.errors[0].row == 3


def test_an_overlong_survey_name_or_header_is_a_clear_refusal(engine):
    with pytest.raises(ImportFileError, match="1 to 200 characters"):
        import_file(b"date,score\n2026-01-05,9\n", engine=engine, survey="s" * 201, username="u")
    with pytest.raises(ImportFileError, match="longer than 200 characters"):
        import_file(f"date,score,{LONG}\n2026-01-05,9,a\n".encode(), engine=engine, survey="s", username="u")
