"""The audit trail: every write leaves who, when, what and how many; nothing edits or deletes an event."""

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from nps import analysis, audit, followups, store, users
from nps.benchmarks import BenchmarkRow, add_benchmarks, delete_benchmark, update_benchmark
from nps.cli import main
from nps.importing.pipeline import import_file

EXPORT = (
    b"response_id,email,submitted_at,score,comment,region\n"
    b"R1,a@example.com,2026-01-05T10:00:00Z,10,Great,Poland\n"
    b"R2,b@example.com,2026-01-06T10:00:00Z,2,Slow delivery,Poland\n"
)


def _actions(engine) -> list[tuple[str, str, str, int]]:
    frame = audit.list_events(audit.AuditQuery(), engine=engine)
    return [(r.username, r.action, r.target, r.affected) for r in frame.iloc[::-1].itertuples()]


def test_each_kind_of_write_records_who_what_and_how_many(engine):
    with Session(engine) as session:
        users.create_user("boss", "correct horse", "admin", session=session)
        users.create_user("vera", "battery staple", "viewer", session=session, actor="boss")
        users.set_role("vera", "analyst", session=session, actor="boss")
        users.set_password("vera", "another staple", session=session, actor="boss")
        users.set_active("vera", False, session=session, actor="boss")
        users.unlock("vera", session=session, actor="boss")
        session.commit()
    report = import_file(EXPORT, engine=engine, survey="S", username="boss")
    with Session(engine) as session:
        response_id = session.execute(text("SELECT min(id) FROM response")).scalar_one()
        followups.update_follow_up(
            response_id, actor="boss", role="admin", session=session, status="contacted", note="called her"
        )
        followups.add_tag(response_id, "vip", actor="boss", role="admin", session=session)
        theme = analysis.save_theme("Price", ["price"], username="boss", role="admin", session=session)
        analysis.delete_theme(theme.id, role="admin", session=session, actor="boss")
        session.commit()
    row = BenchmarkRow(name="Rival", kind="competitor", nps=30.0)
    add_benchmarks([row], engine=engine, username="boss")
    with Session(engine) as session:
        benchmark_id = session.execute(text("SELECT max(id) FROM benchmark")).scalar_one()
    update_benchmark(benchmark_id, row, engine=engine, username="boss")
    delete_benchmark(benchmark_id, engine=engine, username="boss")
    with Session(engine) as session:
        store.delete_batch(report.batch_id, session=session, actor="boss")
        session.commit()

    assert _actions(engine) == [
        ("boss", "user.add", "boss", 0),
        ("boss", "user.add", "vera", 0),
        ("boss", "user.role", "vera", 0),
        ("boss", "user.password_reset", "vera", 0),
        ("boss", "user.deactivate", "vera", 0),
        ("boss", "user.unlock", "vera", 0),
        ("boss", "import", f"batch {report.batch_id}", 2),
        ("boss", "follow_up.status", f"response {response_id}", 1),
        ("boss", "follow_up.status", f"response {response_id}", 1),
        ("boss", "follow_up.note", f"response {response_id}", 1),
        ("boss", "follow_up.tag", f"response {response_id}", 1),
        ("boss", "theme.save", "Price", 0),
        ("boss", "theme.delete", "Price", 0),
        ("boss", "benchmark.add", "", 1),
        ("boss", "benchmark.edit", "Rival", 1),
        ("boss", "benchmark.delete", "Rival", 1),
        ("boss", "batch.rollback", f"batch {report.batch_id}", 2),
    ]
    details = audit.list_events(audit.AuditQuery(action="follow_up.note"), engine=engine).details[0]
    assert "called her" not in details


def test_a_write_that_fails_leaves_no_audit_event(engine):
    with Session(engine) as session:
        users.create_user("boss", "correct horse", "admin", session=session)
        session.commit()
    with Session(engine) as session, pytest.raises(users.UserError):
        users.set_active("boss", False, session=session, actor="boss")
    assert [action for _, action, _, _ in _actions(engine)] == ["user.add"]


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET username = 'someone'", "DELETE FROM audit_event"])
def test_the_database_refuses_to_change_or_delete_an_audit_event(engine, statement):
    with Session(engine) as session:
        users.create_user("boss", "correct horse", "admin", session=session)
        session.commit()
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    assert _actions(engine) == [("boss", "user.add", "boss", 0)]


def test_audit_list_json_filters_by_user_and_day_and_needs_an_admin(tmp_path, monkeypatch, capsys):
    db = f"sqlite:///{tmp_path / 'audit.db'}"
    assert main(["--db", db, "setup"]) == 0
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("correct horse\n"))
    assert main(["--db", db, "users", "add", "boss", "--role", "admin"]) == 0
    monkeypatch.setenv("NPS_USER", "boss")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("battery staple\n"))
    assert main(["--db", db, "users", "add", "vera", "--role", "viewer"]) == 0
    assert main(["--db", db, "users", "set-role", "vera", "--role", "analyst"]) == 0
    capsys.readouterr()

    assert main(["--db", db, "audit", "list", "--user", "boss", "--since", "2000-01-01", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert [(e["username"], e["action"], e["target"], e["details"]) for e in events] == [
        ("boss", "user.role", "vera", {"from": "viewer", "to": "analyst"}),
        ("boss", "user.add", "vera", {"role": "viewer"}),
        ("boss", "user.add", "boss", {"role": "admin"}),
    ]
    assert all(e["at"].startswith("20") for e in events)
    assert main(["--db", db, "audit", "list", "--since", "2999-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []

    monkeypatch.setenv("NPS_USER", "vera")
    monkeypatch.setenv("NPS_PASSWORD", "battery staple")
    assert main(["--db", db, "audit", "list"]) == 1
    assert "needs the admin role" in capsys.readouterr().err
