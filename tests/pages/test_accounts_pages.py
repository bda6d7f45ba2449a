"""Accounts in the app: the first-admin form's rules, forced and voluntary password changes, sessions that end."""

from sqlalchemy import delete, update
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from nps import audit, users
from nps.models import User
from tests.pages.conftest import PASSWORD, ROOT, page_as

NEW = "plum orchard 1987"


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at.run()


def _fill_first_admin(app_engine, password: str, email: str = "bo@example.com") -> AppTest:
    with Session(app_engine) as session:
        session.execute(delete(User))
        session.commit()
    at = _app().run()
    for field, value in zip(at.text_input, ["boss", "Bo Boss", email, password, password], strict=True):
        field.input(value)
    at.button[0].click().run()
    return at


def test_the_first_admin_form_writes_the_rules_and_refuses_a_weak_password(app_engine):
    for weak, reason in (("        ", "only spaces"), ("12345678", "too common"), ("boss1234boss", "username")):
        at = _fill_first_admin(app_engine, weak)
        assert any(reason in error.value for error in at.error), [e.value for e in at.error]
        assert users.count_users(engine=app_engine) == 0
    assert any("not your username" in caption.value for caption in at.caption)


def test_the_first_admin_form_refuses_a_malformed_email(app_engine):
    at = _fill_first_admin(app_engine, PASSWORD, email="bo at example")
    assert any("e-mail address is not valid" in error.value for error in at.error)
    assert users.count_users(engine=app_engine) == 0


def test_a_user_whose_password_an_admin_set_must_choose_one_before_seeing_anything(app_engine):
    with Session(app_engine) as session:
        session.execute(update(User).where(User.username == "viewer").values(must_change_password=True))
        session.commit()
    at = _sign_in(_app().run(), "viewer")
    assert [title.value for title in at.title] == ["Choose your own password"]
    fields = {field.label: field for field in at.text_input}
    fields["Current password"].input(PASSWORD)
    fields["New password"].input(NEW)
    fields["Repeat the new password"].input(NEW)
    next(button for button in at.button if button.label == "Change password").click().run()
    at.run()
    assert not at.exception
    assert [title.value for title in at.title] == ["Overview"]
    assert at.session_state["authentication_status"] is True


def test_a_session_ends_at_its_next_request_once_the_password_is_reset_elsewhere(app_engine):
    at = _sign_in(_app().run(), "viewer")
    assert [title.value for title in at.title] == ["Overview"]
    with Session(app_engine) as session:
        users.set_password("viewer", NEW, session=session, actor="admin")
        session.commit()
    at.run()
    assert not at.exception
    assert at.session_state["authentication_status"] is not True
    assert any("session ended" in info.value for info in at.info)
    assert at.text_input[0].label == "Username"


def test_a_deactivated_users_open_session_gets_the_sign_in_page_not_an_error(app_engine):
    at = _sign_in(_app().run(), "viewer")
    with Session(app_engine) as session:
        users.set_active("viewer", False, session=session, actor="admin")
        session.commit()
    at.run()
    assert not at.exception and not at.error
    assert at.text_input[0].label == "Username"


def test_the_account_page_changes_the_users_own_password_and_audits_it(app_engine):
    at = page_as("pages/account.py", "viewer").run()
    assert any("not a common password" in caption.value for caption in at.caption)
    fields = {field.label: field for field in at.text_input}
    fields["Current password"].input(PASSWORD)
    fields["New password"].input(NEW)
    fields["Repeat the new password"].input(NEW)
    next(button for button in at.button if button.label == "Change password").click().run()
    assert not at.exception and not at.error
    with Session(app_engine) as session:
        assert users.check_password("viewer", NEW, session=session) is not None
    events = audit.list_events(audit.AuditQuery(username="viewer"), engine=app_engine)
    assert events.action.tolist() == ["user.password_change"]


def test_the_admin_page_lists_the_audit_trail_and_offers_it_as_csv(app_engine):
    with Session(app_engine) as session:
        users.set_role("viewer", "analyst", session=session, actor="admin")
        session.commit()
    at = page_as("pages/admin.py", "admin").run()
    assert not at.exception
    frames = [frame.value for frame in at.dataframe]
    trail = next(frame for frame in frames if "action" in frame.columns)
    assert trail[["username", "action", "target"]].values.tolist() == [["admin", "user.role", "viewer"]]
