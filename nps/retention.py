"""Retention: comments and personal data older than N months are erased, whole responses older than M months
deleted (both optional admin settings), by `python -m nps retention apply`, typically from a daily timer.

Erasing keeps scores, dates and segments, so figures do not move; deleting whole responses removes them from
the figures too (the roll-up is counted down with them). Both are audited with counts only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import pandas as pd
from sqlalchemy import ColumnElement, Engine, and_, func, or_, select
from sqlmodel import Session

from nps import audit
from nps.erasure import ERASED_KEY_PREFIX, anonymise_profiles, scrub_files, strip_personal_data
from nps.i18n import N_, TranslatableError
from nps.models import Respondent, Response
from nps.rollup import remove_where
from nps.store import bump_data_version, delete_responses, get_setting, set_setting

COMMENT_MONTHS_SETTING = "retention_comment_months"
RESPONSE_MONTHS_SETTING = "retention_response_months"


class RetentionError(TranslatableError):
    """A retention setting that cannot be saved; the message is for the administrator."""


@dataclass(frozen=True)
class RetentionPolicy:
    comment_months: int | None = None
    """Erase comments and personal data of responses older than this many months (None: keep)."""
    response_months: int | None = None
    """Delete whole responses older than this many months (None: keep)."""


@dataclass(frozen=True)
class RetentionPlan:
    """What a run removes: responses whose comment/personal columns go, profiles blanked, responses deleted."""

    comment_cutoff: date | None
    response_cutoff: date | None
    comments_erased: int
    profiles_erased: int
    responses_deleted: int

    def as_json(self) -> dict[str, object]:
        values = asdict(self)
        for key in ("comment_cutoff", "response_cutoff"):
            values[key] = values[key].isoformat() if values[key] else None
        return values


def _months(raw: str | None) -> int | None:
    return int(raw) if raw else None


def load_policy(*, engine: Engine) -> RetentionPolicy:
    with Session(engine) as session:
        return RetentionPolicy(
            _months(get_setting(COMMENT_MONTHS_SETTING, session=session)),
            _months(get_setting(RESPONSE_MONTHS_SETTING, session=session)),
        )


def save_policy(policy: RetentionPolicy, *, session: Session, actor: str) -> None:
    for months in (policy.comment_months, policy.response_months):
        if months is not None and not 1 <= months <= 1200:
            raise RetentionError(N_("A retention period is 1 to 1,200 months, or empty to keep data."))
    if policy.comment_months and policy.response_months and policy.response_months < policy.comment_months:
        raise RetentionError(N_("Whole responses cannot be kept for less time than their comments."))
    old = load_policy(engine=session.get_bind())  # type: ignore[arg-type]
    set_setting(COMMENT_MONTHS_SETTING, str(policy.comment_months or ""), session=session)
    set_setting(RESPONSE_MONTHS_SETTING, str(policy.response_months or ""), session=session)
    audit.record(
        "settings.retention", actor=actor, session=session, details={"from": asdict(old), "to": asdict(policy)}
    )


def _cutoff(months: int | None, today: date) -> date | None:
    return None if months is None else (pd.Timestamp(today) - pd.DateOffset(months=months)).date()


def _personal(cutoff: date) -> ColumnElement[bool]:
    """Old responses that still carry a comment or other export columns."""
    return and_(Response.responded_on < cutoff, or_(Response.comment.is_not(None), Response.extra.is_not(None)))


def _stale_profiles(cutoff: date) -> ColumnElement[bool]:
    """Profiles whose latest response is older than the cutoff (a returning customer keeps their profile)."""
    recent = select(Response.id).where(Response.respondent_id == Respondent.id, Response.responded_on >= cutoff)
    return and_(~recent.exists(), ~Respondent.key.startswith(ERASED_KEY_PREFIX))


def plan(policy: RetentionPolicy, *, engine: Engine, today: date | None = None) -> RetentionPlan:
    today = today or date.today()
    comment_cutoff = _cutoff(policy.comment_months, today)
    response_cutoff = _cutoff(policy.response_months, today)
    with Session(engine) as session:

        def count(statement) -> int:
            return session.execute(statement).scalar_one()

        comments = profiles = deleted = 0
        if response_cutoff:
            deleted = count(select(func.count()).where(Response.responded_on < response_cutoff))
        if comment_cutoff:
            kept = Response.responded_on >= response_cutoff if response_cutoff else True
            comments = count(select(func.count()).where(_personal(comment_cutoff), kept))
            profiles = count(select(func.count()).select_from(Respondent).where(_stale_profiles(comment_cutoff)))
    return RetentionPlan(comment_cutoff, response_cutoff, comments, profiles, deleted)


def apply(
    policy: RetentionPolicy, *, engine: Engine, actor: str, today: date | None = None, dry_run: bool = False
) -> RetentionPlan:
    """One transaction; on SQLite and PostgreSQL the freed space is overwritten afterwards."""
    planned = plan(policy, engine=engine, today=today)
    if dry_run or not (planned.comments_erased or planned.profiles_erased or planned.responses_deleted):
        return planned
    with Session(engine) as session:
        deleted = 0
        if planned.response_cutoff:
            old = Response.responded_on < planned.response_cutoff
            remove_where(old, session=session)
            deleted = delete_responses(old, session=session)
        erased = profiles = 0
        if planned.comment_cutoff:
            erased = strip_personal_data(_personal(planned.comment_cutoff), session=session)
            profiles = anonymise_profiles(_stale_profiles(planned.comment_cutoff), session=session)
        bump_data_version(session=session)
        result = RetentionPlan(planned.comment_cutoff, planned.response_cutoff, erased, profiles, deleted)
        audit.record(
            "retention.apply", actor=actor, session=session, affected=erased + deleted, details=result.as_json()
        )
        session.commit()
    scrub_files(engine=engine)
    return result


def store_policy(policy: RetentionPolicy, *, engine: Engine, actor: str) -> None:
    """`save_policy` as its own transaction (the Admin page's unit of work)."""
    with Session(engine) as session, session.begin():
        save_policy(policy, session=session, actor=actor)
