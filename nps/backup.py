"""Backup and restore of the whole store, safe while the app runs.

SQLite: the online backup API copies a consistent snapshot page by page. PostgreSQL: `pg_dump` custom format,
restored with `pg_restore`; the client tools must be at least as new as the server. A restore goes only into
an empty store (no users, responses, batches or audit events) and refuses a backup whose schema is newer than
this code's migrations, since the code could not read it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select, text
from sqlmodel import Session

from nps.db import alembic_config, upgrade_schema
from nps.models import AuditEvent, ImportBatch, Response, User

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
_VERSION = re.compile(r"\(PostgreSQL\)\s*(\d+)")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator."""


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """The database address for the PostgreSQL client tools, with the password passed in the environment."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools (e.g. postgresql-client)")
    return path


def _check_client_version(engine: Engine, tool: str) -> None:
    """pg_dump refuses a newer server itself, but with a cryptic message; say it plainly first."""
    with engine.connect() as connection:
        server = int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    match = _VERSION.search(output)
    client = int(match.group(1)) if match else 0
    if client < server:
        raise BackupError(
            f"{Path(tool).name} is version {client} but the server is {server}: install client tools {server} or newer"
        )


def backup(engine: Engine, target: Path) -> None:
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name")
    if engine.dialect.name == "sqlite":
        source = engine.raw_connection()
        try:
            destination = sqlite3.connect(target)
            with destination:
                source.driver_connection.backup(destination)  # type: ignore[union-attr]
            destination.close()
        finally:
            source.close()
        return
    tool = _tool("pg_dump")
    _check_client_version(engine, tool)
    address, env = _libpq(engine)
    result = subprocess.run(
        [tool, "--format=custom", "--no-owner", f"--file={target}", address], capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(
            f"pg_dump failed: {result.stderr.strip().splitlines()[-1] if result.stderr else result.returncode}"
        )


def is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return all(
            session.execute(select(func.count()).select_from(table)).scalar_one() == 0
            for table in (User, Response, ImportBatch, AuditEvent)
        )


def _backup_revision(engine: Engine, source: Path, head: bytes) -> str | None:
    if engine.dialect.name == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError("this file is not a SQLite backup of the store (the store is SQLite)")
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    if not head.startswith(PG_DUMP_MAGIC):
        raise BackupError("this file is not a pg_dump backup of the store (the store is PostgreSQL)")
    listing = subprocess.run(
        [_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(source)],
        capture_output=True,
        text=True,
    )
    if listing.returncode != 0:
        raise BackupError(f"cannot read the backup: {listing.stderr.strip()}")
    rows = listing.stdout.split("FROM stdin;\n", 1)
    return rows[1].split("\n", 1)[0].strip() if len(rows) == 2 else None


def _check_revision(engine: Engine, revision: str | None) -> None:
    if revision is None:
        raise BackupError("the backup has no schema version; it was not made by `python -m nps backup`")
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    try:
        known = scripts.get_revision(revision)
    except Exception:
        known = None
    if known is None:
        raise BackupError(f"the backup's schema ({revision}) is newer than this code knows; upgrade the code first")


def restore(engine: Engine, source: Path) -> None:
    """Into an empty store only; the result is upgraded to this code's schema."""
    if not source.is_file():
        raise BackupError(f"no such file: {source}")
    if not is_empty(engine):
        raise BackupError("the store is not empty; restore only into a new, empty database")
    with source.open("rb") as file:
        head = file.read(16)
    _check_revision(engine, _backup_revision(engine, source, head))
    if engine.dialect.name == "sqlite":
        target = engine.raw_connection()
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_file:
                backup_file.backup(target.driver_connection)  # type: ignore[arg-type]
        finally:
            target.close()
    else:
        tool = _tool("pg_restore")
        _check_client_version(engine, tool)
        address, env = _libpq(engine)
        result = subprocess.run(
            [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", f"--dbname={address}", str(source)],
            capture_output=True,
            text=True,
            env=env,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed, nothing was restored: {result.stderr.strip()[-500:]}")
    engine.dispose()
    upgrade_schema(engine)
