"""Overview's response rate as pandas computes it from the two files; Follow-ups' My queue; Admin's mail settings."""

from datetime import date

import pytest
from sqlmodel import Session

from nps import followups
from nps.importing.pipeline import import_file
from nps.invitations import import_invitations
from nps.mail_settings import SmtpSettings, save_smtp_settings
from tests.factories import add_responses
from tests.pages.conftest import page_as
from tests.store.test_invitations import _files, _pandas_rates


def test_the_overview_shows_the_response_rate_pandas_computes_overall_and_per_segment(app_engine, tmp_path):
    invite_path, answer_path = _files(tmp_path)
    import_invitations(invite_path, engine=app_engine, survey="S", username="analyst")
    import_file(answer_path, engine=app_engine, survey="S", username="analyst")
    expected = _pandas_rates(invite_path, answer_path)
    at = page_as("pages/overview.py", "viewer")
    at.query_params["segment"] = "Region"
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Response rate"] == f"{expected['responded'].sum() / expected['delivered'].sum():.1%}"
    assert metrics["Delivered"] == f"{int(expected['delivered'].sum()):,}"
    table = next(frame.value for frame in at.dataframe if "response_rate" in frame.value.columns).set_index("key")
    for region, part in expected.groupby("Region"):
        assert table.loc[region, "response_rate"] == pytest.approx(part["responded"].sum() / part["delivered"].sum())


def test_my_queue_shows_only_what_the_analyst_owns(app_engine):
    add_responses(app_engine, [{"score": s, "day": date(2026, 1, d)} for s, d in ((1, 1), (2, 2), (3, 3))])
    with Session(app_engine) as session:
        followups.update_follow_up(2, actor="admin", role="admin", session=session, owner="analyst")
        session.commit()
    at = page_as("pages/follow_ups.py", "analyst")
    at.run()
    assert "3 follow-ups" in at.subheader[0].value
    at.toggle(key="follow_ups_mine").set_value(True).run()
    assert not at.exception
    queue = next(frame.value for frame in at.dataframe if "comment" in frame.value.columns)
    assert queue["response_id"].tolist() == [2] and queue["owner"].tolist() == ["analyst"]


def test_the_admin_page_never_shows_the_stored_smtp_password(app_engine, monkeypatch):
    monkeypatch.delenv("NPS_SMTP_URL", raising=False)
    with Session(app_engine) as session:
        save_smtp_settings(SmtpSettings("mail.example.com", 587, "starttls", "bot", "hunter2-secret"), session=session)
        session.commit()
    at = page_as("pages/admin.py", "admin")
    at.run()
    assert not at.exception
    assert all("hunter2-secret" not in str(box.value) for box in at.text_input)
    assert any(box.value == "mail.example.com" for box in at.text_input)


def test_an_analyst_adds_an_alert_rule_on_the_page(app_engine):
    at = page_as("pages/alerts.py", "analyst")
    at.run()
    form = {box.label: box for box in at.text_input}
    form["Name"].set_value("Angry Poles")
    form["When"].set_value("detractor and negative")
    form["E-mail to (comma-separated)"].set_value("cx@example.com")
    at.button[0].click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert table["Name"].tolist() == ["Angry Poles"] and table["E-mail to"].tolist() == ["cx@example.com"]


def test_the_overview_shows_the_response_rate_per_week_of_sending_as_pandas_computes_it(app_engine, tmp_path):
    invite_path, answer_path = _files(tmp_path)
    import_invitations(invite_path, engine=app_engine, survey="S", username="analyst")
    import_file(answer_path, engine=app_engine, survey="S", username="analyst")
    expected = _pandas_rates(invite_path, answer_path)
    weeks = expected["Sent at"].dt.to_period("W-SUN").dt.start_time.dt.date.astype(str)
    at = page_as("pages/overview.py", "viewer")
    at.query_params["by"] = "week"
    at.run()
    assert not at.exception
    table = next(
        frame.value.set_index("key")
        for frame in at.dataframe
        if "response_rate" in frame.value.columns and frame.value["key"].astype(str).str.match(r"\d{4}-").all()
    )
    assert len(table) == weeks.nunique() > 1
    for week, part in expected.groupby(weeks):
        assert table.loc[week, "response_rate"] == pytest.approx(part["responded"].sum() / part["delivered"].sum())
