"""Closing the loop: tags and follow-up state per response, each change recorded with who and when.

Every write takes the acting username and role and refuses viewers, whatever the page already checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Engine, delete, func, literal, or_, select
from sqlmodel import Session

from nps import audit, queries
from nps.filters import Filters
from nps.models import FOLLOW_UP_STATUSES, FollowUp, FollowUpEvent, Respondent, Response, ResponseTag, Survey, utc_now
from nps.store import attribute_slots, bump_data_version
from nps.users import role_allows

OPEN_STATUSES = ("new", "contacted")
MAX_TAG_LENGTH = 100
_UNCHANGED = object()


class FollowUpError(ValueError):
    """A follow-up change that cannot be saved; the message is for the person making it."""


def _require_writer(role: str | None) -> None:
    if not role_allows(role, "analyst"):
        raise PermissionError("Only analysts and admins may tag comments or change follow-ups.")


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def _record(session: Session, response_id: int, field: str, old: object, new: object, actor: str, when) -> None:
    session.add(
        FollowUpEvent(
            response_id=response_id,
            field=field,
            old_value=_text(old),
            new_value=_text(new),
            changed_by=actor,
            changed_at=when,
        )
    )
    private = field == "note"
    audit.record(
        f"follow_up.{field}",
        actor=actor,
        session=session,
        target=f"response {response_id}",
        affected=1,
        details={} if private else {"from": _text(old), "to": _text(new)},
    )


def update_follow_up(
    response_id: int,
    *,
    actor: str,
    role: str | None,
    session: Session,
    status: str | None = None,
    owner: str | None = None,
    note: str | None = None,
    due_on: date | object | None = _UNCHANGED,
) -> FollowUp:
    """Set any of status, owner, note, due date (None leaves status/owner/note as they are; pass due_on=None
    to clear the date). One FollowUpEvent per field that actually changed."""
    _require_writer(role)
    if status is not None and status not in FOLLOW_UP_STATUSES:
        raise FollowUpError(f"Status must be one of {', '.join(FOLLOW_UP_STATUSES)}.")
    if session.get(Response, response_id) is None:
        raise FollowUpError("That response no longer exists.")
    when = utc_now()
    follow_up = session.execute(select(FollowUp).where(FollowUp.response_id == response_id)).scalar()
    if follow_up is None:
        follow_up = FollowUp(response_id=response_id, status="new", owner="", note="", updated_by=actor)
        _record(session, response_id, "status", None, "new", actor, when)
    changes = {"status": status, "owner": owner, "note": note}
    if due_on is not _UNCHANGED:
        changes["due_on"] = due_on
    changed = False
    for field, value in changes.items():
        if field != "due_on" and value is None:
            continue
        if isinstance(value, str):
            value = value.strip()
        old = getattr(follow_up, field)
        if old == value:
            continue
        _record(session, response_id, field, old, value, actor, when)
        setattr(follow_up, field, value)
        changed = True
    if changed or follow_up.id is None:
        follow_up.updated_by = actor
        follow_up.updated_at = when
        session.add(follow_up)
        bump_data_version(session=session)
    session.flush()
    return follow_up


def add_tag(response_id: int, tag: str, *, actor: str, role: str | None, session: Session) -> bool:
    """Tag a response (False if it already had the tag)."""
    _require_writer(role)
    tag = " ".join(tag.split())
    if not tag or len(tag) > MAX_TAG_LENGTH:
        raise FollowUpError(f"A tag is 1–{MAX_TAG_LENGTH} characters.")
    if session.get(ResponseTag, (response_id, tag)) is not None:
        return False
    when = utc_now()
    session.add(ResponseTag(response_id=response_id, tag=tag, created_by=actor, created_at=when))
    _record(session, response_id, "tag", None, tag, actor, when)
    bump_data_version(session=session)
    session.flush()
    return True


def remove_tag(response_id: int, tag: str, *, actor: str, role: str | None, session: Session) -> bool:
    _require_writer(role)
    removed = session.execute(
        delete(ResponseTag).where(ResponseTag.response_id == response_id, ResponseTag.tag == tag)
    ).rowcount
    if removed:
        _record(session, response_id, "tag", tag, None, actor, utc_now())
        bump_data_version(session=session)
    return bool(removed)


def history(response_id: int, *, engine: Engine) -> pd.DataFrame:
    """Every change to a response's follow-up and tags, oldest first."""
    statement = (
        select(
            FollowUpEvent.field,
            FollowUpEvent.old_value,
            FollowUpEvent.new_value,
            FollowUpEvent.changed_by,
            FollowUpEvent.changed_at,
        )
        .where(FollowUpEvent.response_id == response_id)
        .order_by(FollowUpEvent.changed_at, FollowUpEvent.id)
    )
    with engine.connect() as connection:
        result = connection.execute(statement)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


