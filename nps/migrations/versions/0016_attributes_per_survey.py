"""attributes per survey: segment slots are allocated survey by survey

Revision ID: 0016
Revises: 0015

The store-wide `attribute` table gave each attribute name one of the 16 `seg_N` columns for every survey, so the
columns ran out after a few files. `survey_attribute` gives each survey its own 16: slot k may hold "Region" in one
survey and "Plan" in another. Each old (name, slot) becomes a row for every survey whose responses or invitations
have a value in that slot; the daily roll-up keeps the rows of the slots each survey uses (it counted every slot
for every survey before). Downgrading is possible while no slot holds different attributes in different surveys.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SLOTS = 16
attribute = sa.table("attribute", sa.column("id"), sa.column("name"), sa.column("slot"))
survey_attribute = sa.table(
    "survey_attribute",
    sa.column("survey_id"),
    sa.column("name"),
    sa.column("slot"),
    sa.column("label"),
    sa.column("hidden"),
    sa.column("created_by_batch"),
    sa.column("created_at"),
)
response_daily = sa.table("response_daily", sa.column("survey_id"), sa.column("slot"))
COUNT_COLUMNS = [*(f"score_{score}" for score in range(11)), "comments"]


def _surveys_with_values(connection: sa.Connection, slot: int) -> list[int]:
    surveys: set[int] = set()
    for table in ("response", "invitation"):
        rows = sa.table(table, sa.column("survey_id"), sa.column(f"seg_{slot}"))
        statement = sa.select(rows.c.survey_id).where(rows.c[f"seg_{slot}"].is_not(None)).distinct()
        surveys.update(connection.execute(statement).scalars())
    return sorted(surveys)


def upgrade() -> None:
    op.create_table(
        "survey_attribute",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("survey_id", sa.Integer(), sa.ForeignKey("survey.id"), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False, server_default=""),
        sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_by_batch", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("survey_id", "slot", name="uq_survey_attribute_slot"),
        sa.UniqueConstraint("survey_id", "name", name="uq_survey_attribute_name"),
    )
    connection = op.get_bind()
    now = datetime.now(UTC)
    for name, slot in connection.execute(sa.select(attribute.c.name, attribute.c.slot)).all():
        rows = [
            {"survey_id": survey_id, "name": name, "slot": slot, "label": "", "hidden": False, "created_at": now}
            for survey_id in _surveys_with_values(connection, slot)
        ]
        if rows:
            connection.execute(sa.insert(survey_attribute), rows)
    used = sa.select(survey_attribute.c.survey_id).where(survey_attribute.c.slot == response_daily.c.slot)
    connection.execute(
        sa.delete(response_daily).where(response_daily.c.slot != 0, ~response_daily.c.survey_id.in_(used))
    )
    op.drop_table("attribute")


def downgrade() -> None:
    connection = op.get_bind()
    pairs = connection.execute(sa.select(survey_attribute.c.name, survey_attribute.c.slot).distinct()).all()
    names_by_slot: dict[int, set[str]] = {}
    slots_by_name: dict[str, set[int]] = {}
    for name, slot in pairs:
        names_by_slot.setdefault(slot, set()).add(name)
        slots_by_name.setdefault(name, set()).add(slot)
    if any(len(names) > 1 for names in names_by_slot.values()) or any(len(s) > 1 for s in slots_by_name.values()):
        raise RuntimeError(
            "cannot downgrade: some segment slot holds different attributes in different surveys, which the "
            "store-wide attribute table of revision 0015 cannot express"
        )
    op.create_table(
        "attribute",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("slot", sa.Integer(), nullable=False, unique=True),
    )
    if pairs:
        connection.execute(sa.insert(attribute), [{"name": name, "slot": slot} for name, slot in sorted(pairs)])
    daily = sa.table(
        "response_daily",
        *(sa.column(name) for name in ["survey_id", "slot", "value", "day", *COUNT_COLUMNS]),
    )
    for slot in sorted(names_by_slot):
        users = sa.select(survey_attribute.c.survey_id).where(survey_attribute.c.slot == slot)
        rows = sa.select(
            daily.c.survey_id, sa.literal(slot), sa.literal(""), daily.c.day, *(daily.c[n] for n in COUNT_COLUMNS)
        ).where(daily.c.slot == 0, ~daily.c.survey_id.in_(users))
        connection.execute(sa.insert(daily).from_select(["survey_id", "slot", "value", "day", *COUNT_COLUMNS], rows))
    op.drop_table("survey_attribute")
