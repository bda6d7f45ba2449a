"""The proposed mapping: headers in several languages, values when headers say nothing, user overrides."""

from __future__ import annotations

import pandas as pd
import pytest

from nps.importing import FIELDS, ImportFileError, open_export
from nps.importing.mapping import clean_header, propose
from tests.fixtures import exports


def table(header: list[str], *rows: list[str]) -> bytes:
    return exports.to_csv([header, *rows]).encode("utf-8")


ROW = ["2024-03-14 10:00", "9", "Bardzo dobra obsługa i szybka dostawa", "c-17", "ola@example.com", "Ola", "R1"]


@pytest.mark.parametrize(
    "header",
    [
        ["Date", "Score", "Comment", "Customer ID", "Email", "Name", "Response ID"],
        ["Data", "Ocena", "Komentarz", "ID klienta", "Adres e-mail", "Imię i nazwisko", "ID odpowiedzi"],
        ["Datum", "Wie wahrscheinlich würden Sie uns empfehlen?", "Warum?", "Kundennummer", "E-Mail", "Name",
         "Antwort-ID"],
        ["Date", "Recommanderiez-vous notre service ?", "Pourquoi ?", "ID client", "Courriel", "Nom",
         "ID de réponse"],
        ["Fecha", "¿Recomendaría nuestro servicio?", "¿Por qué?", "ID cliente", "Correo", "Nombre",
         "ID de respuesta"],
    ],
)  # fmt: skip
def test_headers_in_english_polish_german_french_and_spanish_map_to_the_fields(header: list[str]) -> None:
    reader = open_export(table(header, ROW, [*ROW[:-1], "R2"]))
    assert reader.mapping == dict(zip(["date", "score", "comment", "respondent", "email", "name", "response_id"],
                                      header, strict=True))  # fmt: skip
    frame = next(reader.iter_chunks()).frame
    assert frame["respondent"].iloc[0] == "c-17"
    assert frame["email"].iloc[0] == "ola@example.com"


def test_columns_are_recognised_from_their_values_when_headers_say_nothing() -> None:
    rows = [[f"2024-03-{day:02d} 10:00", str(day % 11), f"Long enough free text answer number {day}", "A"]
            for day in range(1, 21)]  # fmt: skip
    reader = open_export(table(["when?", "q1", "q2", "group"], *rows))
    assert reader.mapping["score"] == "q1"
    assert reader.mapping["date"] == "when?"
    assert reader.mapping["comment"] == "q2"
    assert reader.segment_columns == ["group"]


def test_the_nps_question_wins_over_other_0_to_10_ratings() -> None:
    header = ["Timestamp", "Rate the food (0-10)", "How likely are you to recommend us?", "Rate the venue"]
    reader = open_export(table(header, ["3/14/2024 10:00:00", "3", "9", "4"], ["3/15/2024 10:00:00", "5", "7", "8"]))
    assert reader.mapping["score"] == "How likely are you to recommend us?"


def test_noise_columns_are_kept_out_of_the_segments() -> None:
    header = ["Date", "Score", "IP Address", "Latitude", "Longitude", "Duration (seconds)", "User Agent",
              "NPS Category", "Region"]  # fmt: skip
    row = ["2024-03-14", "9", "203.0.113.1", "52.2", "21.0", "93", "Mozilla/5.0", "Promoter", "EU"]
    reader = open_export(table(header, row))
    assert reader.segment_columns == ["Region"]
    assert reader.noise_columns == header[2:8]
    extra = next(reader.iter_chunks()).frame["extra"].iloc[0]
    assert '"IP Address":"203.0.113.1"' in extra


def test_a_user_mapping_overrides_only_the_fields_it_names() -> None:
    header = ["Date", "Score", "Comment", "Other comment", "Region"]
    data = table(header, ["2024-03-14", "9", "ok", "fine", "EU"])
    reader = open_export(data, mapping={"comment": "Other comment"})
    assert reader.mapping["comment"] == "Other comment"
    assert reader.mapping["score"] == "Score"
    assert "Comment" in reader.segment_columns + reader.noise_columns
    assert next(reader.iter_chunks()).frame["comment"].tolist() == ["fine"]


def test_a_user_mapping_can_combine_comment_columns_and_unmap_a_field() -> None:
    header = ["Date", "Score", "Good", "Bad", "Region"]
    data = table(header, ["2024-03-14", "9", "nice", "", "EU"], ["2024-03-15", "2", "", "awful", "EU"])
    reader = open_export(data, mapping={"comment": "Good", "comment_2": "Bad", "email": ""})
    assert next(reader.iter_chunks()).frame["comment"].tolist() == ["nice", "awful"]
    assert "email" not in reader.mapping


def test_the_reader_mapping_round_trips_as_a_saved_mapping() -> None:
    first = open_export(exports.surveymonkey_csv())
    again = open_export(exports.surveymonkey_csv(), mapping=first.mapping)
    assert again.mapping == first.mapping
    assert again.segment_columns == first.segment_columns


def test_a_mapping_naming_a_missing_column_is_a_clear_file_error() -> None:
    with pytest.raises(ImportFileError, match="no such column"):
        open_export(exports.typeform_csv(), mapping={"score": "NPS"})


def test_a_mapping_naming_an_unknown_field_is_a_clear_file_error() -> None:
    with pytest.raises(ImportFileError, match="unknown field"):
        open_export(exports.typeform_csv(), mapping={"mood": "plan"})


def test_a_file_without_a_score_column_asks_the_user_to_choose_one() -> None:
    with pytest.raises(ImportFileError, match="Choose the score column"):
        open_export(table(["Date", "Comment"], ["2024-03-14", "hello there"]))


def test_a_file_without_a_date_column_asks_the_user_to_map_one() -> None:
    with pytest.raises(ImportFileError, match="date column"):
        open_export(table(["Score", "Comment"], ["9", "hello there"]))


def test_a_segment_named_like_an_output_column_is_renamed_not_lost() -> None:
    reader = open_export(table(["Date", "Score", "row", "extra"], ["2024-03-14", "9", "r1", "x"]))
    assert reader.segment_columns == ["row (column)", "extra (column)"]
    frame = next(reader.iter_chunks()).frame
    assert frame["row (column)"].tolist() == ["r1"]
    assert frame["row"].tolist() == [2]


def test_html_tags_and_line_breaks_are_cleaned_from_headers() -> None:
    assert clean_header("<strong>How likely</strong>\n are you to <em>recommend</em> us?") == (
        "How likely are you to recommend us?"
    )
    assert clean_header("\ufeffCountry") == "Country"


def test_every_proposed_field_is_a_known_field() -> None:
    sample = pd.DataFrame({"Score": ["9"], "Date": ["2024-03-14"]}, dtype="str")
    assert set(propose(["Score", "Date"], sample).fields) <= set(FIELDS)
