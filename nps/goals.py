"""Goal lines and dated events on the trends: storing them, choosing those a view shows, judging a goal.

A goal is met only when the whole 95% interval of the NPS lies at or above it, missed only when the whole
interval lies below it; otherwise the data cannot tell yet. Event texts are user input: they are stored as
one plain line and every place that shows them escapes them (markdown, HTML, chart text).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import Engine, select
from sqlmodel import Session

from nps import audit
from nps.display_text import neutralise_bidi
from nps.figures import DEFAULT_MINIMUM_N, format_nps, is_small
from nps.filters import LANGUAGE_ATTRIBUTE, Filters
from nps.i18n import DEFAULT, N_, TranslatableError, translations
from nps.metrics import Counts, nps_with_interval
from nps.models import Goal, Survey, TrendEvent, utc_now
from nps.store import attribute_slots_in, bump_data_version
from nps.users import role_allows

EVENT_TEXT_MAX = 120
WRITER_ROLE = "analyst"


class GoalError(TranslatableError):
    """A goal or event that cannot be saved; the message is for the person entering it."""


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    UNDECIDED = "can't tell yet"


def judge(target: float, low: float | None, high: float | None) -> Verdict:
    """Met when the interval's lower bound ≥ the goal, not met when its upper bound < the goal, else undecided."""
    if low is None or high is None:
        return Verdict.UNDECIDED
    if low >= target:
        return Verdict.MET
    if high < target:
        return Verdict.NOT_MET
    return Verdict.UNDECIDED


@dataclass(frozen=True)
class GoalLine:
    """A stored goal as the app and the reports use it."""

    id: int
    target: float
    survey: str = ""
    attribute: str = ""
    value: str = ""

    @property
    def specificity(self) -> tuple[int, int]:
        return (bool(self.survey) + bool(self.attribute), bool(self.survey))

    def scope(self, lang: str = DEFAULT) -> str:
        """Whom the goal is for, in words (data text: callers escape it for markdown)."""
        _ = translations(lang).gettext
        if self.survey and self.attribute:
            return _("survey {survey}, {attribute} = {value}").format(
                survey=self.survey, attribute=self.attribute, value=self.value
            )
        if self.survey:
            return _("survey {survey}").format(survey=self.survey)
        if self.attribute:
            return f"{self.attribute} = {self.value}"
        return _("all responses")

    def label(self, lang: str = DEFAULT) -> str:
        _ = translations(lang).gettext
        return _("Goal {target} ({scope})").format(target=format_nps(self.target, lang), scope=self.scope(lang))


@dataclass(frozen=True)
class EventMark:
    """A stored event as the app and the reports use it."""

    id: int
    day: date
    text: str
    survey: str = ""


@dataclass(frozen=True)
class GoalStatus:
    """The view's goal and how the view's NPS stands against it."""

    goal: GoalLine
    verdict: Verdict
    sentence: str


def goal_status(
    goal: GoalLine, counts: Counts, *, minimum_n: int = DEFAULT_MINIMUM_N, lang: str = DEFAULT
) -> GoalStatus:
    """The verdict with its reason in one sentence (in `lang`); below the minimum n nothing is judged."""
    _ = translations(lang).gettext
    interval = nps_with_interval(counts)
    target = format_nps(goal.target, lang)
    if counts.n == 0:
        sentence = _("Goal {target}: can't tell yet, no responses in this view.").format(target=target)
        return GoalStatus(goal, Verdict.UNDECIDED, sentence)
    if is_small(counts, minimum_n=minimum_n):
        sentence = _("Goal {target}: can't tell yet, fewer than {minimum_n} responses.").format(
            target=target, minimum_n=minimum_n
        )
        return GoalStatus(goal, Verdict.UNDECIDED, sentence)
    verdict = judge(goal.target, interval.low, interval.high)
    low, high = format_nps(interval.low, lang), format_nps(interval.high, lang)
    templates = {
        Verdict.MET: _("Goal {target} met: the whole 95% interval ({low} to {high}) is at or above it."),
        Verdict.NOT_MET: _("Goal {target} not met: the whole 95% interval ({low} to {high}) is below it."),
        Verdict.UNDECIDED: _("Goal {target}: can't tell yet, the 95% interval ({low} to {high}) includes it."),
    }
    return GoalStatus(goal, verdict, templates[verdict].format(target=target, low=low, high=high))


