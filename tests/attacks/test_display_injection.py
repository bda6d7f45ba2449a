"""Data text cannot become a link, reorder itself with bidi controls, or fetch a remote image from a tooltip."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import Session

from components.markdown_text import escape_markdown
from nps.models import Respondent
from tests.factories import add_responses
from tests.pages.conftest import page_as

RLO = "\u202e"


def _unescaped(markdown: str) -> str:
    """The text a markdown renderer sees once backslash escapes are resolved."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize(
    "value", ["http://evil.example/login", "HTTPS://evil.example", "see www.evil.example now", "mail me@evil.example"]
)
def test_a_bare_url_or_address_in_data_cannot_be_autolinked(value):
    shown = _unescaped(escape_markdown(value))
    assert not re.search(r"(?i)https?://|www\.|\w@\w", shown)
    assert shown.replace("\u2060", "") == value


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202d", RLO, "\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_override_and_isolate_controls_are_removed_from_markdown(control):
    assert escape_markdown(f"{control}live") == "live"


def test_a_qualtrics_question_with_an_image_is_not_markdown_in_the_help():
    assert escape_markdown("![x](http://host/qtip.png)").startswith("\\!\\[x\\]\\(")


def test_a_right_to_left_override_in_a_comment_or_name_does_not_reach_the_card(app_engine):
    with Session(app_engine) as session:
        session.add(Respondent(key="eve", email="eve@example.com", name=f"Eve {RLO}evil"))
        session.commit()
    add_responses(
        app_engine, [{"score": 2, "day": date(2026, 1, 5), "comment": f"{RLO}evil comment", "respondent_id": 1}]
    )
    at = page_as("pages/comments.py", "viewer")
    at.run()
    shown = "\n".join(str(text.value) for text in at.text)
    assert "evil comment" in shown and RLO not in shown


def test_the_upload_page_shows_why_a_check_stopped_outside_the_status_box(app_engine, monkeypatch):
    from nps.importing.reader import ImportFileError
    from tests.pages.test_upload_page import PAGE, _check, _new_survey, _upload

    def stopped(*args, **kwargs):
        raise ImportFileError("Row 7 ends inside a quoted cell.")

    monkeypatch.setattr("components.upload_flow.import_file", stopped)
    at = _check(_new_survey(_upload(page_as(PAGE, "analyst").run())))
    assert any("Row 7 ends inside a quoted cell" in error.value for error in at.error)
    boxed = [error.value for block in at.main.children.values() if block.type == "status" for error in block.error]
    assert not any("Row 7" in value for value in boxed)
