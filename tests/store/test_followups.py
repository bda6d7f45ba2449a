"""Follow-ups and tags: every change persisted with who and when; viewers refused by the domain."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from nps import followups, users
from tests.factories import add_responses


def add_team(engine) -> None:
    """ana (analyst), bob (admin) and vic (viewer), with e-mail addresses."""
    with Session(engine) as session:
        for name, role in (("ana", "analyst"), ("bob", "admin"), ("vic", "viewer")):
            users.create_user(name, "correct horse", role, session=session, email=f"{name}@example.com")
        session.commit()


@pytest.fixture
def detractors(engine):
    add_responses(
        engine,
        [
            {"score": 2, "day": date(2026, 1, 1), "comment": "late again"},
            {"score": 5, "day": date(2026, 2, 1), "comment": "slow support"},
            {"score": 10, "day": date(2026, 3, 1), "comment": "great"},
            {"score": 6, "day": date(2026, 3, 2)},
        ],
    )
    add_team(engine)
    return engine


def test_a_status_change_is_stored_with_its_author_and_time(detractors):
    before = datetime.now(UTC)
    with Session(detractors) as session:
        followups.update_follow_up(1, actor="ana", role="analyst", session=session, status="contacted", owner="bob")
        session.commit()
    with Session(detractors) as session:
        followups.update_follow_up(1, actor="bob", role="admin", session=session, status="resolved", note="refunded")
        session.commit()
    state = followups.follow_up_state(1, engine=detractors)
    assert (state.status, state.owner, state.note, state.updated_by) == ("resolved", "bob", "refunded", "bob")
    assert before - timedelta(seconds=1) <= state.updated_at <= datetime.now(UTC) + timedelta(seconds=1)
    events = followups.history(1, engine=detractors)
    changes = list(
        zip(events["field"], events["old_value"].fillna(""), events["new_value"], events["changed_by"], strict=True)
    )
    assert changes == [
        ("status", "", "new", "ana"),
        ("status", "new", "contacted", "ana"),
        ("owner", "", "bob", "ana"),
        ("status", "contacted", "resolved", "bob"),
        ("note", "", "refunded", "bob"),
    ]
    assert all(at.tzinfo is not None and at >= before - timedelta(seconds=1) for at in events["changed_at"])


def test_saving_the_same_values_again_records_nothing(detractors):
    for _ in range(2):
        with Session(detractors) as session:
            followups.update_follow_up(2, actor="ana", role="analyst", session=session, status="contacted")
            session.commit()
    assert len(followups.history(2, engine=detractors)) == 2


def test_a_due_date_can_be_set_and_cleared(detractors):
    with Session(detractors) as session:
        followups.update_follow_up(1, actor="ana", role="analyst", session=session, due_on=date(2026, 5, 1))
        session.commit()
    assert followups.follow_up_state(1, engine=detractors).due_on == date(2026, 5, 1)
    with Session(detractors) as session:
        followups.update_follow_up(1, actor="ana", role="analyst", session=session, due_on=None)
        session.commit()
    assert followups.follow_up_state(1, engine=detractors).due_on is None


def test_viewers_cannot_change_follow_ups_or_tags(detractors):
    with Session(detractors) as session, pytest.raises(PermissionError):
        followups.update_follow_up(1, actor="vic", role="viewer", session=session, status="resolved")
    with Session(detractors) as session, pytest.raises(PermissionError):
        followups.add_tag(1, "vip", actor="vic", role="viewer", session=session)
    with Session(detractors) as session, pytest.raises(PermissionError):
        followups.update_follow_up(1, actor="ghost", role=None, session=session, status="resolved")
    assert followups.follow_up_state(1, engine=detractors).status is None


def test_an_unknown_status_is_refused(detractors):
    with Session(detractors) as session, pytest.raises(followups.FollowUpError):
        followups.update_follow_up(1, actor="ana", role="analyst", session=session, status="done")


def test_tags_are_added_once_removed_and_logged(detractors):
    with Session(detractors) as session:
        assert followups.add_tag(1, " call  back ", actor="ana", role="analyst", session=session)
        assert not followups.add_tag(1, "call back", actor="ana", role="analyst", session=session)
        session.commit()
    assert followups.follow_up_state(1, engine=detractors).tags == ("call back",)
    with Session(detractors) as session:
        assert followups.remove_tag(1, "call back", actor="bob", role="admin", session=session)
        session.commit()
    events = followups.history(1, engine=detractors)
    assert list(zip(events["field"], events["changed_by"], strict=True)) == [("tag", "ana"), ("tag", "bob")]
