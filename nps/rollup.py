"""The daily roll-up `response_daily`: counts per day × survey × segment value × score, kept beside `response`.

At a million responses a group-by over `response` costs SQLite about half a second; the same figure read from
the roll-up (a few tens of thousands of rows) takes milliseconds. `nps.queries` reads it whenever the filters
involve at most one segment attribute and no per-respondent de-duplication, and the base table otherwise.

The roll-up is only right if every write to `response` updates it in the same transaction: the import writer
adds the counts it computed while writing (`DailyCounter`), tests and other writers call `add_batch`, a batch
rollback calls `remove_batch` before deleting the rows. Measurements behind this: docs/benchmarks.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, Integer, and_, case, delete, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from nps.models import Response, ResponseDaily, SurveyAttribute

SCORES = range(11)
SCORE_COLUMNS = [f"score_{score}" for score in SCORES]
COUNT_COLUMNS = [*SCORE_COLUMNS, "comments"]
KEY_COLUMNS = ["survey_id", "slot", "value", "day"]
TOTAL_SLOT = 0
NOT_SET = ""
"""The roll-up's value for a missing attribute value (the import stores blank cells as missing, never as "")."""


def _upsert(session: Session):
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    table = ResponseDaily.__table__  # type: ignore[attr-defined]
    statement = module.insert(table)
    return statement.on_conflict_do_update(
        index_elements=KEY_COLUMNS,
        set_={name: table.c[name] + statement.excluded[name] for name in COUNT_COLUMNS},
    )


def _count_expressions(sign: int) -> list[ColumnElement]:
    expressions = [func.sum(case((Response.score == score, sign), else_=0)) for score in SCORES]
    expressions.append(func.sum(case((Response.comment_length > 0, sign), else_=0)))
    return expressions


def _add_from_responses(condition: ColumnElement[bool], sign: int, session: Session) -> None:
    """Add (sign 1) or subtract (sign −1) the counts of the responses matching `condition`; each slot is counted
    for the surveys that use it."""
    used = select(SurveyAttribute.slot).distinct().order_by(SurveyAttribute.slot)
    for slot in [TOTAL_SLOT, *session.execute(used).scalars()]:
        where = condition
        value = literal(NOT_SET)
        if slot != TOTAL_SLOT:
            value = func.coalesce(getattr(Response, f"seg_{slot}"), NOT_SET)
            surveys = select(SurveyAttribute.survey_id).where(SurveyAttribute.slot == slot)
            where = and_(condition, Response.survey_id.in_(surveys))  # type: ignore[attr-defined]
        rows = (
            select(
                Response.survey_id,
                literal(slot, Integer),
                value,
                Response.responded_on,
                *_count_expressions(sign),
            )
            .where(where)
            .group_by(Response.survey_id, value, Response.responded_on)
        )
        session.execute(_upsert(session).from_select([*KEY_COLUMNS, *COUNT_COLUMNS], rows))
    _prune(session)


def _prune(session: Session) -> None:
    total = sum((getattr(ResponseDaily, name) for name in SCORE_COLUMNS), start=literal(0))
    session.execute(delete(ResponseDaily).where(total == 0))


def add_slot(survey_id: int, slot: int, *, session: Session) -> None:
    """Give a slot newly assigned in a survey its counts: every response of that survey so far has no value for it.

    Keeps the invariant the queries rely on: for every slot a survey uses, its values (NOT_SET included) add up
    to the survey's total, so a breakdown by any attribute accounts for every response.
    """
    drop_slot(survey_id, slot, session=session)
    columns = [getattr(ResponseDaily, name) for name in COUNT_COLUMNS]
    rows = select(ResponseDaily.survey_id, literal(slot, Integer), literal(NOT_SET), ResponseDaily.day, *columns).where(
        ResponseDaily.slot == TOTAL_SLOT, ResponseDaily.survey_id == survey_id
    )
    session.execute(_upsert(session).from_select([*KEY_COLUMNS, *COUNT_COLUMNS], rows))


def drop_slot(survey_id: int, slot: int, *, session: Session) -> None:
    """Forget a survey's slot whose attribute none of its responses uses any more."""
    session.execute(delete(ResponseDaily).where(ResponseDaily.survey_id == survey_id, ResponseDaily.slot == slot))


