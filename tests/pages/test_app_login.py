"""app.py as a first-time and a returning user meet it: first-admin form, sign-in, navigation by role."""

from sqlalchemy import delete
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from nps import users
from nps.models import User
from tests.pages.conftest import PASSWORD, ROOT


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at.run()


def test_an_empty_store_asks_for_the_first_admin_and_ships_no_default_account(app_engine):
    with Session(app_engine) as session:
        session.execute(delete(User))
        session.commit()
    at = _app().run()
    assert at.title[0].value == "Welcome to the NPS dashboard"
    labels = [field.label for field in at.text_input]
    assert labels == ["Username", "Full name", "E-mail", "Password", "Repeat password"]
    for field, value in zip(at.text_input, ["boss", "Bo Boss", "bo@example.com", PASSWORD, PASSWORD], strict=True):
        field.input(value)
    at.button[0].click().run()
    assert not at.exception
    assert [(u.username, u.role) for u in users.list_users(engine=app_engine)] == [("boss", "admin")]


def test_different_passwords_create_no_admin(app_engine):
    with Session(app_engine) as session:
        session.execute(delete(User))
        session.commit()
    at = _app().run()
    for field, value in zip(at.text_input, ["boss", "", "", PASSWORD, "something else"], strict=True):
        field.input(value)
    at.button[0].click().run()
    assert [error.value for error in at.error] == ["The two passwords differ."]
    assert users.count_users(engine=app_engine) == 0


def test_signing_in_opens_the_overview_with_the_role_from_the_store(app_engine):
    at = _sign_in(_app().run(), "viewer")
    assert not at.exception
    assert at.session_state["authentication_status"] is True
    assert at.session_state["roles"] == ["viewer"]
    assert [title.value for title in at.title] == ["Overview"]
    assert not at.error


def test_a_wrong_password_is_refused(app_engine):
    at = _sign_in(_app().run(), "viewer", "not the password")
    assert at.session_state["authentication_status"] is False
    assert "Wrong username or password." in [error.value for error in at.error]


def test_a_viewer_who_reaches_an_admin_page_file_is_refused_by_the_server(app_engine):
    at = _sign_in(_app().run(), "viewer")
    for page, role in (("pages/admin.py", "admin"), ("pages/upload.py", "analyst")):
        at.switch_page(page).run()
        assert not at.exception
        assert [error.value for error in at.error] == [f"This page needs the {role} role; you are signed in as viewer."]
        assert not at.title
    at.switch_page("pages/comments.py").run()
    assert not at.exception and not at.error


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(app_engine):
    at = _app().run()
    for _ in range(users.MAX_FAILED_LOGINS):
        at = _sign_in(at, "analyst", "not the password")
    assert any("locked for 15 minutes" in error.value for error in at.error)
    at = _sign_in(at, "analyst")
    assert at.session_state["authentication_status"] is not True
    analyst = next(user for user in users.list_users(engine=app_engine) if user.username == "analyst")
    assert analyst.failed_logins > users.MAX_FAILED_LOGINS


def test_the_sign_in_form_is_a_narrow_centred_card_only_until_signed_in(app_engine):
    at = _app().run()
    assert any("max-width: 520px" in element.proto.body for element in at.get("html"))
    _sign_in(at, "viewer")
    assert not any("max-width: 520px" in element.proto.body for element in at.get("html"))


def test_the_sign_in_page_shows_no_stray_text(app_engine):
    at = _app().run()
    assert not [block.value for block in at.markdown if "centred" in block.value]


def _cookie_scripts(at: AppTest) -> list[str]:
    return [element.proto.srcdoc for element in at.get("iframe") if "nps_dashboard_auth=" in element.proto.srcdoc]


def test_the_sign_in_page_runs_no_cookie_script_and_signing_in_writes_the_cookie_once(app_engine):
    at = _app().run()
    assert _cookie_scripts(at) == []
    at.text_input[0].input("viewer")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["authentication_status"] is True
    [script] = _cookie_scripts(at)
    assert "max-age=604800; SameSite=Strict" in script and "window.parent" in script
    assert _cookie_scripts(at.run()) == []


def test_a_session_ended_elsewhere_deletes_the_cookie_and_stays_signed_out(app_engine):
    at = _sign_in(_app().run(), "viewer")
    users.sign_out_everywhere("viewer", engine=app_engine)
    at.run()
    assert at.session_state["authentication_status"] is not True
    assert at.text_input[0].label == "Username"
    [script] = _cookie_scripts(at)
    assert "nps_dashboard_auth=; path=/; max-age=0" in script
    at.run()
    assert at.session_state["authentication_status"] is not True and _cookie_scripts(at) == []
