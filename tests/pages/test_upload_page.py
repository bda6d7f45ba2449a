"""The Upload page per role: check a file, import it, see the counts; broken files; batches and roll-back."""

from __future__ import annotations

import io
import tomllib

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.upload_flow import NEW_SURVEY, NONE
from nps import counting, queries, store
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.importing.reader import MAX_BYTES
from tests.pages.conftest import ROOT, page_as

PAGE = "pages/upload.py"
CSV = (
    b"response_id,email,submitted_at,score,comment,region\n"
    b"R1,ana@example.com,2026-01-05T10:00:00Z,10,Great support,North\n"
    b"R2,bo@example.com,2026-01-06T11:00:00Z,3,Delivery was late,South\n"
    b'R3,cy@example.com,2026-02-01T09:30:00Z,eleven,=HYPERLINK("http://x"),North\n'
    b"R4,di@example.com,2026-02-02T09:30:00Z,8,,South\n"
)


def _upload(at: AppTest, data: bytes = CSV, name: str = "export.csv") -> AppTest:
    at.file_uploader(key="upload_file").set_value((name, data, "text/csv"))
    return at.run()


def _survey_box(at: AppTest):
    return next(box for box in at.selectbox if box.label == "Survey")


def _new_survey(at: AppTest, name: str = "Relationship") -> AppTest:
    _survey_box(at).set_value(NEW_SURVEY).run()
    at.text_input(key="upload_new_survey").input(name)
    return at.run()


def _pick_survey(at: AppTest, name: str) -> AppTest:
    _survey_box(at).set_value(name)
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def _check(at: AppTest) -> AppTest:
    at.button(key="upload_check").click()
    return at.run()


