"""The import writer: all or nothing, duplicates skipped, profiles kept, batches rolled back exactly."""

from datetime import date

import pytest
from sqlmodel import Session, select

from nps import counting, queries, store
from nps.filters import Filters
from nps.importing import pipeline
from nps.importing.pipeline import import_file
from nps.models import ImportBatch, Respondent

HEADER = "response_id,customer_id,email,name,submitted_at,score,comment,region\n"
ROWS = [
    "R1,C1,ana@example.com,Ana,2026-01-05T10:00:00Z,10,Great support,NA\n",
    "R2,C2,bo@example.com,Bo,2026-01-06T11:00:00+02:00,3,Delivery was late,Poland\n",
    "R3,C1,ana@example.com,Ana,2026-02-01T09:30:00Z,9,Still great,NA\n",
]


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(rows)).encode()


def test_an_import_writes_every_valid_row_and_reports_the_counts(engine):
    report = import_file(_csv(*ROWS), engine=engine, survey="Relationship", username="ana", file_name="a.csv")
    assert (report.rows_read, report.imported, report.duplicates, report.rejected) == (3, 3, 0, 0)
    counts = counting.summary_counts(Filters(), engine=engine)
    assert (counts.promoters, counts.detractors) == (2, 1)
    assert counting.attribute_values("region", engine=engine) == ["NA", "Poland"]
    with Session(engine) as session:
        batch = session.execute(select(ImportBatch)).scalar_one()
    assert (batch.file_name, batch.username, batch.imported) == ("a.csv", "ana", 3)


def test_timestamps_with_offsets_are_stored_as_utc_days(engine):
    import_file(_csv(ROWS[1].replace("2026-01-06T11:00", "2026-01-06T01:00")), engine=engine, survey="S", username="u")
    assert queries.date_bounds(Filters(), engine=engine) == (date(2026, 1, 5), date(2026, 1, 5))


def test_reimporting_the_same_file_adds_nothing(engine):
    import_file(_csv(*ROWS), engine=engine, survey="S", username="u")
    version = store.data_version(engine=engine)
    again = import_file(_csv(*ROWS), engine=engine, survey="S", username="u")
    assert (again.imported, again.duplicates) == (0, 3)
    assert counting.summary_counts(Filters(), engine=engine).n == 3
    assert store.data_version(engine=engine) == version
    assert len(store.list_batches(engine=engine)) == 1


def test_an_overlapping_later_export_adds_only_the_new_rows(engine):
    import_file(_csv(*ROWS[:2]), engine=engine, survey="S", username="u")
    later = import_file(_csv(*ROWS[1:]), engine=engine, survey="S", username="u")
    assert (later.imported, later.duplicates) == (1, 1)


def test_rows_without_response_ids_are_deduplicated_by_fingerprint(engine):
    header = "email,submitted_at,score,comment\n"
    rows = ["x@example.com,2026-01-05T10:00:00Z,7,fine\n", "y@example.com,2026-01-05T10:00:00Z,7,fine\n"]
    first = import_file(_csv(*rows, header=header), engine=engine, survey="S", username="u")
    second = import_file(_csv(*rows, rows[0], header=header), engine=engine, survey="S", username="u")
    assert first.imported == 2
    assert (second.imported, second.duplicates) == (0, 3)


def test_the_same_response_id_in_another_survey_is_not_a_duplicate(engine):
    import_file(_csv(*ROWS), engine=engine, survey="One", username="u")
    other = import_file(_csv(*ROWS), engine=engine, survey="Two", username="u")
    assert other.imported == 3


def test_a_dry_run_reports_without_writing(engine):
    report = import_file(_csv(*ROWS), engine=engine, survey="S", username="u", dry_run=True)
    assert report.imported == 3 and report.dry_run
    assert counting.summary_counts(Filters(), engine=engine).n == 0
    assert store.list_surveys(engine=engine) == []


