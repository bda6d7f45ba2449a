"""Follow-ups as work: owners, SLA figures and 'My queue' in the browser, at 1920×1080."""

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select, update
from sqlmodel import Session

from nps import followups
from nps.db import make_engine
from nps.models import FollowUpEvent, ImportBatch, Response
from tests.e2e.conftest import RunningApp, login, open_page, screenshot, wait_for_app


def _assign_some(app: RunningApp) -> None:
    """The analyst owns three detractors (one closed within the SLA, one late), the admin one (overdue by hand)."""
    engine = make_engine(f"sqlite:///{app.data_dir / 'nps.db'}")
    owners = (("analyst", "resolved"), ("analyst", "resolved"), ("analyst", "contacted"), ("admin", "new"))
    with Session(engine) as session:
        detractors = select(Response.id).where(Response.score <= 6).order_by(Response.id).limit(4)
        ids = list(session.execute(detractors).scalars())
        for response_id, (owner, status) in zip(ids, owners, strict=True):
            followups.update_follow_up(
                response_id, actor="admin", role="admin", session=session, owner=owner, status=status
            )
        followups.update_follow_up(ids[3], actor="admin", role="admin", session=session, due_on=date(2020, 1, 1))
        session.commit()
        imported = dict(
            session.execute(
                select(Response.id, ImportBatch.imported_at)
                .join(ImportBatch, ImportBatch.id == Response.batch_id)
                .where(Response.id.in_(ids))
            ).all()
        )
    with engine.begin() as connection:
        for response_id, hours in zip(ids[:3], (20, 90, 6), strict=True):
            connection.execute(
                update(FollowUpEvent)
                .where(FollowUpEvent.response_id == response_id, FollowUpEvent.field == "status")
                .values(changed_at=imported[response_id] + timedelta(hours=hours))
            )
    engine.dispose()


def test_an_analyst_sees_owners_sla_figures_and_narrows_to_my_queue(page: Page, running_app: RunningApp):
    _assign_some(running_app)
    login(page, running_app, "analyst")
    open_page(page, "Follow-ups", "follow_ups")
    expect(page.get_by_test_id("stMetricLabel").get_by_text("Closed within SLA")).to_be_visible()
    expect(page.get_by_text("Per owner")).to_be_visible()
    page.get_by_test_id("stMultiSelect").filter(has_text="Status").locator("input").fill("resolved")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)
    screenshot(page, "follow_ups_owners_and_sla")
    my_queue = page.get_by_label("My queue")
    for _ in range(3):  # a rerun still in flight from the status change can swallow a click: look, then click
        if my_queue.is_checked():
            break
        page.get_by_text("My queue").click()
        wait_for_app(page)
    expect(my_queue).to_be_checked()
    # the analyst's three (other browser tests may have given the analyst a few more), not the whole queue
    expect(page.get_by_role("heading", name=re.compile(r"^[3-9] follow-ups"))).to_be_visible()
    screenshot(page, "follow_ups_my_queue")
