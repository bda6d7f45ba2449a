"""The one date parser of the importer: every timestamp style survey tools export, to naive UTC.

A column's style (day-first or month-first, epoch, Excel serial) is decided once from its values and
then applied to every chunk, vectorised with pyarrow regular expressions.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from nps.i18n import N_, CountedText
from nps.importing.scores import as_arrow_text

_DATE_TIME = (
    r"^\s*(?P<p1>\d{1,4})(?P<sep>[./-])(?P<p2>\d{1,2})[./-](?P<p3>\d{1,4})\.?"
    r"(?:(?:\s*[T,]\s*|\s+)(?P<hh>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<ss>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?"
    r"\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?)?"
    r"\s*(?P<zone>Z|[A-Za-z]{2,5})?\s*(?:(?P<osign>[+-])(?P<oh>\d{1,2}):?(?P<om>\d{2})?)?\s*$"
)
_ISO_DATE = r"^\s*\d{4}-\d{2}-\d{2}(?:$|[T ]\d)"
_NUMERIC = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")
_MONTH_NAME = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b.*\b(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\b.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
)
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_UNKNOWN_ZONE = float(10**9)

ZONE_OFFSETS_MINUTES = {
    "Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "WET": 0, "WEST": 60, "BST": 60, "IST": 330,
    "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "AEST": 600, "AEDT": 660, "ACST": 570, "ACDT": 630, "AWST": 480, "NZST": 720, "NZDT": 780,
    "JST": 540, "KST": 540, "HKT": 480, "SGT": 480, "SAST": 120, "WIB": 420, "BRT": -180, "ART": -180,
}  # fmt: skip


@dataclass(frozen=True)
class DateReading:
    """How one date column is written; decided from a sample, applied to every chunk.

    `kind` is `text`, `epoch` (seconds or milliseconds, told apart per value) or `excel` (serial days).
    `dayfirst` is None when the order never matters (ISO, year-first, numbers); `ambiguous` means no
    value settled it and the default was taken. `timezone` (an IANA name) is where times without an
    explicit offset are local, as Qualtrics states in its ImportId row.
    """

    kind: str = "text"
    dayfirst: bool | None = None
    ambiguous: bool = False
    timezone: str | None = None


@dataclass(frozen=True)
class DateEvidence:
    """What a column's values say about themselves: how many parse, and the largest first/second parts."""

    filled: int = 0
    parsed: int = 0
    numeric: int = 0
    largest_first: int = 0
    largest_second: int = 0
    dotted: int = 0
    median_number: float = float("nan")

    def __add__(self, other: DateEvidence) -> DateEvidence:
        return DateEvidence(
            self.filled + other.filled,
            self.parsed + other.parsed,
            self.numeric + other.numeric,
            max(self.largest_first, other.largest_first),
            max(self.largest_second, other.largest_second),
            self.dotted + other.dotted,
            self.median_number if not np.isnan(self.median_number) else other.median_number,
        )


def _field(parts: pa.StructArray, name: str) -> pa.Array:
    return pc.struct_field(parts, name)


def _flags(array: pa.Array) -> np.ndarray:
    return pc.fill_null(array, False).to_numpy(zero_copy_only=False).astype(bool)


def _ints(parts: pa.StructArray, name: str) -> np.ndarray:
    """A captured group as float numbers; NaN where the group is empty or absent."""
    text = _field(parts, name)
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    return pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)


