"""The Upload page's check-map-confirm flow in the reader's language: under the pseudo language every text of
each step (survey, preview, mapping, dry run, import, batches) is bracketed; Polish shows its own labels."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.upload_flow import NEW_SURVEY
from nps.i18n import PSEUDO
from nps.importing.pipeline import import_file
from tests.pages.conftest import page_as
from tests.pages.test_pseudo_locale import interface_texts, unmarked
from tests.pages.test_upload_page import CSV

PAGE = "pages/upload.py"
NO_DATES = b"customer,How likely are you to recommend us?\nc1,10\nc2,3\nc3,9\n"
WITH_NOTES = (
    b"Title\nsubmitted,score,ip_address,user_agent\n"
    b"03/04/2026,9,1.2.3.4,Mozilla/5.0\n05/04/2026,3,1.2.3.5,Mozilla/5.0\n"
)
"""A title row above the header, ambiguous day/month dates and technical columns: three notes from reading it."""
DATA = {
    "export",
    "csv",
    "response",
    "id",
    "email",
    "submitted",
    "at",
    "score",
    "comment",
    "region",
    "Relationship",
    "admin",
    "analyst",
    "Admin",
    "Analyst",
    "customer",
    "How",
    "likely",
    "are",
    "you",
    "to",
    "recommend",
    "us",
    "no",
    "dates",
    "material",
    "fact",
    "check",
    "upload",
    "download",
    "edit",
    "document",
    "undo",
    "ip",
    "address",
    "user",
    "agent",
}
"""Data shown as it is: the file name, its column names, the survey and user names (and the icon codes some
element labels carry)."""


def _page(lang: str, role: str = "admin") -> AppTest:
    at = page_as(PAGE, role)
    at.query_params["lang"] = lang
    return at.run()


def _texts(at: AppTest) -> list[str]:
    """The helpers' texts plus what the upload flow adds: download buttons, status boxes and toasts."""
    texts = interface_texts(at)
    texts += [str(button.label) for button in at.get("download_button")]
    texts += [str(toast.value) for toast in at.toast]
    texts += [str(element.proto.label) for element in at.get("expandable") if hasattr(element.proto, "label")]
    texts += [str(option) for radio in at.radio for option in radio.options]
    return texts


def _upload_into_new_survey(at: AppTest, data: bytes = CSV, name: str = "export.csv") -> AppTest:
    at.file_uploader(key="upload_file").set_value((name, data, "text/csv"))
    at.run()
    at.selectbox[0].set_value(NEW_SURVEY).run()
    at.text_input(key="upload_new_survey").input("Relationship")
    return at.run()


def _assert_marked(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert unmarked(_texts(at), DATA) == []


def test_every_step_of_checking_and_importing_a_file_goes_through_the_catalogue(app_engine):
    at = _upload_into_new_survey(_page(PSEUDO))
    _assert_marked(at)
    assert not at.error, [error.value for error in at.error]
    assert "⟦(none)⟧" in at.selectbox[1].options and "⟦New survey…⟧" in at.selectbox[0].options
    at.button(key="upload_check").click()
    at = at.run()
    _assert_marked(at)
    assert [button.key for button in at.button if button.key == "upload_import"] == ["upload_import"]
    at.button(key="upload_import").click()
    at = at.run()
    _assert_marked(at)
    assert any("⟦" in success.value for success in at.success)
    assert at.dataframe, "no batch table after the import"


def test_the_mapping_and_one_date_forms_go_through_the_catalogue(app_engine):
    at = _upload_into_new_survey(_page(PSEUDO), NO_DATES, "no-dates.csv")
    assert at.error and all(error.value.startswith("⟦") for error in at.error)
    _assert_marked(at)


def test_rows_in_another_survey_and_a_saved_mapping_are_told_through_the_catalogue(app_engine):
    import_file(CSV, engine=app_engine, survey="First", username="admin", file_name="export.csv")
    at = _upload_into_new_survey(_page(PSEUDO))
    at.button(key="upload_check").click()
    at = at.run()
    _assert_marked(at)
    assert any("⟦" in warning.value for warning in at.warning)


def test_the_flow_reads_in_polish(app_engine):
    at = _upload_into_new_survey(_page("pl", "analyst"))
    assert not at.exception and not at.error, [error.value for error in at.error]
    assert {"Ankieta", "Komentarz", "Identyfikator klienta"} <= {box.label for box in at.selectbox}
    at.button(key="upload_check").click()
    at = at.run()
    assert not at.exception and not at.error
    metrics = {metric.label: metric.value for metric in at.metric}
    assert (metrics["Odczytane wiersze"], metrics["Odrzucone"]) == ("4", "1")
    at.button(key="upload_import").click()
    at = at.run()
    assert not at.exception and not at.error
    assert {metric.label: metric.value for metric in at.metric}["Zaimportowane"] == "3"
    assert at.success and "3" in at.success[0].value


def test_the_notes_from_reading_a_file_go_through_the_catalogue(app_engine):
    at = _upload_into_new_survey(_page(PSEUDO), WITH_NOTES, "notes.csv")
    at.button(key="upload_check").click()
    at = at.run()
    _assert_marked(at)
    notes = [text.value for text in at.text]
    assert len(notes) == 3 and all(note.startswith("• ⟦") and note.endswith("⟧") for note in notes), notes
