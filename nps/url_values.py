"""Values taken from links and widgets, bounded so a crafted URL cannot crash a page for everyone.

`?period=custom&from=0001-01-01` overflowed the previous-period arithmetic and `?id=99999999999999999999999`
the database's 64-bit integers; both now fall back to the default view.
"""

from __future__ import annotations

from datetime import date

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)
MAX_ROW_ID = 2**63 - 1


def parse_day(value: str | None) -> date | None:
    """An ISO date between EARLIEST_DAY and LATEST_DAY, else None."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is not None and EARLIEST_DAY <= day <= LATEST_DAY else None


def clamp_day(day: date) -> date:
    """`day` moved into [EARLIEST_DAY, LATEST_DAY] (a widget's default must lie inside its bounds)."""
    return min(max(day, EARLIEST_DAY), LATEST_DAY)


def parse_row_id(value: str | None) -> int | None:
    """A positive database id written in plain digits, else None."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ROW_ID else None
