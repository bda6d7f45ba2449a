"""Import batches as a table for the Upload page, and a past batch's report as rows to download again."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from nps.importing.pipeline import issues_table
from nps.models import ImportBatch

BATCH_COLUMNS = [
    "batch",
    "file",
    "format",
    "survey",
    "user",
    "imported_at",
    "rows_read",
    "imported",
    "duplicates",
    "rejected",
    "excluded",
    "survey_id",
]
"""`survey` is None when the stored report names no survey (old batches): the page names it by `survey_id`."""


def _report(batch: ImportBatch) -> dict:
    try:
        return json.loads(batch.report_json) if batch.report_json else {}
    except ValueError:
        return {}


def _utc_wall_clock(value: object) -> pd.Timestamp:
    """SQLite gives naive UTC, PostgreSQL aware: both shown as UTC wall-clock time."""
    stamp = pd.Timestamp(value)
    return stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo else stamp


def batches_frame(batches: Iterable[ImportBatch]) -> pd.DataFrame:
    """One row per batch; the survey name comes from the stored report (the batch row keeps only its id)."""
    rows = [
        {
            "batch": batch.id,
            "file": batch.file_name,
            "format": batch.detected_format,
            "survey": _report(batch).get("survey") or None,
            "user": batch.username,
            "imported_at": _utc_wall_clock(batch.imported_at),
            "rows_read": batch.rows_read,
            "imported": batch.imported,
            "duplicates": batch.duplicates,
            "rejected": batch.rejected,
            "excluded": batch.excluded,
            "survey_id": batch.survey_id,
        }
        for batch in batches
    ]
    return pd.DataFrame(rows, columns=BATCH_COLUMNS)


def report_issues(report_json: str | None) -> pd.DataFrame:
    """Rejected, excluded and duplicate rows of a stored report, in the shape of ImportReport.issues_frame()."""
    try:
        report = json.loads(report_json) if report_json else {}
    except ValueError:
        report = {}
    return issues_table(report)
