"""The public real-world files in tests/realdata import with the figures recorded in its SOURCES.md."""

from __future__ import annotations

import pandas as pd
import pytest

from nps.importing import ImportFileError, open_export
from nps.metrics import Counts, nps
from tests.realdata import realdata_file


def read_file(name: str, **options: object) -> tuple[object, pd.DataFrame, list, list]:
    reader = open_export(realdata_file(name), **options)  # type: ignore[arg-type]
    chunks = list(reader.iter_chunks())
    frame = pd.concat([chunk.frame for chunk in chunks], ignore_index=True)
    rejected = [issue for chunk in chunks for issue in chunk.rejected]
    excluded = [issue for chunk in chunks for issue in chunk.excluded]
    return reader, frame, rejected, excluded


def test_broadband_verbatims_give_2353_responses_and_nps_minus_24_69() -> None:
    reader, frame, rejected, excluded = read_file("fahadshery_textsummary_text_data.csv")
    assert len(frame) == 2353
    assert round(nps(Counts.from_scores(frame["score"].tolist())), 2) == -24.69
    assert len(rejected) == 32
    assert {issue.reason for issue in rejected} == {"missing score"}
    assert {issue.column for issue in rejected} == {"NPS_SCORE"}
    assert excluded == []
    assert reader.dayfirst is True
    assert reader.mapping["comment"] == "text"
    assert "SURVEY_SUB_TYPE" in reader.segment_columns


def test_broadband_dates_run_from_december_2017_to_june_2018_read_day_first() -> None:
    _, frame, _, _ = read_file("fahadshery_textsummary_text_data.csv")
    assert frame["responded_at"].min().strftime("%Y-%m-%d") == "2017-12-11"
    assert frame["responded_at"].max().strftime("%Y-%m-%d") == "2018-06-20"
    assert frame["responded_at"].iloc[0] == pd.Timestamp("2018-04-11 20:09")


def test_broadband_segment_nps_matches_the_published_figures() -> None:
    _, frame, _, _ = read_file("fahadshery_textsummary_text_data.csv")
    by_stage = {
        stage: round(nps(Counts.from_scores(group["score"].tolist())), 2)
        for stage, group in frame.groupby("SURVEY_SUB_TYPE")
    }
    assert by_stage == {
        "Order": -9.98,
        "First Payment": -29.29,
        "Equipment Received": -56.71,
        "Service in Use": -76.67,
    }


def test_broadband_rejected_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    raw = pd.read_csv(realdata_file("fahadshery_textsummary_text_data.csv"), keep_default_na=False, dtype=str)
    expected = [index + 2 for index in raw.index[raw["NPS_SCORE"] == ""]]
    _, _, rejected, _ = read_file("fahadshery_textsummary_text_data.csv")
    assert [issue.row for issue in rejected] == expected


def test_sudzilla_survey_gives_39_responses_and_nps_minus_35_9() -> None:
    reader, frame, rejected, _ = read_file("zzzbitz_prepbench_case_040_input_01.csv")
    assert len(frame) == 39
    assert rejected == []
    assert round(nps(Counts.from_scores(frame["score"].tolist())), 1) == -35.9
    assert reader.mapping["score"] == "On a scale of 0-10, how would you rate Sudzilla?"
    assert reader.mapping["comment"] == "...why?"
    assert reader.dayfirst is False


def test_sudzilla_iso_twin_gives_identical_rows_to_the_second() -> None:
    _, sheets, _, _ = read_file("zzzbitz_prepbench_case_040_input_01.csv")
    _, iso, _, _ = read_file("zzzbitz_prepbench_case_040_input_02.csv")
    assert sheets["score"].tolist() == iso["score"].tolist()
    assert sheets["comment"].fillna("").tolist() == iso["comment"].fillna("").tolist()
    assert sheets["responded_at"].tolist() == iso["responded_at"].dt.floor("s").tolist()
    assert sheets["comment"].isna().sum() == 2


def test_wide_export_with_bom_reads_day_first_and_combines_two_comment_columns() -> None:
    reader, frame, rejected, _ = read_file("zzzbitz_prepbench_case_050_input_03.csv")
    assert reader.encoding == "UTF-8 with BOM"
    assert reader.columns[0] == "Country"
    assert reader.dayfirst is True
    assert reader.mapping["comment"] == "If you wouldn't, why?"
    assert reader.mapping["comment_2"] == "If you would, why?"
    assert len(frame) == 24
    assert rejected == []
    assert frame["comment"].notna().all()
    assert frame["responded_at"].iloc[0] == pd.Timestamp("2020-01-05 13:03:00")
    assert frame["comment"].iloc[0] == "Nice soaps"
    assert {"Promoter", "Detractor", "Passive"} <= set(reader.noise_columns)


def test_qualtrics_sample_with_german_labels_reads_its_one_response() -> None:
    reader, frame, _, _ = read_file("ropensci_qualtRics_sample.csv", mapping={"score": "Q1"})
    assert reader.format == "qualtrics"
    assert reader.labels["StartDate"] == "Anfangsdatum"
    assert reader.mapping["response_id"] == "ResponseId"
    assert {"IPAddress", "LocationLatitude", "LocationLongitude", "Duration (in seconds)"} <= set(reader.noise_columns)
    assert frame["row"].tolist() == [4]
    assert frame["response_id"].tolist() == ["R_2YPOQ602ER1jkf1"]
    assert frame["score"].tolist() == [2]
    assert frame["comment"].tolist() == ["Hello World!"]
    assert frame["responded_at"].iloc[0].strftime("%Y-%m-%d") == "2017-07-18"


def test_long_format_file_is_pivoted_to_one_row_per_respondent_with_its_questions_as_columns() -> None:
    reader = open_export(realdata_file("zzzbitz_prepbench_case_050_input_01.csv"))
    assert (reader.mapping["question"], reader.mapping["value"]) == ("Question Number", "Answer")
    assert reader.columns == ["Country", "Store", "Name", "Response", "DoB", "1", "2", "3", "3a", "3b"]
    assert (reader.mapping["score"], reader.mapping["date"]) == ("3", "1")
    frame = pd.concat([chunk.frame for chunk in reader.iter_chunks()])
    assert frame["row"].tolist()[:3] == [2, 3, 4]
    assert frame["score"].tolist()[:3] == [0, 10, 8]


def test_airline_file_without_dates_asks_for_a_date_column() -> None:
    with pytest.raises(ImportFileError, match="date column"):
        open_export(realdata_file("zzzbitz_prepbench_case_122_input_02.csv"))
