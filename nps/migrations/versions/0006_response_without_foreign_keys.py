"""response: no foreign-key constraints and no batch index, so a million-row import is not checked row by row

Revision ID: 0006
Revises: 0005

`response` is the fact table: a million rows arrive in one import. Its references to `survey`, `import_batch`
and `respondent` are written only by the import writer, which creates the survey, the batch and the profiles
in the same transaction, and removed only by `store.delete_batch`, which deletes the responses before what they
point to; `tests/store/test_references.py` checks that no response is ever left pointing nowhere. Checking each
row anyway cost 9.5 s of a 1M-row PostgreSQL import (three row-level triggers per row) and 1.7 s on SQLite,
measured in docs/benchmarks.md. `ix_response_batch_id` served only a batch rollback, a rare admin action that
may scan the table; it cost about 0.7 s of every million-row import. Tables that point at `response` (follow-ups,
themes, tags, search) keep their constraints.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFERENCES = (("survey_id", "survey"), ("batch_id", "import_batch"), ("respondent_id", "respondent"))
SQLITE_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s"}
"""SQLite's constraints were created unnamed; batch mode names them by this convention so they can be dropped."""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("response", naming_convention=SQLITE_NAMES) as batch:
            for column, _table in REFERENCES:
                batch.drop_constraint(f"fk_response_{column}", type_="foreignkey")
            batch.drop_index("ix_response_batch_id")
        return
    for column, _table in REFERENCES:
        op.drop_constraint(f"response_{column}_fkey", "response", type_="foreignkey")
    op.drop_index("ix_response_batch_id", table_name="response")


def downgrade() -> None:
    with op.batch_alter_table("response") as batch:
        batch.create_index("ix_response_batch_id", ["batch_id"], unique=False)
        for column, table in REFERENCES:
            batch.create_foreign_key(f"fk_response_{column}", table, [column], ["id"])
