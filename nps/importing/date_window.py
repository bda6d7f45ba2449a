"""The dates an import accepts: not after today (plus a tolerance for time zones), not before a plausible start.

A row dated 2099 or in year 1 is a typo or a placeholder; stored, it would stretch every "All time" view
and break period arithmetic. Such rows are rejected with a reason, and the report counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from nps.importing.reasons import DATE_IN_FUTURE, DATE_TOO_OLD, fill

EARLIEST = date(1990, 1, 1)
FUTURE_DAYS = 1
EARLIEST_SETTING = "import_earliest_date"
"""Store setting (ISO date) an admin can change; `python -m nps import --earliest` overrides it per import."""


@dataclass(frozen=True)
class DateWindow:
    """Accepted response dates: from `earliest` to today (UTC) plus `future_days`."""

    earliest: date = EARLIEST
    future_days: int = FUTURE_DAYS
    today: date | None = None
    """Fixed in tests; the current UTC date otherwise."""

    @property
    def latest(self) -> date:
        today = self.today or pd.Timestamp.now("UTC").date()
        return today + timedelta(days=self.future_days)

    def problems(self, when: pd.Series) -> pd.Series:
        """A reason for every timestamp (naive UTC) outside the window, missing for the others."""
        reasons = pd.Series(pd.NA, index=when.index, dtype="str")
        future = when >= pd.Timestamp(self.latest + timedelta(days=1))
        early = when < pd.Timestamp(self.earliest)
        if not (future.any() or early.any()):  # the usual case: no dates to write out
            return reasons
        shown = when.where(future | early).dt.strftime("%Y-%m-%d")
        reasons = reasons.mask(future, fill(DATE_IN_FUTURE, day=shown, latest=self.latest.isoformat()))
        return reasons.mask(early, fill(DATE_TOO_OLD, day=shown, earliest=self.earliest.isoformat()))

    def check(self, day: date) -> str | None:
        """Why one date (e.g. the date given for a file without dates) is outside the window, or None."""
        return self.problems(pd.Series([pd.Timestamp(day)])).iloc[0] if not self.accepts(day) else None

    def accepts(self, day: date) -> bool:
        return self.earliest <= day <= self.latest


def parse_day(text: str) -> date:
    """A YYYY-MM-DD date, as the CLI and settings take it; ValueError with the text otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD") from error
