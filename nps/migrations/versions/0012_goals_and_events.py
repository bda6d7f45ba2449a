"""goal lines and dated events on the trends

Revision ID: 0012
Revises: 0011

`goal` holds one target NPS per scope (every survey or one, every segment or one attribute = value);
`trend_event` holds dated events ("price change", "app release") for every survey or one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey", AutoString(length=200), nullable=False),
        sa.Column("attribute", AutoString(length=200), nullable=False),
        sa.Column("value", AutoString(length=200), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("created_by", AutoString(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey", "attribute", "value", name="uq_goal_scope"),
    )
    op.create_table(
        "trend_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("text", AutoString(length=200), nullable=False),
        sa.Column("survey", AutoString(length=200), nullable=False),
        sa.Column("created_by", AutoString(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_trend_event_day", "trend_event", ["day"])


def downgrade() -> None:
    op.drop_index("ix_trend_event_day", table_name="trend_event")
    op.drop_table("trend_event")
    op.drop_table("goal")
