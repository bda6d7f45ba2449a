"""Writes and small lookups of the store: settings, the data version, surveys, attribute slots, batches.

Aggregated reads for the dashboard live in `nps.queries`; users in `nps.users`; the import writer in
`nps.importing.pipeline`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, Integer, Text, cast, delete, func, select, update
from sqlmodel import Session

from nps import audit
from nps.figures import DEFAULT_MINIMUM_N
from nps.models import (
    SEGMENT_SLOTS,
    AppSetting,
    FollowUp,
    FollowUpEvent,
    ImportBatch,
    Invitation,
    Respondent,
    Response,
    ResponseDaily,
    ResponseTag,
    ResponseTheme,
    Survey,
    SurveyAttribute,
)
from nps.rollup import add_slot, drop_slot
from nps.rollup import remove_batch as remove_batch_counts
from nps.segment_slots import SlotMap

DATA_VERSION_KEY = "data_version"
COOKIE_KEY_SETTING = "cookie_key"
MINIMUM_N_SETTING = "minimum_n"


def get_setting(key: str, *, session: Session) -> str | None:
    row = session.get(AppSetting, key)
    return row.value if row else None


def set_setting(key: str, value: str, *, session: Session) -> None:
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=value))
    else:
        row.value = value
        session.add(row)


def data_version(*, engine: Engine) -> int:
    """A counter every write bumps; caches key on it so a write makes stale reads disappear."""
    with Session(engine) as session:
        value = get_setting(DATA_VERSION_KEY, session=session)
    return int(value) if value else 0


def bump_data_version(*, session: Session) -> None:
    """Increment the data version inside the caller's transaction (it commits with the write)."""
    updated = session.execute(
        update(AppSetting)
        .where(AppSetting.key == DATA_VERSION_KEY)
        .values(value=cast(cast(AppSetting.value, Integer) + 1, Text))
    )
    if updated.rowcount == 0:
        session.add(AppSetting(key=DATA_VERSION_KEY, value="1"))


def cookie_key(*, engine: Engine) -> str:
    """The cookie signing key: generated once per installation and kept in the store, never in the repo."""
    with Session(engine) as session:
        key = get_setting(COOKIE_KEY_SETTING, session=session)
        if key is None:
            key = secrets.token_urlsafe(48)
            set_setting(COOKIE_KEY_SETTING, key, session=session)
            session.commit()
    return key


def minimum_n(*, engine: Engine) -> int:
    """Responses a figure needs before it is shown at full weight and tested (admin setting, default 30)."""
    with Session(engine) as session:
        value = get_setting(MINIMUM_N_SETTING, session=session)
    return int(value) if value and value.isdigit() else DEFAULT_MINIMUM_N


def set_minimum_n(value: int, *, session: Session) -> None:
    """Bumps the data version, so every cached figure is redrawn with the new threshold."""
    if not 1 <= value <= 10_000:
        raise ValueError("the minimum number of responses is a whole number from 1 to 10,000")
    set_setting(MINIMUM_N_SETTING, str(value), session=session)
    bump_data_version(session=session)


def save_setting(key: str, value: str, *, engine: Engine) -> None:
    """`set_setting` as its own transaction (an Admin page's unit of work); bumps the data version."""
    with Session(engine) as session, session.begin():
        set_setting(key, value, session=session)
        bump_data_version(session=session)


def save_minimum_n(value: int, *, engine: Engine) -> None:
    """`set_minimum_n` as its own transaction (the Admin page's unit of work)."""
    with Session(engine) as session, session.begin():
        set_minimum_n(value, session=session)


def ensure_survey(name: str, *, session: Session) -> Survey:
    name = name.strip()
    if not name:
        raise ValueError("a survey needs a name")
    survey = session.execute(select(Survey).where(Survey.name == name)).scalars().first()
    if survey is None:
        survey = Survey(name=name)
        session.add(survey)
        session.flush()
    return survey


def list_surveys(*, engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.execute(select(Survey.name).order_by(Survey.name)).scalars())


def save_survey_mapping(survey: Survey, mapping: dict[str, str], *, session: Session) -> None:
    survey.mapping_json = json.dumps(mapping, sort_keys=True)
    session.add(survey)


def survey_mapping(name: str, *, engine: Engine) -> dict[str, str] | None:
    """The last confirmed mapping for a survey, reused for its next file."""
    with Session(engine) as session:
        raw = session.execute(select(Survey.mapping_json).where(Survey.name == name)).scalar()
    return json.loads(raw) if raw else None


@dataclass(frozen=True)
class SlotAssignment:
    """A file's segment columns → their slots in its survey, and the columns the survey had no slot left for."""

    slots: dict[str, int]
    overflow: list[str]


