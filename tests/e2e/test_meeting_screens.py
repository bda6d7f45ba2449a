"""Meeting mode on the screens of real rooms: every slide fits 1280×720 and 1920×1080 (and a 4K wall) without
scrolling, with no sidebar, preparation strip or chart toolbar; a kiosk link steps through the slides itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import SCREENSHOTS, RunningApp, login, wait_for_app

SCREENS = {"720p": (1280, 720), "1080p": (1920, 1080)}
VIEW = "period=last_quarter&segment=region"


def _signed_in(browser: Browser, app: RunningApp, size: tuple[int, int]) -> Page:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, app, "admin")
    page.goto(f"{app.url}/meeting?{VIEW}")
    return page


def _drawn(page: Page) -> None:
    """Settled: no run in flight, nothing stale, the slide's charts drawn."""
    wait_for_app(page)
    page.wait_for_timeout(1500)
    wait_for_app(page)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
    slide = page.locator(".st-key-meeting_slide")
    expect(slide.locator("h1").first).to_be_visible()
    if slide.locator(".st-key-meeting_chart").count():
        page.wait_for_function(
            """() => [...document.querySelectorAll('.st-key-meeting_chart .vega-embed :is(svg, canvas)')]
                     .some(e => e.getBoundingClientRect().height > 100)""",
            timeout=30_000,
        )
    charts = slide.locator(".vega-embed")
    for index in range(charts.count()):
        expect(charts.nth(index).locator("svg, canvas").first).to_be_visible()
    page.wait_for_timeout(800)


def _inside(page: Page, selector: str) -> list[str]:
    """Every visible element matching `selector` that reaches beyond the viewport, described."""
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    outside = []
    for element in page.locator(selector).all():
        box = element.bounding_box()
        if box is None or box["width"] == 0:
            continue
        right, bottom = box["x"] + box["width"], box["y"] + box["height"]
        if box["x"] < -1 or box["y"] < -1 or right > width + 1 or bottom > height + 1:
            outside.append(f"{selector} at {box}")
    return outside


def _no_scrolling(page: Page) -> bool:
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"], html')]
             .every(e => e.scrollHeight <= e.clientHeight + 2)"""
    )


def _slide_count(page: Page) -> int:
    return int(page.locator(".st-key-meeting_controls").get_by_text(" / ").first.inner_text().split("/")[1])


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_meeting_slide_fits_the_screen_without_scrolling(browser: Browser, running_app: RunningApp, screen):
    page = _signed_in(browser, running_app, SCREENS[screen])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _drawn(page)
    total = _slide_count(page)
    assert total >= 5
    problems: list[str] = []
    for number in range(1, total + 1):
        page.goto(f"{running_app.url}/meeting?{VIEW}&slide={number}")
        _drawn(page)
        page.locator(".st-key-meeting_slide .vega-embed").first.hover() if page.locator(
            ".st-key-meeting_slide .vega-embed"
        ).count() else None
        page.screenshot(path=str(SCREENSHOTS / f"meeting-{screen}-slide-{number}.png"))
        title = page.locator(".st-key-meeting_slide h1").first
        expect(title).to_be_visible()
        assert title.bounding_box()["height"] < SCREENS[screen][1] * 0.16, f"slide {number}: the title wraps"
        for selector in (
            ".st-key-meeting_slide h1",
            ".st-key-meeting_slide [data-testid='stMetric']",
            ".st-key-meeting_slide [data-testid='stMarkdownContainer']",
            ".st-key-meeting_slide [data-testid='stText']",
            ".st-key-meeting_slide .vega-embed",
            ".st-key-meeting_controls",
        ):
            problems += [f"slide {number}: {problem}" for problem in _inside(page, selector)]
        if not _no_scrolling(page):
            problems.append(f"slide {number}: the page scrolls")
        expect(page.get_by_test_id("stSidebar")).not_to_be_visible()
        expect(page.get_by_text("Prepare the meeting")).not_to_be_visible()
        for toolbar in page.get_by_test_id("stElementToolbar").all():
            expect(toolbar).not_to_be_visible()
    assert not problems, "\n".join(problems)
    page.context.close()


def test_the_segment_slide_axis_fits_the_data_and_the_benchmark_slide_states_the_gap(
    browser: Browser, running_app: RunningApp
):
    page = _signed_in(browser, running_app, SCREENS["1080p"])
    _drawn(page)
    total = _slide_count(page)
    page.goto(f"{running_app.url}/meeting?{VIEW}&slide=3")
    _drawn(page)
    expect(page.locator(".st-key-meeting_slide h1")).to_contain_text("Where")
    axis_labels = page.locator(".st-key-meeting_slide .vega-embed svg .role-axis-label text").all_inner_texts()
    assert "−100" not in axis_labels and "-100" not in axis_labels, axis_labels
    page.goto(f"{running_app.url}/meeting?{VIEW}&slide={total}")
    _drawn(page)
    expect(page.locator(".st-key-meeting_slide h1")).to_contain_text("benchmarks")
    expect(page.locator(".st-key-meeting_slide").get_by_text(" by ", exact=False).first).to_contain_text("points")
    page.context.close()


def test_a_4k_wall_screen_fits_the_headline(browser: Browser, running_app: RunningApp):
    page = _signed_in(browser, running_app, (3840, 2160))
    _drawn(page)
    page.screenshot(path=str(SCREENSHOTS / "meeting-2160p-slide-1.png"))
    assert _no_scrolling(page)
    assert not _inside(page, ".st-key-meeting_slide [data-testid='stMetric']")
    value = page.locator(".st-key-meeting_slide [data-testid='stMetricValue']").first.bounding_box()
    assert value["height"] > 2160 * 0.12, "the headline NPS is scaled to the screen"
    page.context.close()


def test_the_kiosk_link_hides_the_controls_and_steps_through_the_slides_by_itself(
    browser: Browser, running_app: RunningApp
):
    page = _signed_in(browser, running_app, SCREENS["1080p"])
    page.goto(f"{running_app.url}/meeting?{VIEW}&kiosk=1&every=5")
    _drawn(page)
    expect(page.get_by_test_id("stSidebar")).not_to_be_visible()
    expect(page.locator(".st-key-meeting_controls")).to_have_count(0)
    first = page.locator(".st-key-meeting_slide h1").first.inner_text()
    expect(page.locator(".st-key-meeting_slide h1").first).not_to_have_text(first, timeout=20_000)
    page.context.close()