@dataclass(frozen=True)
class FollowUpState:
    status: str | None
    owner: str
    note: str
    due_on: date | None
    updated_by: str | None
    updated_at: datetime | None
    tags: tuple[str, ...]


def follow_up_state(response_id: int, *, engine: Engine) -> FollowUpState:
    with Session(engine) as session:
        row = session.execute(select(FollowUp).where(FollowUp.response_id == response_id)).scalar()
        tags = tuple(
            session.execute(
                select(ResponseTag.tag).where(ResponseTag.response_id == response_id).order_by(ResponseTag.tag)
            ).scalars()
        )
    if row is None:
        return FollowUpState(None, "", "", None, None, None, tags)
    return FollowUpState(row.status, row.owner, row.note, row.due_on, row.updated_by, row.updated_at, tags)


QUEUE_COLUMNS = [
    "response_id",
    "responded_at",
    "age_days",
    "score",
    "comment",
    "survey",
    "respondent_id",
    "name",
    "email",
    "status",
    "owner",
    "due_on",
]


def open_detractors(
    filters: Filters, *, engine: Engine, owner: str | None = None, limit: int = 200, today: date | None = None
) -> pd.DataFrame:
    """Detractors nobody has closed (no follow-up yet, new or contacted), oldest first.

    `status` is None where no follow-up was started; `age_days` counts from the response.
    """
    r = queries.filtered_responses(filters, attribute_slots(engine=engine))
    open_ = or_(FollowUp.id.is_(None), FollowUp.status.in_(OPEN_STATUSES))  # type: ignore[union-attr, attr-defined]
    conditions = [r.c.score <= 6, open_]
    if owner:
        conditions.append(FollowUp.owner == owner)
    statement = (
        select(
            r.c.id.label("response_id"),
            r.c.responded_at,
            r.c.score,
            r.c.comment,
            Survey.name.label("survey"),
            r.c.respondent_id,
            Respondent.name,
            Respondent.email,
            FollowUp.status,
            FollowUp.owner,
            FollowUp.due_on,
        )
        .join(Survey, Survey.id == r.c.survey_id)
        .outerjoin(Respondent, Respondent.id == r.c.respondent_id)
        .outerjoin(FollowUp, FollowUp.response_id == r.c.id)
        .where(*conditions)
        .order_by(r.c.responded_at, r.c.id)
        .limit(limit)
    )
    with engine.connect() as connection:
        result = connection.execute(statement)
        frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    today = today or utc_now().date()
    frame.insert(2, "age_days", [(today - pd.Timestamp(t).date()).days for t in frame["responded_at"]])
    return frame[QUEUE_COLUMNS]


def count_open_detractors(filters: Filters, *, engine: Engine) -> int:
    r = queries.filtered_responses(filters, attribute_slots(engine=engine))
    statement = (
        select(func.count())
        .select_from(r)
        .outerjoin(FollowUp, FollowUp.response_id == r.c.id)
        .where(
            literal(True),
            r.c.score <= 6,
            or_(FollowUp.id.is_(None), FollowUp.status.in_(OPEN_STATUSES)),  # type: ignore[union-attr, attr-defined]
        )
    )
    with engine.connect() as connection:
        return int(connection.execute(statement).scalar_one())
