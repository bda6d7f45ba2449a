"""Response exports carry who answered, themes, tags, tone and follow-up as the role may see them (issue 14, 7)."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, select

from nps import followups
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.models import Response, ResponseTheme, Theme
from nps.response_export import export_rows

CSV = (
    "response_id,customer_id,email,name,submitted_at,score,comment,region\n"
    "R1,C-001,anna.nowak@example.com,Anna Nowak,2026-01-05T10:00:00Z,2,Delivery was late again,Poland\n"
    "R2,C-002,bo@example.com,Bo Lind,2026-01-06T10:00:00Z,10,Great support,Sweden\n"
)


def _seed(engine) -> None:
    import_file(CSV.encode(), engine=engine, survey="Relationship", username="analyst")
    with Session(engine) as session:
        late = session.exec(select(Response).where(Response.external_id == "R1")).one()
        late.sentiment = -0.6
        session.add(late)
        theme = Theme(name="Delivery", keywords_json='["delivery"]')
        session.add(theme)
        session.flush()
        session.add(ResponseTheme(response_id=late.id, theme_id=theme.id))
        followups.add_tag(late.id, "escalated", actor="ana", role="analyst", session=session)
        followups.add_tag(late.id, "vip", actor="ana", role="analyst", session=session)
        followups.update_follow_up(late.id, actor="ana", role="analyst", session=session, status="contacted")
        session.commit()


def _rows(engine, *, reveal_people: bool) -> pd.DataFrame:
    return pd.concat(list(export_rows(Filters(), engine=engine, reveal_people=reveal_people)), ignore_index=True)


def test_an_analysts_export_carries_customer_themes_tags_tone_and_follow_up(engine):
    _seed(engine)
    rows = _rows(engine, reveal_people=True).set_index("response_id")
    late = rows.loc["R1"]
    assert (late["customer_id"], late["name"], late["email"]) == ("C-001", "Anna Nowak", "anna.nowak@example.com")
    assert (late["themes"], late["tags"], late["tone"], late["follow_up"]) == (
        "Delivery",
        "escalated; vip",
        "negative",
        "contacted",
    )
    assert late["region"] == "Poland"
    assert pd.isna(rows.loc["R2", "follow_up"]) and pd.isna(rows.loc["R2", "themes"])


def test_a_viewers_export_masks_people_as_the_screen_does(engine):
    _seed(engine)
    late = _rows(engine, reveal_people=False).set_index("response_id").loc["R1"]
    assert pd.isna(late["customer_id"])
    assert (late["name"], late["email"]) == ("A. N.", "a•••@example.com")
    assert (late["themes"], late["tags"], late["follow_up"]) == ("Delivery", "escalated; vip", "contacted")
