"""The filter value every page, query and CLI command shares."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from nps.i18n import DEFAULT, translations

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

    def describe(self, lang: str = DEFAULT) -> str:
        """One line a person can read, for reports and captions (in `lang`; names and values are data)."""
        _ = translations(lang).gettext
        parts = [
            _("{start} to {end}").format(start=self.start or _("first response"), end=self.end or _("latest response")),
            _("surveys: {surveys}").format(surveys=", ".join(self.surveys) if self.surveys else _("all")),
        ]
        parts += [
            _("{attribute} in {values}").format(attribute=name, values=", ".join(values))
            for name, values in self.include
        ]
        parts += [
            _("{attribute} not in {values}").format(attribute=name, values=", ".join(values))
            for name, values in self.exclude
        ]
        parts.append(_("latest response per respondent") if self.latest_per_respondent else _("all responses"))
        if self.weighted:
            parts.append(_("weighted"))
        return "; ".join(parts)
