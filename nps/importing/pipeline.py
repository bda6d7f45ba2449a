"""Write a parsed export into the store: one transaction, every row accounted for, duplicates skipped.

De-duplication is on (survey, dedup_key): `id:<response id>` where the export has response ids, else
`fp:<hash of respondent, timestamp, score, comment>`, so re-importing a file or an overlapping later
export adds nothing. Each duplicate is listed with the row (or import batch) it repeats; rows whose key is
already in another survey are listed too (imported twice they count twice in "All surveys"), and skipped
on request.

Rows go in through each database's bulk path inside the one transaction: the driver's `executemany` on
SQLite, `COPY` on PostgreSQL, with columns prepared chunk by chunk in pandas/pyarrow rather than as ORM
objects; the daily roll-up (`nps.rollup`) is counted on the way and written before the commit.
A million-row CSV imports in about 12 s on SQLite and 9 s on PostgreSQL on two cores (docs/benchmarks.md).
"""

from __future__ import annotations

import hashlib
import json
import queue
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from psycopg import Copy, sql
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import Connection, Engine, Select, bindparam, func, insert, select
from sqlmodel import Session

from nps import audit
from nps.i18n import N_, CountedText
from nps.importing.date_window import EARLIEST_SETTING, DateWindow, parse_day
from nps.importing.key_index import KeyIndex, key_hashes
from nps.importing.reader import (
    MAX_BYTES,
    MAX_VALUE_CHARS,
    ImportFileError,
    ParsedChunk,
    RowIssue,
    check_size,
    open_export,
)
from nps.models import SEGMENT_SLOTS, ImportBatch, Respondent, Response, Survey
from nps.rollup import DailyCounter, write_counts
from nps.store import (
    assign_attribute_slots,
    bump_data_version,
    ensure_survey,
    get_setting,
    save_survey_mapping,
    survey_slots,
)
from nps.text import ANALYSED_CHARS
from nps.weighting import reapply as reapply_weighting

MAX_SEGMENT_VALUE = 200
"""Longest segment value, customer id or name stored (the profile's key keeps the whole id)."""
MAX_EMAIL = 320
MAX_KEY = 190
IMPORT_LOCK = 0x4E505331
"""PostgreSQL advisory lock key held by the import transaction."""

T = TypeVar("T")
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
    duplicate_rows: list[RowIssue] = field(default_factory=list)
    in_other_surveys: list[RowIssue] = field(default_factory=list)
    """Rows whose response is already in another survey (imported unless `skip_other_surveys`)."""
    skipped_other_surveys: int = 0
    notes: list[str] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False
    mapping: dict[str, str] = field(default_factory=dict)
    rejected_cells: list[pd.DataFrame] = field(default_factory=list, repr=False)

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
            "duplicate_rows": [asdict(issue) for issue in self.duplicate_rows],
            "in_other_surveys": [asdict(issue) for issue in self.in_other_surveys],
            "skipped_other_surveys": self.skipped_other_surveys,
            "notes": self.notes,
            "batch_id": self.batch_id,
            "dry_run": self.dry_run,
        }

    def issues_frame(self) -> pd.DataFrame:
        """Rejected, excluded and duplicate rows, and rows found in another survey, as one table by row."""
        return issues_table(self.as_json())

    def rejected_file(self) -> pd.DataFrame:
        """The rejected rows with their original cells, after the reason and row number: fix them, import again.

        The two added columns are recognised on re-import and kept out of segments.
        """
        if not self.rejected_cells:
            return pd.DataFrame(columns=["import_rejected_because", "import_source_row"])
        cells = pd.concat(self.rejected_cells)
        reasons = {issue.row: issue.reason for issue in self.errors}
        cells.insert(0, "import_source_row", cells.index.astype("int64"))
        cells.insert(0, "import_rejected_because", [reasons.get(int(row), "") for row in cells.index])
        return cells.reset_index(drop=True)


