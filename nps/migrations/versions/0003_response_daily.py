"""daily roll-up of responses per survey, segment value and score; two response indexes it makes redundant

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 14:40:00

`response_daily` holds counts per day × survey × value of one segment attribute × score, so the Overview's
aggregates read tens of thousands of rows instead of a million (docs/benchmarks.md). The upgrade fills it from
the responses already stored. `ix_response_survey_day` and `ix_response_score_day` go: the Overview reads the
roll-up, the remaining `ix_response_day_score` (day, score, survey) still covers date/score/survey filters on the
base table, and each index cost about 0.75 s of a million-row import on SQLite.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCORE_COLUMNS = [f"score_{score}" for score in range(11)]
SEGMENT_SLOTS = 16


def upgrade() -> None:
    op.create_table(
        "response_daily",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in SCORE_COLUMNS],
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"]),
        sa.PrimaryKeyConstraint("survey_id", "slot", "value", "day"),
    )
    with op.batch_alter_table("response_daily", schema=None) as batch_op:
        batch_op.create_index("ix_response_daily_slot_day", ["slot", "day"], unique=False)
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index("ix_response_survey_day")
        batch_op.drop_index("ix_response_score_day")
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    response = sa.table(
        "response",
        sa.column("survey_id"),
        sa.column("responded_on"),
        sa.column("score"),
        sa.column("comment_length"),
        *[sa.column(f"seg_{slot}") for slot in range(1, SEGMENT_SLOTS + 1)],
    )
    daily = sa.table(
        "response_daily",
        *[sa.column(name) for name in ["survey_id", "slot", "value", "day", *SCORE_COLUMNS, "comments"]],
    )
    attribute = sa.table("attribute", sa.column("slot"))
    slots = [0, *bind.execute(sa.select(attribute.c.slot)).scalars()]
    for slot in slots:
        value = sa.literal("") if slot == 0 else sa.func.coalesce(response.c[f"seg_{slot}"], "")
        counts = [sa.func.sum(sa.case((response.c.score == score, 1), else_=0)) for score in range(11)]
        counts.append(sa.func.sum(sa.case((response.c.comment_length > 0, 1), else_=0)))
        rows = sa.select(
            response.c.survey_id, sa.literal(slot, sa.Integer), value, response.c.responded_on, *counts
        ).group_by(response.c.survey_id, value, response.c.responded_on)
        bind.execute(daily.insert().from_select(list(daily.c.keys()), rows))


def downgrade() -> None:
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index("ix_response_score_day", ["score", "responded_on"], unique=False)
        batch_op.create_index("ix_response_survey_day", ["survey_id", "responded_on", "score"], unique=False)
    with op.batch_alter_table("response_daily", schema=None) as batch_op:
        batch_op.drop_index("ix_response_daily_slot_day")
    op.drop_table("response_daily")
