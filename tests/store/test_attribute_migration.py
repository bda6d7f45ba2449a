"""Migration 0016 turns the store-wide attribute slots of a 0015 store into per-survey rows and keeps every segment."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text
from sqlmodel import Session

from nps import counting, store
from nps.db import alembic_config, make_engine
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.models import ImportBatch, Response, ResponseDaily, Survey, SurveyAttribute

OLD_SLOTS = {"region": 1, "plan": 2, "channel": 3}
ROWS = {
    "A": [(10, {"region": "PL", "plan": "Pro"}), (3, {"region": "DE", "plan": "Free"}), (8, {"region": "PL"})],
    "B": [(9, {"region": "TH", "channel": "web"}), (0, {"channel": "app"}), (10, {"region": "TH"})],
}
SCORES = ", ".join(f"SUM(CASE WHEN score = {s} THEN 1 ELSE 0 END)" for s in range(11))
COLUMNS = ", ".join(f"score_{s}" for s in range(11))


def _old_store(engine) -> None:
    """What revision 0015's code wrote: one `attribute` table, and roll-up rows of every slot for every survey."""
    command.upgrade(alembic_config(engine), "0015")
    with Session(engine) as session:
        for survey_name, rows in ROWS.items():
            survey = Survey(name=survey_name)
            session.add(survey)
            session.flush()
            batch = ImportBatch(
                survey_id=survey.id, file_name="old.csv", sha256="0" * 64, detected_format="generic", username="a"
            )
            session.add(batch)
            session.flush()
            for index, (score, segments) in enumerate(rows):
                day = date(2026, 1, 5 + index)
                session.add(
                    Response(
                        survey_id=survey.id,
                        batch_id=batch.id,
                        dedup_key=f"id:{survey_name}{index}",
                        external_id=f"{survey_name}{index}",
                        responded_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
                        responded_on=day,
                        score=score,
                        **{f"seg_{OLD_SLOTS[name]}": value for name, value in segments.items()},
                    )
                )
        session.commit()
    with engine.begin() as connection:
        for name, slot in OLD_SLOTS.items():
            connection.execute(text("INSERT INTO attribute (name, slot) VALUES (:n, :s)"), {"n": name, "s": slot})
        for slot in (0, *OLD_SLOTS.values()):
            value = "''" if slot == 0 else f"COALESCE(seg_{slot}, '')"
            groups = "survey_id, responded_on" if slot == 0 else f"survey_id, {value}, responded_on"
            connection.execute(
                text(
                    f"INSERT INTO response_daily (survey_id, slot, value, day, {COLUMNS}, comments) "
                    f"SELECT survey_id, {slot}, {value}, responded_on, {SCORES}, 0 FROM response "
                    f"GROUP BY {groups}"
                )
            )


def _by(engine, name: str) -> dict[str, int]:
    return counting.counts_by(Filters(), name, engine=engine).set_index("key")["n"].to_dict()


def _upgraded_store_keeps_its_segments(engine, monkeypatch) -> None:
    _old_store(engine)
    command.upgrade(alembic_config(engine), "head")

    with Session(engine) as session:
        rows = session.execute(
            select(Survey.name, SurveyAttribute.name, SurveyAttribute.slot).join(
                Survey, Survey.id == SurveyAttribute.survey_id
            )
        ).all()
        stale = session.execute(select(ResponseDaily.slot).where(ResponseDaily.survey_id == 2, ResponseDaily.slot == 2))
        assert stale.first() is None
    assert sorted(tuple(row) for row in rows) == [
        ("A", "plan", 2),
        ("A", "region", 1),
        ("B", "channel", 3),
        ("B", "region", 1),
    ]
    expected = {
        "region": {"PL": 2, "DE": 1, "TH": 2, "(not set)": 1},
        "plan": {"Pro": 1, "Free": 1, "(not set)": 4},
        "channel": {"web": 1, "app": 1, "(not set)": 4},
    }
    for name, counts in expected.items():
        assert _by(engine, name) == counts, name
    assert counting.summary_counts(Filters(exclude=(("plan", ("Pro",)),)), engine=engine).n == 5
    with monkeypatch.context() as patch:
        patch.setattr(counting, "rollup_rows", lambda *args, **kwargs: None)
        for name, counts in expected.items():
            assert _by(engine, name) == counts, name

    export = b"response_id,submitted_at,score,tier\nN1,2026-02-01T10:00:00Z,7,gold\nN2,2026-02-02T10:00:00Z,9,\n"
    import_file(export, engine=engine, survey="B", username="a", file_name="new.csv")
    assert store.attribute_slots(engine=engine)["tier"] == {2: 2}
    assert _by(engine, "tier") == {"gold": 1, "(not set)": 7}
    assert _by(engine, "plan") == {"Pro": 1, "Free": 1, "(not set)": 6}
    with pytest.raises(RuntimeError, match="different attributes in different surveys"):
        command.downgrade(alembic_config(engine), "0015")


def test_attribute_migration_on_sqlite_keeps_every_segment(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    _upgraded_store_keeps_its_segments(engine, monkeypatch)
    engine.dispose()


def _on_scratch_postgresql(postgres_admin_url: str, check) -> None:
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    name = f"nps_migrate_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(postgres_admin_url.rsplit("/", 1)[0] + f"/{name}")
    try:
        check(engine)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_attribute_migration_on_postgresql_keeps_every_segment(postgres_admin_url, monkeypatch):
    _on_scratch_postgresql(postgres_admin_url, lambda engine: _upgraded_store_keeps_its_segments(engine, monkeypatch))


def test_a_store_whose_slots_mean_one_attribute_everywhere_downgrades_to_0015(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    _downgrades_to_0015(engine)
    engine.dispose()


def test_the_downgrade_works_on_postgresql_too(postgres_admin_url):
    _on_scratch_postgresql(postgres_admin_url, _downgrades_to_0015)


def _downgrades_to_0015(engine) -> None:
    _old_store(engine)
    command.upgrade(alembic_config(engine), "head")
    command.downgrade(alembic_config(engine), "0015")
    with engine.connect() as connection:
        assert sorted(connection.execute(text("SELECT name, slot FROM attribute")).all()) == sorted(
            (name, slot) for name, slot in OLD_SLOTS.items()
        )
        per_slot = connection.execute(
            text("SELECT slot, SUM(score_0 + score_3 + score_8 + score_9 + score_10) FROM response_daily GROUP BY slot")
        ).all()
    assert {slot: total for slot, total in per_slot} == {0: 6, 1: 6, 2: 6, 3: 6}
