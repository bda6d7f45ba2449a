"""The Upload page's invitation list and the alerts an import trips, as an analyst sees them."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from nps import alerts, store
from nps.i18n import PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN
from nps.importing.pipeline import import_file
from tests.pages.conftest import page_as
from tests.pages.test_upload_page import NEW_SURVEY, _check, _import, _new_survey, _upload
from tests.store.test_alerts import FIRST
from tests.store.test_invitations import _files, _pandas_rates

PAGE = "pages/upload.py"


def _invitation_page(path) -> AppTest:
    at = page_as(PAGE, "analyst").run()
    at.segmented_control(key="upload_kind").set_value("Invitation list").run()
    at = _upload(at, path.read_bytes(), path.name)
    at.selectbox(key="upload_invitation_survey").set_value("S").run()
    at.button(key="upload_invitation_import").click()
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_an_uploaded_invitation_list_shows_the_response_rate_pandas_computes(app_engine, tmp_path):
    invite_path, answer_path = _files(tmp_path)
    import_file(answer_path, engine=app_engine, survey="S", username="analyst")
    expected = _pandas_rates(invite_path, answer_path)

    at = _invitation_page(invite_path)

    assert not at.exception and not at.error, [e.value for e in at.error]
    answered = set(pd.read_csv(answer_path)["email"])
    new_people = len(set(expected["email"]) - answered)
    assert [s.value for s in at.success] == [
        f"{len(expected)} invitations imported, 0 already there, 0 rejected; {new_people} new people."
    ]
    rate = expected["responded"].sum() / expected["delivered"].sum()
    assert _metrics(at)["Response rate"] == f"{rate:.1%}"
    assert _metrics(at)["Delivered"] == f"{int(expected['delivered'].sum()):,}"
    at.run()  # any later rerun (a widget elsewhere, the sign-in cookie) keeps the outcome on screen
    assert _metrics(at)["Response rate"] == f"{rate:.1%}" and at.success


def test_uploading_the_same_invitation_list_again_adds_nothing(app_engine, tmp_path):
    invite_path, _ = _files(tmp_path)
    with Session(app_engine) as session:  # AppTest cannot type a new option into the survey box
        store.ensure_survey("S", session=session)
        session.commit()
    _invitation_page(invite_path)
    at = _invitation_page(invite_path)
    assert re.match(r"0 invitations imported, (\d+) already there", at.success[0].value)
    assert _metrics(at)["Responded"] == "0"


@pytest.fixture
def polish_detractors(app_engine) -> None:
    with Session(app_engine) as session:
        alerts.add_rule(
            "Polish detractors",
            when="detractor",
            where=[("region", ["Poland"])],
            mail_to=["cx@example.com"],
            actor="analyst",
            role="analyst",
            session=session,
        )
        session.commit()


def _import_first_file(app_engine) -> AppTest:
    at = _import(_check(_new_survey(_upload(page_as(PAGE, "analyst").run(), FIRST.encode(), "first.csv"))))
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def test_an_import_that_trips_an_alert_says_so_and_sends_one_message_listing_those_responses(
    app_engine, polish_detractors, smtp_server
):
    at = _import_first_file(app_engine)
    outcome = [info.value for info in at.info if "Polish detractors" in info.value]
    assert outcome == ["Alert “Polish detractors” matched 3 responses of this import.  \n1 message sent."]
    assert len(smtp_server.received) == 1
    assert re.findall(r"^#(\d+) · score", smtp_server.received[0].get_content(), flags=re.MULTILINE) == ["5", "1", "2"]
    at.run()
    assert [info.value for info in at.info if "Polish detractors" in info.value] == outcome


def test_an_alert_the_mail_server_refuses_is_shown_as_waiting_in_the_outbox(app_engine, polish_detractors, smtp_server):
    smtp_server.stop()
    at = _import_first_file(app_engine)
    (outcome,) = [info.value for info in at.info if "Polish detractors" in info.value]
    assert "1 message could not be sent and wait in the outbox" in outcome


def test_the_alert_summary_of_an_import_goes_through_the_catalogue(app_engine, polish_detractors, smtp_server):
    at = page_as(PAGE, "analyst")
    at.query_params["lang"] = PSEUDO
    at = _upload(at.run(), FIRST.encode(), "first.csv")
    survey_box = next(box for box in at.selectbox if box.label.strip(PSEUDO_OPEN + PSEUDO_CLOSE) == "Survey")
    survey_box.set_value(NEW_SURVEY).run()
    at.text_input(key="upload_new_survey").input("Relationship")
    at = _import(_check(at.run()))
    assert not at.exception and not at.error, [e.value for e in at.error]
    outcome = [info.value for info in at.info if "Polish detractors" in info.value]
    assert outcome == ["⟦Alert “Polish detractors” matched 3 responses of this import.⟧  \n⟦1 message sent.⟧"]
