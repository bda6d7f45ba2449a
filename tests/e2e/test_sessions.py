"""Sessions end for real in a browser: a cookie copied before sign-out or a password reset signs nobody in,
and a deactivated user's cookie shows the sign-in page."""

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import AUTH_COOKIE, RunningApp, login, screenshot, wait_for_app

NEW_PASSWORD = "plum orchard 1987"


def _copied_cookie(page: Page) -> dict:
    return next(cookie for cookie in page.context.cookies() if cookie["name"] == AUTH_COOKIE)


def _open_with(browser: Browser, app: RunningApp, cookie: dict) -> Page:
    """A fresh browser that holds only the copied cookie, as an attacker who took it would."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_cookies([cookie])
    tab = context.new_page()
    tab.goto(app.url)
    tab.get_by_label("Username").or_(tab.get_by_text("Signed in as")).first.wait_for(timeout=30_000)
    wait_for_app(tab)
    return tab


def test_a_cookie_still_signs_in_before_anything_ends_the_session(page: Page, browser: Browser, running_app):
    running_app.add_user("cookie-control", "viewer")
    login(page, running_app, "cookie-control")
    thief = _open_with(browser, running_app, _copied_cookie(page))
    expect(thief.get_by_text("Signed in as")).to_be_visible()
    thief.context.close()


def test_a_cookie_copied_before_sign_out_no_longer_signs_anyone_in(page: Page, browser: Browser, running_app):
    running_app.add_user("cookie-signout", "viewer")
    login(page, running_app, "cookie-signout")
    copied = _copied_cookie(page)
    wait_for_app(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Username").first).to_be_visible()
    thief = _open_with(browser, running_app, copied)
    expect(thief.get_by_label("Username").first).to_be_visible()
    expect(thief.get_by_text("Signed in as")).to_have_count(0)
    screenshot(thief, "copied-cookie-after-sign-out")
    thief.context.close()


def test_a_cookie_copied_before_a_password_reset_no_longer_signs_anyone_in(page: Page, browser: Browser, running_app):
    running_app.add_user("cookie-reset", "viewer")
    login(page, running_app, "cookie-reset")
    copied = _copied_cookie(page)
    running_app.cli("users", "set-password", "cookie-reset", user="admin", stdin=NEW_PASSWORD + "\n")
    thief = _open_with(browser, running_app, copied)
    expect(thief.get_by_label("Username").first).to_be_visible()
    expect(thief.get_by_text("Signed in as")).to_have_count(0)
    thief.context.close()
    page.reload()
    expect(page.get_by_label("Username").first).to_be_visible()


def test_a_deactivated_users_cookie_shows_the_sign_in_page_not_an_error(page: Page, browser: Browser, running_app):
    running_app.add_user("cookie-gone", "viewer")
    login(page, running_app, "cookie-gone")
    copied = _copied_cookie(page)
    running_app.cli("users", "deactivate", "cookie-gone", user="admin")
    visitor = _open_with(browser, running_app, copied)
    visitor.wait_for_timeout(3000)
    screenshot(visitor, "deactivated-cookie")
    expect(visitor.get_by_label("Username").first).to_be_visible()
    expect(visitor.get_by_test_id("stException")).to_have_count(0)
    visitor.context.close()
