"""A viewer restricted by an admin to region Poland sees Poland's n on the Overview and Comments, and exports only
Poland's responses (issue 18, item 5)."""

import json

import pandas as pd
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS, RunningApp, download, login, open_page, screenshot, wait_for_app

REGION = "Poland"


def _restricted_viewer(app: RunningApp) -> str:
    username = "warsaw"
    if username not in app.cli("users", "list").stdout:
        app.add_user(username, "viewer")
    app.cli("users", "scope", username, "--where", f"region={REGION}", user="admin")
    return username


def test_a_viewer_restricted_to_poland_sees_and_exports_only_poland(page: Page, running_app: RunningApp):
    username = _restricted_viewer(running_app)
    poland = json.loads(running_app.cli("stats", "--json", "--where", f"region={REGION}").stdout)
    everyone = json.loads(running_app.cli("stats", "--json").stdout)
    assert json.loads(running_app.cli("stats", "--json", user=username).stdout)["n"] == poland["n"] < everyone["n"]

    login(page, running_app, username)
    wait_for_app(page)
    responses = page.get_by_test_id("stMetric").filter(has_text="Responses").get_by_test_id("stMetricValue")
    expect(responses).to_have_text(f"{poland['n']:,}")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("DACH")).to_have_count(0)
    screenshot(page, "scoped-viewer-overview")

    csv = SCREENSHOTS / "scoped-viewer-responses.csv"
    download(page, f"Responses as CSV ({poland['n']:,})").save_as(csv)
    exported = pd.read_csv(csv, keep_default_na=False)
    assert len(exported) == poland["n"]
    assert set(exported["region"]) == {REGION}
    with_comment = int((exported["comment"] != "").sum())

    open_page(page, "Comments", "comments")
    expect(page.get_by_text(f"{with_comment:,} responses ·").first).to_be_visible(timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_text("DACH")).to_have_count(0)
    screenshot(page, "scoped-viewer-comments")
