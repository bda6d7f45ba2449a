"""The daily roll-up gives the same figures as the base table, through imports, rollbacks and migrations."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from nps import counting, rollup, store
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.models import ResponseDaily

HEADER = "response_id,customer_id,submitted_at,score,comment,region,plan\n"
FIRST = [
    "R1,C1,2026-01-05T10:00:00Z,10,Great,Poland,Pro\n",
    "R2,C2,2026-01-05T23:30:00-02:00,3,Late,Thailand,\n",
    "R3,C1,2026-02-01T09:30:00Z,9,,Poland,Free\n",
    "R4,C3,2026-03-15T09:30:00Z,7,ok,,Free\n",
]
SECOND = [
    "R5,C4,2026-01-06T10:00:00Z,0,awful,Poland,Pro\n",
    "R6,C5,2026-04-01T10:00:00Z,8,,Thailand,Pro\n",
]
CASES = [
    Filters(),
    Filters(start=date(2026, 1, 1), end=date(2026, 3, 31)),
    Filters(include=(("region", ("Poland",)),)),
    Filters(exclude=(("region", ("Poland",)),)),
    Filters(start=date(2026, 1, 1), end=date(2026, 1, 31), include=(("plan", ("Pro", "Free")),)),
    Filters(surveys=("S",)),
]


def _csv(rows: list[str]) -> bytes:
    return (HEADER + "".join(rows)).encode()


def _figures(engine, filters: Filters) -> list[object]:
    figures: list[object] = [
        counting.summary_counts(filters, engine=engine),
        counting.comment_count(filters, engine=engine),
        counting.score_distribution(filters, engine=engine),
    ]
    figures += [counting.counts_by(filters, by, engine=engine) for by in ("week", "month", "quarter")]
    if not filters.include and not filters.exclude:
        figures += [counting.counts_by(filters, by, engine=engine) for by in ("region", "plan")]
    return figures


def _assert_roll_up_matches_base_table(engine) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(counting, "rollup_rows", lambda *args: None)
        expected = [_figures(engine, filters) for filters in CASES]
    for filters, wanted in zip(CASES, expected, strict=True):
        for got, want in zip(_figures(engine, filters), wanted, strict=True):
            if isinstance(want, pd.DataFrame):
                pd.testing.assert_frame_equal(got, want)
            else:
                assert got == want, filters


def _import(engine, rows: list[str]) -> int:
    csv = "survey," + HEADER
    body = "".join("S," + row for row in rows)
    report = import_file((csv + body).encode(), engine=engine, survey="S", username="u")
    assert report.batch_id is not None
    return report.batch_id


def test_the_roll_up_answers_like_the_base_table_after_imports(engine):
    _import(engine, FIRST)
    _import(engine, FIRST + SECOND)
    _assert_roll_up_matches_base_table(engine)
    assert counting.counts_by(Filters(), "plan", engine=engine)["key"].tolist() == ["(not set)", "Free", "Pro"]
    assert counting.attribute_values("plan", engine=engine) == ["Pro", "Free"]
    assert counting.attribute_values("region", engine=engine) == ["Poland", "Thailand"]


def test_rolling_back_a_batch_takes_its_counts_out_of_the_roll_up(engine):
    _import(engine, FIRST)
    second = _import(engine, SECOND)
    with Session(engine) as session:
        store.delete_batch(second, session=session)
        session.commit()
    _assert_roll_up_matches_base_table(engine)
    assert counting.summary_counts(Filters(), engine=engine).n == len(FIRST)


def test_a_rebuild_gives_back_the_counts_the_import_wrote(engine):
    _import(engine, FIRST + SECOND)
    columns = [ResponseDaily.survey_id, ResponseDaily.slot, ResponseDaily.value, ResponseDaily.day]
    statement = select(ResponseDaily).order_by(*columns)
    with Session(engine) as session:
        written = [row.model_dump() for row in session.execute(statement).scalars()]
        rollup.rebuild(session=session)
        session.commit()
    with Session(engine) as session:
        rebuilt = [row.model_dump() for row in session.execute(statement).scalars()]
    assert written == rebuilt
    assert len(written) > 0


def test_a_dry_run_or_a_reimport_adds_nothing_to_the_roll_up(engine):
    _import(engine, FIRST)
    with Session(engine) as session:
        before = session.execute(select(func.sum(ResponseDaily.score_10))).scalar_one()
    csv = ("survey," + HEADER + "".join("S," + row for row in FIRST + SECOND)).encode()
    import_file(csv, engine=engine, survey="S", username="u", dry_run=True)
    import_file(_csv(FIRST), engine=engine, survey="Other", username="u")
    with Session(engine) as session:
        total = session.execute(
            select(func.sum(ResponseDaily.score_10)).where(ResponseDaily.survey_id == 1)
        ).scalar_one()
    assert total == before


@pytest.mark.parametrize("by", ["region", "month"])
def test_a_second_attribute_or_latest_per_respondent_falls_back_to_the_base_table(engine, by):
    _import(engine, FIRST)
    slots = store.attribute_slots(engine=engine)
    assert counting.rollup_rows(Filters(), slots, by) is not None
    assert counting.rollup_rows(Filters(latest_per_respondent=True), slots, by) is None
    two = Filters(include=(("plan", ("Pro",)),))
    assert (counting.rollup_rows(two, slots, by) is None) == (by == "region")
    latest = counting.summary_counts(Filters(latest_per_respondent=True), engine=engine)
    assert latest.n == 3


OTHER_HEADER = "response_id,submitted_at,score,Region,channel\n"
OTHER = ["X1,2026-01-05T10:00:00Z,9,Poland,Web\n", "X2,2026-02-07T10:00:00Z,2,,iOS\n"]


def test_files_with_different_attributes_keep_every_breakdown_whole_through_a_rollback(engine):
    import_file(_csv(FIRST), engine=engine, survey="S", username="u")
    other = import_file((OTHER_HEADER + "".join(OTHER)).encode(), engine=engine, survey="T", username="u")
    assert list(store.attribute_slots(engine=engine)) == ["channel", "plan", "region"]
    for by in ("region", "plan", "channel"):
        assert counting.counts_by(Filters(), by, engine=engine)["n"].sum() == 6, by
    assert counting.counts_by(Filters(), "channel", engine=engine).set_index("key").loc["(not set)", "n"] == 4
    excluded = Filters(exclude=(("channel", ("Web",)),))
    assert counting.summary_counts(excluded, engine=engine).n == 5
    _assert_roll_up_matches_base_table(engine)
    with Session(engine) as session:
        store.delete_batch(other.batch_id, session=session)
        session.commit()
    assert list(store.attribute_slots(engine=engine)) == ["plan", "region"]
    assert store.list_surveys(engine=engine) == ["S"]
    with Session(engine) as session:
        smallest = session.execute(select(func.min(ResponseDaily.score_0 + ResponseDaily.score_9))).scalar()
    assert smallest >= 0
    _assert_roll_up_matches_base_table(engine)
    again = import_file((OTHER_HEADER + "".join(OTHER)).encode(), engine=engine, survey="T", username="u")
    assert again.imported == 2
    _assert_roll_up_matches_base_table(engine)
    assert counting.counts_by(Filters(), "channel", engine=engine)["n"].sum() == 6
