"""The real exports in tests/realdata go through the writer into the store with the figures in its SOURCES.md."""

from __future__ import annotations

import pandas as pd
import pytest

from nps import counting, queries, store
from nps.filters import Filters
from nps.importing import ImportFileError
from nps.importing.pipeline import import_file
from nps.metrics import Counts, nps
from tests.realdata import realdata_dir

REALDATA = realdata_dir()
BROADBAND = "fahadshery_textsummary_text_data.csv"
SUDZILLA = "zzzbitz_prepbench_case_040_input_01.csv"
SUDZILLA_ISO = "zzzbitz_prepbench_case_040_input_02.csv"
CHIN_AND_BEARD = "zzzbitz_prepbench_case_050_input_03.csv"
QUALTRICS_SAMPLE = "ropensci_qualtRics_sample.csv"


def _import(name: str, engine, survey: str, **options: object):
    return import_file(REALDATA / name, engine=engine, survey=survey, username="analyst", **options)  # type: ignore[arg-type]


def _survey_nps(engine, survey: str) -> tuple[int, float]:
    counts = counting.summary_counts(Filters(surveys=(survey,)), engine=engine)
    return counts.n, nps(counts)


def _stored_rows(engine, survey: str) -> pd.DataFrame:
    """What the store holds for one survey, as the exports see it, with times to the second."""
    frame = pd.concat(list(queries.response_rows(Filters(surveys=(survey,)), engine=engine)), ignore_index=True)
    frame["responded_at"] = pd.to_datetime(frame["responded_at"], utc=True).dt.floor("s")
    return frame.drop(columns=["survey"]).reset_index(drop=True)


def test_broadband_verbatims_store_2353_responses_with_nps_minus_24_69_and_32_rejected(engine):
    report = _import(BROADBAND, engine, "Broadband")
    assert (report.rows_read, report.imported, report.rejected, report.duplicates) == (2385, 2353, 32, 0)
    assert {(issue.column, issue.reason) for issue in report.errors} == {("NPS_SCORE", "missing score")}
    n, score = _survey_nps(engine, "Broadband")
    assert (n, round(score, 2)) == (2353, -24.69)
    assert queries.date_bounds(Filters(), engine=engine) == (
        pd.Timestamp("2017-12-11").date(),
        pd.Timestamp("2018-06-20").date(),
    )


def test_broadband_journey_stages_keep_their_published_nps(engine):
    _import(BROADBAND, engine, "Broadband")
    stages = counting.counts_by(Filters(), "SURVEY_SUB_TYPE", engine=engine).set_index("key")
    by_stage = {
        stage: (int(row.n), round(nps(Counts(int(row.promoters), int(row.passives), int(row.detractors))), 2))
        for stage, row in stages.iterrows()
    }
    assert by_stage == {
        "Equipment Received": (231, -56.71),
        "First Payment": (1130, -29.29),
        "Order": (962, -9.98),
        "Service in Use": (30, -76.67),
    }


def test_reimporting_the_broadband_file_adds_nothing_and_writes_no_batch(engine):
    _import(BROADBAND, engine, "Broadband")
    again = _import(BROADBAND, engine, "Broadband")
    assert (again.imported, again.duplicates, again.rejected) == (0, 2353, 32)
    assert len(store.list_batches(engine=engine)) == 1
    assert _survey_nps(engine, "Broadband")[0] == 2353


def test_sudzilla_survey_stores_39_responses_with_nps_minus_35_9(engine):
    report = _import(SUDZILLA, engine, "Sudzilla")
    assert (report.imported, report.rejected, report.excluded) == (39, 0, 0)
    n, score = _survey_nps(engine, "Sudzilla")
    assert (n, round(score, 1)) == (39, -35.9)
    counts = counting.summary_counts(Filters(surveys=("Sudzilla",)), engine=engine)
    assert (counts.promoters, counts.detractors) == (8, 22)
    assert counting.comment_count(Filters(surveys=("Sudzilla",)), engine=engine) == 37


def test_sudzilla_iso_twin_stores_identical_rows(engine):
    _import(SUDZILLA, engine, "Sheets export")
    _import(SUDZILLA_ISO, engine, "ISO export")
    sheets, iso = _stored_rows(engine, "Sheets export"), _stored_rows(engine, "ISO export")
    assert len(sheets) == 39
    pd.testing.assert_frame_equal(sheets, iso)


def test_the_iso_twin_imported_into_the_same_survey_is_all_duplicates(engine):
    _import(SUDZILLA, engine, "Sudzilla")
    twin = _import(SUDZILLA_ISO, engine, "Sudzilla")
    assert (twin.imported, twin.duplicates) == (0, 39)
    assert _survey_nps(engine, "Sudzilla")[0] == 39


def test_a_utf8_bom_day_first_file_with_two_comment_columns_imports_every_row(engine):
    report = _import(CHIN_AND_BEARD, engine, "Chin & Beard")
    assert (report.imported, report.rejected) == (24, 0)
    assert counting.comment_count(Filters(), engine=engine) == 24
    assert counting.attribute_values("Country", engine=engine) == [
        "England",
        "Netherlands",
        "Scotland",
        "United States",
    ]
    rows = _stored_rows(engine, "Chin & Beard")
    assert pd.Timestamp("2020-01-05 13:03:00", tz="UTC") in set(rows["responded_at"])
    assert rows["responded_at"].min() == pd.Timestamp("2016-01-08 14:23:00", tz="UTC")


def test_the_qualtrics_sample_imports_its_one_response_with_its_response_id(engine):
    report = _import(QUALTRICS_SAMPLE, engine, "Qualtrics sample")
    assert (report.format, report.imported) == ("qualtrics", 1)
    rows = _stored_rows(engine, "Qualtrics sample")
    assert rows[["response_id", "score", "comment"]].to_dict("records") == [
        {"response_id": "R_2YPOQ602ER1jkf1", "score": 2, "comment": "Hello World!"}
    ]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("zzzbitz_prepbench_case_122_input_01.csv", "No date column"),
        ("zzzbitz_prepbench_case_122_input_02.csv", "No date column"),
    ],
)
def test_files_without_dates_are_refused_without_a_given_date_and_write_nothing(engine, name, problem):
    with pytest.raises(ImportFileError, match=problem):
        _import(name, engine, "Not responses")
    assert store.list_surveys(engine=engine) == []
    assert store.list_batches(engine=engine) == []
