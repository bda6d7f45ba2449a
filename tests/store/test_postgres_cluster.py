"""The throw-away cluster the suite starts when no PostgreSQL server is listening holds a migrated store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from nps.db import make_engine, upgrade_schema
from tests.postgres_cluster import throwaway_cluster


def test_a_throwaway_cluster_takes_the_migrations_and_is_removed_afterwards():
    with throwaway_cluster() as url:
        engine = make_engine(url)
        upgrade_schema(engine)
        assert {"response", "survey", "app_user"} <= set(inspect(engine).get_table_names())
        engine.dispose()
        port = url.rsplit(":", 1)[1].split("/")[0]
    assert not any(Path("/tmp").glob(f"nps-pg-*/run/.s.PGSQL.{port}"))