def issues_table(report: dict) -> pd.DataFrame:
    """The rows of a report (`ImportReport.as_json()`, also as stored with its batch) that were not imported as
    they are: outcome, row, column, reason, in row order."""
    elsewhere = "skipped: in another survey" if report.get("skipped_other_surveys") else "also in another survey"
    outcomes = {
        "rejected": "errors",
        "excluded": "excluded_rows",
        "duplicate": "duplicate_rows",
        elsewhere: "in_other_surveys",
    }
    rows = [{"outcome": outcome, **issue} for outcome, name in outcomes.items() for issue in report.get(name, [])]
    frame = pd.DataFrame(rows, columns=["outcome", "row", "column", "reason"])
    return frame.sort_values("row", kind="stable").reset_index(drop=True)


TEXT_FIELDS = ("response_id", "respondent", "email", "name", "comment")
"""The reader's text fields, cleaned once per chunk (`_texts`) and used by keys, profiles and the rows."""


def respondent_keys(customer_ids: pa.Array, emails: pa.Array) -> pa.Array:
    """Profiles are keyed by customer id (exact: systems tell "AB12" from "ab12"), else by e-mail (case-folded, as
    mail servers treat addresses), so a changed name never splits a customer."""
    by_id = pc.binary_join_element_wise("id:", customer_ids, "")
    by_email = pc.binary_join_element_wise("email:", pc.utf8_lower(emails), "")
    return pc.coalesce(by_id, by_email)


