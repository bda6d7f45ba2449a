"""The command line of the closing-the-loop features: outbox, follow-ups, alerts; roles checked on every write."""

import json

from tests.store.test_cli import CSV, _add_user, _run, db  # noqa: F401 (db is a fixture)
from tests.store.test_invitations import _files, _pandas_rates


def test_an_admin_sends_a_test_email_and_a_viewer_may_not(db, monkeypatch, capsys, smtp_server):  # noqa: F811
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    _add_user(db, monkeypatch, capsys, "vera", "viewer")
    code, out, _ = _run(capsys, "--db", db, "outbox", "test", "ops@example.com")
    assert code == 0 and "1 sent" in out
    assert [m["To"] for m in smtp_server.received] == ["ops@example.com"]
    monkeypatch.setenv("NPS_USER", "vera")
    code, _, err = _run(capsys, "--db", db, "outbox", "test", "ops@example.com")
    assert code == 1 and "needs the admin role" in err
    monkeypatch.setenv("NPS_USER", "admin")
    code, out, _ = _run(capsys, "--db", db, "outbox", "list", "--json")
    assert [(m["status"], m["target"]) for m in json.loads(out)] == [("sent", "ops@example.com")]


def test_a_failed_delivery_exits_1_and_keeps_the_message_for_the_next_run(db, monkeypatch, capsys, smtp_server):  # noqa: F811
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    smtp_server.stop()
    code, _, err = _run(capsys, "--db", db, "outbox", "test", "ops@example.com")
    assert code == 1 and "stay in the outbox" in err
    smtp_server.start()
    code, out, _ = _run(capsys, "--db", db, "outbox", "send")
    assert code == 0 and "1 sent" in out
    assert len(smtp_server.received) == 1


def test_followups_lists_the_queue_and_its_stats_as_json(db, monkeypatch, capsys, tmp_path):  # noqa: F811
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    export = tmp_path / "export.csv"
    export.write_text(CSV)
    assert _run(capsys, "--db", db, "import", str(export), "--survey", "S")[0] == 0
    code, out, _ = _run(capsys, "--db", db, "followups", "--json")
    queue = json.loads(out)
    assert code == 0 and [(r["score"], r["status"], r["owner"]) for r in queue] == [(2, "not started", "")]
    code, out, _ = _run(capsys, "--db", db, "followups", "stats", "--json")
    stats = json.loads(out)
    assert {k: stats[k] for k in ("open", "closed", "closed_within_sla", "sla_hours", "median_hours_to_close")} == {
        "open": 1,
        "closed": 0,
        "closed_within_sla": 0,
        "sla_hours": 48.0,
        "median_hours_to_close": None,
    }
    assert stats["overdue"] == 0
    code, out, _ = _run(capsys, "--db", db, "followups", "--overdue", "--json")
    assert json.loads(out) == []


def test_stats_json_gives_the_response_rate_pandas_computes_overall_and_per_group(db, monkeypatch, capsys, tmp_path):  # noqa: F811
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    invite_path, answer_path = _files(tmp_path)
    code, out, _ = _run(
        capsys, "--db", db, "import", str(invite_path), "--kind", "invitations", "--survey", "S", "--json"
    )
    assert code == 0 and json.loads(out)["imported"] == 240
    assert _run(capsys, "--db", db, "import", str(answer_path), "--survey", "S")[0] == 0
    code, out, _ = _run(capsys, "--db", db, "stats", "--by", "Region", "--json")
    stats = json.loads(out)
    expected = _pandas_rates(invite_path, answer_path)
    assert stats["invited"] == 240
    assert stats["response_rate"] == round(expected["responded"].sum() / expected["delivered"].sum(), 4)
    for group in stats["groups"]:
        part = expected[expected["Region"] == group["key"]]
        assert group["delivered"] == part["delivered"].sum()
        assert group["response_rate"] == round(part["responded"].sum() / part["delivered"].sum(), 4)
