"""The Upload page per role: check a file, import it, see the counts; broken files; batches and roll-back."""

from __future__ import annotations

import io
import tomllib

import pandas as pd
import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from components.upload_flow import NEW_SURVEY, NONE
from nps import queries, store
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.importing.reader import MAX_BYTES
from tests.pages.conftest import ROOT, page_as

PAGE = "pages/upload.py"
CSV = (
    "response_id,email,submitted_at,score,comment,region\n"
    "R1,ana@example.com,2026-01-05T10:00:00Z,10,Great support,North\n"
    "R2,bo@example.com,2026-01-06T11:00:00Z,3,Delivery was late,South\n"
    "R3,cy@example.com,2026-02-01T09:30:00Z,eleven,=HYPERLINK(\"http://x\"),North\n"
    "R4,di@example.com,2026-02-02T09:30:00Z,8,,South\n"
).encode()


def _upload(at: AppTest, data: bytes = CSV, name: str = "export.csv") -> AppTest:
    at.file_uploader(key="upload_file").set_value((name, data, "text/csv"))
    return at.run()


def _new_survey(at: AppTest, name: str = "Relationship") -> AppTest:
    at.selectbox(key="upload_survey_choice").set_value(NEW_SURVEY).run()
    at.text_input(key="upload_new_survey").input(name)
    return at.run()


def _pick_survey(at: AppTest, name: str) -> AppTest:
    at.selectbox(key="upload_survey_choice").set_value(name)
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
    return queries.summary_counts(Filters(), engine=engine).n


def test_an_analyst_checks_and_imports_a_small_csv_and_sees_the_counts(app_engine):
    at = _new_survey(_upload(page_as(PAGE, "analyst").run()))
    assert not at.exception and not at.error
    assert at.dataframe[0].value["Detected format"].tolist() == ["delighted"]
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
