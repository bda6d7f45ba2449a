"""Every interface text of a translated page goes through the catalogue: under the pseudo language each one
comes out bracketed (⟦…⟧), so an unbracketed word is text that a translator never sees."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from components.goal_editor import EDITOR_KEY
from nps import alerts, followups
from nps.benchmarks import BenchmarkRow, add_benchmarks
from nps.i18n import PSEUDO, PSEUDO_OPEN
from nps.models import Respondent, Response, ResponseTheme, Theme
from tests.factories import add_responses
from tests.pages.conftest import ROOT, page_as

TRANSLATED_PAGES = [
    "pages/account.py",
    "pages/comments.py",
    "pages/follow_ups.py",
    "pages/respondent.py",
    "pages/alerts.py",
    "pages/themes.py",
    "pages/overview.py",
    "pages/meeting.py",
    "pages/upload.py",
    "pages/benchmarks.py",
    "pages/admin.py",
]
"""Pages whose every text is marked; issue 17 asks for all of them, and each joins this list when it is."""


def _seed_benchmarks(engine: Engine, at: AppTest) -> set[str]:
    """Two survey competitors, an industry figure and an overall one, the industry picked: the comparison, the
    field position and the prepbench line are all drawn. Returns the names and icon codes shown as they are."""
    survey = {"kind": "competitor", "industry": "Airlines", "year": 2021, "source_title": "Example Study", "n": 100}
    add_benchmarks(
        [
            BenchmarkRow(name="Acme Air", nps=10.0, promoters=40, passives=30, detractors=30, **survey),
            BenchmarkRow(name="Zeta Jet", nps=-5.0, promoters=30, passives=35, detractors=35, **survey),
            BenchmarkRow(
                name="Airlines", kind="industry", nps=20.0, industry="Airlines", year=2019, population="Flyers"
            ),
            BenchmarkRow(name="Example Panel", kind="overall", nps=30.0, period="Example 2024"),
        ],
        engine=engine,
        username="admin",
    )
    at.query_params["industry"] = "Airlines"
    return {"Acme", "Air", "Zeta", "Jet", "Airlines", "Example", "Panel", "material", "calendar", "month"}


VALUE_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error", "success")
LABELLED_ELEMENTS = (
    "button",
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "toggle",
    "text_input",
    "text_area",
    "number_input",
    "date_input",
    "metric",
    "expander",
    "tabs",
)
SEEDED = {"Relationship", "NPS", "ok", "UTC"}
"""The seeded responses' survey name and comment, and the time zone their times are written in (data, not text)."""
WORD = re.compile(r"[^\W\d_]{2,}")


def interface_texts(at: AppTest) -> list[str]:
    """The values and labels a user reads on the page (data values such as names are checked by the caller)."""
    texts = [str(element.value) for kind in VALUE_ELEMENTS for element in getattr(at, kind)]
    texts += [str(element.label) for kind in LABELLED_ELEMENTS for element in getattr(at, kind)]
    return texts


def unmarked(texts: list[str], data: set[str]) -> list[str]:
    """Texts with words outside any bracket, once known data values (names, survey names) are taken out."""
    found = []
    for text in texts:
        if PSEUDO_OPEN in text:
            continue
        words = [word for word in WORD.findall(text) if word not in data]
        if words:
            found.append(text)
    return found


def _a_contactable_promoter_and_a_follow_up(engine: Engine, at: AppTest) -> set[str]:
    """A promoter with a name and e-mail (the promoters to ask, the respondents list) and an owned follow-up (the
    per-owner table, the queue's owner)."""
    with Session(engine) as session:
        session.add(Respondent(key="zofia@example.com", email="zofia@example.com", name="Zofia Kowalska"))
        session.commit()
    add_responses(engine, [{"score": 10, "day": date(2026, 1, 20), "comment": "ok", "respondent_id": 1}])
    with Session(engine) as session:
        followups.update_follow_up(1, actor="admin", role="admin", session=session, owner="admin", notify=False)
        session.commit()
    return {"Zofia", "Kowalska", "zofia", "example", "com"}


def _a_respondents_profile(engine: Engine, at: AppTest) -> set[str]:
    data = _a_contactable_promoter_and_a_follow_up(engine, at)
    at.query_params["id"] = "1"
    return data


def _an_alert_rule(engine: Engine, at: AppTest) -> set[str]:
    alerts.save_rule("Zeta", when="detractor", actor="admin", role="admin", mail_to=["cx@example.com"], engine=engine)
    return {"Zeta"}


def _a_theme_with_mentions_and_tones(engine: Engine, at: AppTest) -> set[str]:
    """A theme mentioned by detractors and promoters (impact, mentions, trend, the table) and tone estimates."""
    with Session(engine) as session:
        theme = Theme(name="Zustellung", keywords_json='["zustellung"]')
        session.add(theme)
        session.flush()
        for response_id in (1, 2, 3, 10, 11):
            session.add(ResponseTheme(response_id=response_id, theme_id=theme.id))
        session.execute(update(Response).where(Response.score <= 3).values(sentiment=-0.6))
        session.execute(update(Response).where(Response.score >= 9).values(sentiment=0.7))
        session.commit()
    return {"Zustellung"}


def _segment_attributes_as_labels(engine: Engine, at: AppTest) -> set[str]:
    """Nothing to add: the Admin page's viewer restriction labels a value picker with each seeded attribute's name."""
    return {"Region", "Plan"}


def _the_goal_editor_open(engine: Engine, at: AppTest) -> set[str]:
    """The Overview's goal and event editor draws its forms only while open."""
    at.session_state[EDITOR_KEY] = True
    return set()


PAGE_SETUPS: dict[str, Callable[[Engine, AppTest], set[str]]] = {
    "pages/overview.py": _the_goal_editor_open,
    "pages/follow_ups.py": _a_contactable_promoter_and_a_follow_up,
    "pages/respondent.py": _a_contactable_promoter_and_a_follow_up,
    "pages/respondent.py?id=1": _a_respondents_profile,
    "pages/alerts.py": _an_alert_rule,
    "pages/themes.py": _a_theme_with_mentions_and_tones,
    "pages/benchmarks.py": _seed_benchmarks,
    "pages/admin.py": _segment_attributes_as_labels,
}
"""What a page needs beyond the seeded responses to draw its main content; returns the data words it shows."""


@pytest.mark.parametrize("page", [*TRANSLATED_PAGES, *(case for case in PAGE_SETUPS if "?" in case)])
def test_every_text_of_a_translated_page_goes_through_the_catalogue(app_engine, page):
    rows = [{"score": s, "day": date(2026, 1, 1 + s), "region": "Poland", "comment": "ok"} for s in range(11)]
    add_responses(app_engine, rows)
    at = page_as(page.split("?")[0], "admin")
    data = PAGE_SETUPS[page](app_engine, at) if page in PAGE_SETUPS else set()
    at.query_params["lang"] = PSEUDO
    at.run()
    assert not at.exception, at.exception
    texts = interface_texts(at)
    assert texts, "the page drew no text at all"
    assert unmarked(texts, data={"admin", "Admin", "Poland", *SEEDED, *data}) == []


def test_the_sign_in_screen_goes_through_the_catalogue(app_engine):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = PSEUDO
    at.run()
    assert not at.exception, at.exception
    assert unmarked(interface_texts(at), data=set()) == []


def test_unmarked_text_is_found():
    assert unmarked(["⟦Save⟧", "Username", "42 %", "Poland"], data={"Poland"}) == ["Username"]
