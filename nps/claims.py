"""Concurrent analysers (one after each of several simultaneous imports) share the work without racing.

Without this, two analysers read the same unanalysed comments and both inserted them (`comment_search_pkey`,
`response_theme_pkey`), and four first analyses all seeded the theme dictionary.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, Select, func, select
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


@contextmanager
def analysis_turn(engine: Engine) -> Iterator[None]:
    """SQLite: one analysis at a time per database file (a lock file beside it), so no comment is read by two
    analysers (on SQLite both would run the models on the same batch and one would throw its work away).
    A run that waited finds the comments of the other done. PostgreSQL runs side by side (see `claim`)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with Path(f"{database}.analysis-lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def claim(statement: Select, session: Session) -> Select:
    """The rows of `statement` this analyser works on alone until it commits.

    PostgreSQL: `FOR UPDATE SKIP LOCKED`, so analysers run side by side on different rows. SQLite has one
    writer, which must not be held while the models run (a model loading under load kept it past the 30 s
    busy timeout of the others): there the rows are read freely and `still_pending` settles who writes them.
    """
    if session.connection().dialect.name == "postgresql":
        return statement.with_for_update(skip_locked=True, of=Response)
    return statement


def still_pending(ids: list[int], session: Session) -> set[int]:
    """Of the claimed `ids`, those this analyser is to write: all of them on PostgreSQL (they are locked);
    on SQLite, after taking the writer lock, those no other analyser has finished meanwhile."""
    if session.connection().dialect.name == "postgresql":
        return set(ids)
    session.rollback()  # end the read snapshot, so the writer lock is taken before anything is read again
    take_writer_turn(session)
    done = select(Response.id).where(Response.id.in_(ids), Response.language.is_not(None))  # type: ignore[attr-defined]
    return set(ids) - set(session.execute(done).scalars())
