"""The audit trail: one `record` every write calls inside its own transaction, and the reads of the trail.

Rows are append-only (migration 0011 installs triggers refusing UPDATE and DELETE). Details hold what
changed (ids, counts, roles, setting values), never erased content such as comment text or e-mail addresses.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pandas as pd
from sqlalchemy import Engine, select
from sqlmodel import Session

from nps.models import AuditEvent, utc_now

SYSTEM_ACTOR = "system"


def record(
    action: str,
    *,
    actor: str,
    session: Session,
    target: str = "",
    affected: int = 0,
    details: Mapping[str, object] | None = None,
) -> None:
    """Add one event to the caller's transaction, so it commits (or rolls back) with the write it describes."""
    session.add(
        AuditEvent(
            at=utc_now(),
            username=(actor or SYSTEM_ACTOR)[:64],
            action=action,
            target=str(target)[:200],
            affected=int(affected),
            details=json.dumps(dict(details or {}), ensure_ascii=False, sort_keys=True, default=str),
        )
    )


@dataclass(frozen=True)
class AuditQuery:
    """Filters of the audit list: events since a day (inclusive), by one user, of one action."""

    since: date | None = None
    username: str | None = None
    action: str | None = None
    limit: int = 10_000


def list_events(query: AuditQuery, *, engine: Engine) -> pd.DataFrame:
    """Newest first: at, username, action, target, affected, details (JSON text)."""
    statement = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(query.limit)  # type: ignore[union-attr]
    if query.since is not None:
        statement = statement.where(AuditEvent.at >= datetime.combine(query.since, time(), tzinfo=UTC))
    if query.username:
        statement = statement.where(AuditEvent.username == query.username.strip().lower())
    if query.action:
        statement = statement.where(AuditEvent.action == query.action)
    with Session(engine) as session:
        events = list(session.execute(statement).scalars())
    columns = ["at", "username", "action", "target", "affected", "details"]
    return pd.DataFrame([{name: getattr(event, name) for name in columns} for event in events], columns=columns)


def known_actions(*, engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.execute(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).scalars())
