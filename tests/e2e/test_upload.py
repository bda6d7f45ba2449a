"""An analyst uploads an export through the page, reads the dry run, imports, and a second upload adds nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import RunningApp, login, open_page, screenshot, wait_for_app

SURVEY = "E2E upload"
EXPORT = (
    "Response ID,Submitted at,How likely are you to recommend us?,Why?,Region\n"
    "E2E-1,2026-03-02 09:15,10,Quick and friendly,North\n"
    'E2E-2,2026-03-03 10:20,9,=HYPERLINK("http://example.com"),South\n'
    "E2E-3,2026-03-04 11:25,4,Late delivery,North\n"
    "E2E-4,2026-03-05 12:30,7,Fine,South\n"
    "E2E-5,2026-03-06 13:35,eleven,Not a score,North\n"
)


def _metric(page: Page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True)).last
    return metric.get_by_test_id("stMetricValue").inner_text()


def _main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def _upload(page: Page, path: Path) -> None:
    wait_for_app(page)  # a file handed over while the page is still running can be dropped with its widget
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text(path.name).first).to_be_visible(timeout=30_000)
    expect(_main(page).get_by_test_id("stSelectbox").filter(has_text="Survey").first).to_be_visible(timeout=60_000)
    wait_for_app(page)


def _check(page: Page) -> None:
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_text("Dry run: nothing written yet")).to_be_visible(timeout=60_000)
    wait_for_app(page)


def test_an_analyst_uploads_checks_imports_and_a_second_upload_adds_nothing(
    page: Page, running_app: RunningApp, tmp_path: Path
):
    export = tmp_path / "e2e-export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    login(page, running_app, "analyst")
    open_page(page, "Upload", "upload")
    expect(page.get_by_text("up to 200 MB").first).to_be_visible()
    _upload(page, export)

    _main(page).get_by_test_id("stSelectbox").filter(has_text="Survey").first.click()
    page.get_by_role("option", name="New survey…").click()
    wait_for_app(page)  # the name field appears with that rerun; typing during it can be lost
    page.get_by_label("New survey name").fill(SURVEY)
    expect(page.get_by_label("New survey name")).to_have_value(SURVEY)
    page.get_by_label("New survey name").press("Enter")
    expect(_main(page).get_by_text("Preview", exact=True)).to_be_visible(timeout=60_000)
    wait_for_app(page)
    _check(page)
    assert [_metric(page, label) for label in ("Rows read", "Would import", "Duplicates", "Rejected")] == [
        "5",
        "4",
        "0",
        "1",
    ]
    expect(page.get_by_text("Download these rows (CSV)")).to_be_visible()
    screenshot(page, "upload-dry-run")

    page.get_by_role("button", name="Import 4 responses").click()
    done = page.get_by_test_id("stAlert").filter(has_text=re.compile(r"4 imported, 0 duplicates, 1 rejected"))
    expect(done).to_be_visible(timeout=120_000)
    wait_for_app(page)
    assert _metric(page, "Imported") == "4"
    newest = _main(page).get_by_role("combobox", name="Batch")
    expect(newest).to_have_value(re.compile(f"e2e-export.csv · {SURVEY} · 4 imported"), timeout=120_000)
    wait_for_app(page)
    screenshot(page, "upload-imported")
    stats = json.loads(running_app.cli("stats", "--json", "--survey", SURVEY).stdout)
    assert stats["n"] == 4

    again = tmp_path / "again" / export.name  # the same bytes and name; a new path so the browser sends it again
    again.parent.mkdir()
    again.write_bytes(export.read_bytes())
    _upload(page, again)
    _check(page)
    assert [_metric(page, label) for label in ("Would import", "Duplicates", "Rejected")] == ["0", "4", "1"]
    expect(page.get_by_text("Nothing new to import")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Import \d"))).to_have_count(0)
    screenshot(page, "upload-again-all-duplicates")
    assert json.loads(running_app.cli("stats", "--json", "--survey", SURVEY).stdout)["n"] == 4
