"""Upgrading a store that holds data keeps every row, on SQLite's table rebuilds too."""

import uuid

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from nps.db import alembic_config, make_engine
from nps.importing.pipeline import import_file
from nps.invitations import import_invitations
from nps.search import index_pending_comments
from nps.store import SlotAssignment

EXPORT = (
    b"response_id,customer_id,submitted_at,score,comment,plan\n"
    b"R1,C1,2026-01-05,2,Late delivery,Pro\n"
    b"R2,C2,2026-01-06,10,Great support,Free\n"
    b"R3,C1,2026-02-01,9,Still great,Pro\n"
)


def old_attribute_slots(patch: pytest.MonkeyPatch) -> None:
    """Imports as the code before revision 0016 wrote them: one store-wide `attribute` table of slots."""

    def assign(survey_id, names, *, session, batch_id=None) -> SlotAssignment:
        slots = {}
        for name in names:
            slot = session.execute(text("SELECT slot FROM attribute WHERE name = :n"), {"n": name}).scalar()
            if slot is None:
                slot = session.execute(text("SELECT COALESCE(MAX(slot), 0) + 1 FROM attribute")).scalar_one()
                session.execute(text("INSERT INTO attribute (name, slot) VALUES (:n, :s)"), {"n": name, "s": slot})
            slots[name] = slot
        return SlotAssignment(slots, [])

    def every_slot(survey_id, *, session) -> list[int]:
        return list(session.execute(text("SELECT slot FROM attribute ORDER BY slot")).scalars())

    patch.setattr("nps.importing.pipeline.assign_attribute_slots", assign)
    patch.setattr("nps.importing.pipeline.survey_slots", every_slot)
    patch.setattr("nps.invitations.assign_attribute_slots", assign)


def _counts(engine) -> dict[str, int]:
    tables = ("response", "respondent", "import_batch", "follow_up", "comment_search", "response_daily")
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in tables}


def test_dropping_the_response_foreign_keys_keeps_responses_and_what_hangs_off_them(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0005")
    with monkeypatch.context() as old_code:
        old_code.setattr("nps.audit.record", lambda *args, **kwargs: None)  # schema 0005 has no audit trail yet
        old_attribute_slots(old_code)
        import_file(EXPORT, engine=engine, survey="Relationship", username="ana")
    index_pending_comments(engine=engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO follow_up (response_id, status, owner, note, updated_by, updated_at) "
                "VALUES (1, 'contacted', 'bo', 'called', 'bo', '2026-01-07 10:00:00')"
            )
        )
    before = _counts(engine)
    assert before["comment_search"] == 3 and before["follow_up"] == 1

    command.upgrade(alembic_config(engine), "head")

    assert _counts(engine) == before
    schema = inspect(engine)
    assert schema.get_foreign_keys("response") == []
    assert "ix_response_batch_id" not in {index["name"] for index in schema.get_indexes("response")}
    assert [key["referred_table"] for key in schema.get_foreign_keys("follow_up")] == ["response"]
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        matches = connection.execute(
            text("SELECT rowid FROM comment_search_fts WHERE comment_search_fts MATCH 'great'")
        )
        assert sorted(matches.scalars()) == [2, 3]
    engine.dispose()


def test_the_postgresql_schema_has_no_foreign_keys_on_response_but_keeps_those_pointing_at_it(postgres_engine):
    schema = inspect(postgres_engine)
    assert schema.get_foreign_keys("response") == []
    assert [key["referred_table"] for key in schema.get_foreign_keys("follow_up")] == ["response"]


