"""Goals and events on both databases: saved, replaced, listed, removed, audited, refused to viewers."""

from datetime import date

import pytest
from sqlmodel import Session

from nps import audit, goals, store
from nps.audit import AuditQuery
from tests.factories import add_responses


@pytest.fixture
def seeded(engine):
    add_responses(engine, [{"score": 9, "day": date(2026, 1, 5), "region": "Poland", "plan": "Pro"}], survey="Support")
    return engine


def test_a_goal_per_scope_is_saved_replaced_listed_and_removed(seeded):
    engine = seeded
    version = store.data_version(engine=engine)
    company = goals.save_goal(30, engine=engine, actor="ana", role="analyst")
    poland = goals.save_goal(-5.5, engine=engine, actor="ana", role="analyst", attribute="region", value="Poland")
    again = goals.save_goal(35, engine=engine, actor="adam", role="admin")
    assert again.id == company.id
    survey = goals.save_goal(40, engine=engine, actor="ana", role="analyst", survey="Support")
    assert goals.list_goals(engine=engine) == (
        goals.GoalLine(company.id, 35.0),
        goals.GoalLine(poland.id, -5.5, attribute="region", value="Poland"),
        goals.GoalLine(survey.id, 40.0, survey="Support"),
    )
    assert store.data_version(engine=engine) > version
    goals.delete_goal(poland.id, engine=engine, actor="ana", role="analyst")
    assert [goal.id for goal in goals.list_goals(engine=engine)] == [company.id, survey.id]
    trail = audit.list_events(AuditQuery(), engine=engine)
    assert list(trail["action"]) == ["goal.remove", "goal.set", "goal.set", "goal.set", "goal.set"]
    assert list(trail["username"])[:3] == ["ana", "ana", "adam"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"survey": "Nope"}, "no survey named"),
        ({"attribute": "colour", "value": "red"}, "no segment attribute"),
        ({"attribute": "region"}, "both the attribute and its value"),
    ],
)
def test_a_goal_for_an_unknown_scope_is_refused(seeded, fields, message):
    with pytest.raises(goals.GoalError, match=message):
        goals.save_goal(30, engine=seeded, actor="ana", role="analyst", **fields)
    assert goals.list_goals(engine=seeded) == ()


@pytest.mark.parametrize("target", [100.5, -101, float("nan"), float("inf")])
def test_a_goal_outside_the_nps_scale_is_refused(seeded, target):
    with pytest.raises(goals.GoalError):
        goals.save_goal(target, engine=seeded, actor="ana", role="analyst")


def test_events_are_added_listed_oldest_first_and_removed(seeded):
    engine = seeded
    later = goals.save_event(date(2026, 4, 1), "App release", engine=engine, actor="ana", role="analyst")
    earlier = goals.save_event(
        date(2026, 3, 1), " Price\nchange <b>!</b> ", engine=engine, actor="ana", role="analyst", survey="Support"
    )
    assert goals.list_events(engine=engine) == (
        goals.EventMark(earlier.id, date(2026, 3, 1), "Price change <b>!</b>", "Support"),
        goals.EventMark(later.id, date(2026, 4, 1), "App release"),
    )
    goals.delete_event(later.id, engine=engine, actor="ana", role="analyst")
    assert [event.id for event in goals.list_events(engine=engine)] == [earlier.id]
    actions = list(audit.list_events(AuditQuery(), engine=engine)["action"])
    assert actions == ["event.remove", "event.add", "event.add"]
    with pytest.raises(goals.GoalError, match="no event"):
        goals.delete_event(later.id, engine=engine, actor="ana", role="analyst")


def test_a_viewer_changes_nothing_and_leaves_no_trace(seeded):
    engine = seeded
    goal = goals.save_goal(30, engine=engine, actor="ana", role="analyst")
    event = goals.save_event(date(2026, 3, 1), "Price change", engine=engine, actor="ana", role="analyst")
    before = len(audit.list_events(AuditQuery(), engine=engine))
    attempts = [
        lambda: goals.save_goal(50, engine=engine, actor="vic", role="viewer"),
        lambda: goals.delete_goal(goal.id, engine=engine, actor="vic", role="viewer"),
        lambda: goals.save_event(date(2026, 3, 2), "Mine", engine=engine, actor="vic", role="viewer"),
        lambda: goals.delete_event(event.id, engine=engine, actor="vic", role=None),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionError):
            attempt()
    assert goals.list_goals(engine=engine) == (goal,)
    assert [e.id for e in goals.list_events(engine=engine)] == [event.id]
    assert len(audit.list_events(AuditQuery(), engine=engine)) == before


def test_a_failed_write_in_the_callers_transaction_leaves_nothing_behind(seeded):
    with Session(seeded) as session:
        goals.set_goal(30, session=session, actor="ana", role="analyst")
        goals.add_event(date(2026, 3, 1), "Price change", session=session, actor="ana", role="analyst")
        session.rollback()
    assert goals.list_goals(engine=seeded) == () and goals.list_events(engine=seeded) == ()
    assert audit.list_events(AuditQuery(), engine=seeded).empty
