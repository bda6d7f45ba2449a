"""Every page runs for every role it admits, and refuses the others on the server side."""

import pytest

from tests.factories import add_responses
from tests.pages.conftest import ROOT, page_as

PAGES = {
    "pages/overview.py": "viewer",
    "pages/meeting.py": "viewer",
    "pages/comments.py": "viewer",
    "pages/themes.py": "viewer",
    "pages/follow_ups.py": "viewer",
    "pages/respondent.py": "viewer",
    "pages/benchmarks.py": "viewer",
    "pages/account.py": "viewer",
    "pages/upload.py": "analyst",
    "pages/alerts.py": "analyst",
    "pages/admin.py": "admin",
}
RANK = ["viewer", "analyst", "admin"]


def test_every_page_file_is_covered_here():
    assert sorted(PAGES) == sorted(f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py"))


def _seed(engine):
    from datetime import date

    add_responses(
        engine,
        [{"score": s, "day": date(2026, 1 + s % 6, 1 + s), "region": "Poland", "comment": "ok"} for s in range(11)],
    )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", RANK)
def test_every_page_runs_for_the_roles_it_admits_and_refuses_the_others(app_engine, page, role):
    _seed(app_engine)
    at = page_as(page, role).run()
    assert not at.exception, at.exception
    refused = any("needs the" in error.value for error in at.error)
    assert refused == (RANK.index(role) < RANK.index(PAGES[page]))


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_anything_to_someone_not_logged_in(app_engine, page):
    at = page_as(page, None).run()
    assert not at.exception
    assert [error.value for error in at.error] == ["Please log in to see this page."]


def test_a_deactivated_user_is_refused_even_with_a_live_session(app_engine):
    from sqlmodel import Session

    from nps import users

    with Session(app_engine) as session:
        users.set_active("analyst", False, session=session)
        session.commit()
    at = page_as("pages/upload.py", "analyst").run()
    assert [error.value for error in at.error] == ["Please log in to see this page."]


def test_the_admin_user_list_shows_creation_times_as_utc_text_without_an_offset(app_engine):
    at = page_as("pages/admin.py", "admin").run()
    created = at.dataframe[0].value["Created"]
    assert all(value.endswith(" UTC") and "+00:00" not in value for value in created)