def add_batch(batch_id: int, *, session: Session) -> None:
    """Count the responses of one batch in (for writers that insert rows without the import writer)."""
    _add_from_responses(Response.batch_id == batch_id, 1, session)


def remove_batch(batch_id: int, *, session: Session) -> None:
    """Take one batch's responses out of the counts; call it before deleting them."""
    _add_from_responses(Response.batch_id == batch_id, -1, session)


def remove_where(condition: ColumnElement[bool], *, session: Session) -> None:
    """Take the responses matching `condition` out of the counts, before changing or deleting them."""
    _add_from_responses(condition, -1, session)


def add_where(condition: ColumnElement[bool], *, session: Session) -> None:
    """Count the responses matching `condition` back in, after changing them."""
    _add_from_responses(condition, 1, session)


def rebuild(*, session: Session) -> None:
    """Recount everything from `response` (after a migration, or to repair)."""
    session.execute(delete(ResponseDaily))
    _add_from_responses(literal(True), 1, session)


def write_counts(frame: pd.DataFrame, *, session: Session) -> None:
    """Add a frame of KEY_COLUMNS + COUNT_COLUMNS (as `DailyCounter.frame` returns) to the roll-up."""
    if frame.empty:
        return
    rows = frame.to_dict("records")
    session.connection().execute(_upsert(session), rows)


_PARTS_KEPT = 40
"""Chunks' counts kept apart before they are summed: a ten-million-row import made 200 parts of ~15,000 rows."""


class DailyCounter:
    """Counts rows chunk by chunk while they are imported, for one survey; `frame()` gives the roll-up rows."""

    def __init__(self, survey_id: int) -> None:
        self.survey_id = survey_id
        self._parts: list[pd.DataFrame] = []

    def add(self, days: np.ndarray, scores: np.ndarray, commented: np.ndarray, segments: dict[int, Sequence]) -> None:
        """days: datetime64[D]; scores: 0–10; commented: bool; segments: slot → values (None when not set).

        `segments` must name every slot the survey uses, a file's missing ones as all None.
        """
        if len(days) == 0:
            return
        day_numbers = days.astype("datetime64[D]").astype("int64")
        first = int(day_numbers.min())
        day_codes = day_numbers - first
        width = int(day_codes.max()) + 1
        scores = np.asarray(scores, dtype="int64")
        commented = np.asarray(commented, dtype="int64")
        columns: list[tuple[int, np.ndarray, list[str]]] = [(TOTAL_SLOT, np.zeros(len(days), "int64"), [NOT_SET])]
        for slot, values in segments.items():
            codes, uniques = pd.factorize(pd.Series(values, dtype="object").fillna(NOT_SET))
            columns.append((slot, codes.astype("int64"), [str(value) for value in uniques]))
        for slot, codes, uniques in columns:
            cell = codes * width + day_codes
            size = len(uniques) * width
            by_score = np.bincount(cell * 11 + scores, minlength=size * 11).reshape(size, 11)
            comments = np.bincount(cell, weights=commented, minlength=size).astype("int64")
            present = np.flatnonzero(by_score.sum(axis=1))
            part = pd.DataFrame(by_score[present], columns=SCORE_COLUMNS)
            part["comments"] = comments[present]
            part.insert(0, "slot", slot)
            part.insert(1, "value", np.asarray(uniques, dtype="object")[present // width])
            part.insert(2, "day_number", present % width + first)
            self._parts.append(part)
        if len(self._parts) >= _PARTS_KEPT:  # each chunk's counts repeat the same days and values: sum them now
            self._parts = [self._summed()]

    def _summed(self) -> pd.DataFrame:
        return pd.concat(self._parts, ignore_index=True).groupby(["slot", "value", "day_number"], as_index=False).sum()

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame(columns=[*KEY_COLUMNS, *COUNT_COLUMNS])
        summed = self._summed()
        epoch = date(1970, 1, 1).toordinal()
        summed["day"] = [date.fromordinal(epoch + int(number)) for number in summed["day_number"]]
        summed["survey_id"] = self.survey_id
        result = summed[[*KEY_COLUMNS, *COUNT_COLUMNS]]
        return result.astype({name: "int64" for name in COUNT_COLUMNS})
