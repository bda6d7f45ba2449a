"""Responses always point at a survey, a batch and (when known) a profile that exist.

`response` declares no foreign keys (migration 0006: per-row checks cost most of a bulk import), so these
tests are what holds the import writer and the batch rollback to it, on both databases.
"""

import threading

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from nps import store
from nps.importing.pipeline import import_file
from nps.models import ImportBatch, Respondent, Response, Survey

HEADER = "response_id,customer_id,email,name,submitted_at,score,comment,plan\n"


def _export(first: int, count: int, customers: int = 7) -> bytes:
    rows = [
        f"R{index},C{index % customers},c{index % customers}@example.com,Name {index},2026-03-{index % 28 + 1:02d},"
        f"{index % 11},comment {index},{'Pro' if index % 2 else 'Free'}\n"
        for index in range(first, first + count)
    ]
    return (HEADER + "".join(rows)).encode()


def _dangling(engine: Engine) -> dict[str, int]:
    """Responses whose survey, batch or profile is missing, and profiles nobody answered as."""
    with Session(engine) as session:

        def missing(column, table) -> int:
            exists = select(table.id).where(table.id == column).exists()
            return session.execute(select(func.count()).where(column.is_not(None), ~exists)).scalar_one()

        answered = select(Response.id).where(Response.respondent_id == Respondent.id).exists()
        return {
            "survey": missing(Response.survey_id, Survey),
            "batch": missing(Response.batch_id, ImportBatch),
            "respondent": missing(Response.respondent_id, Respondent),
            "unused profiles": session.execute(select(func.count()).where(~answered)).scalar_one(),
        }


def test_imports_and_a_rollback_leave_no_response_pointing_nowhere(engine):
    first = import_file(_export(0, 40), engine=engine, survey="Relationship", username="ana", file_name="a.csv")
    import_file(_export(40, 30, customers=11), engine=engine, survey="Onboarding", username="ana", file_name="b.csv")
    import_file(_export(100, 20), engine=engine, survey="Relationship", username="ana", file_name="c.csv")
    assert _dangling(engine) == {"survey": 0, "batch": 0, "respondent": 0, "unused profiles": 0}

    with Session(engine) as session:
        assert store.delete_batch(first.batch_id, session=session) == 40
        session.commit()
    assert _dangling(engine) == {"survey": 0, "batch": 0, "respondent": 0, "unused profiles": 0}
    assert store.count_responses(engine=engine) == 50


def test_imports_running_at_the_same_time_both_land_with_distinct_profiles(engine):
    """Two uploads at once: one waits for the other (PostgreSQL: advisory lock; SQLite: its writer lock)."""
    reports, errors = [], []

    def upload(first: int, survey: str) -> None:
        try:
            reports.append(import_file(_export(first, 500, customers=300), engine=engine, survey=survey, username="u"))
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=upload, args=(0, "A")), threading.Thread(target=upload, args=(1000, "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(report.imported for report in reports) == [500, 500]
    with Session(engine) as session:
        profiles = session.execute(select(func.count()).select_from(Respondent)).scalar_one()
    assert profiles == 300
    assert _dangling(engine) == {"survey": 0, "batch": 0, "respondent": 0, "unused profiles": 0}


def test_new_profiles_in_later_chunks_of_a_file_get_ids_after_the_ones_already_stored(engine):
    """PostgreSQL streams the responses of all chunks through one open COPY while profiles keep arriving."""
    import_file(_export(0, 30, customers=10), engine=engine, survey="S", username="u")
    # the first chunk of 7 answers only as known customers (C0…C6), the later ones bring C10…C39
    report = import_file(_export(1000, 60, customers=40), engine=engine, survey="S", username="u", chunk_rows=7)
    assert report.imported == 60
    import_file(_export(240, 10, customers=50), engine=engine, survey="T", username="u")
    with Session(engine) as session:
        ids = sorted(session.execute(select(Respondent.id)).scalars())
    assert len(ids) == 50 and len(set(ids)) == 50
    assert _dangling(engine) == {"survey": 0, "batch": 0, "respondent": 0, "unused profiles": 0}