def _texts(values: pd.Series) -> pa.Array:
    """Stripped text with blanks as nulls, as an Arrow array (None for missing when listed)."""
    array = pa.array(values.astype("str"), from_pandas=True).cast(pa.string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    stripped = pc.utf8_trim_whitespace(array)
    return pc.if_else(pc.equal(stripped, ""), pa.scalar(None, pa.string()), stripped)


def dedup_keys(frame: pd.DataFrame, text: dict[str, pa.Array], profile_keys: pa.Array) -> list[str]:
    """`id:` keys from response ids, `fp:` fingerprints for rows without one (`text`: the cleaned TEXT_FIELDS)."""
    ids = text["response_id"]
    keys = pc.binary_join_element_wise("id:", pc.utf8_slice_codeunits(ids, 0, MAX_KEY), "").to_pylist()
    missing = np.flatnonzero(pc.is_null(ids).to_numpy(zero_copy_only=False))
    if len(missing):
        material = pc.binary_join_element_wise(
            pc.fill_null(pc.take(profile_keys, missing), ""),
            pa.array(frame["responded_at"].iloc[missing].dt.strftime("%Y-%m-%dT%H:%M:%S").tolist()),
            pa.array(frame["score"].iloc[missing].astype("str").tolist()),
            pc.fill_null(pc.take(text["comment"], missing), ""),
            "\x1f",
        )
        for index, text in zip(missing.tolist(), material.to_pylist(), strict=True):
            keys[index] = "fp:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return keys


_READ_ROWS = 200_000
"""Keys are read from the store this many at a time into a KeyIndex (never a whole table of strings at once)."""


def _indexed(session: Session, statement: Select, number: Callable[[list], Iterable[int]]) -> KeyIndex:
    """A KeyIndex of the statement's (key, …) rows, each key numbered by `number` of the rows' other values.

    Read through the driver's own cursor in the session's transaction (a server-side one on PostgreSQL): the
    ORM's result rows cost twice the time of plain tuples (3M keys at load 5: 52 s against 25 s)."""
    index = KeyIndex()
    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    driver = connection.connection.dbapi_connection
    postgres = connection.dialect.name == "postgresql"
    cursor = driver.cursor(name="nps_import_keys") if postgres else driver.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(_READ_ROWS):
            index.add([row[0] for row in rows], number(rows))
    finally:
        cursor.close()
    return index


def _existing_keys(survey_id: int, session: Session) -> KeyIndex:
    """dedup key → minus the id of the batch that imported it (file rows go in the same index as row numbers)."""
    statement = select(Response.dedup_key, Response.batch_id).where(Response.survey_id == survey_id)
    return _indexed(session, statement, lambda rows: (-row[1] for row in rows))


def _keys_of_other_surveys(survey_id: int, session: Session) -> tuple[KeyIndex, list[str]]:
    """dedup key → position of its survey's name in the list, for every response of the other surveys (empty,
    and cheap, when there are none)."""
    names = [name for (name,) in session.execute(select(Survey.name).where(Survey.id != survey_id).order_by(Survey.id))]
    position = {name: number for number, name in enumerate(names)}
    statement = (
        select(Response.dedup_key, Survey.name)
        .join(Survey, Survey.id == Response.survey_id)
        .where(Response.survey_id != survey_id)
    )
    return _indexed(session, statement, lambda rows: (position[row[1]] for row in rows)), names


def _repeat_reason(earlier: int) -> str:
    if earlier > 0:
        return f"same response as row {earlier}"
    return f"already imported into this survey (batch {-earlier})"


def configured_window(*, engine: Engine) -> DateWindow:
    """The accepted date window, with the earliest date an admin set (store setting), else the default."""
    with Session(engine) as session:
        earliest = get_setting(EARLIEST_SETTING, session=session)
    return DateWindow(earliest=parse_day(earliest)) if earliest else DateWindow()


_SPOOL_PIECE = 4 << 20
_PROFILE_SEQUENCE = func.pg_get_serial_sequence("respondent", "id")
Column = pa.Array | list
"""A column of values to insert: an Arrow array, or a plain list (ids, constants)."""


class _BulkWriter:
    """Inserts many rows through the transaction's own DBAPI connection.

    SQLite: `executemany` of each chunk at once. PostgreSQL: the responses of all chunks go through one
    `COPY … FROM STDIN` that stays open, fed by psycopg's queued writer thread, so the server stores and
    indexes one chunk while this process parses and prepares the next; other tables (profiles) are spooled as
    CSV to a temporary file (ten million profiles held as Arrow tables took a gigabyte) and copied when the
    response stream closes. Use as a context manager; `finish()` before reading back.
    """

    def __init__(self, session: Session) -> None:
        self.connection: Connection = session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self._driver = self.connection.connection.driver_connection
        self._statements: dict[tuple[str, tuple[str, ...]], tuple[str, list[str]]] = {}
        self._stream: Copy | None = None
        self._stack = ExitStack()
        self._spools = ExitStack()
        self._later: dict[str, tuple[tuple[str, ...], IO[bytes]]] = {}

    def __enter__(self) -> _BulkWriter:
        return self

    def __exit__(self, *error: object) -> None:
        self._stack.__exit__(*error)  # type: ignore[arg-type]
        self._spools.close()

    def insert(self, table: str, columns: dict[str, Column]) -> None:
        """Insert rows given column-wise (name → values, all the same length)."""
        if not self.postgres:
            statement, order = self._insert_sql(table, list(columns))
            values = [_as_list(columns[name]) for name in order]
            cursor = self._driver.cursor()  # type: ignore[union-attr]
            try:
                cursor.executemany(statement, zip(*values, strict=True))
            finally:
                cursor.close()
            return
        data = pa.table({name: _as_array(values) for name, values in columns.items()})
        if table != "response":
            if table not in self._later:
                spool = self._spools.enter_context(tempfile.TemporaryFile(prefix="nps-import-"))  # noqa: SIM115
                self._later[table] = (tuple(columns), spool)
            self._later[table][1].write(_csv(data))
            return
        if self._stream is None:  # the columns are the same for every chunk of one file
            self._stream = self._stack.enter_context(self._copy(table, tuple(columns), queued=True))
        self._stream.write(_csv(data))

    @contextmanager
    def _copy(self, table: str, names: tuple[str, ...], queued: bool = False) -> Iterator[Copy]:
        statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(name) for name in names)
        )
        cursor = self._driver.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(statement, writer=QueuedLibpqWriter(cursor) if queued else None) as copy:
            yield copy

    def _insert_sql(self, table: str, names: list[str]) -> tuple[str, list[str]]:
        """The INSERT compiled by SQLAlchemy for these columns, and the order of its positional parameters."""
        key = (table, tuple(names))
        if key not in self._statements:
            target = {"response": Response, "respondent": Respondent}[table].__table__  # type: ignore[attr-defined]
            statement = insert(target).values({name: bindparam(name) for name in names})
            compiled = statement.compile(dialect=self.connection.dialect)
            order = list(compiled.positiontup or [])
            if sorted(order) != sorted(names):
                raise RuntimeError(f"unexpected parameters for {table}: {order}")
            self._statements[key] = (str(compiled), order)
        return self._statements[key]

    def first_profile_id(self) -> int:
        """Where new profile ids start; ask before writing (no other statement can run while a COPY is open).

        SQLite: after the current maximum (the transaction already holds the write lock, taken by the batch row).
        PostgreSQL: the sequence's next value; `finish()` moves the sequence past the ids used. Only imports
        create profiles, one at a time (`_one_import_at_a_time`).
        """
        if self.postgres:
            return self.connection.execute(select(func.nextval(_PROFILE_SEQUENCE))).scalar_one()
        return (self.connection.execute(select(func.coalesce(func.max(Respondent.id), 0))).scalar_one() or 0) + 1

    def finish(self, next_profile_id: int) -> None:
        """Close the response stream (waiting for the server to store it), then copy what was held back."""
        self._stack.close()
        self._stream = None
        for table, (names, spool) in self._later.items():
            spool.seek(0)
            with self._copy(table, names) as copy:
                while block := spool.read(_SPOOL_PIECE):
                    copy.write(block)
        self._later.clear()
        self._spools.close()
        if self.postgres:
            self.connection.execute(select(func.setval(_PROFILE_SEQUENCE, next_profile_id, False)))


