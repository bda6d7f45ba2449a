"""Reads behind the Overview, meeting mode and exports, on SQLite and PostgreSQL."""

from datetime import date

from sqlalchemy import event, inspect

from nps import counting, queries
from nps.filters import Filters
from tests.factories import add_responses


def _seed(engine):
    add_responses(
        engine,
        [
            {"score": 2, "day": date(2026, 7, 1), "region": "Poland", "plan": "Free", "comment": "=1+1 late"},
            {"score": 5, "day": date(2026, 7, 3), "region": "Poland", "plan": "Pro", "comment": "slow"},
            {"score": 9, "day": date(2026, 7, 2), "region": "DACH", "plan": "Pro", "comment": "great"},
            {"score": 6, "day": date(2026, 7, 4), "region": "DACH", "plan": "Free"},
            {"score": 4, "day": date(2026, 8, 1), "region": "DACH", "plan": "Free", "comment": "outside"},
        ],
    )


def test_response_rows_stream_the_filtered_responses_in_chunks_with_attribute_columns(engine):
    _seed(engine)
    filters = Filters(start=date(2026, 7, 1), end=date(2026, 7, 31))
    chunks = list(queries.response_rows(filters, engine=engine, chunk_rows=2))
    assert [len(chunk) for chunk in chunks] == [2, 2]
    frame = chunks[0]
    assert list(frame.columns)[: len(queries.EXPORT_COLUMNS)] == queries.EXPORT_COLUMNS
    assert {"region", "plan"} <= set(frame.columns)
    everything = [row for chunk in chunks for row in chunk.itertuples()]
    assert [row.score for row in everything] == [2, 9, 5, 6]
    assert [row.category for row in everything] == ["detractor", "promoter", "detractor", "detractor"]


def test_response_rows_honour_exclusions_like_every_figure(engine):
    _seed(engine)
    filters = Filters(exclude=(("region", ("Poland",)),))
    rows = [row for chunk in queries.response_rows(filters, engine=engine) for row in chunk.itertuples()]
    assert len(rows) == counting.summary_counts(filters, engine=engine).n == 3


def test_detractor_comments_are_the_newest_first_and_skip_empty_comments(engine):
    _seed(engine)
    frame = queries.detractor_comments(Filters(end=date(2026, 7, 31)), engine=engine)
    assert frame["comment"].tolist() == ["slow", "=1+1 late"]


def test_chosen_comments_come_back_in_the_order_they_were_chosen(engine):
    _seed(engine)
    ids = queries.detractor_comments(Filters(), engine=engine)["id"].tolist()
    chosen = queries.comments_by_id(list(reversed(ids)), Filters(), engine=engine)
    assert chosen["id"].tolist() == list(reversed(ids))
    assert queries.comments_by_id([], Filters(), engine=engine).empty


def test_import_exclusions_sum_what_every_batch_left_out(engine):
    _seed(engine)
    assert queries.import_exclusions(Filters(), engine=engine) == {"rejected": 0, "excluded": 0, "duplicates": 0}


def test_on_sqlite_a_breakdown_filtered_by_another_attribute_reads_only_the_day_index(sqlite_engine):
    """The roll-up counts one attribute at a time; two at once go to `response`, and should not visit its rows."""
    _seed(sqlite_engine)
    plans: list[str] = []

    def explain(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "GROUP BY" in statement:
            plans.extend(row[3] for row in cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters))

    filters = Filters(start=date(2026, 7, 1), end=date(2026, 9, 30), include=(("region", ("Poland",)),))
    event.listen(sqlite_engine, "before_cursor_execute", explain)
    try:
        frame = counting.counts_by(filters, "plan", engine=sqlite_engine)
    finally:
        event.remove(sqlite_engine, "before_cursor_execute", explain)
    assert frame[["key", "n"]].values.tolist() == [["Free", 1], ["Pro", 1]]
    assert any("COVERING INDEX ix_response_day_segments" in plan for plan in plans), plans


def test_postgresql_keeps_the_narrow_day_index(postgres_engine):
    names = {index["name"] for index in inspect(postgres_engine).get_indexes("response")}
    assert "ix_response_day_score" in names and "ix_response_day_segments" not in names
