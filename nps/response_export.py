"""The filtered responses as an export carries them: who answered, the themes, tags, tone and follow-up.

A spreadsheet taken out of the room is read without the app beside it, so each row says what the app
knows about the response. People's details follow the roles: analysts and admins get the customer id,
name and e-mail; viewers get them masked as on screen (initials, j•••@domain, no customer id).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from sqlalchemy import Engine, select

from nps.comments import mask_email, mask_name
from nps.counting import category_of, filtered_responses, segment_column
from nps.filters import Filters
from nps.models import FollowUp, Respondent, ResponseTag, ResponseTheme, Survey, Theme
from nps.store import attribute_slots
from nps.text.sentiment import sentiment_label

EXPORT_COLUMNS = [
    "survey",
    "response_id",
    "responded_at",
    "score",
    "category",
    "comment",
    "language",
    "tone",
    "themes",
    "tags",
    "follow_up",
    "customer_id",
    "name",
    "email",
]
"""Then one column per segment attribute, named by the attribute."""
LIST_SEPARATOR = "; "
CHUNK_ROWS = 10_000
"""Rows per chunk; the themes and tags of a chunk are looked up by its ids (under every database's parameter limit)."""


def export_rows(
    filters: Filters, *, engine: Engine, reveal_people: bool, chunk_rows: int = CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """The filtered responses with EXPORT_COLUMNS and the segments, streamed in chunks, oldest first."""
    slots = attribute_slots(engine=engine)
    segments = [f"{name} (segment)" if name in EXPORT_COLUMNS else name for name in slots]
    r = filtered_responses(filters, slots)
    category = category_of(r.c.score)
    statement = (
        select(
            r.c.id,
            Survey.name.label("survey"),  # type: ignore[attr-defined]
            r.c.external_id.label("response_id"),
            r.c.responded_at,
            r.c.score,
            category.label("category"),
            r.c.comment,
            r.c.language,
            r.c.sentiment,
            FollowUp.status.label("follow_up"),  # type: ignore[attr-defined]
            Respondent.customer_id,
            Respondent.name,
            Respondent.email,
            *[segment_column(name, slots, r.c).label(label) for name, label in zip(slots, segments, strict=True)],
        )
        .select_from(r)
        .join(Survey, Survey.id == r.c.survey_id)  # type: ignore[arg-type]
        .outerjoin(Respondent, Respondent.id == r.c.respondent_id)  # type: ignore[arg-type]
        .outerjoin(FollowUp, FollowUp.response_id == r.c.id)  # type: ignore[arg-type]
        .order_by(r.c.responded_at, r.c.id)
    )
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=chunk_rows).execute(statement)
        columns = list(result.keys())
        for rows in result.partitions():
            frame = pd.DataFrame(rows, columns=columns)
            yield _with_context(frame, _labels(frame["id"].tolist(), engine), reveal_people, segments)


def _labels(ids: list[int], engine: Engine) -> dict[str, dict[int, str]]:
    """Themes and tags of these responses, each joined into one cell per response, alphabetically."""
    lookups = {
        "themes": select(ResponseTheme.response_id, Theme.name)
        .join(Theme, Theme.id == ResponseTheme.theme_id)  # type: ignore[arg-type]
        .where(ResponseTheme.response_id.in_(ids))  # type: ignore[attr-defined]
        .order_by(Theme.name),
        "tags": select(ResponseTag.response_id, ResponseTag.tag)
        .where(ResponseTag.response_id.in_(ids))  # type: ignore[attr-defined]
        .order_by(ResponseTag.tag),
    }
    labels: dict[str, dict[int, str]] = {}
    with engine.connect() as connection:
        for name, statement in lookups.items():
            grouped: dict[int, list[str]] = {}
            for response_id, label in connection.execute(statement):
                grouped.setdefault(response_id, []).append(label)
            labels[name] = {key: LIST_SEPARATOR.join(values) for key, values in grouped.items()}
    return labels


def _with_context(
    frame: pd.DataFrame, labels: dict[str, dict[int, str]], reveal_people: bool, segments: list[str]
) -> pd.DataFrame:
    frame = frame.assign(
        tone=[sentiment_label(None if pd.isna(value) else float(value)) for value in frame["sentiment"]],
        themes=frame["id"].map(labels["themes"]),
        tags=frame["id"].map(labels["tags"]),
    )
    if not reveal_people:
        frame = frame.assign(customer_id=None, name=frame["name"].map(mask_name), email=frame["email"].map(mask_email))
    return frame[[*EXPORT_COLUMNS, *segments]]
