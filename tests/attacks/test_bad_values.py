"""Values that used to be misread silently: grouped thousands as scores, impossible times, unknown time zones."""

from __future__ import annotations

import pandas as pd
import pytest

from nps.importing.dates import DateReading, parse_dates
from nps.importing.reader import open_export
from nps.importing.scores import parse_scores


@pytest.mark.parametrize("written", ["1,000", "1.000", "10,000"])
def test_a_number_with_a_thousands_separator_is_not_a_score(written):
    scores, reasons = parse_scores(pd.Series([written, "9"]))
    assert scores.isna().iloc[0] and scores.iloc[1] == 9
    assert "thousands separator" in reasons.iloc[0]


@pytest.mark.parametrize("written", ["2026-01-05 25:61", "05/01/2026 10:61", "2026-01-05T23:59:60", "2026-01-05 24:30"])
def test_an_impossible_time_is_rejected_not_rolled_into_the_next_day(written):
    assert parse_dates(pd.Series([written]), DateReading(dayfirst=True)).isna().all()


def test_an_unknown_time_zone_abbreviation_is_a_row_reason_not_utc():
    data = b"score,date\n9,2026-01-05 10:00 XYZ\n8,2026-01-05 10:00 CET\n"
    chunk = next(open_export(data).iter_chunks())
    assert [issue.row for issue in chunk.rejected] == [2]
    assert "XYZ" in chunk.rejected[0].reason
    assert chunk.frame["responded_at"].tolist() == [pd.Timestamp("2026-01-05 09:00")]