def _timestamps(values: pd.Series, postgres: bool) -> pa.Array:
    """Naive UTC datetimes as the text each database stores or parses (SQLAlchemy's SQLite format)."""
    text = pa.array(values.to_numpy("datetime64[us]")).cast(pa.string())
    if postgres:
        text = pc.binary_join_element_wise(text, "+00", "")
    return text


def _csv(data: pa.Table) -> memoryview:
    """Rows as CSV that Arrow writes in C (nulls unquoted and empty, text quoted), for `COPY … (FORMAT csv)`."""
    buffer = pa.BufferOutputStream()
    pa_csv.write_csv(data, buffer, pa_csv.WriteOptions(include_header=False))
    return memoryview(buffer.getvalue())


def _as_list(values: Column) -> list:
    return values.to_pylist() if isinstance(values, pa.Array) else values


def _as_array(values: Column) -> pa.Array:
    return values if isinstance(values, pa.Array) else pa.array(values)


def _one_import_at_a_time(session: Session) -> None:
    """Wait for any other import to commit before this one reads anything (the survey list above all).

    PostgreSQL: an advisory lock. SQLite: the transaction's first statement is a write, so it takes the single
    writer lock before any read; otherwise four imports into a new survey all read "no such survey" and three
    failed on UNIQUE survey.name once the first committed.
    """
    if session.connection().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK)))
    else:
        bump_data_version(session=session)


def _known_profiles(session: Session) -> KeyIndex:
    """Every profile key → id, read once per import."""
    return _indexed(session, select(Respondent.key, Respondent.id), lambda rows: (row[1] for row in rows))


