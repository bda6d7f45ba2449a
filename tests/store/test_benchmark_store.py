"""Benchmark store functions on the Alembic-migrated schema, on SQLite and PostgreSQL (the shared `engine`)."""

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from nps.benchmarks import (
    BenchmarkNotFound,
    BenchmarkRow,
    add_benchmarks,
    count_benchmarks,
    delete_benchmark,
    list_benchmarks,
    load_reference_benchmarks,
    load_reference_into_empty_store,
    reference_rows,
    update_benchmark,
)
from nps.models import AppSetting, Benchmark
from nps.store import DATA_VERSION_KEY


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def data_version(session: Session) -> int:
    setting = session.get(AppSetting, DATA_VERSION_KEY)
    return int(setting.value) if setting else 0


JETBLUE = BenchmarkRow(name="JetBlue", kind="competitor", industry="Airlines", nps=59, year=2017, source_title="T")
GROCERY = BenchmarkRow(name="Grocery", kind="industry", industry="Grocery", nps=30.1, year=2023, source_title="X")
SURVEYED = BenchmarkRow(
    name="Acme Air",
    kind="competitor",
    industry="airlines",
    nps=21.2,
    year=2024,
    source_title="Our survey",
    n=184,
    promoters=74,
    passives=75,
    detractors=35,
)


def test_added_benchmarks_are_listed_with_their_provenance_and_author(session):
    assert add_benchmarks([JETBLUE, GROCERY, SURVEYED], session=session, username="ana") == 3
    stored = list_benchmarks(session=session)
    assert [b.name for b in stored] == ["Acme Air", "JetBlue", "Grocery"]
    acme = stored[0]
    assert (acme.created_by, acme.promoters, acme.passives, acme.detractors, acme.n) == ("ana", 74, 75, 35, 184)


def test_listing_filters_by_kind_and_by_industry_ignoring_case(session):
    add_benchmarks([JETBLUE, GROCERY, SURVEYED], session=session, username="ana")
    assert [b.name for b in list_benchmarks(session=session, kinds=["industry"])] == ["Grocery"]
    assert [b.name for b in list_benchmarks(session=session, industry="AIRLINES")] == ["Acme Air", "JetBlue"]
    assert list_benchmarks(session=session, kinds=[]) == []


def test_every_write_bumps_the_data_version(session):
    add_benchmarks([JETBLUE], session=session, username="ana")
    after_add = data_version(session)
    benchmark_id = list_benchmarks(session=session)[0].id
    update_benchmark(benchmark_id, GROCERY, session=session)
    after_update = data_version(session)
    delete_benchmark(benchmark_id, session=session)
    assert 0 < after_add < after_update < data_version(session)


def test_adding_nothing_leaves_the_data_version_alone(session):
    assert add_benchmarks([], session=session, username="ana") == 0
    assert data_version(session) == 0


def test_an_update_replaces_the_figures_but_keeps_the_author(session):
    add_benchmarks([JETBLUE], session=session, username="ana")
    benchmark_id = list_benchmarks(session=session)[0].id
    updated = update_benchmark(benchmark_id, SURVEYED, session=session)
    assert (updated.id, updated.name, updated.nps, updated.n, updated.created_by) == (
        benchmark_id,
        "Acme Air",
        21.2,
        184,
        "ana",
    )


def test_updating_a_missing_benchmark_raises(session):
    with pytest.raises(BenchmarkNotFound):
        update_benchmark(999, JETBLUE, session=session)


def test_deleting_twice_reports_that_there_was_nothing_left(session):
    add_benchmarks([JETBLUE], session=session, username="ana")
    benchmark_id = list_benchmarks(session=session)[0].id
    assert delete_benchmark(benchmark_id, session=session) is True
    assert delete_benchmark(benchmark_id, session=session) is False
    assert list_benchmarks(session=session) == []


def test_the_reference_set_loads_and_loading_it_again_adds_nothing(session):
    expected = len(reference_rows())
    assert load_reference_benchmarks(session=session) == expected
    assert load_reference_benchmarks(session=session) == 0
    stored = session.exec(select(Benchmark)).all()
    assert len(stored) == expected
    assert {b.created_by for b in stored} == {"reference"}


def test_every_loaded_reference_benchmark_has_a_source_year_and_population(session):
    load_reference_benchmarks(session=session)
    for benchmark in list_benchmarks(session=session):
        assert benchmark.source_url and benchmark.source_title
        assert benchmark.year is not None and benchmark.period
        assert benchmark.population


def test_an_analysts_correction_of_a_reference_figure_survives_a_reload(session):
    load_reference_benchmarks(session=session)
    comcast = next(b for b in list_benchmarks(session=session) if b.name == "Comcast")
    corrected = next(r for r in reference_rows() if r.name == "Comcast")
    update_benchmark(comcast.id, replace(corrected, method="checked"), session=session)
    assert load_reference_benchmarks(session=session) == 0
    assert [b.method for b in list_benchmarks(session=session) if b.name == "Comcast"] == ["checked"]


def test_a_deleted_reference_benchmark_comes_back_on_reload(session):
    load_reference_benchmarks(session=session)
    delete_benchmark(list_benchmarks(session=session)[0].id, session=session)
    assert load_reference_benchmarks(session=session) == 1


def test_a_fresh_store_gets_the_reference_set_and_a_used_one_is_left_alone(session):
    assert load_reference_into_empty_store(session=session) == len(reference_rows())
    delete_benchmark(list_benchmarks(session=session)[0].id, session=session)
    assert load_reference_into_empty_store(session=session) == 0
    assert count_benchmarks(session=session) == len(reference_rows()) - 1


def test_a_store_with_only_an_analysts_benchmark_does_not_get_the_reference_set(session):
    add_benchmarks([JETBLUE], session=session, username="ana")
    assert load_reference_into_empty_store(session=session) == 0
    assert [b.name for b in list_benchmarks(session=session)] == ["JetBlue"]


def test_setup_on_a_new_store_loads_the_reference_set_once(tmp_path, capsys):
    from nps.cli import main
    from nps.db import make_engine

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert main(["--db", url, "setup"]) == 0
    assert f"reference benchmarks: {len(reference_rows())} loaded" in capsys.readouterr().out
    assert main(["--db", url, "setup"]) == 0
    assert "reference benchmarks" not in capsys.readouterr().out
    engine = make_engine(url)
    with Session(engine) as session:
        assert count_benchmarks(session=session) == len(reference_rows())
    engine.dispose()
