"""A meeting on the shipped reference set: pick the industry and three competitors, see where we stand."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningApp, download, login, open_page, screenshot, wait_for_app

COMPETITORS = ["JetBlue", "Comcast", "USAA (insurance) · Insurance (2017)"]


def open_benchmarks(page: Page, app: RunningApp, username: str) -> None:
    login(page, app, username)
    open_page(page, "Benchmarks", "benchmarks")
    expect(page.get_by_role("heading", name=re.compile("^Benchmarks"))).to_be_visible()
    wait_for_app(page)


def pick(page: Page, industry: str, competitors: list[str]) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text="Our industry").click()
    page.get_by_role("option", name=industry, exact=True).click()
    wait_for_app(page)
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="Competitors")
    for name in competitors:
        picker.locator("input").fill(name)
        page.get_by_role("option", name=re.compile("^" + re.escape(name))).first.wait_for()
        page.keyboard.press("Enter")
        wait_for_app(page)
    page.keyboard.press("Escape")
    wait_for_app(page)


def test_a_viewer_picks_an_industry_and_three_competitors_and_sees_verdicts_chart_and_sources(
    page: Page, running_app: RunningApp
):
    open_benchmarks(page, running_app, "viewer")
    pick(page, "Airlines", COMPETITORS)
    expect(page.get_by_text(re.compile(r"Against 7 benchmarks: above \d+, below \d+"))).to_be_visible()
    expect(page.get_by_text("is treated as exact").first).to_be_visible()
    cards = page.get_by_text(re.compile("^(We are above|We are below|Not distinguishable)$"))
    expect(cards).to_have_count(7)
    chart = page.locator(".vega-embed").first
    expect(chart).to_be_visible()
    expect(chart.locator("svg, canvas").first).to_be_visible()
    source = page.locator("a[href*='markets.businessinsider.com']").first
    expect(source).to_be_visible()
    expect(source).to_contain_text("Temkin Group")
    expect(page.get_by_text("9 years old: not a current figure").first).to_be_visible()
    expect(page.get_by_role("heading", name="Manage benchmarks")).to_have_count(0)
    screenshot(page, "benchmarks-viewer-meeting")
    page.get_by_role("heading", name="Each benchmark against us").scroll_into_view_if_needed()
    wait_for_app(page)
    screenshot(page, "benchmarks-viewer-cards")


def test_an_analyst_sees_the_upkeep_tabs_and_the_reference_set_loaded_at_setup(page: Page, running_app: RunningApp):
    open_benchmarks(page, running_app, "analyst")
    expect(page.get_by_role("heading", name="Manage benchmarks")).to_be_visible()
    page.get_by_role("tab", name="Reference set and download").click()
    text = download(page, "Download the benchmark list (CSV)").path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("name,kind,industry,nps,period,year,source_title")
    assert "Comcast,competitor,TV & Internet service providers,-9.0" in text
