"""Playwright against `streamlit run` on a free port, with a temporary store seeded through the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Download, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import update

from bench.app_server import CHROMIUM_ARGS, free_port, running_streamlit
from nps.db import make_engine
from nps.models import User

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
PASSWORD = "correct horse"
AUTH_COOKIE = "nps_dashboard_auth"
pytestmark = pytest.mark.e2e
expect.set_options(timeout=15_000)


@dataclass(frozen=True)
class RunningApp:
    url: str
    env: dict[str, str]
    data_dir: Path

    def cli(self, *args: str, user: str | None = None, stdin: str = "") -> subprocess.CompletedProcess:
        env = dict(self.env)
        if user:
            env |= {"NPS_USER": user, "NPS_PASSWORD": PASSWORD}
        return subprocess.run(
            [sys.executable, "-m", "nps", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )

    def add_user(self, username: str, role: str) -> None:
        """A user added by the admin who has since chosen their own password (here: the same PASSWORD)."""
        self.cli(
            "users", "add", username, "--role", role, "--name", username.title(), user="admin", stdin=PASSWORD + "\n"
        )
        engine = make_engine(f"sqlite:///{self.data_dir / 'nps.db'}")
        with engine.begin() as connection:
            connection.execute(update(User).where(User.username == username).values(must_change_password=False))
        engine.dispose()


@pytest.fixture(scope="session")
def running_app(tmp_path_factory) -> Iterator[RunningApp]:
    """The app on demo data, with one user per role (username = role) created through the CLI."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NPS_USER", "NPS_PASSWORD")}
    env |= {"NPS_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    port = free_port()
    app = RunningApp(url=f"http://127.0.0.1:{port}", env=env, data_dir=data_dir)
    app.cli("setup", "--demo")
    app.cli("users", "add", "admin", "--role", "admin", "--name", "Ada Admin", stdin=PASSWORD + "\n")
    for role in ("analyst", "viewer"):
        app.add_user(role, role)
    with running_streamlit(env, data_dir / "streamlit.log", port=port):
        yield app


@pytest.fixture
def restarted_app(running_app: RunningApp) -> Iterator[RunningApp]:
    """A second server on the same store, just started: its first visitor meets the slow first run of a
    fresh process, as the first colleague to open the dashboard after a deploy or restart does."""
    port = free_port()
    with running_streamlit(running_app.env, running_app.data_dir / f"streamlit-{port}.log", port=port):
        yield RunningApp(url=f"http://127.0.0.1:{port}", env=running_app.env, data_dir=running_app.data_dir)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def login(page: Page, app: RunningApp, username: str, path: str = "") -> None:
    """Log in through the form, wait for the page's sidebar and for the sign-in cookie.

    Nothing on the sign-in page reruns it by itself, so the form is typed into as soon as it appears.
    """
    page.goto(f"{app.url}/{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
    _wait_for_auth_cookie(page)


def _wait_for_auth_cookie(page: Page, seconds: float = 20) -> None:
    """The login cookie is written by a one-off script in the first signed-in run; wait for it, so a following
    page.goto stays signed in."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(cookie["name"] == AUTH_COOKIE for cookie in page.context.cookies()):
            return
        page.wait_for_timeout(200)
    raise AssertionError("the login cookie was not written")


def open_page(page: Page, title: str, url_path: str) -> None:
    """Click a sidebar page link once the app is idle, and again if the address did not change.

    A rerun still in flight when the link is clicked carries the old page and can take the browser back to it;
    a person would click again, so does this.
    """
    address = re.compile(f"/{re.escape(url_path)}(\\?|$)")
    for attempt in range(2):
        wait_for_app(page)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
        try:
            expect(page).to_have_url(address, timeout=10_000)
            wait_for_app(page)
            expect(page).to_have_url(address, timeout=1_000)
            return
        except AssertionError:
            if attempt == 1:
                raise


def download(page: Page, button: str) -> Download:
    """Click a download button; once more if nothing came. A rerun still in flight replaces the button, and the
    file of the replaced one is gone."""
    wait_for_app(page)
    try:
        with page.expect_download(timeout=45_000) as first:
            page.get_by_role("button", name=button).click()
        return first.value
    except PlaywrightTimeoutError:
        wait_for_app(page)
        with page.expect_download(timeout=90_000) as second:
            page.get_by_role("button", name=button).click()
        return second.value


def screenshot(page: Page, name: str) -> Path:
    """Saved for people to look at (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_for_app(page: Page) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=30_000)
    page.wait_for_timeout(300)