def _profile_ids(keys: pa.Array, text: dict[str, pa.Array], state: _Preparer) -> tuple[list, dict[str, Column] | None]:
    """The profile id of every key, and the rows of the profiles not known yet (first name and e-mail seen kept)."""
    listed = keys.to_pylist()
    keyed = np.flatnonzero(pc.is_valid(keys).to_numpy(zero_copy_only=False))
    ids: list[int | None] = [None] * len(listed)
    if not len(keyed):
        return ids, None
    first, second = key_hashes([listed[position] for position in keyed])
    found, known_ids = state.profiles.get_hashed(first, second)
    for position, profile_id in zip(keyed[found].tolist(), known_ids[found].tolist(), strict=True):
        ids[position] = profile_id
    if found.all():
        return ids, None
    unknown = np.flatnonzero(~found)
    new_key: dict[str, int] = {}  # each new key → its new id, in order of first appearance
    first_position: list[int] = []
    for number in unknown.tolist():
        key = listed[keyed[number]]
        if key not in new_key:
            new_key[key] = state.next_profile_id + len(new_key)
            first_position.append(number)
        ids[keyed[number]] = new_key[key]
    new_ids = list(new_key.values())
    state.next_profile_id += len(new_ids)
    taken = np.asarray(first_position)
    state.profiles.add_hashed(first[taken], second[taken], np.asarray(new_ids, dtype=np.int64))
    positions = pa.array(keyed[taken], pa.int64())
    now = _timestamps(pd.Series([pd.Timestamp.now("UTC").tz_localize(None)] * len(positions)), state.postgres)
    rows: dict[str, Column] = {
        "id": new_ids,
        "key": list(new_key),
        "customer_id": pc.utf8_slice_codeunits(pc.take(text["respondent"], positions), 0, MAX_SEGMENT_VALUE),
        "email": pc.utf8_slice_codeunits(pc.take(text["email"], positions), 0, MAX_EMAIL),
        "name": pc.utf8_slice_codeunits(pc.take(text["name"], positions), 0, MAX_SEGMENT_VALUE),
        "created_at": now,
    }
    return ids, rows


