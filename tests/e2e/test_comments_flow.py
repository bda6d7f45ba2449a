"""A CX lead in the browser: search comments, open a profile, set a follow-up; pasted markup stays text."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningApp, login, open_page, screenshot, wait_for_app

expect.set_options(timeout=30_000)


def test_search_profile_and_follow_up_with_hostile_comments_shown_literally(page: Page, running_app: RunningApp):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, running_app, "analyst")
    open_page(page, "Comments", "comments")
    expect(page.get_by_role("heading", name="Comments")).to_be_visible()

    page.get_by_label("Search comments", exact=True).and_(page.get_by_role("textbox")).fill("**bold**")
    page.get_by_label("Search comments", exact=True).and_(page.get_by_role("textbox")).press("Enter")
    wait_for_app(page)
    hit = page.locator("[data-testid='stMarkdownContainer']", has_text="[link]").first
    expect(hit).to_be_visible()  # the search hit is highlighted, so the text is split around it
    assert "**bold** [link](http://x)" in hit.inner_text().replace("\u2060", "")  # joiner: keeps the URL inert
    assert page.locator("a[href='http://x']").count() == 0
    assert page.locator("strong", has_text="bold").count() == 0

    page.get_by_label("Search comments", exact=True).and_(page.get_by_role("textbox")).fill("alert(1)")
    page.get_by_label("Search comments", exact=True).and_(page.get_by_role("textbox")).press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("<script>alert(1)</script> not happy", exact=True).first).to_be_visible()
    screenshot(page, "comments-hostile-search")

    page.get_by_role("link", name="Respondent profile").first.click()
    wait_for_app(page)
    screenshot(page, "comments-profile")
    expect(page.get_by_role("heading", name="Respondent profile")).to_be_visible()
    expect(page.get_by_text("<script>alert(1)</script> not happy", exact=True).first).to_be_visible()

    follow_up = page.get_by_role("button", name="Follow up")
    card = (
        page.locator("[data-testid='stVerticalBlock']")
        .filter(has=page.get_by_text("<script>alert(1)</script> not happy", exact=True))
        .filter(has=follow_up)
        .last
    )
    card.get_by_role("button", name="Follow up").first.click()
    popover = page.locator("[data-testid='stPopoverBody']")
    popover.get_by_label("Status").click()
    page.get_by_role("option", name="contacted").click()
    popover.get_by_label("Note").fill("Called, apologised")
    popover.get_by_role("button", name="Save follow-up").click()
    wait_for_app(page)
    expect(page.get_by_text("Follow-up history")).to_be_visible()
    expect(page.get_by_text("Called, apologised").first).to_be_attached()
    screenshot(page, "comments-profile-follow-up")
    assert dialogs == []
