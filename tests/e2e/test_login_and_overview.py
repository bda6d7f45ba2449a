"""A new user's first minutes: log in, see the demo NPS with its interval and a chart; roles hold."""

import json

from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningApp, login, screenshot, wait_for_app


def test_admin_logs_in_and_sees_the_overview_kpi_and_a_rendered_chart(page: Page, running_app: RunningApp):
    login(page, running_app, "admin")
    expect(page.get_by_text("95% CI").first).to_be_visible()
    expect(page.locator(".vega-embed").first).to_be_visible()
    wait_for_app(page)
    screenshot(page, "overview-admin")
    stats = json.loads(running_app.cli("stats", "--json").stdout)
    shown = page.get_by_test_id("stMetricValue").first.inner_text()
    assert float(shown) == round(stats["nps"], 1)


def test_a_viewer_sees_no_upload_or_admin_page_in_the_menu_nor_by_address(page: Page, running_app: RunningApp):
    login(page, running_app, "viewer")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Overview")).to_be_visible()
    expect(nav.get_by_text("Upload")).to_have_count(0)
    expect(nav.get_by_text("Admin")).to_have_count(0)
    page.goto(f"{running_app.url}/admin")
    expect(page.get_by_text("Signed in as")).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_text("Administration")).to_have_count(0)
    expect(nav.get_by_text("Admin")).to_have_count(0)
    assert not page.url.endswith("/admin")


def test_a_wrong_password_is_refused_with_a_message(page: Page, running_app: RunningApp):
    page.goto(running_app.url)
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Wrong username or password.")).to_be_visible()


def test_a_shared_link_opened_signed_out_asks_to_sign_in_and_then_opens_that_page(page: Page, running_app: RunningApp):
    page.goto(f"{running_app.url}/benchmarks")
    page.get_by_label("Username").fill("viewer")
    page.get_by_label("Password", exact=True).fill("correct horse")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_role("heading", name="Benchmarks").first).to_be_visible()
    assert page.url.endswith("/benchmarks")
