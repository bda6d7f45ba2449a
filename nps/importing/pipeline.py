"""Write a parsed export into the store: one transaction, every row accounted for, duplicates skipped.

De-duplication is on (survey, dedup_key): `id:<response id>` where the export has response ids, else
`fp:<hash of respondent, timestamp, score, comment>`, so re-importing a file or an overlapping later
export adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, insert, select
from sqlmodel import Session

from nps.importing.reader import ImportFileError, RowIssue, open_export
from nps.models import ImportBatch, Respondent, Response
from nps.store import assign_attribute_slots, bump_data_version, ensure_survey, save_survey_mapping

SQL_IN_BATCH = 900
MAX_SEGMENT_VALUE = 200

Progress = Callable[[int, float], None]
"""Called with (rows read so far, rows per second)."""


@dataclass
class ImportReport:
    """What happened to every row of one file."""

    file: str
    format: str
    survey: str
    rows_read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    excluded: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    excluded_rows: list[RowIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False
    mapping: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The `--json` shape of the CLI."""
        return {
            "file": self.file,
            "format": self.format,
            "survey": self.survey,
            "rows_read": self.rows_read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "excluded": self.excluded,
            "errors": [asdict(issue) for issue in self.errors],
            "excluded_rows": [asdict(issue) for issue in self.excluded_rows],
            "notes": self.notes,
            "batch_id": self.batch_id,
            "dry_run": self.dry_run,
        }

    def issues_frame(self) -> pd.DataFrame:
        """Rejected and excluded rows as one table, for display and CSV download."""
        rows = [{"outcome": "rejected", **asdict(issue)} for issue in self.errors]
        rows += [{"outcome": "excluded", **asdict(issue)} for issue in self.excluded_rows]
        return pd.DataFrame(rows, columns=["outcome", "row", "column", "reason"])


def respondent_key(customer_id: object, email: object) -> str | None:
    """Profiles are keyed by customer id, else by e-mail, so a changed name never splits a customer."""
    if isinstance(customer_id, str) and customer_id.strip():
        return "id:" + customer_id.strip().lower()
    if isinstance(email, str) and email.strip():
        return "email:" + email.strip().lower()
    return None


def _text_or_none(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def dedup_keys(frame: pd.DataFrame, respondent_keys: list[str | None]) -> list[str]:
    """`id:` keys from response ids, `fp:` fingerprints for rows without one."""
    keys: list[str] = []
    stamps = frame["responded_at"].dt.strftime("%Y-%m-%dT%H:%M:%S").tolist()
    for response_id, respondent, stamp, score, comment in zip(
        frame["response_id"].tolist(),
        respondent_keys,
        stamps,
        frame["score"].tolist(),
        frame["comment"].tolist(),
        strict=True,
    ):
        rid = _text_or_none(response_id)
        if rid:
            keys.append("id:" + rid[:190])
            continue
        material = "\x1f".join([respondent or "", stamp, str(score), _text_or_none(comment) or ""])
        keys.append("fp:" + hashlib.blake2b(material.encode(), digest_size=16).hexdigest())
    return keys


def _existing_keys(survey_id: int, session: Session) -> set[str]:
    statement = select(Response.dedup_key).where(Response.survey_id == survey_id)
    return set(session.execute(statement).scalars())


def _respondent_ids(
    keys: list[str | None], frame: pd.DataFrame, session: Session, cache: dict[str, int]
) -> list[int | None]:
    """Look up or create the profile of every key; the first name and e-mail seen are kept."""
    wanted = {key for key in keys if key and key not in cache}
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), SQL_IN_BATCH):
        part = wanted_list[start : start + SQL_IN_BATCH]
        rows = session.execute(select(Respondent.key, Respondent.id).where(Respondent.key.in_(part)))  # type: ignore[attr-defined]
        cache.update(dict(rows.all()))
    new_profiles: dict[str, dict[str, object]] = {}
    for key, customer_id, email, name in zip(
        keys, frame["respondent"].tolist(), frame["email"].tolist(), frame["name"].tolist(), strict=True
    ):
        if key and key not in cache and key not in new_profiles:
            new_profiles[key] = {
                "key": key,
                "customer_id": _text_or_none(customer_id),
                "email": _text_or_none(email),
                "name": _text_or_none(name),
            }
    if new_profiles:
        session.execute(insert(Respondent), list(new_profiles.values()))
        created = sorted(new_profiles)
        for start in range(0, len(created), SQL_IN_BATCH):
            part = created[start : start + SQL_IN_BATCH]
            rows = session.execute(select(Respondent.key, Respondent.id).where(Respondent.key.in_(part)))  # type: ignore[attr-defined]
            cache.update(dict(rows.all()))
    return [cache[key] if key else None for key in keys]


def _segment_values(frame: pd.DataFrame, slots: dict[str, int], overflow: list[str]) -> dict[str, list]:
    values: dict[str, list] = {}
    for name, slot in slots.items():
        column = frame[name].astype("string").str.strip().str.slice(0, MAX_SEGMENT_VALUE)
        values[f"seg_{slot}"] = column.where(column.notna() & (column != ""), None).tolist()
    extra = frame["extra"].tolist() if "extra" in frame else [None] * len(frame)
    if overflow:
        merged = []
        for index, raw in enumerate(extra):
            data = json.loads(raw) if isinstance(raw, str) and raw else {}
            for name in overflow:
                value = _text_or_none(frame[name].iat[index])
                if value is not None:
                    data[name] = value
            merged.append(json.dumps(data, ensure_ascii=False) if data else None)
        extra = merged
    values["extra"] = [_text_or_none(value) for value in extra]
    return values


