"""SQLite: the day index also holds every segment slot, so the base table's filtered group-bys read the index alone

Revision ID: 0007
Revises: 0006

The Overview reads the daily roll-up whenever one segment attribute is involved. Two attributes at once (a
filter on region, a breakdown by plan) need the responses themselves: through
`ix_response_day_score` (day, score, survey) SQLite then looked up every response of the period in the table
(57 ms for the 127,097 responses of a quarter at 1M rows, docs/benchmarks.md). With the segment columns in the
index the same query reads only the index, in about half the time (34 ms); the import was not measurably slower
(16.4–18.6 s before, 17.2–17.8 s after, on a day this machine ran slow). `language` stays out: the analysis step
sets it after the import, and every such update would rewrite the index entry. PostgreSQL keeps the narrow index: its
B-tree entries are capped at about 2.7 kB, which sixteen 200-character segment values could exceed, and its
index-only scans depend on the visibility map, so it would gain less.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DAY_COLUMNS = ["responded_on", "score", "survey_id"]
COVERING_COLUMNS = [*DAY_COLUMNS, *[f"seg_{slot}" for slot in range(1, 17)]]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index("ix_response_day_score", table_name="response")
    op.create_index("ix_response_day_segments", "response", COVERING_COLUMNS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index("ix_response_day_segments", table_name="response")
    op.create_index("ix_response_day_score", "response", DAY_COLUMNS)