def test_a_crash_mid_import_leaves_the_store_as_it_was(engine, monkeypatch):
    import_file(_csv(ROWS[0]), engine=engine, survey="S", username="u")
    real_insert = pipeline._BulkWriter.insert
    calls = {"n": 0}

    def crash_on_second_chunk(writer, table, columns):
        """The first chunk is written (on PostgreSQL: into the open COPY stream), then the power goes."""
        calls["n"] += table == "response"
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return real_insert(writer, table, columns)

    monkeypatch.setattr(pipeline._BulkWriter, "insert", crash_on_second_chunk)
    with pytest.raises(RuntimeError):
        import_file(_csv(*ROWS[1:]), engine=engine, survey="S", username="u", chunk_rows=1)
    assert counting.summary_counts(Filters(), engine=engine).n == 1
    assert len(store.list_batches(engine=engine)) == 1
    with Session(engine) as session:
        assert len(session.execute(select(Respondent)).all()) == 1


def test_a_profile_is_keyed_by_customer_id_and_not_overwritten_by_a_new_name(engine):
    import_file(_csv(ROWS[0]), engine=engine, survey="S", username="u")
    renamed = ROWS[2].replace(",Ana,", ",Ana Kowalska-Smith,")
    import_file(_csv(renamed), engine=engine, survey="S", username="u")
    with Session(engine) as session:
        profiles = session.execute(select(Respondent)).scalars().all()
    assert [(p.key, p.name) for p in profiles] == [("id:C1", "Ana")]


def test_customer_ids_differing_only_in_case_are_two_customers_but_e_mails_are_one(engine):
    rows = [
        "R1,AB12,,Ana,2026-01-05T10:00:00Z,10,,\n",
        "R2,ab12,,Bo,2026-01-05T10:00:00Z,10,,\n",
        "R3,,Cy@Example.com,Cy,2026-01-06T10:00:00Z,3,,\n",
        "R4,,cy@example.COM,Cy,2026-01-07T10:00:00Z,4,,\n",
    ]
    import_file(_csv(*rows), engine=engine, survey="S", username="u")
    without_ids = [",".join(["", *row.split(",")[1:]]) for row in rows[:2]]
    assert import_file(_csv(*without_ids), engine=engine, survey="T", username="u").imported == 2
    assert import_file(_csv(*without_ids), engine=engine, survey="T", username="u").duplicates == 2
    with Session(engine) as session:
        profiles = session.execute(select(Respondent.key, Respondent.name).order_by(Respondent.id)).all()
    assert [tuple(p) for p in profiles] == [("id:AB12", "Ana"), ("id:ab12", "Bo"), ("email:cy@example.com", "Cy")]


def test_rolling_back_a_batch_removes_exactly_its_rows(engine):
    first = import_file(_csv(ROWS[0]), engine=engine, survey="S", username="u")
    second = import_file(_csv(*ROWS[1:]), engine=engine, survey="S", username="u")
    with Session(engine) as session:
        removed = store.delete_batch(second.batch_id, session=session)
        session.commit()
    assert removed == 2
    assert counting.summary_counts(Filters(), engine=engine).n == 1
    assert [b.id for b in store.list_batches(engine=engine)] == [first.batch_id]
    with Session(engine) as session:
        assert [p.key for p in session.execute(select(Respondent)).scalars()] == ["id:C1"]
    again = import_file(_csv(*ROWS[1:]), engine=engine, survey="S", username="u")
    assert again.imported == 2


def test_the_confirmed_mapping_is_saved_for_the_survey(engine):
    report = import_file(_csv(*ROWS), engine=engine, survey="S", username="u")
    assert store.survey_mapping("S", engine=engine) == report.mapping
    assert report.mapping["score"] == "score"


def test_notes_the_reader_makes_while_reading_reach_the_report(engine):
    from tests.fixtures.exports import typeform_csv

    report = import_file(typeform_csv(), engine=engine, survey="Typeform", username="u")
    assert report.excluded == 1
    assert any("partial" in note for note in report.notes), report.notes
