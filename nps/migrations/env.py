"""Alembic environment: the engine is handed over by `nps.db.upgrade_schema`, never read from an ini file."""

from alembic import context
from sqlmodel import SQLModel

import nps.models  # noqa: F401  (registers every table on SQLModel.metadata)
from nps.db import make_engine

engine = context.config.attributes.get("engine") or make_engine()

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