def _segment_values(frame: pd.DataFrame, slots: dict[str, int], overflow: list[str]) -> dict[str, Column]:
    values: dict[str, Column] = {}
    for name, slot in slots.items():
        values[f"seg_{slot}"] = pc.utf8_slice_codeunits(_texts(frame[name]), 0, MAX_SEGMENT_VALUE)
    extra = frame["extra"] if "extra" in frame else pd.Series(pd.NA, index=frame.index, dtype="str")
    if overflow:
        merged = []
        for index, raw in enumerate(extra.tolist()):
            data = json.loads(raw) if isinstance(raw, str) and raw else {}
            for name in overflow:
                value = frame[name].iat[index]
                if isinstance(value, str) and value.strip():
                    data[name] = value.strip()
            merged.append(json.dumps(data, ensure_ascii=False) if data else None)
        extra = pd.Series(merged, index=frame.index, dtype="str")
    values["extra"] = _texts(extra)
    return values


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
    chunk_rows: int = 50_000,
    fixed_date: date | None = None,
    date_window: DateWindow | None = None,
    skip_other_surveys: bool = False,
    max_bytes: int = MAX_BYTES,
) -> ImportReport:
    """Import one export in a single transaction; on any error nothing is written.

    `fixed_date` dates every row (a file without dates); `skip_other_surveys` leaves out rows already in
    another survey. `max_bytes` refuses larger files before reading (a file on disk is streamed, so the
    command line can raise it). Raises ImportFileError for file-level problems (the message is for the user).
    """
    if not survey.strip() or len(survey.strip()) > MAX_VALUE_CHARS:
        raise ImportFileError(N_("A survey needs a name of 1 to {maximum} characters."), maximum=MAX_VALUE_CHARS)
    file_name = file_name or (source.name if isinstance(source, Path) else "upload")
    if isinstance(source, Path) and source.is_file():
        check_size(source.stat().st_size, max_bytes)  # before anything else, the store included
    reader = open_export(
        source,
        max_bytes=max_bytes,
        file_name=file_name,
        mapping=mapping,
        dayfirst=dayfirst,
        sheet=sheet,
        fixed_date=fixed_date,
        date_window=date_window or configured_window(engine=engine),
    )
    report = ImportReport(
        file=file_name,
        format=reader.format,
        survey=survey,
        dry_run=dry_run,
        notes=list(reader.notes),
        mapping=dict(reader.mapping),
    )
    started = time.perf_counter()
    with Session(engine) as session, ExitStack() as stack:
        _one_import_at_a_time(session)
        survey_row = ensure_survey(survey, session=session)
        batch = ImportBatch(
            survey_id=survey_row.id,  # type: ignore[arg-type]
            file_name=file_name[:500],
            sha256=reader.sha256(),
            detected_format=reader.format,
            username=username,
        )
        session.add(batch)
        session.flush()
        assigned = assign_attribute_slots(
            survey_row.id,  # type: ignore[arg-type]
            reader.segment_columns,
            session=session,
            batch_id=batch.id,
        )
        if assigned.overflow:
            report.notes.append(
                CountedText.ngettext(
                    "{count} columns kept with each response but not offered as segments: a survey has at most "
                    "{slots} segment attributes and “{survey}” uses all {slots}: {columns}",
                    "{count} columns kept with each response but not offered as segments: a survey has at most "
                    "{slots} segment attributes and “{survey}” uses all {slots}: {columns}",
                    len(assigned.overflow),
                    count=len(assigned.overflow),
                    slots=SEGMENT_SLOTS,
                    survey=survey,
                    columns=", ".join(assigned.overflow),
                )
            )
        writer = stack.enter_context(_BulkWriter(session))
        elsewhere, survey_names = _keys_of_other_surveys(survey_row.id, session)  # type: ignore[arg-type]
        prepare = _Preparer(
            survey_id=survey_row.id,  # type: ignore[arg-type]
            batch_id=batch.id,  # type: ignore[arg-type]
            postgres=writer.postgres,
            slots=assigned.slots,
            store_slots=survey_slots(survey_row.id, session=session),  # type: ignore[arg-type]
            overflow=assigned.overflow,
            seen=_existing_keys(survey_row.id, session),  # type: ignore[arg-type]
            elsewhere=elsewhere,
            survey_names=survey_names,
            skip_elsewhere=skip_other_surveys,
            profiles=_known_profiles(session),
            next_profile_id=writer.first_profile_id(),
            counter=DailyCounter(survey_row.id),  # type: ignore[arg-type]
        )
        for rows in _read_ahead(map(prepare, reader.iter_chunks(chunk_rows=chunk_rows))):
            report.rows_read += rows.chunk.rows_read
            report.errors.extend(rows.chunk.rejected)
            report.excluded_rows.extend(rows.chunk.excluded)
            if rows.chunk.rejected_cells is not None:
                report.rejected_cells.append(rows.chunk.rejected_cells)
            report.duplicate_rows.extend(rows.duplicate_rows)
            report.in_other_surveys.extend(rows.in_other_surveys)
            report.skipped_other_surveys += rows.skipped_elsewhere
            report.duplicates += len(rows.duplicate_rows)
            if rows.profiles:
                writer.insert("respondent", rows.profiles)
            if rows.responses:
                writer.insert("response", rows.responses)
            report.imported += rows.imported
            if progress:
                elapsed = max(time.perf_counter() - started, 1e-9)
                progress(report.rows_read, report.rows_read / elapsed)
        report.rejected = len(report.errors)
        report.excluded = len(report.excluded_rows)
        report.notes += [note for note in reader.notes if note not in report.notes]
        writer.finish(prepare.next_profile_id)
        if prepare.long_comments:
            report.notes.append(
                CountedText.ngettext(
                    "{count} comments are longer than {limit} characters: the full text is kept and shown, search, "
                    "language, themes and tone read its first {limit}",
                    "{count} comments are longer than {limit} characters: the full text is kept and shown, search, "
                    "language, themes and tone read its first {limit}",
                    prepare.long_comments,
                    count=prepare.long_comments,
                    limit=ANALYSED_CHARS,
                )
            )
        if dry_run or report.imported == 0:
            session.rollback()
            return report
        write_counts(prepare.counter.frame(), session=session)
        weighting_note = reapply_weighting(session=session)
        if weighting_note:
            report.notes.append(weighting_note)
        batch.rows_read, batch.imported = report.rows_read, report.imported
        batch.duplicates, batch.rejected, batch.excluded = report.duplicates, report.rejected, report.excluded
        batch.report_json = json.dumps(report.as_json(), ensure_ascii=False)
        session.add(batch)
        save_survey_mapping(survey_row, reader.mapping, session=session)
        bump_data_version(session=session)
        audit.record(
            "import",
            actor=username,
            session=session,
            target=f"batch {batch.id}",
            affected=report.imported,
            details={
                "survey": survey,
                "file": file_name,
                "format": reader.format,
                "duplicates": report.duplicates,
                "rejected": report.rejected,
            },
        )
        session.commit()
        report.batch_id = batch.id
    return report


