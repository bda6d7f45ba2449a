"""The respondent profile's erase control: admins only, and it erases what the CLI erases."""

from sqlmodel import Session

from nps import audit
from nps.importing.pipeline import import_file
from nps.models import Respondent
from tests.pages.conftest import page_as

EXPORT = (
    b"response_id,email,name,submitted_at,score,comment\n"
    b"R1,erin@example.com,Erin E,2026-01-05T10:00:00Z,3,Please call me back\n"
)


def _profile(app_engine, role):
    import_file(EXPORT, engine=app_engine, survey="S", username="admin")
    at = page_as("pages/respondent.py", role)
    at.query_params["id"] = "1"
    return at.run()


def test_an_admin_erases_the_customer_from_their_profile(app_engine):
    at = _profile(app_engine, "admin")
    at.checkbox(key="respondent_erase_confirm").check().run()
    at.button(key="respondent_erase").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Erased: personal data and comments of 1 responses")
    with Session(app_engine) as session:
        person = session.get(Respondent, 1)
        assert (person.email, person.name) == (None, None)
    assert audit.list_events(audit.AuditQuery(action="respondent.erase"), engine=app_engine).username.tolist() == [
        "admin"
    ]


def test_an_analyst_sees_no_erase_control(app_engine):
    at = _profile(app_engine, "analyst")
    assert not at.exception
    assert not [box for box in at.checkbox if box.key == "respondent_erase_confirm"]
