"""Concurrent analysers (one after each of several simultaneous imports) share the work without racing.

Without this, two analysers read the same unanalysed comments and both inserted them (`comment_search_pkey`,
`response_theme_pkey`), and four first analyses all seeded the theme dictionary.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlmodel import Session

from nps.models import Response
from nps.store import bump_data_version

ANALYSIS_LOCK = 0x4E505332
"""PostgreSQL advisory lock key of the steps analysers take in turns (seeding the themes)."""


def take_writer_turn(session: Session) -> None:
    """Make concurrent analysers take turns at what they read and then write.

    PostgreSQL: an advisory lock for the transaction. SQLite: a write as the transaction's first statement takes
    the single writer lock before anything is read, so a second analyser waits and then sees this one's work.
    """
    if session.connection().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(ANALYSIS_LOCK)))
    else:
        bump_data_version(session=session)


def claim(statement: Select, session: Session) -> Select:
    """The rows of `statement` this analyser works on alone until it commits.

    PostgreSQL: `FOR UPDATE SKIP LOCKED`, so analysers run side by side on different rows. SQLite has one
    writer: the transaction takes the writer lock first (`take_writer_turn`), then reads what is left.
    """
    if session.connection().dialect.name == "postgresql":
        return statement.with_for_update(skip_locked=True, of=Response)
    take_writer_turn(session)
    return statement