@dataclass
class _Rows:
    """One chunk made ready to write: what the reader thread prepared for the writer."""

    chunk: ParsedChunk
    duplicate_rows: list[RowIssue] = field(default_factory=list)
    in_other_surveys: list[RowIssue] = field(default_factory=list)
    skipped_elsewhere: int = 0
    profiles: dict[str, Column] | None = None
    responses: dict[str, Column] | None = None
    imported: int = 0


@dataclass
class _Preparer:
    """Turns parsed chunks into rows to write, in the reader thread, so the writer only writes.

    It is the only user of what it remembers between chunks (keys seen, profiles, the roll-up counts), and it
    sees the chunks in file order.
    """

    survey_id: int
    batch_id: int
    postgres: bool
    slots: dict[str, int]
    """This file's segment columns → their slots."""
    store_slots: list[int]
    """Every slot the survey uses: the roll-up counts each response of it under all of them."""
    overflow: list[str]
    seen: KeyIndex
    """dedup keys already in this survey (→ minus their batch id) or earlier in the file (→ row number)."""
    elsewhere: KeyIndex
    """dedup keys of the other surveys → position of the survey's name in `survey_names`."""
    survey_names: list[str]
    skip_elsewhere: bool
    profiles: KeyIndex
    next_profile_id: int
    counter: DailyCounter
    long_comments: int = 0
    """Comments longer than the ANALYSED_CHARS that search and the text analytics read."""

    def _elsewhere(self, fresh: list[int], keys: list[str], row_numbers: list[int], rows: _Rows) -> list[int]:
        """List the fresh rows already in another survey; the fresh rows to write (without them if skipping)."""
        found, surveys = self.elsewhere.get([keys[index] for index in fresh])
        rows.in_other_surveys = [
            RowIssue(row_numbers[fresh[number]], "", f"already in survey “{self.survey_names[survey]}”")
            for number, survey in zip(np.flatnonzero(found).tolist(), surveys[found].tolist(), strict=True)
        ]
        if not self.skip_elsewhere or not found.any():
            return fresh
        rows.skipped_elsewhere = int(found.sum())
        return [index for index, skipped in zip(fresh, found.tolist(), strict=True) if not skipped]

    def __call__(self, chunk: ParsedChunk) -> _Rows:
        rows = _Rows(chunk)
        if chunk.frame.empty:
            return rows
        frame = chunk.frame.reset_index(drop=True)
        text = {name: _texts(frame[name]) for name in TEXT_FIELDS}
        profile_keys = respondent_keys(text["respondent"], text["email"])
        keys = dedup_keys(frame, text, profile_keys)
        row_numbers = frame["row"].tolist()
        fresh, repeats = _first_occurrences(keys, row_numbers, self.seen)
        rows.duplicate_rows = [RowIssue(row_numbers[index], "", _repeat_reason(earlier)) for index, earlier in repeats]
        if len(self.elsewhere):
            fresh = self._elsewhere(fresh, keys, row_numbers, rows)
        if not fresh:
            return rows
        if len(fresh) < len(keys):
            taken = pa.array(fresh, pa.int64())
            frame = frame.iloc[fresh].reset_index(drop=True)
            keys = [keys[index] for index in fresh]
            text = {name: pc.take(values, taken) for name, values in text.items()}
            profile_keys = pc.take(profile_keys, taken)
        respondent_ids, rows.profiles = _profile_ids(profile_keys, text, self)
        segments = _segment_values(frame, self.slots, self.overflow)
        comments = text["comment"]
        lengths = pc.fill_null(pc.utf8_length(comments), 0)
        self.long_comments += pc.sum(pc.greater(lengths, ANALYSED_CHARS)).as_py() or 0
        days = frame["responded_at"].to_numpy("datetime64[us]").astype("datetime64[D]")
        scores = frame["score"].to_numpy("int64")
        count = len(frame)
        rows.responses = {
            "survey_id": [self.survey_id] * count,
            "batch_id": [self.batch_id] * count,
            "respondent_id": respondent_ids,
            "external_id": text["response_id"],
            "dedup_key": keys,
            "responded_at": _timestamps(frame["responded_at"], self.postgres),
            "responded_on": pa.array(days).cast(pa.string()),
            "score": pa.array(scores),
            "comment": comments,
            "comment_length": lengths,
            **segments,
        }
        if frame["weight"].notna().any():
            rows.responses["weight"] = pa.array(frame["weight"].to_numpy(), pa.float64(), from_pandas=True)
        not_set = np.full(count, None, dtype=object)
        self.counter.add(
            days,
            scores,
            lengths.to_numpy(zero_copy_only=False) > 0,
            {
                slot: segments[f"seg_{slot}"].to_numpy(zero_copy_only=False) if f"seg_{slot}" in segments else not_set
                for slot in self.store_slots
            },
        )
        if not self.postgres:  # executemany wants Python values: made here, not in the writer's thread
            rows.profiles = {name: _as_list(values) for name, values in (rows.profiles or {}).items()} or None
            rows.responses = {name: _as_list(values) for name, values in rows.responses.items()}
        rows.imported = count
        return rows


