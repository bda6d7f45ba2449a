"""The sign-in form keeps what is typed the moment it appears (a password manager fills it then), and the
sign-in cookie survives a reload until the user signs out."""

import time

from playwright.sync_api import Page, expect

from tests.e2e.conftest import AUTH_COOKIE, PASSWORD, RunningApp, login, open_page, screenshot, wait_for_app


def _auth_cookie_value(page: Page) -> str | None:
    return next((cookie["value"] for cookie in page.context.cookies() if cookie["name"] == AUTH_COOKIE), None)


def _has_auth_cookie(page: Page) -> bool:
    return _auth_cookie_value(page) is not None


def _wait_until(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _type_on_first_paint_and_sign_in(page: Page, app: RunningApp, username: str, shot: str = "") -> None:
    """Type the moment the form appears (as a password manager fills it), wait, and sign in."""
    page.goto(app.url)
    name_field = page.get_by_label("Username")
    password_field = page.get_by_label("Password", exact=True)
    name_field.wait_for()
    name_field.fill(username)
    password_field.fill(PASSWORD)
    page.wait_for_timeout(4000)
    expect(name_field).to_have_value(username, timeout=1)
    expect(password_field).to_have_value(PASSWORD, timeout=1)
    if shot:
        screenshot(page, shot)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_role("heading", name="Overview").first).to_be_visible()


def test_what_is_typed_on_first_paint_is_still_there_seconds_later(
    page: Page, running_app: RunningApp, restarted_app: RunningApp
):
    running_app.add_user("first-paint", "viewer")
    _type_on_first_paint_and_sign_in(page, restarted_app, "first-paint", shot="sign-in-typed-on-first-paint")


def test_a_reload_after_sign_in_stays_signed_in_and_after_sign_out_asks_again(page: Page, running_app: RunningApp):
    running_app.add_user("reloader", "viewer")
    _type_on_first_paint_and_sign_in(page, running_app, "reloader")
    assert _wait_until(lambda: _has_auth_cookie(page)), "the sign-in cookie was not written"
    cookie = next(cookie for cookie in page.context.cookies() if cookie["name"] == AUTH_COOKIE)
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["httpOnly"], "the cookie route should set the sign-in cookie HttpOnly"
    assert AUTH_COOKIE not in page.evaluate("document.cookie")  # no script on the page can read it
    page.reload()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_count(0)
    wait_for_app(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Username").first).to_be_visible()
    assert _wait_until(lambda: not _has_auth_cookie(page)), "signing out left the sign-in cookie behind"
    page.reload()
    expect(page.get_by_label("Username").first).to_be_visible()
    page.wait_for_timeout(2000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def test_changing_ones_password_reissues_the_cookie_so_a_reload_stays_signed_in(page: Page, running_app: RunningApp):
    running_app.add_user("reissue", "viewer")
    login(page, running_app, "reissue")
    old = _auth_cookie_value(page)
    open_page(page, "Account", "account")
    page.get_by_label("Current password", exact=True).fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("plum orchard 1987")
    page.get_by_label("Repeat the new password", exact=True).fill("plum orchard 1987")
    page.get_by_role("button", name="Change password").click()
    assert _wait_until(lambda: _auth_cookie_value(page) not in (old, None)), "the cookie was not re-issued"
    page.reload()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_count(0)
