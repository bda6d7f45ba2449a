"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 13:37:51.278496
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_app_user_username"), ["username"], unique=True)

    op.create_table(
        "attribute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("slot"),
    )
    op.create_table(
        "benchmark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("industry", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("nps", sa.Float(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("source_title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("source_url", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("population", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("n", sa.Integer(), nullable=True),
        sa.Column("promoters", sa.Integer(), nullable=True),
        sa.Column("passives", sa.Integer(), nullable=True),
        sa.Column("detractors", sa.Integer(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "respondent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("customer_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("respondent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_respondent_key"), ["key"], unique=True)

    op.create_table(
        "survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("mapping_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_name"), ["name"], unique=True)

    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("keywords_json", sa.Text(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("detected_format", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("excluded", sa.Integer(), nullable=False),
        sa.Column("report_json", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batch_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_batch_survey_id"), ["survey_id"], unique=False)

    op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("dedup_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("responded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("comment_length", sa.Integer(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("sentiment", sa.Float(), nullable=True),
        sa.Column("extra", sa.Text(), nullable=True),
        sa.Column("seg_1", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_2", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_3", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_4", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_5", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_6", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_7", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_8", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_9", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_10", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_11", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_12", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_13", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_14", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_15", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("seg_16", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondent.id"],
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey_id", "dedup_key", name="uq_response_survey_dedup"),
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index("ix_response_day_score", ["responded_on", "score", "survey_id"], unique=False)
        batch_op.create_index("ix_response_respondent_day", ["respondent_id", "responded_at"], unique=False)
        batch_op.create_index("ix_response_score_day", ["score", "responded_on"], unique=False)
        batch_op.create_index("ix_response_survey_day", ["survey_id", "responded_on", "score"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_status"), ["status"], unique=False)

    op.create_table(
        "follow_up_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_event_response_id"), ["response_id"], unique=False)

    op.create_table(
        "response_tag",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("tag", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
        ),
        sa.PrimaryKeyConstraint("response_id", "tag"),
    )
    with op.batch_alter_table("response_tag", schema=None) as batch_op:
        batch_op.create_index("ix_response_tag_tag", ["tag", "response_id"], unique=False)

    op.create_table(
        "response_theme",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
        ),
        sa.PrimaryKeyConstraint("response_id", "theme_id"),
    )
    with op.batch_alter_table("response_theme", schema=None) as batch_op:
        batch_op.create_index("ix_response_theme_theme", ["theme_id", "response_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("response_theme", schema=None) as batch_op:
        batch_op.drop_index("ix_response_theme_theme")

    op.drop_table("response_theme")
    with op.batch_alter_table("response_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_response_tag_tag")

    op.drop_table("response_tag")
    with op.batch_alter_table("follow_up_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_event_response_id"))

    op.drop_table("follow_up_event")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_status"))

    op.drop_table("follow_up")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index("ix_response_survey_day")
        batch_op.drop_index("ix_response_score_day")
        batch_op.drop_index("ix_response_respondent_day")
        batch_op.drop_index("ix_response_day_score")
        batch_op.drop_index(batch_op.f("ix_response_batch_id"))

    op.drop_table("response")
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batch_survey_id"))
        batch_op.drop_index(batch_op.f("ix_import_batch_sha256"))

    op.drop_table("import_batch")
    op.drop_table("theme")
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_name"))

    op.drop_table("survey")
    with op.batch_alter_table("respondent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_respondent_key"))

    op.drop_table("respondent")
    op.drop_table("benchmark")
    op.drop_table("attribute")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_user_username"))

    op.drop_table("app_user")
    op.drop_table("app_setting")
