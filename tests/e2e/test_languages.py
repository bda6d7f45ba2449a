"""Every page in each interface language at 1920×1080 (issue 17): no error, the page's heading and the sidebar
in that language, Arabic mirrored; a screenshot of each page in each language is kept in tests/e2e/screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from nps.i18n import translations
from tests.e2e.conftest import SCREENSHOTS, login, wait_for_app

PAGES = [
    ("", "Overview"),
    ("meeting", None),
    ("comments", "Comments"),
    ("themes", "Themes"),
    ("follow_ups", "Follow-ups"),
    ("respondent", "Respondents"),
    ("benchmarks", "Benchmarks"),
    ("account", "Your account"),
    ("upload", "Upload a survey export"),
    ("alerts", "Alerts"),
    ("admin", "Administration"),
]
"""Each page's address and the heading it opens with (meeting mode opens on a slide, not a heading)."""


LEFT_GAP = """() => {
  const box = document.querySelector('[class*="st-key-comment-ltr-"] [data-testid="stText"] span');
  const range = document.createRange();
  range.selectNodeContents(box);
  return range.getBoundingClientRect().left - box.getBoundingClientRect().left;
}"""
"""How far the first left-to-right comment's text starts from its box's left edge."""


def _latin_comment_reads_left_to_right(page: Page) -> bool:
    """In the mirrored Arabic page a Polish or English comment still starts at the left, its full stop last."""
    return page.evaluate(LEFT_GAP) < 2


def _settle(page: Page) -> None:
    """Until the run that draws the page's charts has finished (the heading comes long before them)."""
    for _attempt in range(3):
        page.wait_for_timeout(700)
        wait_for_app(page)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=30_000)


@pytest.mark.parametrize("lang", ["pl", "th", "ar", "zh"])
def test_every_page_opens_in_the_language_of_the_link(running_app, page: Page, lang):
    _ = translations(lang).gettext
    login(page, running_app, "admin")
    for path, heading in PAGES:
        page.goto(f"{running_app.url}/{path}?lang={lang}")
        wait_for_app(page)
        main = page.get_by_test_id("stMain")
        expect(main.locator("h1").first).to_have_text(_(heading or "Our NPS"), timeout=30_000)
        if heading is not None:  # meeting mode hides the sidebar
            nav = page.get_by_test_id("stSidebarNav")
            expect(nav.get_by_role("link", name=_("Comments"), exact=True)).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0, f"{path or 'overview'} raised in {lang}"
        assert "Traceback" not in main.inner_text()
        if lang == "ar":
            expect(page.get_by_test_id("stAppViewContainer")).to_have_css("direction", "rtl")
            if path == "comments":
                assert _latin_comment_reads_left_to_right(page)
        _settle(page)
        page.screenshot(path=SCREENSHOTS / f"lang-{lang}-{path or 'overview'}.png")


def test_an_arabic_reader_can_choose_arabic_indic_digits(running_app, page: Page):
    login(page, running_app, "admin")
    page.goto(f"{running_app.url}/?lang=ar")
    wait_for_app(page)
    headline = page.get_by_test_id("stMetricValue").first
    expect(headline).to_have_text(re.compile(r"^[+−-][0-9]+\.[0-9]$"), timeout=30_000)
    page.get_by_text(translations("ar").gettext("Arabic-Indic digits (١٢٣)")).click()
    expect(headline).to_have_text(re.compile(r"^[+−-][٠-٩]+٫[٠-٩]$"), timeout=30_000)
    expect(page).to_have_url(re.compile(r"digits=arab"))
    page.screenshot(path=SCREENSHOTS / "lang-ar-digits-overview.png")
