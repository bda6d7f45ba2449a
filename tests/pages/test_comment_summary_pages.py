"""The offline summary panels: on request, per tone, quotes as plain text, masked for viewers."""

from datetime import date

from sqlalchemy import update
from sqlmodel import Session

from nps.models import Response
from tests.factories import add_responses
from tests.pages.conftest import page_as

COMMENT = "Paczka zniszczona, oddzwońcie +48 600 100 200"


def _seed(engine) -> None:
    rows = [{"score": 2, "day": date(2026, 1, 5), "comment": COMMENT}] + [
        {"score": 10, "day": date(2026, 1, 6), "comment": "Great service!"} for _ in range(3)
    ]
    add_responses(engine, rows)
    with Session(engine) as session:
        session.execute(update(Response).where(Response.score == 2).values(language="pl", sentiment=-0.5))
        session.execute(update(Response).where(Response.score == 10).values(language="en", sentiment=0.6))
        session.commit()


def _summary_quotes(at) -> list[str]:
    return [element.value for element in at.text if element.value in ("Great service!",) or "Paczka" in element.value]


def test_the_comments_summary_waits_for_the_toggle_then_quotes_each_tone_masked_for_a_viewer(app_engine):
    _seed(app_engine)
    at = page_as("pages/comments.py", "viewer", timeout=180).run()
    assert not at.exception
    shown_before = len(at.text)
    at.toggle(key="comments_summary").set_value(True).run()
    assert not at.exception and len(at.text) > shown_before
    assert any(m.value.startswith("#### Negative · 1 comments") for m in at.markdown)
    assert any("Stands for 3 similar comments · 3 identical" in c.value for c in at.caption)
    assert "Paczka zniszczona, oddzwońcie [phone hidden]" in _summary_quotes(at)


def test_an_analyst_sees_the_summary_quotes_whole(app_engine):
    _seed(app_engine)
    at = page_as("pages/comments.py", "analyst", timeout=180).run()
    at.toggle(key="comments_summary").set_value(True).run()
    assert COMMENT in _summary_quotes(at)


def test_meeting_mode_has_a_summary_slide(app_engine):
    _seed(app_engine)
    at = page_as("pages/meeting.py", "viewer", timeout=180)
    at.query_params["slide"] = "4"
    at.run()
    assert not at.exception
    assert any(m.value == "# What customers said" for m in at.markdown)
