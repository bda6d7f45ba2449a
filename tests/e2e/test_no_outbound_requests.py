"""Attack suite, in the browser: a self-hosted dashboard contacts only its own origin (no font CDN, no images)."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.e2e.conftest import login, open_page, wait_for_app


def test_signing_in_and_opening_pages_contacts_only_the_apps_own_origin(running_app, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    login(page, running_app, "viewer")
    wait_for_app(page)
    open_page(page, "Comments", "comments")
    wait_for_app(page)
    own = urlsplit(running_app.url).netloc
    outside = [url for url in requested if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own]
    assert requested and not outside
