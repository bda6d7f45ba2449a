"""Erasing personal data: one customer on request (GDPR art. 17), or everything older than a retention period.

Scores, dates and segment values stay (except a segment value that is the erased person's own name, e-mail or
customer id), so every figure stays the same; what identifies or quotes a person
goes: name, e-mail, customer id, comment text, the export's other columns (`extra`: IP addresses and such),
the comment's search copy and theme links, follow-up notes. The audit trail records counts, never the text.
Freed space is overwritten (SQLite `secure_delete`, an FTS5 merge and a WAL checkpoint; PostgreSQL `VACUUM`),
so the text is gone from the database files, not only from query results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, String, cast, delete, func, literal, select, text, update
from sqlmodel import Session

from nps import audit
from nps.i18n import N_, TranslatableError
from nps.models import FollowUp, FollowUpEvent, Respondent, Response, ResponseTheme, SurveyAttribute
from nps.rollup import add_where, remove_where
from nps.search import comment_search
from nps.store import bump_data_version

ERASED_KEY_PREFIX = "erased:"
ID_CHUNK = 10_000
"""Responses changed per statement (SQLite allows 32,766 bound values)."""
SCRUBBED_TABLES = ("response", "respondent", "comment_search", "follow_up", "follow_up_event", "response_theme")


class ErasureError(TranslatableError):
    """An erasure request that cannot be carried out; the message is for the person asking."""


@dataclass(frozen=True)
class ErasureReport:
    respondents: int
    responses: int
    files_scrubbed: bool
    """False when a reader kept SQLite from checkpointing: the old pages then stay in the WAL file until the next
    checkpoint SQLite makes by itself."""

    def as_json(self) -> dict[str, object]:
        return {"respondents": self.respondents, "responses": self.responses, "files_scrubbed": self.files_scrubbed}


def _overwrite_freed_pages(session: Session) -> None:
    """SQLite zeroes what this transaction frees (a no-op setting on PostgreSQL, which VACUUM handles)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA secure_delete=ON")


def _clear_segment_values(chunk: list[int], personal: Sequence[str], session: Session) -> None:
    """Segment values of these responses that are the person's own name, e-mail or customer id (an export column
    such as "Account owner" mapped as a segment) are blanked too, in any case and surrounding spaces."""
    wanted = sorted({value.strip().lower() for value in personal if value and value.strip()})
    if not wanted:
        return
    used = select(SurveyAttribute.slot).distinct().order_by(SurveyAttribute.slot)
    for slot in session.execute(used).scalars():
        column = getattr(Response, f"seg_{slot}")
        session.execute(
            update(Response)
            .where(Response.id.in_(chunk), func.lower(func.trim(column)).in_(wanted))  # type: ignore[union-attr]
            .values({column.key: None})
        )


def strip_personal_data(
    condition: ColumnElement[bool], *, session: Session, personal_values: Sequence[str] = ()
) -> int:
    """Remove comment text and personal columns of the responses matching `condition`; returns how many changed.
    Segment values equal to one of `personal_values` (the person's name, e-mail, customer id) go too.

    The daily roll-up counts responses with a comment (and by segment value), so those responses are counted out
    and back in; they are picked by id first, since the condition may stop matching once their comment is gone.
    """
    _overwrite_freed_pages(session)
    ids = list(session.execute(select(Response.id).where(condition)).scalars())
    changed = 0
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        these = Response.id.in_(chunk)  # type: ignore[union-attr]
        remove_where(these, session=session)
        session.execute(delete(comment_search).where(comment_search.c.response_id.in_(chunk)))
        session.execute(delete(ResponseTheme).where(ResponseTheme.response_id.in_(chunk)))  # type: ignore[attr-defined]
        session.execute(update(FollowUp).where(FollowUp.response_id.in_(chunk)).values(note=""))  # type: ignore[attr-defined]
        notes = FollowUpEvent.response_id.in_(chunk), FollowUpEvent.field == "note"  # type: ignore[attr-defined]
        session.execute(update(FollowUpEvent).where(*notes).values(old_value=None, new_value=None))
        blanked = update(Response).where(these).values(comment=None, comment_length=0, extra=None)
        changed += session.execute(blanked).rowcount
        _clear_segment_values(chunk, personal_values, session)
        add_where(these, session=session)
    return changed


