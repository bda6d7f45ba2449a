"""Suggested new themes for a view: groups of the newest comments that no theme's keywords match yet."""

from __future__ import annotations

import json

from sqlalchemy import Engine, desc, func, select

from nps.counting import filtered_responses
from nps.filters import Filters
from nps.metrics import classify
from nps.models import Theme
from nps.store import attribute_slots
from nps.text.discovery import DiscoveredTheme, discover_themes
from nps.text.embeddings import EMBEDDED_CHARS

DISCOVERY_SAMPLE = 2_000
"""Newest comments read: the encoder reads about a thousand a second on one core."""


def suggest_themes(
    filters: Filters, *, engine: Engine, sample: int = DISCOVERY_SAMPLE, top: int = 8
) -> list[DiscoveredTheme]:
    r = filtered_responses(filters, attribute_slots(engine=engine))
    statement = (
        select(func.substr(r.c.comment, 1, EMBEDDED_CHARS), r.c.score)
        .where(r.c.comment_length > 0)
        .order_by(desc(r.c.responded_at), desc(r.c.id))
        .limit(sample)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
        keywords = [k for (raw,) in connection.execute(select(Theme.keywords_json)) for k in json.loads(raw)]
    if not rows:
        return []
    return discover_themes([c or "" for c, _ in rows], [classify(s).value for _, s in rows], keywords, top=top)
