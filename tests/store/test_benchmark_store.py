"""Benchmark store functions on the Alembic-migrated schema, on SQLite and PostgreSQL (the shared `engine`)."""

from dataclasses import replace

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

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


def data_version(engine: Engine) -> int:
    with Session(engine) as session:
        setting = session.get(AppSetting, DATA_VERSION_KEY)
    return int(setting.value) if setting else 0


def listed(engine: Engine, **kwargs) -> list[Benchmark]:
    with Session(engine) as session:
        return list_benchmarks(session=session, **kwargs)


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


def test_added_benchmarks_are_listed_with_their_provenance_and_author(engine):
    assert add_benchmarks([JETBLUE, GROCERY, SURVEYED], engine=engine, username="ana") == 3
    stored = listed(engine)
    assert [b.name for b in stored] == ["Acme Air", "JetBlue", "Grocery"]
    acme = stored[0]
    assert (acme.created_by, acme.promoters, acme.passives, acme.detractors, acme.n) == ("ana", 74, 75, 35, 184)


def test_listing_filters_by_kind_and_by_industry_ignoring_case(engine):
    add_benchmarks([JETBLUE, GROCERY, SURVEYED], engine=engine, username="ana")
    assert [b.name for b in listed(engine, kinds=["industry"])] == ["Grocery"]
    assert [b.name for b in listed(engine, industry="AIRLINES")] == ["Acme Air", "JetBlue"]
    assert listed(engine, kinds=[]) == []


def test_every_write_bumps_the_data_version(engine):
    add_benchmarks([JETBLUE], engine=engine, username="ana")
    after_add = data_version(engine)
    benchmark_id = listed(engine)[0].id
    update_benchmark(benchmark_id, GROCERY, engine=engine)
    after_update = data_version(engine)
    delete_benchmark(benchmark_id, engine=engine)
    assert 0 < after_add < after_update < data_version(engine)


def test_adding_nothing_leaves_the_data_version_alone(engine):
    assert add_benchmarks([], engine=engine, username="ana") == 0
    assert data_version(engine) == 0


def test_an_update_replaces_the_figures_but_keeps_the_author(engine):
    add_benchmarks([JETBLUE], engine=engine, username="ana")
    benchmark_id = listed(engine)[0].id
    updated = update_benchmark(benchmark_id, SURVEYED, engine=engine)
    assert (updated.id, updated.name, updated.nps, updated.n, updated.created_by) == (
        benchmark_id,
        "Acme Air",
        21.2,
        184,
        "ana",
    )


def test_updating_a_missing_benchmark_raises(engine):
    with pytest.raises(BenchmarkNotFound):
        update_benchmark(999, JETBLUE, engine=engine)


def test_deleting_twice_reports_that_there_was_nothing_left(engine):
    add_benchmarks([JETBLUE], engine=engine, username="ana")
    benchmark_id = listed(engine)[0].id
    assert delete_benchmark(benchmark_id, engine=engine) is True
    assert delete_benchmark(benchmark_id, engine=engine) is False
    assert listed(engine) == []


def test_the_reference_set_loads_and_loading_it_again_adds_nothing(engine):
    expected = len(reference_rows())
    assert load_reference_benchmarks(engine=engine) == expected
    assert load_reference_benchmarks(engine=engine) == 0
    stored = listed(engine)
    assert len(stored) == expected
    assert {b.created_by for b in stored} == {"reference"}


def test_every_loaded_reference_benchmark_has_a_source_year_and_population(engine):
    load_reference_benchmarks(engine=engine)
    for benchmark in listed(engine):
        assert benchmark.source_url and benchmark.source_title
        assert benchmark.year is not None and benchmark.period
        assert benchmark.population


def test_an_analysts_correction_of_a_reference_figure_survives_a_reload(engine):
    load_reference_benchmarks(engine=engine)
    comcast = next(b for b in listed(engine) if b.name == "Comcast")
    corrected = next(r for r in reference_rows() if r.name == "Comcast")
    update_benchmark(comcast.id, replace(corrected, method="checked"), engine=engine)
    assert load_reference_benchmarks(engine=engine) == 0
    assert [b.method for b in listed(engine) if b.name == "Comcast"] == ["checked"]


def test_a_deleted_reference_benchmark_comes_back_on_reload(engine):
    load_reference_benchmarks(engine=engine)
    delete_benchmark(listed(engine)[0].id, engine=engine)
    assert load_reference_benchmarks(engine=engine) == 1


def test_a_fresh_store_gets_the_reference_set_and_a_used_one_is_left_alone(engine):
    assert load_reference_into_empty_store(engine=engine) == len(reference_rows())
    delete_benchmark(listed(engine)[0].id, engine=engine)
    assert load_reference_into_empty_store(engine=engine) == 0
    assert count_benchmarks(engine=engine) == len(reference_rows()) - 1


def test_a_store_with_only_an_analysts_benchmark_does_not_get_the_reference_set(engine):
    add_benchmarks([JETBLUE], engine=engine, username="ana")
    assert load_reference_into_empty_store(engine=engine) == 0
    assert [b.name for b in listed(engine)] == ["JetBlue"]


def test_setup_on_a_new_store_loads_the_reference_set_once(tmp_path, capsys):
    from nps.cli import main
    from nps.db import make_engine

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert main(["--db", url, "setup"]) == 0
    assert f"reference benchmarks: {len(reference_rows())} loaded" in capsys.readouterr().out
    assert main(["--db", url, "setup"]) == 0
    assert "reference benchmarks" not in capsys.readouterr().out
    engine = make_engine(url)
    assert count_benchmarks(engine=engine) == len(reference_rows())
    engine.dispose()
