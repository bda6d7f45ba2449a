"""Alert rules: one message per rule per import, listing exactly the responses the rule picks."""

import io
import json
import re

import pytest
from sqlmodel import Session

from nps import alerts
from nps.alerts import AlertError, parse_when
from nps.importing.pipeline import import_file
from tests.store.test_cli import _add_user, _run, db  # noqa: F401 (db is a fixture)

FIRST = (
    "response_id,email,submitted_at,score,comment,region\n"
    "A1,a@example.com,2026-03-02T10:00:00Z,2,Late <b>again</b>,Poland\n"
    "A2,b@example.com,2026-03-02T11:00:00Z,6,Meh,Poland\n"
    "A3,c@example.com,2026-03-02T12:00:00Z,3,Slow,Germany\n"
    "A4,d@example.com,2026-03-02T13:00:00Z,10,Great,Poland\n"
    "A5,e@example.com,2026-03-02T14:00:00Z,0,,Poland\n"
)
SECOND = (
    "response_id,email,submitted_at,score,comment,region\n"
    "B1,f@example.com,2026-03-09T10:00:00Z,1,Broken,Poland\n"
    "B2,g@example.com,2026-03-09T11:00:00Z,9,Fine,Poland\n"
)


def _listed(text: str) -> list[str]:
    return re.findall(r"^#(\d+) · score", text, flags=re.MULTILINE)


def test_a_detractor_alert_for_one_segment_sends_one_message_per_import_listing_exactly_those(
    db,  # noqa: F811
    monkeypatch,
    capsys,
    tmp_path,
    smtp_server,
    webhook_receiver,
):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    _add_user(db, monkeypatch, capsys, "ana", "analyst")
    monkeypatch.setenv("NPS_USER", "ana")
    code, _, err = _run(
        capsys,
        "--db",
        db,
        "alerts",
        "add",
        "Polish detractors",
        "--when",
        "detractor",
        "--where",
        "region=Poland",
        "--mail-to",
        "cx@example.com",
        "ops@example.com",
        "--webhook",
        webhook_receiver.url,
    )
    assert code == 0, err
    for name, content in (("first.csv", FIRST), ("second.csv", SECOND)):
        path = tmp_path / name
        path.write_text(content)
        code, out, err = _run(capsys, "--db", db, "import", str(path), "--survey", "S")
        assert code == 0, err
        assert "alert 'Polish detractors'" in out
    assert len(smtp_server.received) == 2 and len(webhook_receiver.bodies) == 2
    first, second = (message.get_content() for message in smtp_server.received)
    assert _listed(first) == ["5", "1", "2"]  # A5 (0), A1 (2), A2 (6): Polish detractors, lowest score first
    assert _listed(second) == ["6"]
    assert smtp_server.envelopes[0][1] == ["cx@example.com", "ops@example.com"]
    assert "follow_ups?response=1" in first and "Late <b>again</b>" in first
    hook = webhook_receiver.bodies[0]["text"]
    assert "Late &lt;b&gt;again&lt;/b&gt;" in hook and len(re.findall(r"#\d+ · score", hook)) == 3


def test_a_viewer_cannot_add_an_alert_and_alerts_test_sends_for_the_latest_import(
    db,  # noqa: F811
    monkeypatch,
    capsys,
    tmp_path,
    smtp_server,
):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    _add_user(db, monkeypatch, capsys, "vic", "viewer")
    monkeypatch.setenv("NPS_USER", "vic")
    code, _, err = _run(capsys, "--db", db, "alerts", "add", "X", "--when", "detractor", "--mail-to", "a@example.com")
    assert code == 1 and "analyst" in err
    monkeypatch.setenv("NPS_USER", "admin")
    path = tmp_path / "first.csv"
    path.write_text(FIRST)
    _run(capsys, "--db", db, "import", str(path), "--survey", "S")
    code, _, _ = _run(
        capsys,
        "--db",
        db,
        "alerts",
        "add",
        "Low",
        "--when",
        "score<=3",
        "--mail-to",
        "cx@example.com",
        "--follow-ups",
        "--owner",
        "admin",
    )
    assert code == 0
    assert "Low\tscore<=3" in _run(capsys, "--db", db, "alerts", "list")[1]
    code, out, _ = _run(capsys, "--db", db, "alerts", "test", "Low")
    assert code == 0 and "3 responses match" in out
    assert smtp_server.received[-1]["Subject"].startswith("Test: NPS alert Low")
    assert _listed(smtp_server.received[-1].get_content()) == ["5", "1", "3"]
    code, out, _ = _run(capsys, "--db", db, "followups", "--json")
    assert all(row["status"] == "not started" for row in json.loads(out))  # a test opens nothing


@pytest.mark.parametrize(
    ("expression", "scores", "sentiments"),
    [
        ("detractor", tuple(range(7)), ()),
        ("promoters and negative", (9, 10), ("negative",)),
        ("score<=4", (0, 1, 2, 3, 4), ()),
        ("passive|detractor, score>=5", (5, 6, 7, 8), ()),
        ("tone=negative", tuple(range(11)), ("negative",)),
    ],
)
def test_when_expressions_read_as_scores_and_tones(expression, scores, sentiments):
    condition = parse_when(expression)
    assert (condition.scores, condition.sentiments) == (scores, sentiments)


def test_a_when_expression_that_cannot_be_read_is_refused():
    with pytest.raises(AlertError):
        parse_when("angry customers")
    with pytest.raises(AlertError):
        parse_when("promoter and score<5")


def test_a_rule_that_opens_follow_ups_sends_one_message_and_no_assignment_mail_per_row(
    db,  # noqa: F811
    monkeypatch,
    capsys,
    tmp_path,
    smtp_server,
):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    _run(capsys, "--db", db, "users", "add", "ana", "--role", "analyst", "--email", "ana@example.com")
    code, _, err = _run(
        capsys,
        "--db",
        db,
        "alerts",
        "add",
        "Detractors",
        "--when",
        "detractor",
        "--mail-to",
        "cx@example.com",
        "--follow-ups",
        "--owner",
        "ana",
    )
    assert code == 0, err
    path = tmp_path / "first.csv"
    path.write_text(FIRST)
    _run(capsys, "--db", db, "import", str(path), "--survey", "S")
    assert [m["To"] for m in smtp_server.received] == ["cx@example.com"]
    code, out, _ = _run(capsys, "--db", db, "followups", "--owner", "ana", "--json")
    assert sorted(row["response_id"] for row in json.loads(out)) == [1, 2, 3, 5]


def test_a_rule_names_a_segment_attribute_in_any_case_and_one_no_import_has_yet_matches_nothing(engine):
    with Session(engine) as session:
        for name, attribute in (("Seen as shown", "Region"), ("Not imported yet", "Shop")):
            alerts.add_rule(
                name,
                when="detractor",
                where=[(attribute, ["Poland"])],
                mail_to=["cx@example.com"],
                actor="ana",
                role="analyst",
                session=session,
            )
        session.commit()
    report = import_file(FIRST.encode(), engine=engine, survey="S", username="ana")
    outcomes = alerts.evaluate_import([report.batch_id], engine=engine, actor="ana")
    assert [(o.rule, o.matched) for o in outcomes] == [("Not imported yet", 0), ("Seen as shown", 3)]
