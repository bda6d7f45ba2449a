"""Closing the loop: the outbox of e-mails and webhook calls, invitation lists, alert rules.

Revision ID: 0010
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", AutoString(length=16), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("subject", AutoString(length=500), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("purpose", AutoString(length=32), nullable=False),
        sa.Column("dedup_key", AutoString(length=200), nullable=True),
        sa.Column("status", AutoString(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_by", AutoString(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
    )
    op.create_index("ix_outbox_message_status", "outbox_message", ["status"])
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), sa.ForeignKey("survey.id"), nullable=False),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("import_batch.id"), nullable=False),
        sa.Column("respondent_id", sa.Integer(), sa.ForeignKey("respondent.id"), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("respond_by", UTCDateTime(), nullable=False),
        sa.Column("delivery", AutoString(length=16), nullable=False),
        *[sa.Column(f"seg_{slot}", AutoString(length=200), nullable=True) for slot in range(1, 17)],
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey_id", "respondent_id", "sent_at", name="uq_invitation_survey_person_sent"),
    )
    op.create_index("ix_invitation_survey_day", "invitation", ["survey_id", "sent_on"])
    op.create_index("ix_invitation_batch_id", "invitation", ["batch_id"])
    op.create_index("ix_invitation_respondent_id", "invitation", ["respondent_id"])
    op.create_table(
        "alert_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=100), nullable=False),
        sa.Column("when_expr", AutoString(length=500), nullable=False),
        sa.Column("theme", AutoString(length=100), nullable=False),
        sa.Column("where_json", sa.Text(), nullable=False),
        sa.Column("search", AutoString(length=200), nullable=False),
        sa.Column("mail_to", sa.Text(), nullable=False),
        sa.Column("webhook_url", AutoString(length=1000), nullable=False),
        sa.Column("create_follow_ups", sa.Boolean(), nullable=False),
        sa.Column("follow_up_owner", AutoString(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", AutoString(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("alert_rule")
    op.drop_table("invitation")
    op.drop_index("ix_outbox_message_status", table_name="outbox_message")
    op.drop_table("outbox_message")
