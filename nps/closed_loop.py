"""Follow-ups as work: the queue (by owner, status, overdue) with due times from the SLA, and the closed-loop figures.

A detractor joins the queue on its own ("not started"); any response with a follow-up is in it too. The SLA clock
starts when the team could first see the response: its answer time, or its import when that came later (a backlog
imported today is due from today, not overdue since it was answered). A due date set by hand replaces the SLA's.
First contact and closing times come from the status history (`follow_up_event`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Engine, and_, case, func, literal, or_, select
from sqlalchemy.sql import ColumnElement, Select, Subquery
from sqlmodel import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from nps import counting
from nps.counting import in_category
from nps.filters import Filters
from nps.metrics import ShareInterval, share_with_interval
from nps.models import FollowUp, FollowUpEvent, ImportBatch, Respondent, Survey, utc_now
from nps.store import attribute_slots, get_setting, set_setting

SLA_SETTING = "followup_sla_hours"
DEFAULT_SLA_HOURS = 48.0
NOT_STARTED = "not started"
OPEN_STATUSES = (NOT_STARTED, "new", "contacted")
CLOSED_STATUSES = ("resolved", "no action")
QUEUE_STATUSES = (*OPEN_STATUSES, *CLOSED_STATUSES)
CONTACTED_STATUSES = ("contacted", *CLOSED_STATUSES)
"""A status change to any of these counts as the first contact."""


def sla_hours(*, session: Session) -> float:
    stored = get_setting(SLA_SETTING, session=session)
    return float(stored) if stored else DEFAULT_SLA_HOURS


def set_sla_hours(hours: float, *, session: Session) -> None:
    if not 0 < hours <= 24 * 90:
        raise ValueError("The follow-up SLA is between a few minutes and 90 days (2160 hours).")
    set_setting(SLA_SETTING, repr(float(hours)), session=session)


def current_sla_hours(*, engine: Engine) -> float:
    with Session(engine) as session:
        return sla_hours(session=session)


def save_sla_hours(hours: float, *, engine: Engine) -> None:
    """`set_sla_hours` as its own transaction (the Admin page's unit of work)."""
    with Session(engine) as session, session.begin():
        set_sla_hours(hours, session=session)


@dataclass(frozen=True)
class QueueChoice:
    """What part of the queue to show; `owner` "" means unassigned, None anyone."""

    owner: str | None = None
    statuses: tuple[str, ...] = OPEN_STATUSES
    overdue_only: bool = False


def _status_times():
    """Per response: the first change to a contacted-or-closed status and the last change to a closed one."""
    status_change = FollowUpEvent.field == "status"
    return (
        select(
            FollowUpEvent.response_id,
            func.min(case((FollowUpEvent.new_value.in_(CONTACTED_STATUSES), FollowUpEvent.changed_at))).label(  # type: ignore[union-attr]
                "first_contact_at"
            ),
            func.max(case((FollowUpEvent.new_value.in_(CLOSED_STATUSES), FollowUpEvent.changed_at))).label(  # type: ignore[union-attr]
                "closed_at"
            ),
        )
        .where(status_change)
        .group_by(FollowUpEvent.response_id)
        .subquery("status_times")
    )


@dataclass(frozen=True)
class _WorkItems:
    """The queue without people's details: the response, when it was received, its follow-up and status. Counting
    and ordering a million-row store's detractors needs only these; names, survey and contact times are joined to
    the rows shown (`_with_details`), not to every detractor (Follow-ups took 6.9 s to open at 1M)."""

    statement: Select
    status: ColumnElement
    owner: ColumnElement
    is_open: ColumnElement[bool]
    is_overdue: ColumnElement[bool]


def _work_items(
    filters: Filters, *, engine: Engine, sla: float, now: datetime, followed_up_only: bool = False
) -> _WorkItems:
    """Every detractor and every response with a follow-up; with `followed_up_only`, just the latter (few)."""
    r = counting.filtered_responses(filters, attribute_slots(engine=engine))
    received = case((r.c.responded_at > ImportBatch.imported_at, r.c.responded_at), else_=ImportBatch.imported_at)
    status = func.coalesce(FollowUp.status, NOT_STARTED)
    owner = func.coalesce(FollowUp.owner, "")
    is_open = status.in_(OPEN_STATUSES)
    sla_start = literal(now - timedelta(hours=sla), UTCDateTime())
    is_overdue = and_(
        is_open,
        or_(
            and_(FollowUp.due_on.is_not(None), FollowUp.due_on < now.date()),  # type: ignore[union-attr, operator]
            and_(FollowUp.due_on.is_(None), received < sla_start),  # type: ignore[union-attr]
        ),
    )
    statement = select(
        r.c.id.label("response_id"),
        r.c.responded_at,
        received.label("received_at"),
        r.c.score,
        r.c.comment,
        r.c.survey_id,
        r.c.respondent_id,
        status.label("status"),
        owner.label("owner"),
        FollowUp.due_on,
        is_overdue.label("overdue"),
    ).join(ImportBatch, ImportBatch.id == r.c.batch_id)
    if followed_up_only:
        statement = statement.join(FollowUp, FollowUp.response_id == r.c.id)
    else:
        statement = statement.outerjoin(FollowUp, FollowUp.response_id == r.c.id).where(
            or_(in_category(r.c.score, "detractor"), FollowUp.id.is_not(None))  # type: ignore[union-attr]
        )
    return _WorkItems(statement, status, owner, is_open, is_overdue)


def _with_details(items: Subquery) -> Select:
    """The work items with the survey's name, the respondent's name and e-mail and the contact times."""
    times = _status_times()
    return (
        select(
            items.c.response_id,
            items.c.responded_at,
            items.c.received_at,
            items.c.score,
            items.c.comment,
            Survey.name.label("survey"),
            items.c.respondent_id,
            Respondent.name,
            Respondent.email,
            items.c.status,
            items.c.owner,
            items.c.due_on,
            times.c.first_contact_at,
            times.c.closed_at,
            items.c.overdue,
        )
        .join(Survey, Survey.id == items.c.survey_id)
        .outerjoin(Respondent, Respondent.id == items.c.respondent_id)
        .outerjoin(times, times.c.response_id == items.c.response_id)
    )


def _chosen(items: _WorkItems, choice: QueueChoice) -> list[ColumnElement[bool]]:
    conditions = [items.status.in_(choice.statuses)]
    if choice.owner is not None:
        conditions.append(items.owner == choice.owner)
    if choice.overdue_only:
        conditions.append(items.is_overdue)
    return conditions


def queue_response_ids(filters: Filters, choice: QueueChoice, *, engine: Engine, now: datetime | None = None) -> Select:
    """The ids of the queue items `choice` picks, as a subquery: the Comments page lists exactly the responses a
    Follow-ups figure counts (open, overdue, closed, one owner's)."""
    with Session(engine) as session:
        sla = sla_hours(session=session)
    items = _work_items(filters, engine=engine, sla=sla, now=now or utc_now())
    return items.statement.where(*_chosen(items, choice)).with_only_columns(items.statement.selected_columns[0])


def _due_at(due_on: object, received_at: datetime, sla: float) -> datetime:
    if isinstance(due_on, date):
        return datetime.combine(due_on + timedelta(days=1), time(), tzinfo=UTC)
    return pd.Timestamp(received_at).to_pydatetime() + timedelta(hours=sla)


QUEUE_COLUMNS = [
    "response_id",
    "responded_at",
    "score",
    "comment",
    "survey",
    "respondent_id",
    "name",
    "email",
    "status",
    "owner",
    "due_at",
    "overdue",
]


def follow_up_queue(
    filters: Filters,
    *,
    engine: Engine,
    choice: QueueChoice = QueueChoice(),
    now: datetime | None = None,
    limit: int = 200,
) -> tuple[pd.DataFrame, int]:
    """The chosen part of the queue, overdue first and then oldest, and how many items it has in all."""
    now = now or utc_now()
    with Session(engine) as session:
        sla = sla_hours(session=session)
    items = _work_items(filters, engine=engine, sla=sla, now=now)
    chosen = items.statement.where(*_chosen(items, choice))
    shown = chosen.order_by(items.is_overdue.desc(), "received_at", "response_id").limit(limit).subquery("shown")
    listed = _with_details(shown).order_by(shown.c.overdue.desc(), shown.c.received_at, shown.c.response_id)
    with engine.connect() as connection:
        total = int(connection.execute(select(func.count()).select_from(chosen.subquery())).scalar_one())
        result = connection.execute(listed)
        frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    frame["due_at"] = [_due_at(d, t, sla) for d, t in zip(frame["due_on"], frame["received_at"], strict=True)]
    frame["overdue"] = frame["overdue"].astype(bool)
    return frame[QUEUE_COLUMNS], total


@dataclass(frozen=True)
class ClosedLoopFigures:
    open: int
    overdue: int
    closed: int
    closed_within_sla: int
    within_sla: ShareInterval
    sla_hours: float
    median_hours_to_first_contact: float | None
    median_hours_to_close: float | None
    by_owner: pd.DataFrame = field(repr=False, compare=False)
    """owner, open, overdue, closed, closed_within_sla, median_hours_to_first_contact, median_hours_to_close."""

    def as_json(self) -> dict[str, object]:
        figures = {k: v for k, v in asdict(self).items() if k not in ("by_owner", "within_sla")}
        share = self.within_sla
        figures["closed_within_sla_share"] = share.share
        figures["closed_within_sla_ci"] = [share.low, share.high]
        figures["by_owner"] = self.by_owner.to_dict(orient="records")
        return figures


def _median(values: pd.Series) -> float | None:
    values = values.dropna()
    return None if values.empty else round(float(values.median()), 2)


def closed_loop_figures(filters: Filters, *, engine: Engine, now: datetime | None = None) -> ClosedLoopFigures:
    """Open and overdue are counted in SQL over every queued response; closing times are read per follow-up
    (rows people created by hand, so few) and their medians taken here."""
    now = now or utc_now()
    with Session(engine) as session:
        sla = sla_hours(session=session)
    items = _work_items(filters, engine=engine, sla=sla, now=now)
    still_open = items.statement.where(items.is_open).subquery()
    open_by_owner = select(
        still_open.c.owner, func.count(), func.sum(case((still_open.c.overdue, 1), else_=0))
    ).group_by(still_open.c.owner)
    followed_up = _work_items(filters, engine=engine, sla=sla, now=now, followed_up_only=True)
    worked = _with_details(followed_up.statement.subquery("worked"))
    with engine.connect() as connection:
        opened = pd.DataFrame(connection.execute(open_by_owner).all(), columns=["owner", "open", "overdue"])
        result = connection.execute(worked)
        done = pd.DataFrame(result.all(), columns=list(result.keys()))
    for column in ("received_at", "first_contact_at", "closed_at"):
        done[column] = pd.to_datetime(done[column], utc=True)
    done["closed"] = done["status"].isin(CLOSED_STATUSES)
    due = pd.to_datetime(
        [_due_at(d, t, sla) for d, t in zip(done["due_on"], done["received_at"], strict=True)], utc=True
    )
    done["closed_within_sla"] = done["closed"] & (done["closed_at"] <= due)
    hour = pd.Timedelta(hours=1)
    done["hours_to_first_contact"] = (done["first_contact_at"] - done["received_at"]) / hour
    done["hours_to_close"] = (done["closed_at"] - done["received_at"]).where(done["closed"]) / hour
    per_owner = (
        done.groupby("owner")
        .agg(
            closed=("closed", "sum"),
            closed_within_sla=("closed_within_sla", "sum"),
            median_hours_to_first_contact=("hours_to_first_contact", "median"),
            median_hours_to_close=("hours_to_close", "median"),
        )
        .reset_index()
    )
    by_owner = opened.merge(per_owner, on="owner", how="outer").fillna(
        {"open": 0, "overdue": 0, "closed": 0, "closed_within_sla": 0}
    )
    for column in ("open", "overdue", "closed", "closed_within_sla"):
        by_owner[column] = by_owner[column].astype(int)
    by_owner = by_owner.sort_values("owner").reset_index(drop=True)
    closed, within = int(done["closed"].sum()), int(done["closed_within_sla"].sum())
    return ClosedLoopFigures(
        open=int(opened["open"].sum()),
        overdue=int(opened["overdue"].sum()),
        closed=closed,
        closed_within_sla=within,
        within_sla=share_with_interval(within, closed),
        sla_hours=sla,
        median_hours_to_first_contact=_median(done["hours_to_first_contact"]),
        median_hours_to_close=_median(done["hours_to_close"]),
        by_owner=by_owner[
            [
                "owner",
                "open",
                "overdue",
                "closed",
                "closed_within_sla",
                "median_hours_to_first_contact",
                "median_hours_to_close",
            ]
        ],
    )
