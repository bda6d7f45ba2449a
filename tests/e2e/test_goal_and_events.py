"""A goal line and a dated event on the Overview trend in Chromium at 1920×1080, screenshot for people to look at."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS, RunningApp, login, screenshot, wait_for_app


def test_the_overview_trend_shows_the_goal_line_and_the_event_with_its_verdict(page: Page, running_app: RunningApp):
    running_app.cli("goals", "set", "30", user="analyst")
    running_app.cli("events", "add", "2026-03-02", "Price change <b>+5%</b>", user="analyst")
    try:
        login(page, running_app, "viewer")
        trend = page.locator(".vega-embed").first
        expect(trend).to_be_visible(timeout=60_000)
        wait_for_app(page)
        expect(page.get_by_text("Goal +30.0", exact=False).first).to_be_visible()
        verdict = page.locator("[class*='st-key-goal_verdict_']").first
        expect(verdict).to_contain_text("95% interval")
        expect(page.get_by_text("Dashed green line: the goal for this view")).to_be_visible()
        page.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        trend.screenshot(path=str(SCREENSHOTS / "overview-trend-goal-and-event.png"))
        screenshot(page, "overview-goal-and-event")
        labels = trend.locator("svg text").evaluate_all("nodes => nodes.map(node => node.textContent)")
        assert "Goal +30.0 (all responses)" in labels and "Price change <b>+5%</b>" in labels
    finally:
        listed = running_app.cli("events", "list").stdout.split("\n")
        for line in filter(None, listed):
            running_app.cli("events", "remove", line.split("\t")[0], user="analyst")
        running_app.cli("goals", "remove", "1", user="analyst")
