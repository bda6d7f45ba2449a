"""theme.examples_json: example phrases that let a theme match comments by meaning, in any language

Revision ID: 0017
Revises: 0016

Existing themes get an empty list: they keep matching by their keywords alone until someone adds examples.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("theme", sa.Column("examples_json", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("theme") as batch:
        batch.drop_column("examples_json")
