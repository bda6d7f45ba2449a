"""Closing the loop: tags and follow-up state per response, each change recorded with who and when.

Every write takes the acting username and role and refuses viewers, whatever the page already checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Engine, delete, select
from sqlmodel import Session

from nps import app_links, audit, outbox
from nps.i18n import N_, TranslatableError
from nps.models import FOLLOW_UP_STATUSES, FollowUp, FollowUpEvent, Response, ResponseTag, Survey, User, utc_now
from nps.store import bump_data_version
from nps.users import ROLE_RANK, role_allows

MAX_TAG_LENGTH = 100
_UNCHANGED = object()


class FollowUpError(TranslatableError):
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


def assignable_owners(*, session: Session) -> list[User]:
    """Who can own a follow-up: active analysts and admins, by username."""
    roles = [role for role, rank in ROLE_RANK.items() if rank >= ROLE_RANK["analyst"]]
    statement = select(User).where(User.active, User.role.in_(roles)).order_by(User.username)  # type: ignore[attr-defined]
    return list(session.execute(statement).scalars())


def owner_names(*, engine: Engine) -> list[str]:
    """Usernames a follow-up can be given to (active analysts and admins)."""
    with Session(engine) as session:
        return [user.username for user in assignable_owners(session=session)]


def check_owner(owner: str, *, session: Session) -> User:
    user = next((u for u in assignable_owners(session=session) if u.username == owner), None)
    if user is None:
        raise FollowUpError(N_("{owner} cannot own follow-ups: pick an active analyst or admin."), owner=repr(owner))
    return user


def _notify_owner(owner: User, response: Response, *, actor: str, session: Session) -> None:
    """Queue an e-mail to the new owner (not when people assign themselves, nor to a user without an address)."""
    if owner.username == actor or not owner.email:
        return
    survey = session.get(Survey, response.survey_id)
    link = app_links.follow_up_link(app_links.base_url(session=session), response.id)
    text = (
        f"{actor} assigned you a follow-up.\n\n"
        f"Response #{response.id} to {survey.name if survey else 'a survey'}, score {response.score}, "
        f"answered {response.responded_at:%Y-%m-%d %H:%M} UTC.\n"
        f"Comment: {response.comment or '(none)'}\n\nOpen it: {link}\n"
    )
    message = outbox.build_email([owner.email], f"Follow-up assigned to you: response #{response.id}", text)
    outbox.queue_email(message, purpose="assignment", actor=actor, session=session)


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
    notify: bool = True,
) -> FollowUp:
    """Set any of status, owner, note, due date (None leaves status/owner/note as they are; pass due_on=None
    to clear the date). One FollowUpEvent per field that actually changed. A new owner must be an analyst or admin
    and is e-mailed through the outbox, in the same transaction (unless `notify` is False: an alert that opens many
    follow-ups at once is itself the one message)."""
    _require_writer(role)
    if status is not None and status not in FOLLOW_UP_STATUSES:
        raise FollowUpError(N_("Status must be one of {statuses}."), statuses=", ".join(FOLLOW_UP_STATUSES))
    response = session.get(Response, response_id)
    if response is None:
        raise FollowUpError(N_("That response no longer exists."))
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
        if field == "owner" and value:
            owner_user = check_owner(value, session=session)
            if notify:
                _notify_owner(owner_user, response, actor=actor, session=session)
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
        raise FollowUpError(N_("A tag is 1–{maximum} characters."), maximum=MAX_TAG_LENGTH)
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


def save_follow_up(
    response_id: int,
    *,
    actor: str,
    role: str | None,
    engine: Engine,
    status: str | None,
    owner: str | None,
    note: str | None,
    due_on: date | None,
    tag: str = "",
) -> None:
    """What the follow-up form saves (state, then an optional new tag), as one transaction."""
    with Session(engine) as session, session.begin():
        update_follow_up(
            response_id, actor=actor, role=role, session=session, status=status, owner=owner, note=note, due_on=due_on
        )
        if tag.strip():
            add_tag(response_id, tag, actor=actor, role=role, session=session)


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