def assign_attribute_slots(
    survey_id: int, names: Iterable[str], *, session: Session, batch_id: int | None = None
) -> SlotAssignment:
    """Give each attribute name a `seg_N` column of this survey (SEGMENT_SLOTS per survey); a name already known to
    another survey keeps that survey's spelling, so the filters see one attribute."""
    rows = list(session.execute(select(SurveyAttribute).where(SurveyAttribute.survey_id == survey_id)).scalars())
    existing = {attribute_key(row.name): row for row in rows}
    taken = {row.slot for row in rows}
    spellings = {attribute_key(name): name for name in session.execute(select(SurveyAttribute.name)).scalars()}
    result = SlotAssignment({}, [])
    for name in names:
        key = attribute_key(name)
        if key in existing:
            result.slots[name] = existing[key].slot
            continue
        free = next((slot for slot in range(1, SEGMENT_SLOTS + 1) if slot not in taken), None)
        if free is None:
            result.overflow.append(name)
            continue
        row = SurveyAttribute(
            survey_id=survey_id, name=spellings.get(key, name)[:200], slot=free, created_by_batch=batch_id
        )
        session.add(row)
        session.flush()
        add_slot(survey_id, free, session=session)
        taken.add(free)
        existing[key] = row
        result.slots[name] = free
    return result


def attribute_key(name: str) -> str:
    """ "Region" in one export and "region " in another are the same segment attribute."""
    return " ".join(name.split()).casefold()


def survey_slots(survey_id: int, *, session: Session) -> list[int]:
    """The slots one survey uses."""
    statement = select(SurveyAttribute.slot).where(SurveyAttribute.survey_id == survey_id)
    return sorted(session.execute(statement).scalars())


def attribute_slots(*, engine: Engine) -> SlotMap:
    """Where every segment attribute of the store is kept, survey by survey (see `SlotMap`)."""
    with Session(engine) as session:
        return attribute_slots_in(session=session)


def attribute_slots_in(*, session: Session) -> SlotMap:
    """`attribute_slots` inside the caller's transaction."""
    rows = session.execute(select(SurveyAttribute.name, SurveyAttribute.survey_id, SurveyAttribute.slot)).all()
    return SlotMap.of([tuple(row) for row in rows])


def list_batches(*, engine: Engine, limit: int = 200) -> list[ImportBatch]:
    with Session(engine) as session:
        return list(
            session.execute(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).scalars()  # type: ignore[union-attr]
        )


def delete_batch(batch_id: int, *, session: Session, actor: str = audit.SYSTEM_ACTOR) -> int:
    """Remove exactly the responses (or invitations) of one import batch and what hangs off them; returns the number
    of responses removed."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise LookupError(f"there is no import batch {batch_id}")
    remove_batch_counts(batch_id, session=session)
    session.execute(delete(Invitation).where(Invitation.batch_id == batch_id))
    removed = delete_responses(Response.batch_id == batch_id, session=session)
    survey_id = batch.survey_id
    session.delete(batch)
    session.flush()
    _forget_unused(survey_id, session=session)
    bump_data_version(session=session)
    audit.record(
        "batch.rollback",
        actor=actor,
        session=session,
        target=f"batch {batch_id}",
        affected=removed,
        details={"file": batch.file_name, "imported_by": batch.username},
    )
    return removed


def delete_responses(condition: ColumnElement[bool], *, session: Session) -> int:
    """Delete the matching responses, what hangs off them and profiles left with no response and no invitation;
    the caller keeps the roll-up in step (counts them out first)."""
    ids = select(Response.id).where(condition)
    for table in (ResponseTheme, ResponseTag, FollowUpEvent, FollowUp):
        session.execute(delete(table).where(table.response_id.in_(ids)))  # type: ignore[attr-defined]
    removed = session.execute(delete(Response).where(condition)).rowcount
    answered = select(Response.id).where(Response.respondent_id == Respondent.id).exists()
    invited = select(Invitation.id).where(Invitation.respondent_id == Respondent.id).exists()
    orphaned = select(Respondent.id).where(~answered, ~invited)
    session.execute(delete(Respondent).where(Respondent.id.in_(orphaned)))  # type: ignore[union-attr]
    return removed


def _forget_unused(survey_id: int, *, session: Session) -> None:
    """After a rollback: a survey with no batch left leaves the filters, and so do the attributes of this survey
    that no remaining response or invitation of it has a value for; their slots are free for its next file."""
    for attribute in list(
        session.execute(select(SurveyAttribute).where(SurveyAttribute.survey_id == survey_id)).scalars()
    ):
        column = getattr(Response, f"seg_{attribute.slot}")
        invitation_column = getattr(Invitation, f"seg_{attribute.slot}")
        used = select(Response.id).where(Response.survey_id == survey_id, column.is_not(None)).limit(1)
        invited = select(Invitation.id).where(Invitation.survey_id == survey_id, invitation_column.is_not(None))
        if session.execute(used).first() is None and session.execute(invited.limit(1)).first() is None:
            drop_slot(survey_id, attribute.slot, session=session)
            session.delete(attribute)
    session.flush()
    if session.execute(select(ImportBatch.id).where(ImportBatch.survey_id == survey_id).limit(1)).first() is None:
        session.execute(delete(SurveyAttribute).where(SurveyAttribute.survey_id == survey_id))
        session.execute(delete(ResponseDaily).where(ResponseDaily.survey_id == survey_id))
        session.execute(delete(Survey).where(Survey.id == survey_id))


def count_responses(*, engine: Engine) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(Response)).scalar_one()


def roll_back_batch(batch_id: int, *, engine: Engine, actor: str = audit.SYSTEM_ACTOR) -> int:
    """`delete_batch` as its own transaction; returns the number of responses removed."""
    with Session(engine) as session, session.begin():
        return delete_batch(batch_id, session=session, actor=actor)