def _read_ahead(chunks: Iterator[T], depth: int = 1) -> Iterator[T]:
    """The chunks, parsed and prepared in a thread one step ahead of the writer.

    Parsing and preparing (pandas, pyarrow) and writing (SQLite's B-trees, the PostgreSQL server) mostly run
    without the GIL, so on two cores reading the next chunk overlaps writing this one. Errors of the reader
    surface here; if the writer stops early the thread is told to stop and is waited for.
    """
    handoff: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: tuple[str, object]) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for chunk in chunks:
                if not offer(("chunk", chunk)):
                    return
        except BaseException as error:  # handed to the consumer, raised there
            offer(("error", error))
            return
        offer(("done", None))

    thread = threading.Thread(target=produce, name="import-reader", daemon=True)
    thread.start()
    try:
        while True:
            kind, item = handoff.get()
            if kind == "done":
                return
            if kind == "error":
                raise item  # type: ignore[misc]
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()


def _first_occurrences(
    keys: list[str], row_numbers: list[int], seen: KeyIndex
) -> tuple[list[int], list[tuple[int, int]]]:
    """(positions of keys not in the store nor earlier in the file, (position, what it repeats) of the others).

    `seen` grows as a side effect: each new key → its row number.
    """
    first, second = key_hashes(keys)
    found, earlier = seen.get_hashed(first, second)
    pairs = np.stack((first, second), axis=1)
    _, first_seen, group = np.unique(pairs, axis=0, return_index=True, return_inverse=True)
    group = group.reshape(-1)
    numbers = np.asarray(row_numbers, dtype=np.int64)
    fresh = ~found & (first_seen[group] == np.arange(len(keys)))
    repeated_in_chunk = ~found & ~fresh
    earlier[repeated_in_chunk] = numbers[first_seen[group[repeated_in_chunk]]]
    seen.add_hashed(first[fresh], second[fresh], numbers[fresh])
    repeats = np.flatnonzero(~fresh)
    return np.flatnonzero(fresh).tolist(), list(zip(repeats.tolist(), earlier[repeats].tolist(), strict=True))


__all__ = ["ImportFileError", "ImportReport", "import_file"]
