"""comment search: a folded copy of each comment, indexed by trigrams

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 14:30:00

SQLite 3.40 (the version Python ships here) has the FTS5 trigram tokenizer but not its
`remove_diacritics` option (3.45+), so accents are folded in Python (`nps.search.fold_for_search`)
and the folded text lives in `comment_search`. SQLite indexes it with an external-content FTS5 table
kept in sync by triggers on `comment_search`; PostgreSQL with a pg_trgm GIN index. Rows disappear with
their response (ON DELETE CASCADE), so a batch rollback needs no extra step. See docs/search.md.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE comment_search_fts USING fts5("
    "folded, content='comment_search', content_rowid='response_id', tokenize='trigram')",
    "CREATE TRIGGER comment_search_ai AFTER INSERT ON comment_search BEGIN "
    "INSERT INTO comment_search_fts(rowid, folded) VALUES (new.response_id, new.folded); END",
    "CREATE TRIGGER comment_search_ad AFTER DELETE ON comment_search BEGIN "
    "INSERT INTO comment_search_fts(comment_search_fts, rowid, folded) "
    "VALUES ('delete', old.response_id, old.folded); END",
    "CREATE TRIGGER comment_search_au AFTER UPDATE ON comment_search BEGIN "
    "INSERT INTO comment_search_fts(comment_search_fts, rowid, folded) "
    "VALUES ('delete', old.response_id, old.folded); "
    "INSERT INTO comment_search_fts(rowid, folded) VALUES (new.response_id, new.folded); END",
)


def upgrade() -> None:
    op.create_table(
        "comment_search",
        sa.Column("response_id", sa.Integer(), sa.ForeignKey("response.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("folded", sa.Text(), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_comment_search_trgm ON comment_search USING gin (folded gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("comment_search_au", "comment_search_ad", "comment_search_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS comment_search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_comment_search_trgm")
    op.drop_table("comment_search")