def _rows_for_insert(
    frame: pd.DataFrame,
    *,
    survey_id: int,
    batch_id: int,
    respondent_ids: list[int | None],
    keys: list[str],
    segments: dict[str, list],
) -> list[dict[str, object]]:
    stamps = frame["responded_at"].dt.tz_localize("UTC")
    comments = [_text_or_none(value) for value in frame["comment"].tolist()]
    columns: dict[str, list] = {
        "survey_id": [survey_id] * len(frame),
        "batch_id": [batch_id] * len(frame),
        "respondent_id": respondent_ids,
        "external_id": [_text_or_none(value) for value in frame["response_id"].tolist()],
        "dedup_key": keys,
        "responded_at": stamps.dt.to_pydatetime().tolist(),
        "responded_on": stamps.dt.date.tolist(),
        "score": [int(score) for score in frame["score"].tolist()],
        "comment": comments,
        "comment_length": [len(comment) if comment else 0 for comment in comments],
        **segments,
    }
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def import_file(
    source: bytes | Path,
    *,
    engine: Engine,
    survey: str,
    username: str,
    file_name: str = "",
    mapping: dict[str, str] | None = None,
    dayfirst: bool | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    chunk_rows: int = 100_000,
) -> ImportReport:
    """Import one export in a single transaction; on any error nothing is written.

    Raises ImportFileError for file-level problems (the message is for the user).
    """
    data = source.read_bytes() if isinstance(source, Path) else source
    file_name = file_name or (source.name if isinstance(source, Path) else "upload")
    reader = open_export(data, file_name=file_name, mapping=mapping, dayfirst=dayfirst, sheet=sheet)
    report = ImportReport(
        file=file_name,
        format=reader.format,
        survey=survey,
        dry_run=dry_run,
        notes=list(reader.notes),
        mapping=dict(reader.mapping),
    )
    started = time.perf_counter()
    with Session(engine) as session:
        survey_row = ensure_survey(survey, session=session)
        slots = assign_attribute_slots(reader.segment_columns, session=session)
        overflow = [name for name in reader.segment_columns if name not in slots]
        if overflow:
            report.notes.append(
                f"{len(overflow)} columns kept with each response but not offered as segments "
                f"(all {len(slots)} segment columns are in use): {', '.join(overflow)}"
            )
        batch = ImportBatch(
            survey_id=survey_row.id,  # type: ignore[arg-type]
            file_name=file_name[:500],
            sha256=hashlib.sha256(data).hexdigest(),
            detected_format=reader.format,
            username=username,
        )
        session.add(batch)
        session.flush()
        seen = _existing_keys(survey_row.id, session)  # type: ignore[arg-type]
        profiles: dict[str, int] = {}
        for chunk in reader.iter_chunks(chunk_rows=chunk_rows):
            report.rows_read += chunk.rows_read
            report.errors.extend(chunk.rejected)
            report.excluded_rows.extend(chunk.excluded)
            _write_chunk(chunk.frame, session, survey_row.id, batch.id, slots, overflow, seen, profiles, report)  # type: ignore[arg-type]
            if progress:
                elapsed = max(time.perf_counter() - started, 1e-9)
                progress(report.rows_read, report.rows_read / elapsed)
        report.rejected = len(report.errors)
        report.excluded = len(report.excluded_rows)
        if dry_run or report.imported == 0:
            session.rollback()
            return report
        batch.rows_read, batch.imported = report.rows_read, report.imported
        batch.duplicates, batch.rejected, batch.excluded = report.duplicates, report.rejected, report.excluded
        batch.report_json = json.dumps(report.as_json(), ensure_ascii=False)
        session.add(batch)
        save_survey_mapping(survey_row, reader.mapping, session=session)
        bump_data_version(session=session)
        session.commit()
        report.batch_id = batch.id
    return report


def _write_chunk(
    frame: pd.DataFrame,
    session: Session,
    survey_id: int,
    batch_id: int,
    slots: dict[str, int],
    overflow: list[str],
    seen: set[str],
    profiles: dict[str, int],
    report: ImportReport,
) -> None:
    if frame.empty:
        return
    frame = frame.reset_index(drop=True)
    respondent_keys = [
        respondent_key(customer, email)
        for customer, email in zip(frame["respondent"].tolist(), frame["email"].tolist(), strict=True)
    ]
    keys = dedup_keys(frame, respondent_keys)
    fresh = _first_occurrences(keys, seen)
    report.duplicates += len(keys) - len(fresh)
    if not fresh:
        return
    frame = frame.iloc[fresh].reset_index(drop=True)
    keys = [keys[index] for index in fresh]
    respondent_keys = [respondent_keys[index] for index in fresh]
    respondent_ids = _respondent_ids(respondent_keys, frame, session, profiles)
    segments = _segment_values(frame, slots, overflow)
    rows = _rows_for_insert(
        frame,
        survey_id=survey_id,
        batch_id=batch_id,
        respondent_ids=respondent_ids,
        keys=keys,
        segments=segments,
    )
    session.execute(insert(Response), rows)
    report.imported += len(rows)


def _first_occurrences(keys: Iterable[str], seen: set[str]) -> list[int]:
    """Positions of keys not in the store nor earlier in the file; `seen` grows as a side effect."""
    fresh = []
    for index, key in enumerate(keys):
        if key not in seen:
            seen.add(key)
            fresh.append(index)
    return fresh


__all__ = ["ImportFileError", "ImportReport", "import_file"]
