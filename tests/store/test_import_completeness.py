"""Imports lose nothing: files without dates, long-format exports, rows already in another survey, duplicates
named with the row they repeat, rejected rows that can be fixed and imported again (issue 14, item 6)."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from nps import counting, queries, store
from nps.filters import Filters
from nps.importing import ImportFileError
from nps.importing.pipeline import import_file
from nps.metrics import Counts, nps
from tests.realdata import realdata_file

AIRLINES = "zzzbitz_prepbench_case_122_input_01.csv"
PREP_AIR = "zzzbitz_prepbench_case_122_input_02.csv"
LONG_FORMAT = "zzzbitz_prepbench_case_050_input_01.csv"


def _import(source, engine, survey: str, **options: object):
    if isinstance(source, str) and source.endswith(".csv") and "\n" not in source:
        source = realdata_file(source)
    elif isinstance(source, str):
        source = source.encode()
    return import_file(source, engine=engine, survey=survey, username="analyst", **options)  # type: ignore[arg-type]


def _counts(row) -> Counts:
    return Counts(int(row.promoters), int(row.passives), int(row.detractors))


def test_prep_air_without_a_date_column_imports_with_a_given_date_and_nps_21_20(engine):
    report = _import(PREP_AIR, engine, "Prep Air", fixed_date=date(2024, 3, 1))
    assert (report.rows_read, report.imported, report.rejected) == (184, 184, 0)
    assert any("2024-03-01" in note and "every response" in note for note in report.notes)
    counts = counting.summary_counts(Filters(surveys=("Prep Air",)), engine=engine)
    assert (counts.n, round(nps(counts), 2)) == (184, 21.20)
    assert queries.date_bounds(Filters(), engine=engine) == (date(2024, 3, 1), date(2024, 3, 1))


def test_the_98_airlines_import_with_a_given_date_and_keep_their_published_range(engine):
    report = _import(AIRLINES, engine, "Airlines", fixed_date=date(2024, 3, 1))
    # Two CustomerIDs were turned into 218-digit numbers by a spreadsheet (hex "6e212" read as 6×10^212): over the
    # 200-character limit, so those rows are rejected with that reason, the same on both databases (issue 19).
    assert (report.imported, report.rejected, report.duplicates) == (5721, 2, 0)
    by_airline = counting.counts_by(Filters(), "Airline", engine=engine)
    scores = [round(nps(_counts(row)), 2) for row in by_airline.itertuples()]
    assert len(by_airline) == 98
    assert (min(scores), max(scores)) == (-29.73, 46.67)
    assert (by_airline["n"].min(), by_airline["n"].max()) == (6, 168)


def test_a_file_without_dates_and_no_given_date_is_still_refused(engine):
    with pytest.raises(ImportFileError, match="one date for every row"):
        _import(PREP_AIR, engine, "Prep Air")
    assert store.list_surveys(engine=engine) == []


def test_a_long_format_export_is_pivoted_to_one_response_per_respondent(engine):
    report = _import(
        LONG_FORMAT,
        engine,
        "Chin & Beard long",
        mapping={"date": "1", "score": "3", "comment": "3a", "comment_2": "3b", "response_id": "Response"},
        dayfirst=True,
    )
    assert report.rows_read == 28
    assert any("140 rows" in note and "28 responses" in note for note in report.notes)
    assert (report.imported, report.rejected) == (26, 2)
    assert {issue.row for issue in report.errors} == {9, 15}
    rows = pd.concat(list(queries.response_rows(Filters(), engine=engine)), ignore_index=True)
    first = rows.set_index("response_id").loc["1"]
    assert (int(first["score"]), first["comment"], first["Store"]) == (0, "No-one answering my call", "Clapham")
    assert pd.Timestamp(first["responded_at"]).date() == date(2020, 1, 13)


def test_a_long_format_export_is_recognised_by_its_question_and_answer_columns(engine):
    body = (
        "respondent_id,question,answer\n"
        "c1,Date,2024-05-01\nc1,How likely are you to recommend us?,9\nc1,Why?,Great service\n"
        "c2,Date,2024-05-02\nc2,How likely are you to recommend us?,4\nc2,Why?,Slow\n"
    )
    report = _import(body, engine, "Long")
    assert (report.imported, report.rejected) == (2, 0)
    assert report.mapping["score"] == "How likely are you to recommend us?"
    counts = counting.summary_counts(Filters(), engine=engine)
    assert (counts.promoters, counts.detractors) == (1, 1)


SMALL = (
    "Response ID,Date,How likely to recommend,Comment\nR1,2024-01-02,9,good\nR2,2024-01-03,3,bad\nR2,2024-01-03,3,bad\n"
)


def test_a_response_id_column_is_mapped_even_when_the_file_repeats_a_response(engine):
    report = _import(SMALL, engine, "S")
    assert report.mapping.get("response_id") == "Response ID"
    assert (report.imported, report.duplicates) == (2, 1)


def test_duplicates_are_listed_with_the_row_they_repeat(engine):
    first = _import(SMALL, engine, "S")
    assert [(issue.row, issue.reason) for issue in first.duplicate_rows] == [(4, "same response as row 3")]
    again = _import(SMALL, engine, "S")
    assert again.duplicates == 3
    assert {issue.row for issue in again.duplicate_rows} == {2, 3, 4}
    assert all(f"batch {first.batch_id}" in issue.reason for issue in again.duplicate_rows)
    issues = again.issues_frame()
    assert set(issues["outcome"]) == {"duplicate"}


def test_rows_already_in_another_survey_are_flagged_and_can_be_skipped(engine):
    _import(SMALL, engine, "First")
    flagged = _import(SMALL, engine, "Second", dry_run=True)
    assert flagged.imported == 2
    assert [(issue.row, issue.reason) for issue in flagged.in_other_surveys] == [
        (2, "already in survey “First”"),
        (3, "already in survey “First”"),
    ]
    skipped = _import(SMALL, engine, "Second", skip_other_surveys=True)
    assert (skipped.imported, skipped.skipped_other_surveys) == (0, 2)
    new_rows = SMALL + "R9,2024-01-05,10,new\n"
    mixed = _import(new_rows, engine, "Second", skip_other_surveys=True)
    assert (mixed.imported, mixed.skipped_other_surveys) == (1, 2)
    assert counting.summary_counts(Filters(surveys=("Second",)), engine=engine).n == 1


BROKEN = (
    "Response ID,Date,How likely to recommend,Comment,Region\n"
    "R1,2024-01-02,9,good,North\n"
    "R2,2024-01-03,eleven,bad,South\n"
    "R3,not a date,7,fine,West\n"
)


def test_rejected_rows_download_with_their_original_cells_and_reimport_once_fixed(engine):
    report = _import(BROKEN, engine, "S")
    assert (report.imported, report.rejected) == (1, 2)
    download = report.rejected_file()
    assert list(download.columns) == [
        "import_rejected_because",
        "import_source_row",
        "Response ID",
        "Date",
        "How likely to recommend",
        "Comment",
        "Region",
    ]
    assert download[["Response ID", "How likely to recommend", "Region"]].values.tolist() == [
        ["R2", "eleven", "South"],
        ["R3", "7", "West"],
    ]
    assert download["import_source_row"].tolist() == [3, 4]
    download.loc[0, "How likely to recommend"] = "1"
    download.loc[1, "Date"] = "2024-01-04"
    fixed = io.BytesIO()
    download.to_csv(fixed, index=False)
    again = import_file(fixed.getvalue(), engine=engine, survey="S", username="analyst", file_name="fixed.csv")
    assert (again.imported, again.rejected) == (2, 0)
    assert again.mapping["response_id"] == "Response ID"
    assert "import_rejected_because" not in store.attribute_slots(engine=engine)
    assert counting.summary_counts(Filters(surveys=("S",)), engine=engine).n == 3
