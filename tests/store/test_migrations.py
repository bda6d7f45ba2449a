"""Upgrading a store that holds data keeps every row, on SQLite's table rebuilds too."""

from alembic import command
from sqlalchemy import inspect, text

from nps.db import alembic_config, make_engine
from nps.importing.pipeline import import_file
from nps.search import index_pending_comments

EXPORT = (
    b"response_id,customer_id,submitted_at,score,comment,plan\n"
    b"R1,C1,2026-01-05,2,Late delivery,Pro\n"
    b"R2,C2,2026-01-06,10,Great support,Free\n"
    b"R3,C1,2026-02-01,9,Still great,Pro\n"
)


def _counts(engine) -> dict[str, int]:
    tables = ("response", "respondent", "import_batch", "follow_up", "comment_search", "response_daily")
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in tables}


def test_dropping_the_response_foreign_keys_keeps_responses_and_what_hangs_off_them(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0005")
    monkeypatch.setattr("nps.audit.record", lambda *args, **kwargs: None)  # schema 0005 has no audit trail yet
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