CASED_EXPORT = (
    "customer_id,email,submitted_at,score,comment\n"
    "AB12,,2026-01-05 10:30:00,2,Late delivery\n"
    "AB12,,2026-01-09 08:00:00,6,\n"
    "Zürich-Ä7,,2026-01-06 12:00:00,10,Schnell\n"
    "c3,,2026-01-07 09:15:00,8,lower-case id\n"
    ",Ana@Example.com,2026-01-08 17:45:00,9,mail only\n"
).encode()
DIFFERENT_CUSTOMER = b"customer_id,submitted_at,score,comment\nab12,2026-01-05 10:30:00,2,Late delivery\n"
CASED_INVITATIONS = (
    b"customer_id,sent_at,delivery\nAB12,2026-01-04 09:00,delivered\nZ\xc3\xbcrich-\xc3\x847,2026-01-05 09:00,\n"
)


def _lower_cased_keys(customer_ids: pa.Array, emails: pa.Array) -> pa.Array:
    """How imports keyed profiles before revision 0015_exact_customer_ids."""
    by_id = pc.binary_join_element_wise("id:", pc.utf8_lower(customer_ids), "")
    return pc.coalesce(by_id, pc.binary_join_element_wise("email:", pc.utf8_lower(emails), ""))


def _before_exact_ids() -> str:
    """The revision the exact-customer-id migration upgrades from (whatever it was chained onto)."""
    scripts = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://")))
    (script,) = [s for s in scripts.walk_revisions() if s.path.endswith("_exact_customer_ids.py")]
    return script.down_revision


def _profiles(engine) -> list[tuple[str, str | None]]:
    with engine.connect() as connection:
        return sorted(tuple(row) for row in connection.execute(text("SELECT key, customer_id FROM respondent")))


def _old_store_upgraded_keeps_working(engine, monkeypatch) -> None:
    command.upgrade(alembic_config(engine), _before_exact_ids())
    with monkeypatch.context() as old_code:
        old_code.setattr("nps.importing.pipeline.respondent_keys", _lower_cased_keys)
        old_code.setattr("nps.invitations.respondent_keys", _lower_cased_keys)
        old_attribute_slots(old_code)
        assert import_file(CASED_EXPORT, engine=engine, survey="S", username="ana", file_name="a.csv").imported == 5
        assert import_invitations(CASED_INVITATIONS, engine=engine, survey="S", username="ana").imported == 2
    assert [key for key, _ in _profiles(engine)] == ["email:ana@example.com", "id:ab12", "id:c3", "id:zürich-ä7"]
    before = _counts(engine)

    command.upgrade(alembic_config(engine), "head")

    assert _profiles(engine) == [
        ("email:ana@example.com", None),
        ("id:AB12", "AB12"),
        ("id:Zürich-Ä7", "Zürich-Ä7"),
        ("id:c3", "c3"),
    ]
    again = import_file(CASED_EXPORT, engine=engine, survey="S", username="ana", file_name="a.csv")
    assert (again.imported, again.duplicates) == (0, 5)
    assert import_invitations(CASED_INVITATIONS, engine=engine, survey="S", username="ana").duplicates == 2
    assert _counts(engine) == before
    command.downgrade(alembic_config(engine), _before_exact_ids())
    assert [key for key, _ in _profiles(engine)] == ["email:ana@example.com", "id:ab12", "id:c3", "id:zürich-ä7"]
    command.upgrade(alembic_config(engine), "head")

    other = import_file(DIFFERENT_CUSTOMER, engine=engine, survey="S", username="ana", file_name="b.csv")
    assert other.imported == 1
    assert ("id:ab12", "ab12") in _profiles(engine) and len(_profiles(engine)) == 5
    with pytest.raises(RuntimeError, match="differ only in case"):
        command.downgrade(alembic_config(engine), _before_exact_ids())


def test_exact_customer_ids_migration_on_sqlite_keeps_a_reimport_from_adding_anything(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    _old_store_upgraded_keeps_working(engine, monkeypatch)
    engine.dispose()


def test_exact_customer_ids_migration_on_postgresql_keeps_a_reimport_from_adding_anything(
    postgres_admin_url, monkeypatch
):
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    name = f"nps_migrate_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(postgres_admin_url.rsplit("/", 1)[0] + f"/{name}")
    try:
        _old_store_upgraded_keeps_working(engine, monkeypatch)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
