"""Store fixtures: a migrated SQLite file per test, and a scratch PostgreSQL database per test run (on a server the
run starts itself when none is listening: tests/postgres_cluster.py)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from nps.db import make_engine, upgrade_schema
from tests.mail_servers import smtp_server, webhook_receiver  # noqa: F401 (fixtures for every test)
from tests.postgres_cluster import DEFAULT_URL, throwaway_cluster

CONFIGURED_POSTGRES_URL = os.environ.get("NPS_TEST_POSTGRES_URL")


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'nps.db'}")
    upgrade_schema(engine)
    yield engine
    engine.dispose()


def _reachable(url: str) -> bool:
    probe = create_engine(url)
    try:
        with probe.connect():
            return True
    except OperationalError:
        return False
    finally:
        probe.dispose()


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """The configured server, else the local one on 5432, else a throw-away cluster this run starts itself."""
    if CONFIGURED_POSTGRES_URL:
        yield CONFIGURED_POSTGRES_URL
        return
    if _reachable(DEFAULT_URL):
        yield DEFAULT_URL
        return
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A scratch database, created for this run and dropped after it."""
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    name = f"nps_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_admin_url.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def _migrated_postgres(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    upgrade_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine(_migrated_postgres: Engine) -> Iterator[Engine]:
    """The migrated scratch database, emptied before each test."""
    tables = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    with _migrated_postgres.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield _migrated_postgres


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request) -> Engine:
    """Every store test runs on both databases the product supports."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_engine")
    return request.getfixturevalue("postgres_engine")
