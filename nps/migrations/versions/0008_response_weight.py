"""response.weight: a survey weight per response, for weighted NPS with Kish's effective sample size

Revision ID: 0008
Revises: 0007

NULL means weight 1, so existing responses keep their unweighted figures. Weighted figures are summed from
`response` (SUM(w), SUM(w*w) per category); the daily roll-up stays a count of responses.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("response", sa.Column("weight", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("response") as batch:
        batch.drop_column("weight")
