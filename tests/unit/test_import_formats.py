"""Every survey tool's layout, written by the tests into tmp_path, reads back as the same answers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nps.importing import ExportReader, ParsedChunk, RowIssue, open_export
from nps.metrics import Counts, nps
from tests.fixtures import exports
from tests.fixtures.exports import ANSWERS

EXPECTED_NPS = nps(Counts.from_scores(answer.score for answer in ANSWERS))


def read_all(reader: ExportReader, chunk_rows: int = 100_000) -> tuple[pd.DataFrame, list[RowIssue], list[RowIssue]]:
    chunks: list[ParsedChunk] = list(reader.iter_chunks(chunk_rows=chunk_rows))
    frame = pd.concat([chunk.frame for chunk in chunks], ignore_index=True)
    rejected = [issue for chunk in chunks for issue in chunk.rejected]
    excluded = [issue for chunk in chunks for issue in chunk.excluded]
    assert sum(chunk.rows_read for chunk in chunks) == len(frame) + len(rejected) + len(excluded)
    return frame, rejected, excluded


def written(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_same_answers(frame: pd.DataFrame, *, to_the: str = "s") -> None:
    """Scores, UTC timestamps and comments match the answers the fixture was built from."""
    assert frame["score"].tolist() == [answer.score for answer in ANSWERS]
    expected = [pd.Timestamp(answer.at).floor(to_the) for answer in ANSWERS]
    assert frame["responded_at"].dt.floor(to_the).tolist() == expected
    comments = [None if pd.isna(value) else value for value in frame["comment"]]
    assert comments == [answer.comment or None for answer in ANSWERS]
    assert nps(Counts.from_scores(frame["score"].tolist())) == EXPECTED_NPS


def test_qualtrics_three_header_rows_give_the_answers_in_utc(tmp_path: Path) -> None:
    reader = open_export(written(tmp_path, "anything.txt", exports.qualtrics_csv()))
    frame, rejected, _excluded = read_all(reader)
    assert reader.format == "qualtrics"
    assert reader.mapping["score"] == "Q1"
    assert reader.mapping["response_id"] == "ResponseId"
    assert_same_answers(frame)
    assert frame["row"].tolist() == [4, 5, 6, 7]
    assert frame["response_id"].tolist() == ["R_1", "R_2", "R_3", "R_4"]
    assert frame["email"].iloc[0] == "anna@example.com"
    assert frame["name"].iloc[0] == "Anna Nowak"
    assert rejected == []


def test_qualtrics_preview_and_unfinished_responses_are_excluded_and_reported(tmp_path: Path) -> None:
    reader = open_export(exports.qualtrics_csv(preview_rows=3))
    _, rejected, excluded = read_all(reader)
    assert rejected == []
    assert [issue.reason for issue in excluded] == ["survey preview response"] * 3 + [
        "unfinished response without a score"
    ]
    assert excluded[0] == RowIssue(8, "Status", "survey preview response")
    assert "3 survey preview responses excluded" in reader.notes


def test_qualtrics_embedded_data_is_a_segment_and_technical_columns_are_noise() -> None:
    reader = open_export(exports.qualtrics_csv())
    assert "Region" in reader.segment_columns
    for column in ("IPAddress", "LocationLatitude", "LocationLongitude", "Duration (in seconds)", "Q1_NPS_GROUP"):
        assert column in reader.noise_columns
    assert "" not in reader.columns
    frame, _, _ = read_all(reader)
    assert frame["Region"].tolist() == ["NA", "EU", "APAC", "EU"]
    assert '"IPAddress":"203.0.113.7"' in frame["extra"].iloc[0]


def test_qualtrics_nps_group_as_text_still_points_at_the_score_column() -> None:
    reader = open_export(exports.qualtrics_csv(group="text"))
    assert reader.mapping["score"] == "Q1"


def test_qualtrics_german_labels_are_kept_as_labels_and_match_the_mapping() -> None:
    reader = open_export(exports.qualtrics_csv(labels="de"))
    assert reader.labels["ResponseId"] == "Antwort-ID"
    assert reader.mapping["score"] == "Q1"
    assert reader.mapping["comment"] == "Q2"


def test_qualtrics_without_a_time_zone_keeps_times_as_written() -> None:
    reader = open_export(exports.qualtrics_csv(zone=None))
    frame, _, _ = read_all(reader)
    assert_same_answers(frame)
    assert any("no time zone" in note for note in reader.notes)


def test_qualtrics_utf16_tab_separated_export_reads_like_the_csv(tmp_path: Path) -> None:
    reader = open_export(written(tmp_path, "export.csv", exports.qualtrics_tsv_utf16()))
    assert (reader.format, reader.delimiter, reader.encoding) == ("qualtrics", "\t", "UTF-16 LE")
    frame, _, excluded = read_all(reader)
    assert_same_answers(frame)
    assert len(excluded) == 2


def test_qualtrics_legacy_two_row_layout_maps_v_columns_by_their_labels() -> None:
    reader = open_export(exports.qualtrics_legacy_csv())
    assert reader.format == "qualtrics"
    assert reader.mapping["response_id"] == "ResponseID"
    assert reader.mapping["date"] == "EndDate"
    frame, _, excluded = read_all(reader)
    assert_same_answers(frame, to_the="min")
    assert frame["row"].tolist() == [3, 4, 5, 6]
    assert [issue.reason for issue in excluded] == ["survey preview response"]


@pytest.mark.parametrize("build", [exports.surveymonkey_csv, exports.surveymonkey_xlsx])
def test_surveymonkey_two_header_rows_labels_and_us_times_read_correctly(build) -> None:  # type: ignore[no-untyped-def]
    reader = open_export(build())
    assert reader.format == "surveymonkey"
    assert reader.mapping["response_id"] == "Respondent ID"
    assert reader.mapping["date"] == "End Date"
    assert "\n" not in reader.mapping["score"]
    assert reader.dayfirst is False
    frame, rejected, _ = read_all(reader)
    assert_same_answers(frame)
    assert rejected == []
    assert frame["row"].tolist() == [3, 4, 5, 6]
    assert "Which plan are you on? - Other (please specify)" in reader.segment_columns
    assert "IP Address" in reader.noise_columns


def test_typeform_partial_responses_without_a_score_are_excluded_not_rejected() -> None:
    reader = open_export(exports.typeform_csv())
    assert reader.format == "typeform"
    assert reader.mapping["response_id"] == "#"
    assert reader.mapping["score"] == "How likely are you to recommend us?"
    frame, rejected, excluded = read_all(reader)
    assert rejected == []
    assert excluded == [RowIssue(6, "Response Type", "partial response without a score")]
    assert frame["response_id"].tolist()[-1] == "tokpartial2"
    assert frame["responded_at"].iloc[-1] == pd.Timestamp("2024-03-22 10:00:40")
    assert_same_answers(frame.iloc[:4])


def test_typeform_hidden_fields_become_segments() -> None:
    reader = open_export(exports.typeform_csv())
    assert "plan" in reader.segment_columns
    assert "Network ID" in reader.noise_columns


def test_google_forms_sheet_timestamps_are_month_first() -> None:
    reader = open_export(exports.google_sheet_csv())
    assert reader.format == "google_forms"
    assert reader.dayfirst is False
    frame, _, _ = read_all(reader)
    assert_same_answers(frame)


def test_google_forms_sheet_in_a_day_first_locale_reads_day_first() -> None:
    reader = open_export(exports.google_sheet_csv(dayfirst=True, header="Sygnatura czasowa"))
    assert reader.format == "google_forms"
    assert reader.dayfirst is True
    frame, _, _ = read_all(reader)
    assert_same_answers(frame)


def test_google_forms_download_with_am_pm_and_gmt_offset_converts_to_utc() -> None:
    reader = open_export(exports.google_forms_download_csv())
    assert reader.format == "google_forms"
    frame, _, _ = read_all(reader)
    assert_same_answers(frame)


def test_microsoft_forms_workbook_picks_the_responses_sheet_and_reads_date_cells(tmp_path: Path) -> None:
    reader = open_export(written(tmp_path, "responses.csv", exports.microsoft_forms_xlsx()))
    assert reader.format == "microsoft_forms"
    assert reader.sheets == ["Summary", "Form1"]
    assert reader.sheet == "Form1"
    assert reader.mapping["date"] == "Completion time"
    frame, _, _ = read_all(reader)
    assert_same_answers(frame)
    assert frame["email"].isna().tolist() == [False, False, True, False]


def test_a_named_sheet_is_read_even_when_another_looks_better() -> None:
    with pytest.raises(Exception, match="No date column"):
        open_export(exports.microsoft_forms_xlsx(), sheet="Summary")


def test_delighted_unix_timestamps_and_person_properties_read() -> None:
    reader = open_export(exports.delighted_csv())
    assert reader.format == "delighted"
    assert "Properties: Region" in reader.segment_columns
    frame, _, _ = read_all(reader)
    assert_same_answers(frame)
    assert frame["name"].iloc[0] == "Anna Nowak"


def test_a_plain_spreadsheet_with_score_and_comment_columns_is_generic_not_delighted() -> None:
    """The format is recorded with the batch: it must not name a tool the file did not come from."""
    plain = b"Response ID,Submitted at,Score,Comment,Region\nR1,2026-03-02 09:15,10,Quick,North\n"
    assert open_export(plain).format == "generic"


def test_iso_timestamps_with_offsets_convert_to_utc() -> None:
    reader = open_export(exports.zendesk_style_csv())
    frame, _, _ = read_all(reader)
    assert_same_answers(frame)
    assert str(frame["responded_at"].dtype) == "datetime64[us]"


def test_polish_cp1250_semicolon_file_keeps_its_letters() -> None:
    reader = open_export(exports.polish_cp1250_csv())
    assert (reader.encoding, reader.delimiter, reader.format) == ("cp1250", ";", "generic")
    assert reader.columns == ["Data wypełnienia", "Ocena (0-10)", "Komentarz", "Województwo"]
    frame, _, _ = read_all(reader)
    assert_same_answers(frame, to_the="min")
    assert frame["Województwo"].iloc[0] == "łódzkie"
    assert frame["comment"].iloc[0] == "Świetna obsługa, dziękuję"


def test_the_format_comes_from_the_content_not_the_file_name(tmp_path: Path) -> None:
    for name in ("survey.xlsx", "survey.csv", "survey"):
        assert open_export(written(tmp_path, name, exports.typeform_csv())).format == "typeform"


def test_chunks_never_exceed_the_requested_size_and_keep_row_numbers() -> None:
    reader = open_export(exports.qualtrics_csv(preview_rows=5))
    chunks = list(reader.iter_chunks(chunk_rows=3))
    assert all(len(chunk.frame) <= 3 for chunk in chunks)
    frame = pd.concat([chunk.frame for chunk in chunks])
    assert frame["row"].tolist() == [4, 5, 6, 7]


def test_frame_has_the_contract_columns_and_types() -> None:
    frame, _, _ = read_all(open_export(exports.typeform_csv()))
    assert list(frame.columns[:8]) == [
        "row", "response_id", "respondent", "email", "name", "responded_at", "score", "comment"
    ]  # fmt: skip
    assert frame.columns[8] == "weight"
    assert frame.columns[-1] == "extra"
    assert str(frame["score"].dtype) == "int64"
    assert str(frame["weight"].dtype) == "float64" and frame["weight"].isna().all()
    assert str(frame["row"].dtype) == "int64"


def test_preview_shows_the_raw_rows_under_their_headers_numbered_like_a_spreadsheet() -> None:
    preview = open_export(exports.surveymonkey_csv()).preview(rows=2)
    assert preview.index.tolist() == [3, 4]
    question = "How likely are you to recommend us to a friend or colleague? (0 = not at all, 10 = extremely)"
    assert preview[question].tolist() == ["10 - Extremely likely", "6"]
