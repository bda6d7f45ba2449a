"""Date presets and comparison periods: the calendar arithmetic behind the global date filter."""

from __future__ import annotations

from datetime import date, timedelta

from nps.i18n import N_

PRESETS = {
    "all": N_("All time"),
    "last_30": N_("Last 30 days"),
    "last_90": N_("Last 90 days"),
    "this_quarter": N_("This quarter to date"),
    "last_quarter": N_("Last quarter"),
    "ytd": N_("Year to date"),
    "custom": N_("Custom range"),
}
COMPARISONS = {
    "previous": N_("Previous period of equal length"),
    "last_year": N_("Same period last year"),
    "none": N_("No comparison"),
}


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset_range(preset: str, today: date) -> tuple[date | None, date | None]:
    """Inclusive first and last day of a preset, counted back from `today`; `all` and `custom` are open."""
    if preset == "last_30":
        return today - timedelta(days=29), today
    if preset == "last_90":
        return today - timedelta(days=89), today
    if preset == "this_quarter":
        return quarter_start(today), today
    if preset == "last_quarter":
        end = quarter_start(today) - timedelta(days=1)
        return quarter_start(end), end
    if preset == "ytd":
        return date(today.year, 1, 1), today
    if preset in ("all", "custom"):
        return None, None
    raise ValueError(f"unknown date preset {preset!r}")


def _year_earlier(day: date) -> date:
    """The same calendar day a year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def comparison_range(
    start: date | None, end: date | None, mode: str, *, preset: str = "custom"
) -> tuple[date, date] | None:
    """The period to compare [start, end] with, or None when there is none (no mode, or an open range).

    "Previous" is the previous calendar quarter for the quarter presets (to the same day for quarter to
    date), and the same number of days just before for every other range.
    """
    if mode == "none" or start is None or end is None:
        return None
    try:
        return _comparison(start, end, mode, preset)
    except (OverflowError, ValueError):  # a range starting in year 1 has no earlier period
        return None


def _comparison(start: date, end: date, mode: str, preset: str) -> tuple[date, date]:
    if mode == "previous" and preset in ("this_quarter", "last_quarter"):
        previous_start = quarter_start(start - timedelta(days=1))
        if preset == "last_quarter":
            return previous_start, start - timedelta(days=1)
        return previous_start, min(previous_start + (end - start), start - timedelta(days=1))
    if mode == "previous":
        length = (end - start).days + 1
        return start - timedelta(days=length), start - timedelta(days=1)
    if mode == "last_year":
        return _year_earlier(start), _year_earlier(end)
    raise ValueError(f"unknown comparison {mode!r}")
