"""The one date parser: every style survey tools write, day/month order inferred per column, UTC out."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nps.importing import open_export
from nps.importing.dates import DateReading, _from_iso, _from_parts, choose_reading, date_evidence, parse_dates
from nps.importing.scores import as_arrow_text
from tests.fixtures.exports import generic_rows


def parsed(values: list[str | None], reading: DateReading | None = None) -> list[pd.Timestamp]:
    series = pd.Series(values, dtype="str")
    reading = reading or choose_reading(date_evidence(series)) or DateReading()
    return parse_dates(series, reading).tolist()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-14", "2024-03-14 00:00:00"),
        ("2024-03-14T10:15:32", "2024-03-14 10:15:32"),
        ("2024-03-14T10:15:32Z", "2024-03-14 10:15:32"),
        ("2024-03-14T10:15:32.250+01:00", "2024-03-14 09:15:32.250"),
        ("2024-03-14 10:15:32-0500", "2024-03-14 15:15:32"),
        ("2024/03/14 2:15:30 PM GMT+1", "2024-03-14 13:15:30"),
        ("2024/03/14 12:15:30 AM CET", "2024-03-13 23:15:30"),
        ("2024/03/14 2:15:30 PM GMT+05:30", "2024-03-14 08:45:30"),
        ("14.03.2024", "2024-03-14 00:00:00"),
        ("14.03.2024 10:15", "2024-03-14 10:15:00"),
        ("3/14/2024 2:05:01 PM", "2024-03-14 14:05:01"),
        ("3/14/2024 12:05:01 AM", "2024-03-14 00:05:01"),
        ("3/14/24 10:15", "2024-03-14 10:15:00"),
        ("11/1/2019 8:51:12", "2019-11-01 08:51:12"),
    ],
)
def test_every_written_style_reads_to_naive_utc(text: str, expected: str) -> None:
    reading = choose_reading(date_evidence(pd.Series([text, "12/31/2024"], dtype="str")), default_dayfirst=False)
    if "." in text:
        reading = DateReading(dayfirst=True)
    assert parsed([text], reading) == [pd.Timestamp(expected)]


def test_unix_epoch_seconds_and_milliseconds_are_told_apart_per_value() -> None:
    values = ["1710411332", "1710411332250"]
    reading = choose_reading(date_evidence(pd.Series(values, dtype="str")))
    assert reading == DateReading(kind="epoch")
    assert parsed(values, reading) == [pd.Timestamp("2024-03-14 10:15:32"), pd.Timestamp("2024-03-14 10:15:32.250")]


def test_excel_serial_numbers_read_as_days_since_1899() -> None:
    values = ["45365", "45365.5"]
    reading = choose_reading(date_evidence(pd.Series(values, dtype="str")))
    assert reading == DateReading(kind="excel")
    assert parsed(values, reading) == [pd.Timestamp("2024-03-14"), pd.Timestamp("2024-03-14 12:00")]


def test_numbers_are_not_dates_unless_the_header_says_so() -> None:
    assert choose_reading(date_evidence(pd.Series(["45365"], dtype="str")), numbers_allowed=False) is None


def test_a_first_part_above_12_anywhere_in_the_column_makes_it_day_first() -> None:
    reading = choose_reading(date_evidence(pd.Series(["03/05/2018 10:00", "13/05/2018 11:00"], dtype="str")))
    assert reading is not None
    assert (reading.dayfirst, reading.ambiguous) == (True, False)


def test_a_second_part_above_12_makes_it_month_first() -> None:
    reading = choose_reading(date_evidence(pd.Series(["03/05/2018", "05/13/2018"], dtype="str")))
    assert reading is not None
    assert (reading.dayfirst, reading.ambiguous) == (False, False)


def test_an_ambiguous_column_takes_the_default_and_says_it_was_a_guess() -> None:
    evidence = date_evidence(pd.Series(["03/05/2018", "04/06/2018"], dtype="str"))
    assert choose_reading(evidence, default_dayfirst=False) == DateReading(dayfirst=False, ambiguous=True)


def test_the_user_override_beats_the_evidence() -> None:
    evidence = date_evidence(pd.Series(["13/05/2018"], dtype="str"))
    assert choose_reading(evidence, dayfirst=False).dayfirst is False  # type: ignore[union-attr]


def test_an_iana_time_zone_converts_local_times_including_summer_time() -> None:
    reading = DateReading(timezone="Europe/Warsaw")
    assert parsed(["2024-01-15 10:00:00", "2024-07-15 10:00:00", "2024-07-15T10:00:00Z"], reading) == [
        pd.Timestamp("2024-01-15 09:00"),
        pd.Timestamp("2024-07-15 08:00"),
        pd.Timestamp("2024-07-15 10:00"),
    ]


def test_impossible_and_missing_dates_come_back_as_nat() -> None:
    assert pd.isna(parsed(["31/02/2024", "", None, "soon"], DateReading(dayfirst=True))).all()


def test_month_names_with_a_year_are_read() -> None:
    assert parsed(["14 March 2024", "Mar 15, 2024"], DateReading(dayfirst=True)) == [
        pd.Timestamp("2024-03-14"),
        pd.Timestamp("2024-03-15"),
    ]


def test_the_order_is_settled_by_a_value_far_beyond_the_first_rows() -> None:
    dates = ["01/02/2024 10:00"] * 1500 + ["25/02/2024 10:00"]
    reader = open_export(generic_rows(["9"] * len(dates), dates=dates))
    assert reader.dayfirst is True
    frame = next(reader.iter_chunks()).frame
    assert frame["responded_at"].iloc[0] == pd.Timestamp("2024-02-01 10:00")


def test_dayfirst_override_reaches_the_parsed_rows() -> None:
    data = generic_rows(["9", "7"], dates=["01/02/2024", "03/04/2024"])
    month_first = next(open_export(data, dayfirst=False).iter_chunks()).frame
    day_first = next(open_export(data, dayfirst=True).iter_chunks()).frame
    assert month_first["responded_at"].iloc[0] == pd.Timestamp("2024-01-02")
    assert day_first["responded_at"].iloc[0] == pd.Timestamp("2024-02-01")


def test_unreadable_and_missing_dates_reject_their_rows_with_the_value_quoted() -> None:
    data = generic_rows(["9", "7", "8"], dates=["2024-03-01", "someday", ""])
    chunk = next(open_export(data).iter_chunks())
    assert len(chunk.frame) == 1
    assert [(issue.row, issue.column, issue.reason) for issue in chunk.rejected] == [
        (3, "Date", 'date "someday" cannot be read'),
        (4, "Date", "missing date"),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)).map(
        lambda value: value.replace(microsecond=0)
    ),
    st.sampled_from(
        ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%d.%m.%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y/%m/%d %I:%M:%S %p"]
    ),
)
def test_any_timestamp_written_in_a_known_style_round_trips(value: datetime, style: str) -> None:
    assert parsed([value.strftime(style)], DateReading(dayfirst=True)) == [pd.Timestamp(value)]


_ISO_STYLES = {
    "date": "%Y-%m-%d",
    "minutes": "%Y-%m-%d %H:%M",
    "seconds T": "%Y-%m-%dT%H:%M:%S",
    "micro": "%Y-%m-%dT%H:%M:%S.%f",
}
_ZONES = ["", "Z", "+01:00", "-0530", "+02"]


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2060, 1, 1)), min_size=1),
    style=st.sampled_from(sorted(_ISO_STYLES)),
    zones=st.lists(st.sampled_from(_ZONES), min_size=1, max_size=3),
    timezone=st.sampled_from([None, "Europe/Warsaw", "America/New_York"]),
)
def test_the_iso_fast_path_reads_exactly_what_the_general_reading_does(values, style, zones, timezone) -> None:
    """Mixed or missing offsets, date-only values and summer-time gaps included; where pandas' ISO parser declines,
    the general path reads the chunk."""
    written = [
        value.strftime(_ISO_STYLES[style]) + ("" if style == "date" else zones[index % len(zones)])
        for index, value in enumerate(values)
    ]
    series = pd.Series(written, dtype="str")
    text = as_arrow_text(series)
    reading = DateReading(dayfirst=False, timezone=timezone)
    fast = _from_iso(series, text, timezone)
    general = _from_parts(series, text, reading)
    if fast is not None:
        pd.testing.assert_series_equal(fast, general, check_names=False)
    assert parse_dates(series, reading).tolist() == general.tolist()


def test_plain_iso_timestamps_take_the_fast_path() -> None:
    series = pd.Series(["2024-12-01T03:21:21Z", "2024-12-01T10:07:20Z"], dtype="str")
    assert _from_iso(series, as_arrow_text(series), None) is not None
    mixed = pd.Series(["2024-12-01T03:21:21Z", "2024-12-01 10:07"], dtype="str")
    assert _from_iso(mixed, as_arrow_text(mixed), None) is None