def goal_for_view(goals: Sequence[GoalLine], filters: Filters) -> GoalLine | None:
    """The most specific goal whose survey and segment the view is narrowed to (its label names its scope).

    A survey goal needs the view to show exactly that survey; a segment goal needs the view to keep only that
    attribute's value. Between equally specific goals the survey goal wins.
    """
    pinned = {name: values[0] for name, values in filters.include if len(values) == 1}

    def applies(goal: GoalLine) -> bool:
        if goal.survey and filters.surveys != (goal.survey,):
            return False
        return not goal.attribute or pinned.get(goal.attribute) == goal.value

    fitting = [goal for goal in goals if applies(goal)]
    return max(fitting, key=lambda goal: goal.specificity) if fitting else None


def events_for_view(events: Sequence[EventMark], filters: Filters) -> tuple[EventMark, ...]:
    """Events for every survey, or for a survey the view shows, dated inside the view's period."""
    return tuple(
        event
        for event in events
        if (not event.survey or not filters.surveys or event.survey in filters.surveys)
        and (filters.start is None or event.day >= filters.start)
        and (filters.end is None or event.day <= filters.end)
    )


def _require_writer(role: str | None) -> None:
    if not role_allows(role, WRITER_ROLE):
        raise PermissionError("Only analysts and admins may change goals and events.")


def _known_survey(name: str, *, session: Session) -> str:
    name = " ".join(name.split())
    if name and session.execute(select(Survey.id).where(Survey.name == name)).first() is None:
        raise GoalError(N_("There is no survey named {name}."), name=repr(name))
    return name


def _known_attribute(name: str, *, session: Session) -> str:
    name = name.strip()
    if name and name != LANGUAGE_ATTRIBUTE and name not in attribute_slots_in(session=session):
        raise GoalError(N_("There is no segment attribute named {name}."), name=repr(name))
    return name


def set_goal(
    target: float,
    *,
    session: Session,
    actor: str,
    role: str | None,
    survey: str = "",
    attribute: str = "",
    value: str = "",
) -> GoalLine:
    """Add the goal for this scope, or replace its target; in the caller's transaction."""
    _require_writer(role)
    if not math.isfinite(target) or not -100 <= target <= 100:
        raise GoalError(N_("A goal is an NPS from -100 to +100."))
    survey = _known_survey(survey, session=session)
    attribute = _known_attribute(attribute, session=session)
    value = value.strip()
    if bool(attribute) != bool(value):
        raise GoalError(N_("A segment goal needs both the attribute and its value (ATTRIBUTE=VALUE)."))
    row = session.execute(
        select(Goal).where(Goal.survey == survey, Goal.attribute == attribute, Goal.value == value)
    ).scalar()
    before = None if row is None else row.target
    if row is None:
        row = Goal(survey=survey, attribute=attribute, value=value, target=target, created_by=actor)
    else:
        row.target, row.created_by, row.created_at = target, actor, utc_now()
    session.add(row)
    session.flush()
    goal = _goal_line(row)
    audit.record(
        "goal.set",
        actor=actor,
        session=session,
        target=goal.scope(),
        affected=1,
        details={"goal_id": goal.id, "target": target, "previous": before},
    )
    bump_data_version(session=session)
    return goal


