"""Follow-ups as work: owners from the users (e-mailed when assigned), the queue by owner, status, overdue; SLA."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session

from nps import closed_loop, followups, outbox
from nps.closed_loop import QueueChoice
from nps.filters import Filters
from nps.models import FollowUpEvent, ImportBatch
from tests.factories import add_responses
from tests.store.test_followups import add_team

NOW = datetime(2026, 3, 3, 12, tzinfo=UTC)


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def worked(engine):
    """Detractors 1, 2 (closed: 1 on time by bob, 2 late by ana), 4 (open, fresh), 5 (open, overdue); 3 a promoter."""
    add_responses(
        engine,
        [
            {"score": 2, "day": date(2026, 1, 1), "comment": "late again", "region": "EU"},
            {"score": 5, "day": date(2026, 2, 1), "comment": "slow support", "region": "US"},
            {"score": 10, "day": date(2026, 3, 1), "comment": "great", "region": "EU"},
            {"score": 6, "day": date(2026, 3, 2), "region": "EU"},
            {"score": 0, "day": date(2026, 2, 20), "region": "US"},
        ],
    )
    add_team(engine)
    with Session(engine) as session:
        session.execute(update(ImportBatch).values(imported_at=datetime(2025, 12, 1, tzinfo=UTC)))
        followups.update_follow_up(1, actor="ana", role="analyst", session=session, owner="bob", status="contacted")
        followups.update_follow_up(1, actor="bob", role="admin", session=session, status="resolved")
        followups.update_follow_up(2, actor="ana", role="analyst", session=session, owner="ana", status="resolved")
        session.commit()
    with engine.begin() as connection:
        for response_id, status, hours in ((1, "contacted", 10), (1, "resolved", 30), (2, "resolved", 100)):
            day = date(2026, 1, 1) if response_id == 1 else date(2026, 2, 1)
            connection.execute(
                update(FollowUpEvent)
                .where(FollowUpEvent.response_id == response_id, FollowUpEvent.new_value == status)
                .values(changed_at=_noon(day) + timedelta(hours=hours))
            )
    return engine


def test_the_closed_loop_figures_count_open_overdue_and_closing_within_the_sla(worked):
    figures = closed_loop.closed_loop_figures(Filters(), engine=worked, now=NOW)
    assert (figures.open, figures.overdue, figures.closed, figures.closed_within_sla) == (2, 1, 2, 1)
    assert figures.sla_hours == 48
    assert figures.median_hours_to_close == pytest.approx(65)
    assert figures.median_hours_to_first_contact == pytest.approx(55)
    assert figures.within_sla.share == 0.5 and 0 < figures.within_sla.low < 0.5 < figures.within_sla.high < 1
    by_owner = figures.by_owner.set_index("owner")
    assert by_owner.loc["bob", ["closed", "closed_within_sla"]].tolist() == [1, 1]
    assert by_owner.loc["ana", ["closed", "closed_within_sla"]].tolist() == [1, 0]
    assert by_owner.loc["", ["open", "overdue"]].tolist() == [2, 1]
    assert by_owner.loc["bob", "median_hours_to_first_contact"] == pytest.approx(10)


def test_a_longer_sla_and_segment_filters_change_the_figures(worked):
    with Session(worked) as session:
        closed_loop.set_sla_hours(288, session=session)
        session.commit()
    figures = closed_loop.closed_loop_figures(Filters(), engine=worked, now=NOW)
    assert (figures.overdue, figures.closed_within_sla, figures.sla_hours) == (0, 2, 288)
    eu = closed_loop.closed_loop_figures(Filters(include=(("region", ("EU",)),)), engine=worked, now=NOW)
    assert (eu.open, eu.closed) == (1, 1)


def test_the_queue_filters_by_status_owner_and_overdue(worked):
    def ids(**choice) -> list[int]:
        frame, total = closed_loop.follow_up_queue(Filters(), engine=worked, choice=QueueChoice(**choice), now=NOW)
        assert total == len(frame)
        return frame["response_id"].tolist()

    assert ids() == [5, 4]
    assert ids(overdue_only=True) == [5]
    assert ids(owner="bob", statuses=closed_loop.QUEUE_STATUSES) == [1]
    assert ids(owner="", statuses=closed_loop.QUEUE_STATUSES) == [5, 4]
    assert ids(statuses=("resolved",)) == [1, 2]
    frame, _ = closed_loop.follow_up_queue(Filters(), engine=worked, now=NOW)
    assert frame["due_at"].tolist() == [_noon(date(2026, 2, 20)) + timedelta(hours=48), _noon(date(2026, 3, 4))]
    assert frame["overdue"].tolist() == [True, False]


def test_a_due_date_set_by_hand_replaces_the_sla(worked):
    with Session(worked) as session:
        followups.update_follow_up(5, actor="ana", role="analyst", session=session, due_on=date(2026, 3, 10))
        session.commit()
    frame, _ = closed_loop.follow_up_queue(Filters(), engine=worked, choice=QueueChoice(overdue_only=True), now=NOW)
    assert frame.empty


def test_only_active_analysts_and_admins_can_own_a_follow_up(worked):
    with Session(worked) as session, pytest.raises(followups.FollowUpError, match="analyst or admin"):
        followups.update_follow_up(4, actor="ana", role="analyst", session=session, owner="vic")
    with Session(worked) as session, pytest.raises(followups.FollowUpError):
        followups.update_follow_up(4, actor="ana", role="analyst", session=session, owner="nobody")


def test_the_new_owner_is_emailed_once_with_a_link_and_self_assignment_sends_nothing(worked, smtp_server):
    outbox.deliver_pending(engine=worked)  # the fixture's assignment of #1 to bob
    assert [m["To"] for m in smtp_server.received] == ["bob@example.com"]
    with Session(worked) as session:
        followups.update_follow_up(4, actor="bob", role="admin", session=session, owner="ana")
        followups.update_follow_up(5, actor="bob", role="admin", session=session, owner="bob")
        session.commit()
    assert outbox.deliver_pending(engine=worked).sent == 1
    message = smtp_server.received[-1]
    assert message["To"] == "ana@example.com" and "#4" in message["Subject"]
    assert "http://localhost:8501/follow_ups?response=4" in message.get_content()
