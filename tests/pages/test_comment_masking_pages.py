"""Contact details inside comments: hidden from viewers on the pages, shown to analysts unless an admin masks all."""

from datetime import date

from sqlmodel import Session

from nps import pii
from tests.factories import add_responses
from tests.pages.conftest import page_as

COMMENT = "Paczka zniszczona, oddzwońcie +48 600 100 200 albo jan@firma.pl"


def _comment_texts(at) -> list[str]:
    return [element.value for element in at.text if "Paczka" in element.value]


def _seed(engine) -> None:
    add_responses(engine, [{"score": 2, "day": date(2026, 1, 5), "comment": COMMENT}])


def test_a_viewer_sees_the_comment_with_phone_and_email_hidden(app_engine):
    _seed(app_engine)
    at = page_as("pages/comments.py", "viewer").run()
    assert not at.exception
    assert _comment_texts(at) == ["Paczka zniszczona, oddzwońcie [phone hidden] albo [e-mail hidden]"]


def test_an_analyst_sees_it_whole_until_an_admin_masks_comments_for_everyone(app_engine):
    _seed(app_engine)
    assert _comment_texts(page_as("pages/comments.py", "analyst").run()) == [COMMENT]
    with Session(app_engine) as session:
        pii.set_mask_for_everyone(True, session=session, actor="admin")
        session.commit()
    assert "[phone hidden]" in _comment_texts(page_as("pages/comments.py", "analyst").run())[0]


def test_the_admin_privacy_tab_shows_what_the_next_retention_run_removes(app_engine):
    _seed(app_engine)
    at = page_as("pages/admin.py", "admin").run()
    at.number_input(key="admin_retention_comment_months").set_value(1)
    next(button for button in at.button if button.label == "Save retention periods").click().run()
    assert not at.exception and not at.error
    assert any("would erase the comments and personal data of 1 response " in m.value for m in at.markdown)
