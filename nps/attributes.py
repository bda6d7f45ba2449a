"""The segment attributes as people see them: which ones a view offers, their display labels, hiding them.

Where the values are kept (a slot per survey) is `nps.segment_slots` and `store.assign_attribute_slots`; this module
is what an administrator manages (Admin page, `python -m nps attributes`) and what the filters offer. An attribute
is one name across surveys: renaming or hiding it applies to every survey that has it unless one survey is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlmodel import Session

from nps import audit
from nps.models import Survey, SurveyAttribute
from nps.store import bump_data_version

MAX_LABEL_CHARS = 200


class UnknownAttribute(LookupError):
    """An attribute (or survey) that does not exist, in words for the admin."""


@dataclass(frozen=True)
class AttributeInfo:
    """One attribute name with its label, whether it is hidden, and where it is kept."""

    name: str
    label: str
    hidden: bool
    surveys: tuple[str, ...]
    slots: tuple[int, ...]

    @property
    def shown_as(self) -> str:
        return self.label or self.name


def list_attributes(*, engine: Engine, surveys: Sequence[str] = ()) -> list[AttributeInfo]:
    """Every attribute (of the named surveys; all when none), in name order. The label is the first survey's that
    has one; the attribute is hidden when every survey that has it hides it."""
    statement = (
        select(SurveyAttribute.name, SurveyAttribute.label, SurveyAttribute.hidden, SurveyAttribute.slot, Survey.name)
        .join(Survey, Survey.id == SurveyAttribute.survey_id)
        .order_by(SurveyAttribute.name, Survey.name)
    )
    if surveys:
        statement = statement.where(Survey.name.in_(list(surveys)))  # type: ignore[attr-defined]
    grouped: dict[str, list[tuple[str, bool, int, str]]] = {}
    with Session(engine) as session:
        for name, label, hidden, slot, survey in session.execute(statement):
            grouped.setdefault(name, []).append((label, bool(hidden), slot, survey))
    return [
        AttributeInfo(
            name=name,
            label=next((label for label, *_ in rows if label), ""),
            hidden=all(hidden for _, hidden, _, _ in rows),
            surveys=tuple(survey for *_, survey in rows),
            slots=tuple(sorted({slot for _, _, slot, _ in rows})),
        )
        for name, rows in grouped.items()
    ]


def offered_attributes(surveys: Sequence[str] = (), *, engine: Engine) -> dict[str, str]:
    """Attribute name → what to show for it, for the attributes a view of `surveys` offers (the union over every
    survey when none is chosen), hidden ones left out."""
    return {info.name: info.shown_as for info in list_attributes(engine=engine, surveys=surveys) if not info.hidden}


def _rows(name: str, survey: str | None, session: Session) -> list[SurveyAttribute]:
    statement = select(SurveyAttribute).where(SurveyAttribute.name == name)
    if survey:
        survey_id = session.execute(select(Survey.id).where(Survey.name == survey)).scalar()
        if survey_id is None:
            raise UnknownAttribute(f"There is no survey named {survey!r}.")
        statement = statement.where(SurveyAttribute.survey_id == survey_id)
    rows = list(session.execute(statement).scalars())
    if not rows:
        where = f" in survey {survey!r}" if survey else ""
        raise UnknownAttribute(f"There is no segment attribute named {name!r}{where}.")
    return rows


def _update(
    name: str, survey: str | None, *, session: Session, actor: str, action: str, details: dict, **values: object
) -> int:
    """Set `values` on the attribute's rows (one survey's, or every survey's), audited as `action`."""
    rows = _rows(name, survey, session)
    for row in rows:
        for field_name, value in values.items():
            setattr(row, field_name, value)
        session.add(row)
    bump_data_version(session=session)
    audit.record(
        action,
        actor=actor,
        session=session,
        target=name,
        affected=len(rows),
        details={**details, "survey": survey or "all"},
    )
    return len(rows)


def rename_attribute(name: str, label: str, *, session: Session, actor: str, survey: str | None = None) -> int:
    """Show `name` as `label` ("" shows the name again); returns the number of surveys changed."""
    label = " ".join(label.split())
    if len(label) > MAX_LABEL_CHARS:
        raise ValueError(f"A label has at most {MAX_LABEL_CHARS} characters.")
    return _update(
        name, survey, session=session, actor=actor, action="attribute.rename", details={"label": label}, label=label
    )


def set_hidden(name: str, hidden: bool, *, session: Session, actor: str, survey: str | None = None) -> int:
    """Hide `name` from the filters and segment pickers (or show it again); returns the number of surveys changed."""
    action = "attribute.hide" if hidden else "attribute.show"
    return _update(name, survey, session=session, actor=actor, action=action, details={}, hidden=hidden)


def save_label(name: str, label: str, *, engine: Engine, actor: str, survey: str | None = None) -> int:
    """`rename_attribute` as its own transaction (the Admin page's unit of work)."""
    with Session(engine) as session, session.begin():
        return rename_attribute(name, label, session=session, actor=actor, survey=survey)


def save_hidden(name: str, hidden: bool, *, engine: Engine, actor: str, survey: str | None = None) -> int:
    """`set_hidden` as its own transaction (the Admin page's unit of work)."""
    with Session(engine) as session, session.begin():
        return set_hidden(name, hidden, session=session, actor=actor, survey=survey)
