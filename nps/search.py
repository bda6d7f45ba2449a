"""Substring search over comments in any language, using the database's own trigram index.

Comments are folded (case and Latin accents removed: "Żółta" → "zolta") into `comment_search` by
`index_pending_comments`, which the analysis step runs after every import. SQLite searches the FTS5 trigram
table over that copy; PostgreSQL a LIKE served by a pg_trgm GIN index. A trigram index cannot answer a
query shorter than three characters (a two-character Chinese word like 价格), so those fall back to LIKE.
See docs/search.md for the measurements behind these choices.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    ColumnElement,
    Engine,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    func,
    insert,
    literal,
    select,
    text,
)
from sqlmodel import Session

from nps.claims import take_writer_turn
from nps.i18n import N_, TranslatableError, TranslatableText
from nps.models import Response
from nps.text import ANALYSED_CHARS
from nps.text.tokens import fold

TRIGRAM = 3
INDEX_BATCH = 5_000
FOLD_MEMO = 100_000
"""Distinct texts whose folded copy is remembered within one indexing run."""
MAX_QUERY_CHARS = 200
"""Longer queries are refused: on SQLite a 1,000-character phrase took 2 s over 1M comments, 10,000 took 104 s."""
FTS_PHRASE_CHARS = 16
"""SQLite: the index is asked for at most this much of the query (about 14 trigram lists, whatever the query's
length); the candidates it returns are then checked for the whole query with LIKE."""


class SearchQueryError(TranslatableError):
    """A search that is refused; the message says why, for the person searching."""


def query_problem(query: str) -> TranslatableText | None:
    """Why a search query is refused (too long), or None when it can run."""
    if len(query) > MAX_QUERY_CHARS:
        return TranslatableText(
            N_(
                "The search is {length} characters long; at most {maximum} are allowed. "
                "Search for a shorter, distinctive part of the text."
            ),
            length=f"{len(query):,}",
            maximum=MAX_QUERY_CHARS,
        )
    return None


_metadata = MetaData()
comment_search = Table(
    "comment_search",
    _metadata,
    Column("response_id", Integer, primary_key=True),
    Column("folded", Text, nullable=False),
)
"""Created by migration 0002, kept off SQLModel.metadata (it is an index, not a model)."""

_fts = Table("comment_search_fts", _metadata, Column("rowid", Integer))


_FTS_FILL = text(
    "INSERT INTO comment_search_fts(rowid, folded) "
    "SELECT response_id, folded FROM comment_search WHERE response_id BETWEEN :first AND :last"
)
"""Feeds the FTS5 index one batch at a time (3–6× faster than a per-row trigger; see migration 0004)."""


def fold_for_search(value: str) -> str:
    """The one folding applied to stored comments and to queries alike (whitespace runs become one space)."""
    return " ".join(fold(value).split())


def hit_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query occurs in the text as written, (start, end) in characters, found as the search finds it:
    after the same folding (case, accents), so "zolta" marks "Żółta"."""
    needle = fold_for_search(query)
    if not needle or not text:
        return []
    folded_chars: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        for folded in fold(char):
            folded_chars.append(folded)
            origin.append(position)
    haystack = "".join(folded_chars)
    spans: list[tuple[int, int]] = []
    start = haystack.find(needle)
    while start >= 0:
        spans.append((origin[start], origin[start + len(needle) - 1] + 1))
        start = haystack.find(needle, start + len(needle))
    return spans


