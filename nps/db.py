"""Engine creation and schema upgrades: SQLite under data/ by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def data_dir() -> Path:
    """Where the default SQLite file and generated secrets live (NPS_DATA_DIR overrides)."""
    return Path(os.environ.get("NPS_DATA_DIR", PROJECT_ROOT / "data"))


def database_url() -> str:
    """DATABASE_URL when set, else the SQLite file in the data directory."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return normalise_url(url)
    return f"sqlite:///{data_dir() / 'nps.db'}"


def normalise_url(url: str) -> str:
    """Accept the usual `postgres://` and `postgresql://` forms and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _configure_sqlite(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: `database_url()`), with SQLite tuned for a multi-user web app."""
    url = normalise_url(url) if url else database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration; safe to run at every start."""
    command.upgrade(alembic_config(engine), "head")


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


class StoreUnavailable(Exception):
    """The configured database cannot be used; the message is one line an operator can act on."""


def open_store(url: str | None = None, *, create: bool = False) -> Engine:
    """An engine on a reachable store with the newest schema.

    Only `create=True` (the `setup` command) may create a new SQLite file and its folder: a mistyped path must
    not leave an empty store behind. Raises StoreUnavailable instead of a driver's traceback.
    """
    url = normalise_url(url) if url else database_url()
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreUnavailable(
            "the database URL (--db or DATABASE_URL) is not a database URL: expected sqlite:///PATH or postgresql://USER@HOST/DATABASE"
        ) from error
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise StoreUnavailable(f"the database URL uses {backend!r}; the store runs on SQLite or PostgreSQL only")
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.is_file():
            raise StoreUnavailable(f"there is no store at {path}: run `python -m nps setup` to create one")
    shown = parsed.render_as_string(hide_password=True)
    try:
        engine = make_engine(url)
        with engine.connect():
            pass
        upgrade_schema(engine)
    except DBAPIError as error:
        reason = str(error.orig or error).strip().splitlines()[0] if str(error.orig or error).strip() else "no answer"
        raise StoreUnavailable(f"the database at {shown} cannot be used: {reason}") from error
    except ModuleNotFoundError as error:
        raise StoreUnavailable(f"DATABASE_URL names a driver that is not installed ({error.name})") from error
    return engine
