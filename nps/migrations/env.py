"""Alembic environment: the engine is handed over by `nps.db.upgrade_schema`, never read from an ini file.

On SQLite, foreign keys are switched off while migrating, as SQLite's own procedure for changing a table's
schema asks: batch mode rebuilds a table by dropping the old one, which would otherwise cascade to the tables
pointing at it. After a migration `PRAGMA foreign_key_check` makes sure the rebuilt tables still fit together.
"""

from alembic import context
from sqlalchemy import Connection, text
from sqlmodel import SQLModel

import nps.models  # noqa: F401  (registers every table on SQLModel.metadata)
from nps.db import make_engine


def migrate(connection: Connection, sqlite: bool) -> None:
    with connection.begin():
        context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=sqlite)
        before = context.get_context().get_current_revision()
        context.run_migrations()
        if sqlite and context.get_context().get_current_revision() != before:
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if broken:
                raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")


engine = context.config.attributes.get("engine") or make_engine()
with engine.connect() as connection:
    if engine.dialect.name != "sqlite":
        migrate(connection, sqlite=False)
    else:
        connection.execute(text("PRAGMA foreign_keys=OFF"))
        connection.commit()
        try:
            migrate(connection, sqlite=True)
        finally:
            connection.execute(text("PRAGMA foreign_keys=ON"))
            connection.commit()
