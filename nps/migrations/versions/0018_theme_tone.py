"""response_theme.sentiment: the tone of what a comment says about each of its themes

Revision ID: 0018
Revises: 0017

One comment can be negative about price and positive about staff. Existing matches get NULL, read as the
comment's own tone, until the comments are analysed or the themes re-matched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("response_theme", sa.Column("sentiment", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("response_theme") as batch:
        batch.drop_column("sentiment")