def _filled_text(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    return text[values.notna() & (text != "")]


def date_evidence(values: pd.Series) -> DateEvidence:
    """Counts over a column (or a chunk of it) that decide its reading; add them up across chunks."""
    filled = _filled_text(values)
    if filled.empty:
        return DateEvidence()
    parts = pc.extract_regex(as_arrow_text(filled), _DATE_TIME)
    matched = parts.is_valid().to_numpy(zero_copy_only=False)
    p1_text = _field(parts, "p1")
    year_first = _flags(pc.equal(pc.utf8_length(p1_text), 4))
    order_known = matched & ~year_first
    first = _ints(parts, "p1")[order_known]
    second = _ints(parts, "p2")[order_known]
    dotted = _flags(pc.equal(_field(parts, "sep"), ".")) & order_known
    numeric_mask = filled.str.fullmatch(r"\d+(?:\.\d+)?").fillna(False).to_numpy(dtype=bool)
    numbers = pd.to_numeric(filled[numeric_mask], errors="coerce")
    month_named = filled[~matched & ~numeric_mask].str.contains(_MONTH_NAME).fillna(False)
    return DateEvidence(
        filled=len(filled),
        parsed=int(matched.sum() + month_named.sum()),
        numeric=int(numeric_mask.sum()),
        largest_first=int(np.nanmax(first)) if first.size else 0,
        largest_second=int(np.nanmax(second)) if second.size else 0,
        dotted=int(dotted.sum()),
        median_number=float(numbers.median()) if len(numbers) else float("nan"),
    )


def choose_reading(
    evidence: DateEvidence,
    *,
    dayfirst: bool | None = None,
    default_dayfirst: bool = True,
    numbers_allowed: bool = True,
    timezone: str | None = None,
) -> DateReading | None:
    """The reading that fits the evidence, or None when the values are not dates."""
    if evidence.filled == 0:
        return DateReading(dayfirst=default_dayfirst if dayfirst is None else dayfirst, timezone=timezone)
    if evidence.numeric >= 0.9 * evidence.filled:
        if not numbers_allowed:
            return None
        median = evidence.median_number
        if 20_000 <= median <= 80_000:
            return DateReading(kind="excel", timezone=timezone)
        if 1e8 <= median <= 1e13:
            return DateReading(kind="epoch")
        return None
    if evidence.parsed < 0.5 * evidence.filled:
        return None
    order_matters = evidence.largest_first > 0 or evidence.largest_second > 0
    if dayfirst is not None:
        return DateReading(dayfirst=dayfirst if order_matters else None, timezone=timezone)
    if not order_matters:
        return DateReading(timezone=timezone)
    if evidence.largest_first > 12 or evidence.dotted:
        return DateReading(dayfirst=True, timezone=timezone)
    if evidence.largest_second > 12:
        return DateReading(dayfirst=False, timezone=timezone)
    return DateReading(dayfirst=default_dayfirst, ambiguous=True, timezone=timezone)


def parse_dates(values: pd.Series, reading: DateReading) -> pd.Series:
    """Naive-UTC datetime64[us]; NaT where a value is missing or cannot be read."""
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    filled = _filled_text(values)
    if filled.empty:
        return result
    if reading.kind in ("epoch", "excel"):
        numbers = pd.to_numeric(filled, errors="coerce")
        parsed = _from_numbers(numbers, reading)
        result.loc[parsed.index] = parsed
        leftover = filled[parsed.isna()]
        if leftover.empty:
            return result
        filled = leftover
        reading = replace(reading, kind="text")
    parsed = _from_text(filled, reading)
    result.loc[parsed.index] = parsed
    return result


def _from_numbers(numbers: pd.Series, reading: DateReading) -> pd.Series:
    values = numbers.to_numpy(dtype="float64", na_value=np.nan)
    if reading.kind == "excel":
        ok = (values >= 1) & (values < 2_958_466)
        micros = np.where(ok, values, 0) * 86_400_000_000
        stamps = EXCEL_EPOCH + pd.to_timedelta(np.round(micros).astype("int64"), unit="us")
        parsed = pd.Series(stamps, index=numbers.index).where(ok)
        return _localise(parsed, pd.Series(np.nan, index=numbers.index), reading.timezone)
    milliseconds = np.where(values > 1e11, values, values * 1000)
    ok = np.isfinite(milliseconds) & (milliseconds >= 1e11) & (milliseconds < 4e12)
    stamps = pd.to_datetime(np.where(ok, milliseconds, 0).astype("int64"), unit="ms")
    return pd.Series(stamps, index=numbers.index).astype("datetime64[us]").where(ok)


def _from_text(filled: pd.Series, reading: DateReading) -> pd.Series:
    text = as_arrow_text(filled)
    iso = _from_iso(filled, text, reading.timezone)
    return iso if iso is not None else _from_parts(filled, text, reading)


def _from_iso(filled: pd.Series, text: pa.Array, timezone: str | None) -> pd.Series | None:
    """The usual machine export (`2024-03-14T10:00:00Z`, `2024-03-14 10:00`) read by pandas' ISO 8601 parser.

    None, leaving the chunk to `_from_parts`, unless every value starts with a full year-first date, pandas reads
    them all, and they all state their offset or none does. Five times faster than the regular expressions, and
    the same result (tests/unit/test_import_dates.py checks both readings agree).
    """
    if not pc.all(pc.match_substring_regex(text, _ISO_DATE)).as_py():
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(filled, format="ISO8601", errors="raise")
    except (ValueError, TypeError, OverflowError):
        return None
    if parsed.dt.tz is not None:
        return pd.Series(parsed.dt.tz_convert(None).to_numpy("datetime64[us]"), index=filled.index)
    return _localise(parsed.astype("datetime64[us]"), pd.Series(np.nan, index=filled.index), timezone)


def _from_parts(filled: pd.Series, text: pa.Array, reading: DateReading) -> pd.Series:
    """Any style: the parts found by `_DATE_TIME`, put together in the column's day/month order."""
    parts = pc.extract_regex(text, _DATE_TIME)
    p1, p2, p3 = _ints(parts, "p1"), _ints(parts, "p2"), _ints(parts, "p3")
    year_first = _flags(pc.equal(pc.utf8_length(_field(parts, "p1")), 4))
    year_digits = pc.fill_null(pc.utf8_length(_field(parts, "p3")), 0).to_numpy(zero_copy_only=False)
    dayfirst = True if reading.dayfirst is None else reading.dayfirst
    day = np.where(year_first, p3, p1 if dayfirst else p2)
    month = np.where(year_first, p2, p2 if dayfirst else p1)
    year = np.where(year_first, p1, p3)
    short_year = ~year_first & (year_digits == 2)
    year = np.where(short_year, np.where(year < 70, year + 2000, year + 1900), year)
    year = np.where(~year_first & ~np.isin(year_digits, (2, 4)), np.nan, year)
    hour = np.nan_to_num(_ints(parts, "hh"))
    minute, second = np.nan_to_num(_ints(parts, "mi")), np.nan_to_num(_ints(parts, "ss"))
    offsets = _offset_minutes(parts, filled.index)
    past_midnight = (hour == 24) & ((minute > 0) | (second > 0))
    impossible = (hour > 24) | past_midnight | (minute > 59) | (second > 59) | (offsets == _UNKNOWN_ZONE).to_numpy()
    year = np.where(impossible, np.nan, year)  # 25:61 is not the next day's 02:01, nor "XYZ" UTC
    ampm = pc.utf8_lower(pc.utf8_slice_codeunits(_field(parts, "ampm"), 0, 1)).to_numpy(zero_copy_only=False)
    hour = np.where((ampm == "p") & (hour < 12), hour + 12, hour)
    hour = np.where((ampm == "a") & (hour == 12), 0, hour)
    frac = pc.utf8_rpad(pc.utf8_slice_codeunits(_field(parts, "frac"), 0, 6), width=6, padding="0")
    micro = pc.cast(frac, pa.float64()).to_numpy(zero_copy_only=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(
            pd.DataFrame(
                {
                    "year": year,
                    "month": month,
                    "day": day,
                    "hour": hour,
                    "minute": minute,
                    "second": second,
                    "us": np.nan_to_num(micro),
                }
            ),
            errors="coerce",
        )
    parsed = pd.Series(parsed.to_numpy(dtype="datetime64[us]"), index=filled.index)
    parsed = _localise(parsed, offsets.mask(offsets == _UNKNOWN_ZONE), reading.timezone)
    unread = parsed.isna()
    if unread.any():
        named = filled[unread]
        named = named[named.str.contains(_MONTH_NAME).fillna(False)]
        if not named.empty:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                guessed = pd.to_datetime(
                    named.astype(object), format="mixed", dayfirst=dayfirst, errors="coerce", utc=True
                )
            parsed.loc[named.index] = guessed.dt.tz_convert(None).astype("datetime64[us]")
    return parsed


def _offset_minutes(parts: pa.StructArray, index: pd.Index) -> pd.Series:
    """Minutes east of UTC written in each value (`Z`, `+01:00`, `GMT+2`, `CEST`); NaN when none, _UNKNOWN_ZONE
    for an abbreviation this reader does not know (a row reason, never silently UTC)."""
    zone = pc.utf8_upper(_field(parts, "zone")).to_numpy(zero_copy_only=False)
    zone_minutes = pd.Series(zone, index=index, dtype=object).map(ZONE_OFFSETS_MINUTES).astype("float64")
    sign = np.where(_field(parts, "osign").to_numpy(zero_copy_only=False) == "-", -1.0, 1.0)
    hours = _ints(parts, "oh")
    minutes = np.nan_to_num(_ints(parts, "om"))
    written = sign * (hours * 60 + minutes)
    has_zone = pd.notna(zone) & (zone != "")
    total = np.where(np.isnan(written), zone_minutes.to_numpy(), np.nan_to_num(zone_minutes.to_numpy()) + written)
    total = np.where(has_zone & np.isnan(zone_minutes.to_numpy()) & np.isnan(written), _UNKNOWN_ZONE, total)
    total = np.where(has_zone & np.isnan(total), 0.0, total)
    return pd.Series(total, index=index)


def _localise(parsed: pd.Series, offsets: pd.Series, timezone: str | None) -> pd.Series:
    """Shift to UTC: by the offset a value states, else from the column's time zone, else as written."""
    explicit = offsets.notna()
    shifted = parsed - pd.to_timedelta(offsets.fillna(0), unit="m")
    if timezone and (~explicit).any():
        zone = zone_info(timezone)
        if zone is not None:
            local = parsed[~explicit]
            utc = local.dt.tz_localize(zone, ambiguous=False, nonexistent="shift_forward").dt.tz_convert(None)
            shifted.loc[utc.index] = utc.astype("datetime64[us]")
    return shifted.astype("datetime64[us]")


def zone_info(name: str) -> ZoneInfo | None:
    """The IANA zone, or None when the name is unknown here."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def describe_reading(reading: DateReading, column: str) -> str | None:
    """A note for the user about how a date column was read, when it involved a choice."""
    name = repr(column)
    if reading.kind == "epoch":
        return CountedText(N_("dates in {column} read as Unix timestamps"), column=name)
    if reading.kind == "excel":
        return CountedText(N_("dates in {column} read as Excel serial numbers"), column=name)
    if reading.dayfirst is None:
        return None
    if reading.ambiguous and reading.dayfirst:
        template = N_("dates in {column} read day-first (31/12): no value shows which is the day; change it if wrong")
    elif reading.ambiguous:
        template = N_("dates in {column} read month-first (12/31): no value shows which is the day; change it if wrong")
    elif reading.dayfirst:
        template = N_("dates in {column} read day-first (31/12)")
    else:
        template = N_("dates in {column} read month-first (12/31)")
    return CountedText(template, column=name)
