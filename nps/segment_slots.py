"""Where each segment attribute's values are, survey by survey, and the SQL that reads them.

Slots are allocated per survey (`survey_attribute`): "Region" may be `seg_3` in one survey and `seg_1` in another,
and `seg_3` may hold "Plan" in a third. A `SlotMap` says, for every attribute name, which slot holds it in which
survey; `value_of` turns that into one SQL expression (the plain column when no other attribute shares its slot,
else a CASE on `survey_id`), `matches` into OR over (survey_id IN … AND seg_k IN values).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, case, false, null, or_


@dataclass(frozen=True)
class SlotMap(Mapping[str, dict[int, int]]):
    """Attribute name → {survey id: slot}; iterating gives the names in name order."""

    placements: dict[str, dict[int, int]] = field(default_factory=dict)
    shared_slots: frozenset[int] = frozenset()
    """Slots that hold different attributes in different surveys: reading them needs the survey."""

    @classmethod
    def of(cls, rows: Sequence[tuple[str, int, int]]) -> SlotMap:
        """From (name, survey id, slot) rows."""
        placements: dict[str, dict[int, int]] = {}
        names_by_slot: dict[int, set[str]] = {}
        for name, survey_id, slot in sorted(rows):
            placements.setdefault(name, {})[survey_id] = slot
            names_by_slot.setdefault(slot, set()).add(name)
        shared = frozenset(slot for slot, names in names_by_slot.items() if len(names) > 1)
        return cls(placements, shared)

    def __getitem__(self, name: str) -> dict[int, int]:
        return self.placements[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.placements)

    def __len__(self) -> int:
        return len(self.placements)

    def __hash__(self) -> int:
        return hash(tuple((name, tuple(sorted(p.items()))) for name, p in self.placements.items()))

    def surveys_by_slot(self, name: str) -> dict[int, list[int]]:
        """slot → the surveys that keep `name` in it."""
        grouped: dict[int, list[int]] = {}
        for survey_id, slot in sorted(self.placements[name].items()):
            grouped.setdefault(slot, []).append(survey_id)
        return grouped

    def survey_ids(self, name: str) -> list[int]:
        return sorted(self.placements[name])

    def value_of(self, name: str, source: object) -> ColumnElement:
        """The attribute's value in each row of `source` (a table or subquery with survey_id and seg_N), NULL in
        surveys without it."""
        grouped = self.surveys_by_slot(name)
        if len(grouped) == 1:
            (slot,) = grouped
            if slot not in self.shared_slots:
                return getattr(source, f"seg_{slot}")
        whens = [
            (source.survey_id.in_(survey_ids), getattr(source, f"seg_{slot}"))  # type: ignore[attr-defined]
            for slot, survey_ids in grouped.items()
        ]
        return case(*whens, else_=null())

    def matches(self, name: str, values: Sequence[str], source: object) -> ColumnElement[bool]:
        """True where the row's value of the attribute is one of `values`: OR over the slots that hold it."""
        parts = []
        for slot, survey_ids in self.surveys_by_slot(name).items():
            column = getattr(source, f"seg_{slot}").in_(values)
            parts.append(column if slot not in self.shared_slots else and_(source.survey_id.in_(survey_ids), column))  # type: ignore[attr-defined]
        return or_(false(), *parts)