def remove_goal(goal_id: int, *, session: Session, actor: str, role: str | None) -> None:
    _require_writer(role)
    row = session.get(Goal, goal_id)
    if row is None:
        raise GoalError(N_("There is no goal {id}."), id=goal_id)
    goal = _goal_line(row)
    session.delete(row)
    audit.record(
        "goal.remove",
        actor=actor,
        session=session,
        target=goal.scope(),
        affected=1,
        details={"goal_id": goal.id, "target": goal.target},
    )
    bump_data_version(session=session)


def clean_event_text(text: str) -> str:
    """One line without control characters or bidi overrides, 1–EVENT_TEXT_MAX characters."""
    visible = "".join(ch for ch in neutralise_bidi(text) if unicodedata.category(ch) != "Cc" or ch.isspace())
    line = " ".join(visible.split())
    if not line or len(line) > EVENT_TEXT_MAX:
        raise GoalError(N_("An event needs a text of 1 to {maximum} characters."), maximum=EVENT_TEXT_MAX)
    return line


def add_event(day: date, text: str, *, session: Session, actor: str, role: str | None, survey: str = "") -> EventMark:
    _require_writer(role)
    row = TrendEvent(
        day=day, text=clean_event_text(text), survey=_known_survey(survey, session=session), created_by=actor
    )
    session.add(row)
    session.flush()
    event = _event_mark(row)
    audit.record(
        "event.add",
        actor=actor,
        session=session,
        target=str(event.id),
        affected=1,
        details={"day": event.day.isoformat(), "survey": event.survey, "text": event.text},
    )
    bump_data_version(session=session)
    return event


def remove_event(event_id: int, *, session: Session, actor: str, role: str | None) -> None:
    _require_writer(role)
    row = session.get(TrendEvent, event_id)
    if row is None:
        raise GoalError(N_("There is no event {id}."), id=event_id)
    event = _event_mark(row)
    session.delete(row)
    audit.record(
        "event.remove",
        actor=actor,
        session=session,
        target=str(event.id),
        affected=1,
        details={"day": event.day.isoformat(), "survey": event.survey, "text": event.text},
    )
    bump_data_version(session=session)


def save_goal(target: float, *, engine: Engine, **fields: str | None) -> GoalLine:
    """`set_goal` as its own transaction (a page's unit of work)."""
    with Session(engine) as session, session.begin():
        return set_goal(target, session=session, **fields)  # type: ignore[arg-type]


def delete_goal(goal_id: int, *, engine: Engine, actor: str, role: str | None) -> None:
    with Session(engine) as session, session.begin():
        remove_goal(goal_id, session=session, actor=actor, role=role)


def save_event(day: date, text: str, *, engine: Engine, actor: str, role: str | None, survey: str = "") -> EventMark:
    with Session(engine) as session, session.begin():
        return add_event(day, text, session=session, actor=actor, role=role, survey=survey)


def delete_event(event_id: int, *, engine: Engine, actor: str, role: str | None) -> None:
    with Session(engine) as session, session.begin():
        remove_event(event_id, session=session, actor=actor, role=role)


def list_goals(*, engine: Engine) -> tuple[GoalLine, ...]:
    """Every goal, the whole company's first, then by survey and segment."""
    with Session(engine) as session:
        rows = session.execute(select(Goal).order_by(Goal.survey, Goal.attribute, Goal.value)).scalars()
        return tuple(_goal_line(row) for row in rows)


def list_events(*, engine: Engine) -> tuple[EventMark, ...]:
    """Every event, oldest first."""
    with Session(engine) as session:
        rows = session.execute(select(TrendEvent).order_by(TrendEvent.day, TrendEvent.id)).scalars()
        return tuple(_event_mark(row) for row in rows)


def _goal_line(row: Goal) -> GoalLine:
    return GoalLine(int(row.id or 0), float(row.target), row.survey, row.attribute, row.value)


def _event_mark(row: TrendEvent) -> EventMark:
    return EventMark(int(row.id or 0), row.day, row.text, row.survey)