def _import(at: AppTest) -> AppTest:
    at.button(key="upload_import").click()
    return at.run()


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The (last) dataframe on the page that has this column."""
    frames = [frame.value for frame in at.dataframe if column in frame.value.columns]
    assert frames, f"no table with a {column!r} column"
    return frames[-1]


def _stored(engine) -> int:
    return counting.summary_counts(Filters(), engine=engine).n


def test_an_analyst_checks_and_imports_a_small_csv_and_sees_the_counts(app_engine):
    at = _new_survey(_upload(page_as(PAGE, "analyst").run()))
    assert not at.exception and not at.error
    assert at.dataframe[0].value["Detected format"].tolist() == ["generic"]
    at = _check(at)
    assert _metrics(at) == {
        "Rows read": "4",
        "Would import": "3",
        "Duplicates": "0",
        "Rejected": "1",
        "Excluded": "0",
    }
    assert _stored(app_engine) == 0
    issues = _table(at, "reason")
    assert issues[["outcome", "row", "column"]].to_dict("records") == [
        {"outcome": "rejected", "row": 4, "column": "score"}
    ]
    at = _import(at)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _metrics(at)["Imported"] == "3"
    assert any("3 imported" in success.value for success in at.success)
    assert _stored(app_engine) == 3
    batches = _table(at, "batch")
    assert batches[["file", "survey", "user", "imported", "rejected"]].to_dict("records") == [
        {"file": "export.csv", "survey": "Relationship", "user": "analyst", "imported": 3, "rejected": 1}
    ]


def test_a_viewer_is_refused_the_upload_page_on_the_server_side(app_engine):
    at = page_as(PAGE, "viewer").run()
    assert [error.value for error in at.error] == ["This page needs the analyst role; you are signed in as viewer."]
    assert not at.file_uploader


def test_reimporting_the_same_file_reports_all_duplicates_and_adds_nothing(app_engine):
    import_file(CSV, engine=app_engine, survey="Relationship", username="analyst", file_name="export.csv")
    at = _check(_pick_survey(_upload(page_as(PAGE, "analyst").run()), "Relationship"))
    assert _metrics(at) == {
        "Rows read": "4",
        "Would import": "0",
        "Duplicates": "3",
        "Rejected": "1",
        "Excluded": "0",
    }
    assert any("Nothing new to import" in warning.value for warning in at.warning)
    assert not [button for button in at.button if button.key == "upload_import"]
    assert _stored(app_engine) == 3
    assert len(store.list_batches(engine=app_engine)) == 1


def test_uploading_the_same_file_again_after_an_import_starts_a_fresh_check(app_engine):
    at = _import(_check(_new_survey(_upload(page_as(PAGE, "analyst").run()))))
    assert _metrics(at)["Imported"] == "3"
    at = _check(_upload(at))
    assert (_metrics(at)["Would import"], _metrics(at)["Duplicates"]) == ("0", "3")
    assert _stored(app_engine) == 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x00\x01\x02\x03binary\x00" * 50, "not a survey export"),
        (b"", "The file is empty"),
        (b"PK\x03\x04 not really a workbook", "The workbook could not be opened"),
    ],
)
def test_a_file_that_is_no_table_is_told_at_once_before_the_survey_is_asked(app_engine, data, expected):
    at = _upload(page_as(PAGE, "analyst").run(), data, "broken.csv")
    assert not at.exception
    assert len(at.error) == 1 and expected in at.error[0].value.replace("\\", "")
    assert not [box for box in at.selectbox if box.label == "Survey"]
    assert not [button for button in at.button if button.key == "upload_check"]
    assert _stored(app_engine) == 0
    assert store.list_surveys(engine=app_engine) == []


def test_a_table_without_a_score_column_asks_for_the_survey_then_names_the_problem(app_engine):
    at = _new_survey(_upload(page_as(PAGE, "analyst").run(), b"name,city\nAna,Warsaw\nBo,Lodz\n", "people.csv"))
    assert not at.exception
    assert len(at.error) == 1 and "No column of 0–10 scores was found" in at.error[0].value
    assert not [button for button in at.button if button.key == "upload_check"]
    assert _stored(app_engine) == 0


def test_a_changed_mapping_is_used_by_the_check_and_saved_for_the_next_file(app_engine):
    csv = b"id,when,rating,why,other_rating\nA1,2026-01-05,9,good,3\nA2,2026-01-06,2,bad,10\n"
    at = _new_survey(_upload(page_as(PAGE, "analyst").run(), csv, "first.csv"), "Pulse")
    score = next(box for box in at.selectbox if box.label == "Score (0–10)")
    assert score.value == "rating"
    score.set_value("other_rating")
    at = _check(at.run())
    assert _metrics(at)["Would import"] == "2"
    at = _import(at)
    assert counting.summary_counts(Filters(), engine=app_engine).promoters == 1
    assert store.survey_mapping("Pulse", engine=app_engine)["score"] == "other_rating"

    later = b"id,when,rating,why,other_rating\nA3,2026-02-05,9,good,0\n"
    at = _pick_survey(_upload(page_as(PAGE, "analyst").run(), later, "second.csv"), "Pulse")
    assert any("Using the mapping saved from the last import" in info.value for info in at.info)
    assert next(box for box in at.selectbox if box.label == "Score (0–10)").value == "other_rating"
    at = _import(_check(at))
    assert counting.summary_counts(Filters(), engine=app_engine).detractors == 2


def test_unmapping_the_comment_imports_rows_without_comments(app_engine):
    csv = b"response_id,submitted_at,score,comment\nR1,2026-01-05T10:00:00Z,10,Great\nR2,2026-01-06T11:00:00Z,3,Late\n"
    at = _new_survey(_upload(page_as(PAGE, "analyst").run(), csv))
    next(box for box in at.selectbox if box.label == "Comment").set_value(NONE)
    at = _import(_check(at.run()))
    assert _stored(app_engine) == 2
    assert counting.comment_count(Filters(), engine=app_engine) == 0
    assert counting.attribute_values("comment (column)", engine=app_engine) == ["Great", "Late"]


def test_the_date_order_override_reads_ambiguous_dates_the_other_way(app_engine):
    csv = b"date,score\n03/04/2026,9\n05/06/2026,3\n"
    at = _new_survey(_upload(page_as(PAGE, "analyst").run(), csv, "dates.csv"))
    assert any("Inferred from the values: day-first" in caption.value for caption in at.caption)
    at.radio(key=next(radio.key for radio in at.radio if radio.label == "Date order")).set_value("month-first (12/31)")
    at = _import(_check(at.run()))
    start, end = queries.date_bounds(Filters(), engine=app_engine)
    assert (start.isoformat(), end.isoformat()) == ("2026-03-04", "2026-05-06")


def test_preview_and_unfinished_responses_are_excluded_and_each_noted_once(app_engine):
    from tests.fixtures.exports import qualtrics_csv

    at = _check(_new_survey(_upload(page_as(PAGE, "analyst").run(), qualtrics_csv(), "qualtrics.csv")))
    assert _metrics(at)["Excluded"] == "2"
    texts = [text.value for text in at.text]
    assert len([text for text in texts if "excluded" in text and "preview" in text]) == 1, texts
    assert len([text for text in texts if "excluded" in text and "unfinished" in text]) == 1, texts
    issues = _table(at, "reason")
    assert set(issues["outcome"]) == {"excluded"}


def test_excluded_rows_are_counted_when_the_report_has_no_note_for_them():
    from components.upload_flow import excluded_notes
    from nps.importing import RowIssue
    from nps.importing.pipeline import ImportReport

    report = ImportReport(file="f.csv", format="qualtrics", survey="S")
    report.excluded_rows = [RowIssue(5, "Status", "survey preview response")] * 3
    assert excluded_notes(report) == ["3 rows excluded: survey preview response"]
    report.notes = ["3 survey preview responses excluded"]
    assert excluded_notes(report) == []


def test_a_workbook_offers_its_sheets_with_the_readers_choice_first(app_engine):
    from tests.fixtures.exports import microsoft_forms_xlsx

    at = _new_survey(_upload(page_as(PAGE, "analyst").run(), microsoft_forms_xlsx(), "forms.xlsx"))
    sheet = next(box for box in at.selectbox if box.label == "Worksheet")
    assert (sheet.options, sheet.value) == (["Summary", "Form1"], "Form1")
    at = _check(at)
    assert _metrics(at)["Rejected"] == "0"
    sheet = next(box for box in at.selectbox if box.label == "Worksheet")
    sheet.set_value("Summary")
    at.run()
    assert len(at.error) == 1 and "No date column was found" in at.error[0].value.replace("\\", "")
    assert not [button for button in at.button if button.key == "upload_check"]


def test_rejected_rows_download_as_csv_with_formulas_neutralised(app_engine):
    from components.upload_flow import render_issues  # noqa: F401  (the page's own download)
    from nps.exports import frame_to_csv

    issues = pd.DataFrame(
        [{"outcome": "rejected", "row": 4, "column": "=cmd|' /C calc'!A0", "reason": "-2+3"}],
        columns=["outcome", "row", "column", "reason"],
    )
    written = pd.read_csv(io.BytesIO(frame_to_csv(issues)), encoding="utf-8-sig", dtype=str)
    assert written.iloc[0].tolist() == ["rejected", "4", "'=cmd|' /C calc'!A0", "'-2+3"]


def test_the_page_offers_the_check_reports_rejected_rows_for_download(app_engine):
    at = _check(_new_survey(_upload(page_as(PAGE, "analyst").run())))
    assert next(button.label for button in at.get("download_button")) == "Download these rows (CSV)"


def test_an_admin_sees_the_roll_back_control_and_removes_exactly_one_batch(app_engine):
    import_file(CSV, engine=app_engine, survey="One", username="analyst", file_name="one.csv")
    other = CSV.replace(b"R1,", b"X1,").replace(b"R2,", b"X2,").replace(b"R4,", b"X4,")
    second = import_file(other, engine=app_engine, survey="One", username="analyst", file_name="two.csv")
    at = page_as(PAGE, "admin").run()
    assert next(box for box in at.selectbox if box.label == "Batch").value == second.batch_id
    at.button(key="upload_rollback").click().run()
    assert any("cannot be undone" in warning.value for warning in at.warning)
    assert _stored(app_engine) == 6
    at.button(key="upload_rollback_confirm").click().run()
    assert not at.exception
    assert any("3 responses removed" in success.value for success in at.success)
    assert _stored(app_engine) == 3
    assert [batch.file_name for batch in store.list_batches(engine=app_engine)] == ["one.csv"]


def test_an_analyst_sees_the_batches_but_no_roll_back_control(app_engine):
    import_file(CSV, engine=app_engine, survey="One", username="analyst", file_name="one.csv")
    at = page_as(PAGE, "analyst").run()
    assert _table(at, "batch")["file"].tolist() == ["one.csv"]
    assert not [button for button in at.button if button.key and button.key.startswith("upload_rollback")]
    assert [button.label for button in at.get("download_button")] == ["Download this batch's report (CSV)"]


def _roll_back_as_app(batch_id: int) -> None:
    from components.upload_batches import roll_back_batch

    roll_back_batch(batch_id)


def test_the_server_refuses_a_roll_back_from_an_analyst(app_engine):
    report = import_file(CSV, engine=app_engine, survey="One", username="analyst", file_name="one.csv")
    at = AppTest.from_function(_roll_back_as_app, args=(report.batch_id,), default_timeout=30)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "analyst"
    at.run()
    assert [error.value for error in at.error] == ["Only an administrator can roll back an import batch."]
    assert _stored(app_engine) == 3


def test_a_past_batch_report_is_rebuilt_from_the_stored_json(app_engine):
    from components.upload_batch_table import report_issues

    import_file(CSV, engine=app_engine, survey="One", username="analyst", file_name="one.csv")
    (batch,) = store.list_batches(engine=app_engine)
    issues = report_issues(batch.report_json)
    assert issues[["outcome", "row", "column"]].to_dict("records") == [
        {"outcome": "rejected", "row": 4, "column": "score"}
    ]


def test_streamlit_and_the_reader_agree_on_the_upload_limit_shown_on_the_page(app_engine):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES
    at = page_as(PAGE, "analyst").run()
    assert at.file_uploader(key="upload_file").label.endswith(f"up to {MAX_BYTES // (1024 * 1024)} MB")


def test_a_broken_file_for_a_survey_with_a_saved_mapping_shows_only_the_files_problem(app_engine):
    import_file(CSV, engine=app_engine, survey="Relationship", username="analyst", file_name="export.csv")
    broken = b"\x00\x01binary\x00" * 100
    at = _upload(page_as(PAGE, "analyst").run(), broken, "broken.csv")
    assert len(at.error) == 1 and "not a survey export" in at.error[0].value
    assert not at.warning


def test_a_saved_mapping_that_does_not_fit_falls_back_to_the_proposal_with_a_warning(app_engine):
    import_file(CSV, engine=app_engine, survey="Relationship", username="analyst", file_name="export.csv")
    other = b"when,rating,why\n2026-03-01,9,good\n"
    at = _pick_survey(_upload(page_as(PAGE, "analyst").run(), other, "other.csv"), "Relationship")
    assert not at.error
    assert len(at.warning) == 1 and "does not fit this file" in at.warning[0].value
    assert next(box for box in at.selectbox if box.label == "Score (0–10)").value == "rating"


def test_a_file_whose_score_column_is_not_recognised_asks_for_it_and_then_imports(app_engine):
    unrecognisable = b"a,b,c\nx,7,2026-01-05\ny,12,2026-01-06\nz,9,2026-01-07\n"
    at = _new_survey(_upload(page_as(PAGE, "analyst").run(), unrecognisable))
    assert not at.exception
    assert any("No column of 0–10 scores" in error.value for error in at.error)
    picker = next(box for box in at.selectbox if box.label == "Score (0–10)")
    assert picker.options == ["a", "b", "c"]
    picker.set_value("b")
    next(button for button in at.button if button.label == "Use these columns").click()
    at = _check(at.run())
    assert not at.exception and not at.error
    assert (_metrics(at)["Rows read"], _metrics(at)["Rejected"]) == ("3", "1")
    _import(at)
    assert _stored(app_engine) == 2


def test_an_analyst_declares_a_numeric_column_the_weight_and_weighted_figures_use_it(app_engine):
    weighted_csv = (
        b"response_id,submitted_at,score,w\n"
        b"R1,2026-01-05T10:00:00Z,10,2\n"
        b"R2,2026-01-06T11:00:00Z,3,0.5\n"
        b"R3,2026-01-07T11:00:00Z,8,none\n"
    )
    at = _new_survey(_upload(page_as(PAGE, "analyst").run(), weighted_csv, "weighted.csv"))
    picker = next(box for box in at.selectbox if box.label.startswith("Survey weight"))
    assert picker.value == NONE
    picker.set_value("w").run()
    at = _import(_check(at))
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _metrics(at)["Imported"] == "2"
    assert _table(at, "reason")["reason"].tolist() == ['weight "none" is not a positive number']
    weighted = counting.summary_counts(Filters(weighted=True), engine=app_engine)
    assert (weighted.promoters, weighted.detractors, weighted.weight_squares) == (2.0, 0.5, 4.25)


NO_DATES = b"customer,How likely are you to recommend us?\nc1,10\nc2,3\nc3,9\n"


def test_a_file_without_dates_imports_with_one_date_for_every_row(app_engine):
    from datetime import date

    at = _new_survey(_upload(page_as(PAGE, "analyst").run(), NO_DATES, "no-dates.csv"))
    assert any("No date column was found" in error.value for error in at.error)
    at.date_input(key="upload_fixed_date_input").set_value(date(2024, 3, 1))
    at.button(key="upload_use_fixed_date").click()
    at = _check(at.run())
    assert not at.exception and not at.error, [error.value for error in at.error]
    assert _metrics(at)["Would import"] == "3"
    assert any("every response dated 2024-03-01" in text.value for text in at.text)
    at = _import(at)
    assert _stored(app_engine) == 3
    assert queries.date_bounds(Filters(), engine=app_engine) == (date(2024, 3, 1), date(2024, 3, 1))


def test_one_response_reads_in_the_singular(app_engine):
    one = b"response_id,submitted_at,score\nR1,2026-01-05T10:00:00Z,10\nR1,2026-01-05T10:00:00Z,10\n"
    at = _check(_new_survey(_upload(page_as(PAGE, "analyst").run(), one)))
    assert [button.label for button in at.button if button.key == "upload_import"] == ["Import 1 response"]
    assert any("1 would be imported, 1 duplicate," in info.value for info in at.info)
    issues = _table(at, "reason")
    assert issues[["outcome", "row", "reason"]].to_dict("records") == [
        {"outcome": "duplicate", "row": 3, "reason": "same response as row 2"}
    ]


def test_rows_already_in_another_survey_are_warned_about_and_can_be_left_out(app_engine):
    import_file(CSV, engine=app_engine, survey="First", username="analyst", file_name="export.csv")
    at = _check(_new_survey(_upload(page_as(PAGE, "analyst").run()), "Second"))
    assert any("3 rows of this file are already in another survey" in w.value for w in at.warning)
    at.checkbox(key="upload_skip_other_surveys").check()
    at = _check(at.run())
    assert _metrics(at)["Would import"] == "0"
    assert _stored(app_engine) == 3


def test_rejected_rows_download_with_their_original_cells_for_a_fixed_reimport(app_engine):
    at = _check(_new_survey(_upload(page_as(PAGE, "analyst").run())))
    labels = [button.label for button in at.get("download_button")]
    assert labels == ["Download these rows (CSV)", "Download the rejected rows to fix (CSV)"]


def test_an_admin_moves_the_earliest_accepted_date_and_the_next_import_follows_it(app_engine):
    from datetime import date

    old = b"response_id,submitted_at,score\nR1,1985-06-01T10:00:00Z,10\nR2,2026-01-05T10:00:00Z,3\n"
    assert import_file(old, engine=app_engine, survey="S", username="u", dry_run=True).rejected == 1
    admin = page_as("pages/admin.py", "admin").run()
    admin.date_input(key="admin_import_earliest").set_value(date(1980, 1, 1))
    admin.button[-1].click()
    admin.run()
    assert not admin.exception
    assert import_file(old, engine=app_engine, survey="S", username="u", dry_run=True).rejected == 0


def test_a_long_format_file_not_recognised_is_pivoted_once_its_question_and_answer_columns_are_chosen(app_engine):
    long = (
        b"who,asked,said\n"
        b"c1,When,2024-05-01\nc1,Recommend us?,9\nc1,Why,Great\n"
        b"c2,When,2024-05-02\nc2,Recommend us?,4\nc2,Why,Slow\n"
    )
    at = _new_survey(_upload(page_as(PAGE, "analyst").run(), long, "long.csv"))
    assert any("No column of 0–10 scores" in error.value for error in at.error)
    at.selectbox(key=next(box.key for box in at.selectbox if box.label == "Question column")).set_value("asked")
    at.selectbox(key=next(box.key for box in at.selectbox if box.label == "Answer column")).set_value("said")
    next(button for button in at.button if button.label == "Read one response per respondent").click()
    at = at.run()
    assert not at.exception and not at.error, [error.value for error in at.error]
    assert next(box for box in at.selectbox if box.label == "Score (0–10)").value == "Recommend us?"
    at = _import(_check(at))
    assert _stored(app_engine) == 2
