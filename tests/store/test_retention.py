"""Retention periods: old comments and personal data go, optionally old responses; the plan shown first is what runs."""

import json
from datetime import date

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from nps import audit, retention
from nps.cli import main
from nps.importing.pipeline import import_file

EXPORT = (
    b"response_id,email,name,submitted_at,score,comment,region\n"
    b"R1,old@example.com,Olga Old,2024-01-05T10:00:00Z,3,Old complaint text,Poland\n"
    b"R2,both@example.com,Bo Both,2024-02-05T10:00:00Z,9,Old praise text,Poland\n"
    b"R3,both@example.com,Bo Both,2026-05-05T10:00:00Z,10,Recent praise text,Germany\n"
    b"R4,new@example.com,Nia New,2026-06-01T10:00:00Z,6,Recent mixed text,Germany\n"
)
TODAY = date(2026, 7, 1)


def _seed(engine: Engine) -> None:
    import_file(EXPORT, engine=engine, survey="S", username="ana")


def _texts(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(text("SELECT comment FROM response WHERE comment IS NOT NULL")).scalars())


def _rollup(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return sorted(connection.execute(text("SELECT * FROM response_daily")).all())


def test_the_plan_counts_what_apply_then_removes_and_the_figures_stay(engine):
    _seed(engine)
    policy = retention.RetentionPolicy(comment_months=12)
    scores_before = [row[:-1] for row in _rollup(engine)]
    planned = retention.plan(policy, engine=engine, today=TODAY)
    assert (planned.comment_cutoff, planned.comments_erased, planned.profiles_erased) == (date(2025, 7, 1), 2, 1)

    done = retention.apply(policy, engine=engine, actor="boss", today=TODAY)

    assert done == planned
    assert _texts(engine) == ["Recent mixed text", "Recent praise text"]
    with engine.connect() as connection:
        emails = sorted(filter(None, connection.execute(text("SELECT email FROM respondent")).scalars()))
        assert emails == ["both@example.com", "new@example.com"]
        assert connection.execute(text("SELECT count(*) FROM response")).scalar_one() == 4
    assert [row[:-1] for row in _rollup(engine)] == scores_before
    with engine.connect() as connection:
        assert connection.execute(text("SELECT sum(comments) FROM response_daily WHERE slot = 0")).scalar_one() == 2
    events = audit.list_events(audit.AuditQuery(action="retention.apply"), engine=engine)
    assert events.affected.tolist() == [2] and "complaint" not in events.details[0]
    assert retention.plan(policy, engine=engine, today=TODAY).comments_erased == 0


def test_whole_responses_older_than_the_longer_period_are_deleted_with_their_counts(engine):
    _seed(engine)
    policy = retention.RetentionPolicy(comment_months=3, response_months=24)
    done = retention.apply(policy, engine=engine, actor="boss", today=date(2026, 3, 1))
    assert done.responses_deleted == 2
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM response")).scalar_one() == 2
        assert connection.execute(text("SELECT count(*) FROM respondent")).scalar_one() == 2
        assert (
            connection.execute(text("SELECT sum(score_3 + score_9) FROM response_daily WHERE slot = 0")).scalar() == 0
        )


def test_a_dry_run_from_the_cli_changes_nothing_and_apply_uses_the_saved_policy(engine, capsys):
    _seed(engine)
    with Session(engine) as session:
        retention.save_policy(retention.RetentionPolicy(comment_months=12), session=session, actor="boss")
        session.commit()
    url = engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "retention", "apply", "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] is True and dry["comments_erased"] == 2
    assert len(_texts(engine)) == 4
    assert main(["--db", url, "retention", "apply", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["comments_erased"] == 2
    assert len(_texts(engine)) == 2
    actions = audit.list_events(audit.AuditQuery(), engine=engine).action.tolist()
    assert actions[:2] == ["retention.apply", "settings.retention"]


@pytest.mark.parametrize("policy", [retention.RetentionPolicy(0), retention.RetentionPolicy(12, 6)])
def test_an_impossible_policy_is_refused(engine, policy):
    with Session(engine) as session, pytest.raises(retention.RetentionError):
        retention.save_policy(policy, session=session, actor="boss")