def like_pattern(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(value: str) -> str:
    """An FTS5 string literal: the whole query as one phrase, so trigram matching is plain substring."""
    return '"' + value.replace('"', '""') + '"'


def matching_ids(query: str, dialect: str) -> Select | None:
    """A SELECT of the response ids whose comment contains `query` (None for a blank query).

    Raises SearchQueryError for a query over MAX_QUERY_CHARS.
    """
    problem = query_problem(query)
    if problem:
        raise SearchQueryError(problem.template, **problem.params)
    folded = fold_for_search(query)
    if not folded:
        return None
    # LIKE, not ILIKE, on PostgreSQL too: both sides are already case-folded, and ILIKE lower-cases every row
    # again (a two-character query scanned 387,781 comments in 162 ms with ILIKE, 42 ms with LIKE).
    contains = comment_search.c.folded.like(like_pattern(folded), escape="\\")
    if dialect == "sqlite" and len(folded) >= TRIGRAM:
        phrase = _fts_phrase(folded[:FTS_PHRASE_CHARS])
        candidates = select(_fts.c.rowid).where(text("comment_search_fts MATCH :phrase").bindparams(phrase=phrase))
        if len(folded) <= FTS_PHRASE_CHARS:
            return candidates
        return select(comment_search.c.response_id).where(comment_search.c.response_id.in_(candidates), contains)
    return select(comment_search.c.response_id).where(contains)


def search_condition(query: str, id_column: ColumnElement, dialect: str) -> ColumnElement[bool] | None:
    """`id_column IN (ids matching query)`; None when the query is blank (no condition)."""
    ids = matching_ids(query, dialect)
    return None if ids is None else id_column.in_(ids)


def count_unindexed(*, engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(_unindexed().subquery())).scalar_one())


def _unindexed() -> Select:
    indexed = select(literal(1)).where(comment_search.c.response_id == Response.id).exists()
    prefix = func.substr(Response.comment, 1, ANALYSED_CHARS)
    return select(Response.id, prefix).where(Response.comment_length > 0, ~indexed)


_PG_INSERT_NEW = text(
    "INSERT INTO comment_search (response_id, folded) "
    "SELECT * FROM unnest(CAST(:ids AS integer[]), CAST(:folded AS text[])) ON CONFLICT DO NOTHING"
)
"""PostgreSQL, one statement per batch: a comment indexed by a concurrent analyser since this one read it is
skipped, not an error. (No row locks here: skipping rows another analyser has locked for its analysis left them
unindexed.)"""


def _insert_new(session: Session, values: list[dict[str, object]]) -> None:
    if session.connection().dialect.name == "postgresql":
        ids = [value["response_id"] for value in values]
        session.execute(_PG_INSERT_NEW, {"ids": ids, "folded": [value["folded"] for value in values]})
        return
    session.execute(insert(comment_search), values)
    first, last = values[0]["response_id"], values[-1]["response_id"]
    session.execute(_FTS_FILL, {"first": first, "last": last})


def index_pending_comments(
    *, engine: Engine, progress: Callable[[int, int], None] | None = None, batch_size: int = INDEX_BATCH
) -> int:
    """Add the folded copy of every comment not yet searchable; returns how many were added.

    Runs in batches in id order, each batch its own transaction, so a long run can be interrupted and resumed.
    Each distinct text is folded once (large exports repeat their comments).
    """
    total = count_unindexed(engine=engine)
    done = 0
    last_id = 0
    folded: dict[str, str] = {}
    while True:
        with Session(engine) as session:
            if engine.dialect.name == "sqlite":
                take_writer_turn(session)
            rows = session.execute(
                _unindexed().where(Response.id > last_id).order_by(Response.id).limit(batch_size)
            ).all()
            if not rows:
                break
            if len(folded) > FOLD_MEMO:
                folded.clear()
            values = []
            for rid, comment in rows:
                if comment:
                    copy = folded.get(comment)
                    if copy is None:
                        copy = folded[comment] = fold_for_search(comment)
                    values.append({"response_id": rid, "folded": copy})
            if values:
                _insert_new(session, values)
            session.commit()
        last_id = rows[-1][0]
        done += len(rows)
        if progress:
            progress(done, total)
    return done


def rebuild_search_index(*, engine: Engine) -> int:
    """Drop and refill the folded copies (after a change of the folding rules)."""
    with engine.begin() as connection:
        connection.execute(comment_search.delete())
        if engine.dialect.name == "sqlite":
            connection.execute(text("INSERT INTO comment_search_fts(comment_search_fts) VALUES ('delete-all')"))
    return index_pending_comments(engine=engine)
