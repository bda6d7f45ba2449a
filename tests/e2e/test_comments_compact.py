"""Comments on a 1080 screen: at least six in view at once, and search hits highlighted without hostile
comments turning into markup, links or HTML (issue 14, item 8)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningApp, login, open_page, screenshot, wait_for_app

expect.set_options(timeout=30_000)
HOSTILE = (
    "response_id,submitted_at,score,comment\n"
    'H1,2020-01-02T10:00:00Z,1,"zzhit **x** <b>bold</b> [a](javascript:alert(1)) zzhit"\n'
)


def _search(page: Page, text: str) -> None:
    box = page.get_by_label("Search comments", exact=True).and_(page.get_by_role("textbox"))
    box.fill(text)
    box.press("Enter")
    wait_for_app(page)


def _cards_in_view(page: Page) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll("[class*='st-key-compact-']")].filter(card => {
               const box = card.getBoundingClientRect();
               return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
           }).length"""
    )


def test_six_or_more_comments_fit_a_1080_screen_and_hits_are_highlighted_safely(
    page: Page, running_app: RunningApp, tmp_path
):
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(HOSTILE, encoding="utf-8")
    running_app.cli("import", str(hostile), "--survey", "Hostile paste", user="analyst")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, running_app, "analyst")
    open_page(page, "Comments", "comments")
    expect(page.locator("[class*='st-key-compact-']").first).to_be_visible()
    page.evaluate("""document.querySelector("[class*='st-key-compact-']").scrollIntoView({block: 'start'})""")
    page.wait_for_timeout(500)
    in_view = _cards_in_view(page)
    screenshot(page, "comments-compact-1080")
    page.screenshot(path=str(tmp_path / "viewport.png"))
    assert in_view >= 6, f"{in_view} comments fit the 1920x1080 viewport"

    _search(page, "zzhit")
    card = page.locator("[class*='st-key-compact-']").first
    expect(card).to_contain_text("zzhit **x** <b>bold</b> [a](javascript:alert(1)) zzhit")
    highlights = card.locator("[data-testid='stMarkdownContainer'] span", has_text="zzhit")
    expect(highlights).to_have_count(2)
    assert card.locator("strong, b, em, a[href^='javascript'], script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    screenshot(page, "comments-hostile-highlight")
    assert dialogs == []
