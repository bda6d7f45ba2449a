"""The weekly meeting at 1920×1080: filter, share the link, read the same numbers, send the PDF, present."""

import json
import re
import subprocess

from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS, RunningApp, download, login, open_page, screenshot, wait_for_app


def _nps_shown(page: Page) -> str:
    return page.get_by_test_id("stMetricValue").first.inner_text().strip()


def _responses_shown(page: Page) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text="Responses")
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def _charts_drawn(page: Page) -> None:
    wait_for_app(page)
    expect(page.locator(".vega-embed svg, .vega-embed canvas").first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(500)


def _choose(page: Page, label: str, option: str) -> None:
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def _period_in_caption(page: Page) -> tuple[str, str]:
    caption = page.get_by_text(re.compile(r"Period: .*\(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\)")).first.inner_text()
    start, end = re.search(r"\((\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)\)", caption).groups()
    return start, end


def test_a_filter_change_goes_into_the_url_and_the_copied_link_shows_the_same_numbers(
    page: Page, running_app: RunningApp
):
    login(page, running_app, "admin")
    wait_for_app(page)
    _choose(page, "Period", "Last quarter")
    expect(page).to_have_url(re.compile(r"period=last_quarter"))
    _charts_drawn(page)
    all_regions = _responses_shown(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stMultiSelect").filter(has_text="region").locator("input").click()
    page.keyboard.type("Poland")
    page.get_by_role("option", name="Poland", exact=True).click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"in%3Aregion=Poland|in:region=Poland"))
    responses_metric = page.get_by_test_id("stMetric").filter(has_text="Responses").get_by_test_id("stMetricValue")
    expect(responses_metric).not_to_have_text(all_regions, timeout=30_000)
    wait_for_app(page)
    shown, responses = _nps_shown(page), _responses_shown(page)
    start, end = _period_in_caption(page)
    stats = json.loads(
        running_app.cli("stats", "--json", "--from", start, "--to", end, "--where", "region=Poland").stdout
    )
    assert float(shown) == round(stats["nps"], 1)
    assert responses == f"{stats['n']:,}"
    _charts_drawn(page)
    screenshot(page, "overview-last-quarter-poland")

    copied = page.url
    page.goto(copied)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    _charts_drawn(page)
    screenshot(page, "overview-reloaded-link")
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(shown, timeout=30_000)
    assert _responses_shown(page) == responses
    assert page.url == copied


def test_the_pdf_report_holds_the_nps_on_screen(page: Page, running_app: RunningApp):
    login(page, running_app, "admin", path="?period=last_quarter")
    wait_for_app(page)
    shown = _nps_shown(page)
    pdf = SCREENSHOTS / "overview-report.pdf"
    download(page, "PDF report of this view").save_as(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(SCREENSHOTS / "overview-report")], check=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"NPS\n\n{shown}" in text or shown in text
    assert "Last quarter" in text
    assert "95% CI" in text


def test_meeting_mode_steps_through_slides_readable_across_the_room(page: Page, running_app: RunningApp):
    login(page, running_app, "admin", path="?period=last_quarter")
    wait_for_app(page)
    shown = _nps_shown(page)
    open_page(page, "Meeting mode", "meeting")
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(shown, timeout=30_000)
    screenshot(page, "meeting-1-headline")
    for number, name in [(2, "trend"), (3, "segments"), (4, "what-moved")]:
        page.keyboard.press("ArrowRight")
        expect(page).to_have_url(re.compile(f"slide={number}"))
        _charts_drawn(page)
        screenshot(page, f"meeting-{number}-{name}")
    page.locator(".st-key-meeting_previous button").click()
    expect(page).to_have_url(re.compile("slide=3"))