def _respondent_ids(email: str | None, customer_id: str | None, session: Session) -> list[int]:
    if bool(email) == bool(customer_id):
        raise ErasureError(N_("give exactly one of an e-mail address or a customer id"))
    if email:
        wanted = email.strip().lower()
        match = (func.lower(Respondent.email) == wanted) | (Respondent.key == f"email:{wanted}")
    else:
        wanted = str(customer_id).strip()
        match = (Respondent.customer_id == wanted) | (Respondent.key == f"id:{wanted}")
    return list(session.execute(select(Respondent.id).where(match)).scalars())


def erase_respondent(
    *, session: Session, actor: str, email: str | None = None, customer_id: str | None = None
) -> tuple[int, int]:
    """Erase one person (every profile with that e-mail or customer id); returns (profiles, responses)."""
    ids = _respondent_ids(email, customer_id, session)
    if not ids:
        raise ErasureError(N_("no respondent has that e-mail address or customer id"))
    return _erase_profiles(ids, session=session, actor=actor, by="email" if email else "customer id")


def erase_respondent_by_id(respondent_id: int, *, session: Session, actor: str) -> tuple[int, int]:
    """The Respondents page's button: erase the profile on screen."""
    if session.get(Respondent, respondent_id) is None:
        raise ErasureError(N_("there is no such respondent"))
    return _erase_profiles([respondent_id], session=session, actor=actor, by="profile")


def anonymise_profiles(condition: ColumnElement[bool], *, session: Session) -> int:
    """Blank name, e-mail and customer id of the matching profiles; their key no longer names anybody."""
    _overwrite_freed_pages(session)
    erased = literal(ERASED_KEY_PREFIX) + cast(Respondent.id, String)
    statement = (
        update(Respondent)
        .where(condition, ~Respondent.key.startswith(ERASED_KEY_PREFIX))
        .values(key=erased, customer_id=None, email=None, name=None)
    )
    return session.execute(statement).rowcount


def _personal_values(ids: list[int], session: Session) -> list[str]:
    people = session.execute(
        select(Respondent.name, Respondent.email, Respondent.customer_id).where(Respondent.id.in_(ids))  # type: ignore[union-attr]
    )
    return [value for person in people for value in person if value]


def _erase_profiles(ids: list[int], *, session: Session, actor: str, by: str) -> tuple[int, int]:
    personal = _personal_values(ids, session)
    responses = strip_personal_data(
        Response.respondent_id.in_(ids),  # type: ignore[union-attr]
        session=session,
        personal_values=personal,
    )
    anonymise_profiles(Respondent.id.in_(ids), session=session)  # type: ignore[union-attr]
    bump_data_version(session=session)
    audit.record(
        "respondent.erase",
        actor=actor,
        session=session,
        target=", ".join(f"respondent {i}" for i in ids)[:200],
        affected=responses,
        details={"profiles": len(ids), "requested_by": by},
    )
    return len(ids), responses


def scrub_files(*, engine: Engine) -> bool:
    """After the erasing transaction committed: make the freed bytes unrecoverable; False if SQLite could not
    checkpoint because a reader was busy (the text is then still in the WAL file until the next checkpoint)."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA secure_delete=ON")
            connection.execute(text("INSERT INTO comment_search_fts(comment_search_fts) VALUES ('optimize')"))
        with engine.connect() as connection:
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
        return busy is not None and busy[0] == 0
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in SCRUBBED_TABLES:
            connection.exec_driver_sql(f"VACUUM {table}")
    return True


def erase_profile(respondent_id: int, *, engine: Engine, actor: str) -> tuple[int, bool]:
    """The profile page's unit of work: erase, commit, then scrub the freed bytes; (responses, files scrubbed)."""
    with Session(engine) as session, session.begin():
        _, responses = erase_respondent_by_id(respondent_id, session=session, actor=actor)
    return responses, scrub_files(engine=engine)
