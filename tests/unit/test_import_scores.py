"""Scores: whole numbers 0–10 however the tool wrote them; anything else rejected with a reason."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nps.importing import open_export
from nps.importing.scores import parse_scores
from tests.fixtures.exports import generic_rows


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("0", 0), ("10", 10), (" 7 ", 7), ("9.0", 9), ("6,0", 6), ("0 - Not at all likely", 0),
        ("10 - Extremely likely", 10), ("10 (Extremely likely)", 10), ("Not at all likely - 0", 0),
    ],
)  # fmt: skip
def test_scores_are_read_from_numbers_and_labels(text: str, score: int) -> None:
    scores, reasons = parse_scores(pd.Series([text], dtype="str"))
    assert scores.tolist() == [score]
    assert reasons.isna().all()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("7.5", 'score "7.5" is not a whole number'),
        ("11", 'score "11" is outside 0–10'),
        ("-1", 'score "-1" is outside 0–10'),
        ("great", 'score "great" is not a number from 0 to 10'),
        ("Promoter", 'score "Promoter" is not a number from 0 to 10'),
        ("", "missing score"),
        (None, "missing score"),
    ],
)
def test_invalid_scores_are_rejected_with_a_reason(text: str | None, reason: str) -> None:
    scores, reasons = parse_scores(pd.Series([text], dtype="str"))
    assert scores.isna().all()
    assert reasons.tolist() == [reason]


@given(st.integers(0, 10))
def test_every_whole_score_survives(score: int) -> None:
    assert parse_scores(pd.Series([str(score), f"{score}.0"], dtype="str"))[0].tolist() == [score, score]


@given(st.text(max_size=20))
def test_any_text_gives_either_a_valid_score_or_a_reason(text: str) -> None:
    scores, reasons = parse_scores(pd.Series([text], dtype="str"))
    assert scores.isna().iloc[0] != reasons.isna().iloc[0]
    if scores.notna().iloc[0]:
        assert 0 <= scores.iloc[0] <= 10


def test_rejected_scores_are_reported_with_their_spreadsheet_row_and_column() -> None:
    chunk = next(open_export(generic_rows(["9", "7.5", "11", "-1", "meh", "", "10"])).iter_chunks())
    assert chunk.frame["score"].tolist() == [9, 10]
    assert chunk.rows_read == 7
    assert [(issue.row, issue.column) for issue in chunk.rejected] == [(3, "Score"), (4, "Score"), (5, "Score"),
                                                                       (6, "Score"), (7, "Score")]  # fmt: skip
    assert chunk.rejected[-1].reason == "missing score"


def test_the_text_na_is_a_value_not_a_missing_cell() -> None:
    frame = next(open_export(generic_rows(["9"])).iter_chunks()).frame
    assert frame["Region"].tolist() == ["NA"]
