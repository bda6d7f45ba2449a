"""An analyst imports responses that trip an alert (the page says so and the local SMTP server receives one message),
then the invitation list, and the Upload page shows the response rate pandas computes from the two files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import delete
from sqlmodel import Session

from nps.db import make_engine
from nps.mail_settings import SMTP_SETTING, SmtpSettings, save_smtp_settings
from nps.models import AppSetting
from tests.e2e.conftest import RunningApp, login, open_page, screenshot, wait_for_app
from tests.e2e.test_upload import _check, _main, _metric, _upload
from tests.mail_servers import SMTP_PASSWORD, SMTP_USER, SmtpServer
from tests.store.test_invitations import _pandas_rates

SURVEY = "E2E loop"
ZONE = "E2E alert zone"
RULE = "E2E zone detractors"
PEOPLE = [  # e-mail, delivery status, region, score (None: no answer)
    ("lena@example.com", "delivered", ZONE, 2),
    ("marek@example.com", "delivered", ZONE, 5),
    ("noor@example.com", "delivered", ZONE, 9),
    ("omar@example.com", "delivered", "E2E other zone", 3),
    ("pia@example.com", "delivered", "E2E other zone", 10),
    ("quinn@example.com", "delivered", ZONE, None),
    ("rosa@example.com", "", "E2E other zone", None),
    ("sven@example.com", "delivered", ZONE, None),
    ("tara@example.com", "bounced", ZONE, None),
    ("uma@example.com", "unsubscribed", "E2E other zone", None),
]


def _files(folder: Path) -> tuple[Path, Path]:
    invitations = pd.DataFrame(
        {
            "Email": [email.upper() if index % 3 == 0 else email for index, (email, *_) in enumerate(PEOPLE)],
            "Sent at": "2026-04-01 09:00",
            "Delivery status": [status for _, status, _, _ in PEOPLE],
            "Region": [region for _, _, region, _ in PEOPLE],
        }
    )
    answers = pd.DataFrame(
        [
            {
                "email": email,
                "submitted_at": f"2026-04-0{2 + index % 5}T10:00:00Z",
                "score": score,
                "comment": f"E2E loop comment {index}",
                "Region": region,
            }
            for index, (email, _, region, score) in enumerate(PEOPLE)
            if score is not None
        ]
    )
    invite_path, answer_path = folder / "e2e-invite.csv", folder / "e2e-loop.csv"
    invitations.to_csv(invite_path, index=False)
    answers.to_csv(answer_path, index=False)
    return invite_path, answer_path


@pytest.fixture
def mail_and_rule(running_app: RunningApp) -> Iterator[SmtpServer]:
    """A local SMTP server set up on the Admin page's settings, and an alert rule for one region (no other browser
    test imports that region); both removed afterwards."""
    server = SmtpServer()
    server.start()
    engine = make_engine(f"sqlite:///{running_app.data_dir / 'nps.db'}")
    settings = SmtpSettings(
        "127.0.0.1", server.port, username=SMTP_USER, password=SMTP_PASSWORD, sender="nps@example.com"
    )
    with Session(engine) as session:
        save_smtp_settings(settings, session=session)
        session.commit()
    running_app.cli(
        "alerts",
        "add",
        RULE,
        "--when",
        "detractor",
        "--where",
        f"Region={ZONE}",
        "--mail-to",
        "cx@example.com",
        user="analyst",
    )
    try:
        yield server
    finally:
        running_app.cli("alerts", "remove", RULE, user="analyst")
        with Session(engine) as session:
            session.execute(delete(AppSetting).where(AppSetting.key == SMTP_SETTING))
            session.commit()
        engine.dispose()
        server.stop()


def _choose(page: Page, box_label: str, option: str) -> None:
    """Pick `option`; again if a rerun replaced the box under the click (the analysis after an import reruns the
    page while it works, for longer on a loaded machine)."""
    for attempt in range(3):
        try:
            _main(page).get_by_test_id("stSelectbox").filter(has_text=box_label).first.click(timeout=20_000)
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
            wait_for_app(page)
    wait_for_app(page)


def test_an_import_trips_an_alert_and_the_invitation_list_gives_the_response_rate(
    page: Page, running_app: RunningApp, tmp_path: Path, mail_and_rule: SmtpServer
):
    invite_path, answer_path = _files(tmp_path)
    login(page, running_app, "analyst")
    open_page(page, "Upload", "upload")
    _upload(page, answer_path)
    _choose(page, "Survey", "New survey…")
    page.get_by_label("New survey name").fill(SURVEY)
    page.get_by_label("New survey name").press("Enter")
    expect(_main(page).get_by_text("Preview", exact=True)).to_be_visible(timeout=60_000)
    wait_for_app(page)
    _check(page)
    page.get_by_role("button", name="Import 5 responses").click()
    outcome = _main(page).get_by_test_id("stAlert").filter(has_text=RULE)
    expect(outcome).to_contain_text(f"Alert “{RULE}” matched 2 responses of this import", timeout=120_000)
    expect(outcome).to_contain_text("1 message sent.")
    wait_for_app(page)
    screenshot(page, "upload-alert-outcome")
    assert len(mail_and_rule.received) == 1
    body = mail_and_rule.received[0].get_content()
    assert "E2E loop comment 0" in body and "E2E loop comment 1" in body and "E2E loop comment 3" not in body

    _main(page).get_by_role("radio", name="Invitation list").click()
    wait_for_app(page)
    _upload_invitations(page, invite_path)
    _choose(page, "Survey the invitations were for", SURVEY)
    page.get_by_role("button", name="Import invitation list").click()
    expect(page.get_by_text(re.compile(r"10 invitations imported, 0 already there, 0 rejected"))).to_be_visible(
        timeout=60_000
    )
    wait_for_app(page)
    expected = _pandas_rates(invite_path, answer_path)
    rate = expected["responded"].sum() / expected["delivered"].sum()
    assert (_metric(page, "Delivered"), _metric(page, "Responded")) == ("8", "5")
    assert _metric(page, "Response rate") == f"{rate:.1%}" == "62.5%"
    wait_for_app(page)
    screenshot(page, "upload-invitations-response-rate")


def _upload_invitations(page: Page, path: Path) -> None:
    wait_for_app(page)
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text(path.name).first).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Import invitation list")).to_be_visible(timeout=60_000)
    wait_for_app(page)
