"""The filter value every page, query and CLI command shares."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

LANGUAGE_ATTRIBUTE = "Comment language"
"""The detected language of the comment, offered wherever segment attributes are."""

PERIODS = ("week", "month", "quarter")


@dataclass(frozen=True)
class Filters:
    """What subset of responses a figure is about. Dates are inclusive calendar days (UTC)."""

    start: date | None = None
    end: date | None = None
    surveys: tuple[str, ...] = ()
    include: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    """(attribute, allowed values) pairs; a response must match every pair."""
    exclude: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    """(attribute, excluded values) pairs."""
    latest_per_respondent: bool = False
    """Count only each respondent's latest response in the period (anonymous responses all count)."""
    weighted: bool = False
    """Sum response weights instead of counting responses (intervals then use Kish's effective n)."""

    def with_period(self, start: date | None, end: date | None) -> Filters:
        return replace(self, start=start, end=end)

    def describe(self) -> str:
        """One line a person can read, for reports and captions."""
        parts = [
            f"{self.start or 'first response'} to {self.end or 'latest response'}",
            "surveys: " + (", ".join(self.surveys) if self.surveys else "all"),
        ]
        parts += [f"{name} in {', '.join(values)}" for name, values in self.include]
        parts += [f"{name} not in {', '.join(values)}" for name, values in self.exclude]
        parts.append("latest response per respondent" if self.latest_per_respondent else "all responses")
        if self.weighted:
            parts.append("weighted")
        return "; ".join(parts)
