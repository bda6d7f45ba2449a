"""Shared links open the same screen after sign-in; a figure opens the responses behind it, and back returns."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PASSWORD, RunningApp, login, screenshot, wait_for_app


def _settled(page: Page) -> None:
    wait_for_app(page)
    page.wait_for_timeout(1500)
    wait_for_app(page)


def _comments_count(page: Page) -> str:
    header = page.get_by_role("heading", name=re.compile(r"^[\d,]+ responses")).first
    expect(header).to_be_visible()
    return header.inner_text().split(" ")[0]


def test_a_comments_link_with_search_and_category_opens_the_same_screen_for_a_signed_in_viewer(
    browser: Browser, running_app: RunningApp
):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    login(page, running_app, "viewer")
    page.goto(COMMENTS_LINK.format(url=running_app.url))
    _settled(page)
    _expect_the_linked_comments(page)
    screenshot(page, "comments-from-shared-link")
    context.close()


def test_a_link_opened_while_signed_out_opens_the_same_screen_after_sign_in(
    browser: Browser, restarted_app: RunningApp
):
    """On a server just (re)started: before any session ran app.py, Streamlit ran a `pages/` file directly and its
    sign-in check sent the visitor to the Overview."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(COMMENTS_LINK.format(url=restarted_app.url))
    page.get_by_label("Username").fill("viewer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
    _settled(page)
    expect(page).to_have_url(re.compile(r"/comments\?"))
    _expect_the_linked_comments(page)
    context.close()


COMMENTS_LINK = "{url}/comments?period=last_quarter&q=delivery&category=detractor&sort=oldest"


def _expect_the_linked_comments(page: Page) -> None:
    search = page.get_by_label("Search comments", exact=True).and_(page.get_by_test_id("stTextInputField"))
    expect(search).to_have_value("delivery")
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Category")).to_contain_text("Detractor")
    expect(page).to_have_url(re.compile(r"q=delivery"))
    expect(page).to_have_url(re.compile(r"category=detractor"))
    expect(page).to_have_url(re.compile(r"period=last_quarter"))


def test_the_detractor_figure_opens_its_responses_with_the_same_count_and_back_returns(
    browser: Browser, running_app: RunningApp
):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    login(page, running_app, "analyst")
    page.goto(f"{running_app.url}/?period=last_quarter")
    _settled(page)
    button = page.locator(".st-key-overview_open_detractor button")
    expected = button.inner_text().split(" ")[0]
    button.click()
    expect(page).to_have_url(re.compile(r"/comments\?.*category=detractor"))
    _settled(page)
    assert _comments_count(page) == expected
    header = page.get_by_role("heading", name=re.compile(r"^[\d,]+ responses")).first
    expect(header).to_contain_text(f"{expected} detractors")
    screenshot(page, "drill-detractors")
    page.get_by_role("button", name="Back to Overview").click()
    expect(page).not_to_have_url(re.compile(r"/comments"))
    _settled(page)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page).to_have_url(re.compile(r"period=last_quarter"))
    context.close()


def _tooltip_of(page: Page, mark) -> dict[str, str]:
    """The Vega tooltip of a mark, as field → value, read by hovering it."""
    mark.hover()
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    cells = tooltip.locator("td").all_inner_texts()
    return {key.strip(): value.strip() for key, value in zip(cells[::2], cells[1::2], strict=False)}


def test_a_theme_bar_opens_the_comments_of_that_theme_with_its_mention_count_and_back_returns(
    browser: Browser, running_app: RunningApp
):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    login(page, running_app, "analyst")
    page.goto(f"{running_app.url}/themes?period=last_quarter")
    _settled(page)
    bar = page.locator(".st-key-themes_impact_pick svg .mark-rect path").first
    expect(bar).to_be_visible()
    figure = _tooltip_of(page, bar)
    screenshot(page, "drill-themes-before")
    bar.click()
    expect(page).to_have_url(re.compile(r"/comments\?.*theme="))
    _settled(page)
    assert _comments_count(page) == figure["Mentions"]
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Theme")).to_contain_text(figure["Theme"])
    screenshot(page, "drill-themes-comments")
    page.get_by_role("button", name="Back to Themes").click()
    expect(page).to_have_url(re.compile(r"/themes\?period=last_quarter"))
    _settled(page)
    expect(page.get_by_role("heading", name="Themes", exact=True)).to_be_visible()
    context.close()


def test_meeting_mode_opens_a_slides_responses_and_a_trend_points_month_and_back_returns_to_the_slide(
    browser: Browser, running_app: RunningApp
):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    login(page, running_app, "viewer")
    page.goto(f"{running_app.url}/meeting?period=last_quarter&segment=region")
    _settled(page)
    opener = page.locator(".st-key-meeting_open button").first
    expected = opener.inner_text().split(" ")[1]
    screenshot(page, "drill-meeting-headline")
    opener.click()
    expect(page).to_have_url(re.compile(r"/comments\?"))
    _settled(page)
    assert _comments_count(page) == expected
    page.get_by_role("button", name="Back to Meeting mode").click()
    expect(page).to_have_url(re.compile(r"/meeting\?.*slide=1"))
    _settled(page)

    page.locator(".st-key-meeting_next button").click()
    _settled(page)
    expect(page.locator(".st-key-meeting_slide h1").first).to_contain_text("When")
    point = page.locator(".st-key-meeting_chart svg .mark-symbol path").last
    figure = _tooltip_of(page, point)
    screenshot(page, "drill-meeting-trend")
    point.click()
    expect(page).to_have_url(re.compile(r"/comments\?period=custom&from=\d{4}-\d\d-01&to="))
    _settled(page)
    assert _comments_count(page) == figure["Responses"]
    screenshot(page, "drill-meeting-trend-comments")
    # the sidebar shows the month too: a click on Comments keeps it rather than reverting to the quarter
    address = page.url
    page.get_by_text("Only responses with a comment").click()
    _settled(page)
    expect(page).to_have_url(re.compile(re.escape(address.split("&all=")[0]) + r"(&|$)"))
    page.get_by_role("button", name="Back to Meeting mode").click()
    expect(page).to_have_url(re.compile(r"/meeting\?.*slide=2"))
    _settled(page)
    expect(page.locator(".st-key-meeting_slide h1").first).to_contain_text("When")
    expect(page).to_have_url(re.compile(r"period=last_quarter"))
    screenshot(page, "drill-meeting-back")
    context.close()
