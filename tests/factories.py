"""Small builders of store content for tests, written straight through the models."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, insert
from sqlmodel import Session

from nps import rollup, store
from nps.models import ImportBatch, Response


def add_responses(
    engine: Engine,
    rows: list[dict],
    *,
    survey: str = "Relationship NPS",
    segments: tuple[str, ...] = ("region", "plan"),
) -> None:
    """rows: dicts with score, day (date) and optional comment, respondent_id, weight and segment values."""
    with Session(engine) as session:
        survey_row = store.ensure_survey(survey, session=session)
        batch = ImportBatch(
            survey_id=survey_row.id, file_name="test.csv", sha256="0" * 64, detected_format="test", username="t"
        )
        session.add(batch)
        session.flush()
        slots = store.assign_attribute_slots(survey_row.id, segments, session=session, batch_id=batch.id).slots
        values = []
        for index, row in enumerate(rows):
            day: date = row["day"]
            comment = row.get("comment")
            values.append(
                {
                    "survey_id": survey_row.id,
                    "batch_id": batch.id,
                    "respondent_id": row.get("respondent_id"),
                    "dedup_key": f"test:{batch.id}:{index}",
                    "responded_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
                    "responded_on": day,
                    "score": row["score"],
                    "comment": comment,
                    "comment_length": len(comment or ""),
                    "weight": row.get("weight"),
                    **{f"seg_{slots[name]}": row[name] for name in segments if name in row},
                }
            )
        session.execute(insert(Response), values)
        rollup.add_batch(batch.id, session=session)
        store.bump_data_version(session=session)
        session.commit()
