"""Opening an uploaded export and reading it in validated chunks, with every rejected row accounted for.

`open_export` looks at the bytes (never the file name), finds the tool's layout, proposes a mapping and
decides how dates are written; `ExportReader.iter_chunks` then streams the rows: CSV is parsed chunk by
chunk from the raw bytes, so a million-row file never sits in memory as one table.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from nps.i18n import N_, CountedText
from nps.importing import reasons
from nps.importing.date_window import DateWindow
from nps.importing.dates import DateEvidence, DateReading, choose_reading, date_evidence, describe_reading, parse_dates
from nps.importing.formats import Layout, detect_layout
from nps.importing.long_format import LONG_FIELDS, pivot, recognise
from nps.importing.mapping import FIELDS, MULTI_COLUMN_FIELDS, compact, propose, split_rest
from nps.importing.reasons import fill
from nps.importing.scores import parse_scores
from nps.importing.sniff import (
    ImportFileError,
    MappingNeeded,
    TextEncoding,
    decode_sample,
    detect_container,
    detect_encoding,
    sniff_delimiter,
)
from nps.importing.source import ExportSource
from nps.importing.workbook_limits import check_workbook

MAX_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 1000
MAX_VALUE_CHARS = 200
VALUE_LIMITS = {"response_id": MAX_VALUE_CHARS, "respondent": MAX_VALUE_CHARS, "name": MAX_VALUE_CHARS, "email": 254}
"""Longest value per field the store keeps (an e-mail address has at most 254 characters, RFC 5321)."""
PREVIEW_CELL_CHARS = 300
HEAD_ROWS = 1000
EXTRA_CELLS = 5
OUTPUT_COLUMNS = ("row", "response_id", "respondent", "email", "name", "responded_at", "score", "comment")
_FIELD_KEY = re.compile(rf"^(?:{'|'.join(FIELDS)})$|^(?:{'|'.join(MULTI_COLUMN_FIELDS)})_\d+$")


@dataclass(frozen=True, slots=True)
class RowIssue:
    """One row not imported: its row number as a spreadsheet shows it, the column at fault, and why."""

    row: int
    column: str
    reason: str


@dataclass
class ParsedChunk:
    """Valid rows of one chunk (`frame`) and what happened to the others; `rows_read` counts them all.

    `rejected_cells` holds the rejected rows as the file has them (its columns, indexed by row number), so
    they can be downloaded, fixed and imported again.
    """

    frame: pd.DataFrame
    rejected: list[RowIssue] = field(default_factory=list)
    excluded: list[RowIssue] = field(default_factory=list)
    rows_read: int = 0
    rejected_cells: pd.DataFrame | None = None


class _TextSource:
    """Delimited text, parsed by pandas' C reader as it reads the file, one chunk at a time."""

    def __init__(self, source: ExportSource, encoding: TextEncoding, delimiter: str) -> None:
        self.source = source
        self.encoding = encoding
        self.delimiter = delimiter
        self.width = 0

    def head(self) -> pd.DataFrame:
        sample = decode_sample(self.source, self.encoding).lstrip("\ufeff")
        complete = len(sample.encode(self.encoding.name, errors="replace")) >= self.source.size - 4
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=self.delimiter))
        except csv.Error as error:
            raise ImportFileError(UNREADABLE, detail=str(error)) from error
        if not complete and len(rows) > 1:
            rows = rows[:-1]
        rows = rows[:HEAD_ROWS]
        self.width = max((len(row) for row in rows), default=0)
        check_width(self.width)
        return pd.DataFrame([row + [""] * (self.width - len(row)) for row in rows], dtype="str")

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        names = list(range(self.width + EXTRA_CELLS))
        try:
            with self.source.open() as file:
                reader = pd.read_csv(
                    file,
                    sep=self.delimiter,
                    header=None,
                    names=names,
                    dtype="str",
                    keep_default_na=False,
                    na_filter=False,
                    skip_blank_lines=False,
                    index_col=False,
                    encoding=self.encoding.name,
                    encoding_errors="replace",
                    chunksize=chunk_rows,
                    engine="c",
                )
                yield from reader
        except (pd.errors.ParserError, ValueError, UnicodeError, csv.Error) as error:
            raise _parser_error(str(error), self.width) from error


class _SheetSource:
    """A worksheet read whole (calamine gives no streaming), served in chunks like text."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.width = frame.shape[1]
        check_width(self.width)

    def head(self) -> pd.DataFrame:
        return self.frame.iloc[:HEAD_ROWS]

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        for start in range(0, len(self.frame), chunk_rows):
            yield self.frame.iloc[start : start + chunk_rows]


def check_width(width: int) -> None:
    """Refuse files wider than MAX_COLUMNS: every column costs work on every row (5,000 took minutes)."""
    if width > MAX_COLUMNS:
        raise ImportFileError(
            N_(
                "The file has {width} columns; at most {maximum} can be imported. Export only the "
                "questions you need (score, date, comment, ids and the segments), or check the separator."
            ),
            width=f"{width:,}",
            maximum=f"{MAX_COLUMNS:,}",
        )


UNREADABLE = N_("The file could not be read as a table ({detail}). Export it again as CSV or XLSX.")


def _parser_error(detail: str, width: int) -> ImportFileError:
    quoted = re.search(r"EOF inside string starting at row (\d+)", detail)
    if quoted:
        return ImportFileError(
            N_(
                "The file ends inside a quoted cell that starts near row {row}: it looks cut off or has an "
                "unmatched quote. Export it again, or fix that row."
            ),
            row=int(quoted.group(1)) + 1,
        )
    wide = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", detail)
    if wide:
        return ImportFileError(
            N_(
                "Row {row} has {cells} cells but the header has {width}: the file may be damaged or use a "
                "different separator inside unquoted cells. Fix that row or export again."
            ),
            row=wide.group(2),
            cells=wide.group(3),
            width=width,
        )
    return ImportFileError(UNREADABLE, detail=detail)


def _read_workbook(data: bytes, sheet: str | None) -> tuple[pd.DataFrame, list[str], str]:
    """The sheet holding the responses: the named one, else the one with scores and dates (the longest)."""
    if detect_container(data) == "xlsx":
        check_workbook(data)
    try:
        frames = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, dtype="str", keep_default_na=False, engine="calamine"
        )
    except Exception as error:  # calamine raises its own error types for every kind of damage
        raise ImportFileError(
            N_(
                "The workbook could not be opened: it is damaged, password-protected or not an Excel file. "
                "Open it in Excel and save it again as .xlsx (without a password), or export the responses as CSV."
            )
        ) from error
    names = [str(name) for name in frames]
    if not names:
        raise ImportFileError(N_("The workbook has no sheets. Export the responses again."))
    tables = {str(name): frame for name, frame in frames.items()}
    if sheet is not None:
        if sheet not in tables:
            raise ImportFileError(
                N_("The workbook has no sheet {sheet}; its sheets are: {sheets}."),
                sheet=repr(sheet),
                sheets=", ".join(names),
            )
        return tables[sheet], names, sheet

    def fitness(name: str) -> tuple[bool, bool, int]:
        frame = tables[name]
        if frame.empty:
            return (False, False, 0)
        layout = detect_layout(frame.iloc[:HEAD_ROWS])
        sample = _sample(frame.iloc[:HEAD_ROWS], layout)
        fields = propose(layout.columns, sample, labels=layout.labels, hints=layout.hints).fields
        return ("score" in fields and "date" in fields, "score" in fields, len(frame))

    best = max(names, key=fitness)
    return tables[best], names, best


def _sample(head: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    """The data rows of the head under their column names, blank rows dropped."""
    body = head.iloc[layout.header_rows :, layout.positions]
    body.columns = layout.columns
    body = body.astype("str").apply(lambda column: column.str.strip())
    filled = (body != "").any(axis=1) if not body.empty else pd.Series(dtype=bool)
    return body[filled]


def _join(parts: list[pd.Series], separator: str) -> pd.Series:
    """Cell-wise join of text columns, skipping missing cells; missing when all are."""
    result = parts[0]
    for part in parts[1:]:
        both = result.notna() & part.notna()
        result = result.where(~both, result + separator + part).fillna(part)
    return result


class ExportReader:
    """A survey export opened for reading: what it is, how it maps, and its rows in validated chunks.

    `notes` gains counts of excluded rows (previews, partial responses) once the chunks have been read.
    """

    format: str
    columns: list[str]
    labels: dict[str, str]
    mapping: dict[str, str]
    field_columns: dict[str, list[str]]
    segment_columns: list[str]
    noise_columns: list[str]
    sheets: list[str]
    sheet: str | None
    notes: list[str]
    dayfirst: bool | None
    encoding: str | None
    delimiter: str | None

    def __init__(
        self,
        source: bytes | ExportSource,
        *,
        file_name: str = "",
        mapping: dict[str, str] | None = None,
        dayfirst: bool | None = None,
        sheet: str | None = None,
        fixed_date: date | None = None,
        date_window: DateWindow | None = None,
    ) -> None:
        self.file_name = file_name
        self.notes = []
        self.fixed_date = fixed_date
        self.date_window = date_window or DateWindow()
        self._window_rejections: Counter[str] = Counter()
        if fixed_date is not None and not self.date_window.accepts(fixed_date):
            raise ImportFileError(
                N_("The date given for every row: {problem}."), problem=self.date_window.check(fixed_date)
            )
        mapping = dict(mapping) if mapping is not None else None
        long_mapping = {name: (mapping or {}).pop(name, "") for name in LONG_FIELDS}
        self.sheets, self.sheet, self.encoding, self.delimiter = [], None, None, None
        self._mixed_encoding = False
        self._file = source = ExportSource.of(source)
        container = detect_container(source)
        if container in ("xlsx", "xls"):
            frame, self.sheets, self.sheet = _read_workbook(source.read(), sheet)
            self._source: _TextSource | _SheetSource = _SheetSource(frame)
            if len(self.sheets) > 1:
                self.notes.append(
                    CountedText(
                        N_("responses read from sheet {sheet} of {count}"),
                        sheet=repr(self.sheet),
                        count=len(self.sheets),
                    )
                )
        else:
            encoding = detect_encoding(source)
            self.encoding = encoding.label
            sample = decode_sample(source, encoding)
            self.delimiter = sniff_delimiter(sample)
            self._source = _TextSource(source, encoding, self.delimiter)
            self._mixed_encoding = encoding.mixed
            if encoding.mixed:
                self.notes.append(
                    CountedText(
                        N_(
                            "the file is UTF-8 but some rows are in another text encoding: those rows are rejected "
                            "(fix their text, or save the whole file as UTF-8) instead of guessing the encoding"
                        )
                    )
                )
            elif encoding.guessed:
                self.notes.append(CountedText(N_("text encoding detected as {encoding}"), encoding=encoding.label))
        head = self._source.head()
        self._layout = layout = detect_layout(head)
        self.format = layout.format
        self.columns = list(layout.columns)
        self.labels = dict(layout.labels)
        self.notes.extend(layout.notes)
        self._sample = _sample(head, layout)
        self.long_format = self._long_columns(long_mapping)
        if self.long_format:
            self._pivot_long(*self.long_format)
            layout = self._layout
        proposal = propose(
            self.columns, self._sample, labels=layout.labels, hints=layout.hints, known_noise=layout.noise
        )
        self.field_columns = self._apply_user_mapping(proposal.fields, mapping or {})
        self.mapping = {}
        for name, columns in self.field_columns.items():
            for position, column in enumerate(columns, start=1):
                self.mapping[name if position == 1 else f"{name}_{position}"] = column
        if self.long_format:
            self.mapping.update(zip(LONG_FIELDS, self.long_format, strict=True))
        used = {column for columns in self.field_columns.values() for column in columns}
        if mapping is None:
            segments, self.noise_columns = proposal.segments, proposal.noise
        else:
            segments, self.noise_columns = split_rest(
                self.columns, self._sample, used, labels=layout.labels, known_noise=layout.noise
            )
        reserved = {*OUTPUT_COLUMNS, "extra", "weight"}
        self._segment_sources = {
            (f"{column} (column)" if column in reserved else column): column for column in segments
        }
        self.segment_columns = list(self._segment_sources)
        long_names = [name for name in self.segment_columns if len(name) > MAX_VALUE_CHARS]
        if long_names:
            raise ImportFileError(
                N_(
                    "A column header is longer than {maximum} characters ({header}…): segment names must be "
                    "shorter. Rename the column or export the survey again."
                ),
                maximum=MAX_VALUE_CHARS,
                header=long_names[0][:60],
            )
        self._check_required()
        if fixed_date is not None:
            self._date_columns, self._readings, self.dayfirst = [], {}, None
            ignored = self.field_columns.get("date", [])
            self.notes.append(
                CountedText(
                    N_("every response dated {day}, the date given for this import (the column {column} was not used)"),
                    day=fixed_date.isoformat(),
                    column=repr(ignored[0]),
                )
                if ignored
                else CountedText(
                    N_("every response dated {day}, the date given for this import (the file has no date column)"),
                    day=fixed_date.isoformat(),
                )
            )
        else:
            self._date_columns = self.field_columns["date"] + (
                [] if "date" in (mapping or {}) else [c for c in layout.date_fallbacks if c not in used]
            )
            self._readings = {column: self._date_reading(column, dayfirst) for column in self._date_columns}
            main_date = self._date_columns[0]
            self.dayfirst = self._readings[main_date].dayfirst
            date_note = describe_reading(self._readings[main_date], main_date)
            if date_note:
                self.notes.append(date_note)
        if self.noise_columns:
            self.notes.append(
                CountedText.ngettext(
                    "{count} technical or free-text columns kept with each response, not offered as segments: "
                    "{columns}",
                    "{count} technical or free-text columns kept with each response, not offered as segments: "
                    "{columns}",
                    len(self.noise_columns),
                    count=len(self.noise_columns),
                    columns=", ".join(self.noise_columns),
                )
            )

    def _apply_user_mapping(self, proposed: dict[str, list[str]], mapping: dict[str, str]) -> dict[str, list[str]]:
        """The proposal, with every field the user named taken from the user (an empty value unmaps it)."""
        fields = {name: list(columns) for name, columns in proposed.items()}
        by_key = {compact(column): column for column in reversed(self.columns)}
        given: dict[str, list[str]] = {}
        for key, value in mapping.items():
            if not _FIELD_KEY.match(key):
                raise ImportFileError(
                    N_("The mapping names an unknown field {field}; the fields are {fields}."),
                    field=repr(key),
                    fields=", ".join(FIELDS),
                )
            base = key.split("_")[0] if key.split("_")[-1].isdigit() else key
            given.setdefault(base, [])
            if not value:
                continue
            column = value if value in self.columns else by_key.get(compact(value))
            if column is None:
                raise ImportFileError(
                    N_(
                        "The mapping uses column {column} for {field}, but this file has no such column. "
                        "Its columns are: {columns}."
                    ),
                    column=repr(value),
                    field=base,
                    columns=", ".join(self.columns),
                )
            given[base].append(column)
        claimed = {column for columns in given.values() for column in columns}
        for name in list(fields):
            fields[name] = [column for column in fields[name] if column not in claimed]
        fields.update(given)
        return {name: columns for name, columns in fields.items() if columns}

    def _long_columns(self, given: dict[str, str]) -> tuple[str, str] | None:
        """The (question, value) columns of a long-format file: as mapped by the user, else as recognised."""
        if not any(given.values()):
            return recognise(self.columns, self._sample)
        by_key = {compact(column): column for column in reversed(self.columns)}
        chosen = []
        for name in LONG_FIELDS:
            column = given[name] if given[name] in self.columns else by_key.get(compact(given[name]))
            if column is None:
                raise ImportFileError(
                    N_(
                        "The mapping uses column {column} for the long format's {field}, but this file has "
                        "no such column. Its columns are: {columns}."
                    ),
                    column=repr(given[name]),
                    field=name,
                    columns=", ".join(self.columns),
                )
            chosen.append(column)
        if chosen[0] == chosen[1]:
            raise ImportFileError(N_("The long format's question and value must be two different columns."))
        return chosen[0], chosen[1]

    def _pivot_long(self, question: str, value: str) -> None:
        """Read the whole file and serve one row per response from then on (a long file is 1/questions as wide)."""
        layout = self._layout
        parts = []
        for chunk in self._source.chunks(200_000):
            body = chunk[chunk.index >= layout.header_rows].iloc[:, layout.positions]
            body.columns = self.columns
            parts.append(body.apply(_clean_cells))
        rows = pd.concat(parts) if parts else pd.DataFrame(columns=self.columns)
        rows = rows[rows.notna().any(axis=1)]
        wide = pivot(rows, question, value)
        names = [str(name) for name in wide.columns]
        table = pd.concat([pd.DataFrame([names], index=[0]), pd.DataFrame(wide.to_numpy(), index=wide.index)]).astype(
            "str"
        )
        self._source = _SheetSource(table)
        positions = list(range(len(names)))
        self._layout = Layout(layout.format, 1, positions, names, default_dayfirst=layout.default_dayfirst)
        self.columns, self.labels = names, {}
        self._sample = _sample(table.iloc[:HEAD_ROWS], self._layout)
        self.notes.append(
            CountedText.ngettext(
                "long format: {rows} rows, one per answer ({question} holds the question, {value} the answer), "
                "pivoted to {count} responses",
                "long format: {rows} rows, one per answer ({question} holds the question, {value} the answer), "
                "pivoted to {count} responses",
                len(wide),
                rows=len(rows),
                question=repr(question),
                value=repr(value),
                count=len(wide),
            )
        )

    def _check_required(self) -> None:
        needed = ("score",) if self.fixed_date is not None else ("score", "date")
        missing = tuple(field for field in needed if field not in self.field_columns)
        columns = tuple(self.columns)
        if "score" in missing:
            raise MappingNeeded(
                N_(
                    "No column of 0–10 scores was found. Choose the score column in the mapping, "
                    "or check that this is the survey export. The columns are: {names}."
                ),
                missing=missing,
                columns=columns,
                names=", ".join(self.columns),
            )
        if missing:
            raise MappingNeeded(
                N_(
                    "No date column was found. Choose the column with the response date in the mapping, "
                    "or give one date for every row (every response needs a date for trends)."
                ),
                missing=missing,
                columns=columns,
            )

    def _date_reading(self, column: str, dayfirst: bool | None) -> DateReading:
        """Decided from the sample; when the sample cannot tell day from month, from the whole column."""
        layout = self._layout
        evidence = date_evidence(self._sample[column])
        settles = evidence.largest_first > 12 or evidence.largest_second > 12 or evidence.dotted
        order_matters = evidence.largest_first > 0 and evidence.numeric < 0.9 * evidence.filled
        if dayfirst is None and order_matters and not settles:
            evidence = self._whole_column_evidence(column)
        reading = choose_reading(
            evidence,
            dayfirst=dayfirst,
            default_dayfirst=layout.default_dayfirst,
            timezone=layout.timezones.get(column),
        )
        return reading or DateReading(dayfirst=layout.default_dayfirst if dayfirst is None else dayfirst)

    def _whole_column_evidence(self, column: str) -> DateEvidence:
        position = self._layout.positions[self.columns.index(column)]
        total = DateEvidence()
        for chunk in self._source.chunks(200_000):
            values = chunk.iloc[:, position]
            total = total + date_evidence(values[values.index >= self._layout.header_rows])
            if total.largest_first > 12 or total.largest_second > 12:
                break
        return total

    def sha256(self) -> str:
        """The file's fingerprint, read a piece at a time."""
        return self._file.sha256()

    def preview(self, rows: int = 20) -> pd.DataFrame:
        """The first data rows as the file shows them, indexed by spreadsheet row number; long cells shortened."""
        frame = self._sample.head(rows).apply(_shorten)
        frame.index = pd.Index(frame.index + 1, name="row")
        return frame

    def iter_chunks(self, chunk_rows: int = 100_000) -> Iterator[ParsedChunk]:
        """Validated chunks in file order; raises ImportFileError if the file turns out to be broken."""
        excluded_reasons: Counter[str] = Counter()
        for raw in self._source.chunks(chunk_rows):
            chunk = self._parse(raw)
            if chunk is None:
                continue
            excluded_reasons.update(issue.reason for issue in chunk.excluded)
            yield chunk
        for reason, count in sorted(excluded_reasons.items()):
            self.notes.append(_excluded_note(reason, count))
        window = self.date_window
        if self._window_rejections["in the future"]:
            count = self._window_rejections["in the future"]
            self.notes.append(
                CountedText.ngettext(
                    "{count} row dated in the future rejected (after {latest}: today plus {days} day tolerance)",
                    "{count} rows dated in the future rejected (after {latest}: today plus {days} day tolerance)",
                    count,
                    count=count,
                    latest=window.latest.isoformat(),
                    days=window.future_days,
                )
            )
        if self._window_rejections["too old"]:
            count = self._window_rejections["too old"]
            self.notes.append(
                CountedText.ngettext(
                    "{count} row dated before {earliest} rejected (the earliest date accepted; an admin can change it)",
                    "{count} rows dated before {earliest} rejected (the earliest date accepted; an admin can change "
                    "it)",
                    count,
                    count=count,
                    earliest=window.earliest.isoformat(),
                )
            )

    def _parse(self, raw: pd.DataFrame) -> ParsedChunk | None:
        layout = self._layout
        raw = raw[raw.index >= layout.header_rows]
        if raw.empty:
            return None
        kept = set(layout.positions)
        overflow_cells = raw.iloc[:, [position for position in range(raw.shape[1]) if position not in kept]]
        table = raw.iloc[:, layout.positions]
        table.columns = self.columns
        table = table.apply(_clean_cells)
        for column, missing in layout.missing_values.items():
            if column in table:
                table[column] = table[column].mask(table[column].str.casefold().isin(missing))
        filled = table.notna().any(axis=1)
        if not overflow_cells.empty:
            overflow = overflow_cells.apply(_clean_cells).notna().any(axis=1)
            filled |= overflow
        else:
            overflow = pd.Series(False, index=raw.index)
        table, overflow = table[filled], overflow[filled]
        if table.empty:
            return None
        rows = table.index.to_numpy() + 1
        score_column = self.field_columns["score"][0]
        scores, score_problems = parse_scores(table[score_column])
        excluded_reason = pd.Series(pd.NA, index=table.index, dtype="str")
        excluded_column = pd.Series(pd.NA, index=table.index, dtype="str")
        for rule in layout.exclusions:
            values = table[rule.column].str.casefold().map(rule.reasons)
            if rule.only_without_score:
                values = values.where(scores.isna())
            hit = values.notna() & excluded_reason.isna()
            excluded_reason = excluded_reason.mask(hit, values)
            excluded_column = excluded_column.mask(hit, rule.column)
        excluded = excluded_reason.notna() & ~overflow
        responded_at, date_problems, date_column = self._dates(table)
        reason = pd.Series(pd.NA, index=table.index, dtype="str")
        column = pd.Series(pd.NA, index=table.index, dtype="str")
        reason = reason.mask(date_problems.notna(), date_problems)
        column = column.mask(date_problems.notna(), date_column)
        reason = reason.mask(score_problems.notna(), score_problems)
        column = column.mask(score_problems.notna(), score_column)
        weights, weight_problems = self._weights(table)
        reason = reason.mask(weight_problems.notna(), weight_problems)
        column = column.mask(weight_problems.notna(), self.field_columns.get("weight", [""])[0])
        for problem, at_column in self._value_problems(table):
            column = column.mask(problem.notna() & reason.isna(), at_column)
            reason = reason.fillna(problem)
        reason = reason.mask(overflow, fill(reasons.EXTRA_CELLS, count=len(self.columns)))
        column = column.mask(overflow, "")
        rejected = reason.notna() & ~excluded
        valid = ~rejected & ~excluded
        return ParsedChunk(
            frame=self._frame(table[valid], rows[valid.to_numpy()], scores[valid], responded_at[valid], weights[valid]),
            rejected=_issues(rows[rejected.to_numpy()], column[rejected], reason[rejected]),
            excluded=_issues(rows[excluded.to_numpy()], excluded_column[excluded], excluded_reason[excluded]),
            rows_read=len(table),
            rejected_cells=table[rejected].set_axis(rows[rejected.to_numpy()]) if rejected.any() else None,
        )

    def _weights(self, table: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
        """(weight per row or NaN without a weight column, problem per row): a weight is a positive finite number."""
        no_problem = pd.Series(pd.NA, index=table.index, dtype="str")
        columns = self.field_columns.get("weight")
        if not columns:
            return pd.Series(np.nan, index=table.index, dtype="float64"), no_problem
        raw = table[columns[0]]
        weights = pd.to_numeric(raw.str.replace(",", ".", regex=False), errors="coerce").astype("float64")
        bad = ~(np.isfinite(weights) & (weights > 0))
        problems = no_problem.mask(bad, fill(reasons.WEIGHT_NOT_POSITIVE, value=raw.fillna("").str.slice(0, 40)))
        return weights.where(~bad), problems

    def _value_problems(self, table: pd.DataFrame) -> Iterator[tuple[pd.Series, str]]:
        """(reason per row or missing, column) for values no database column can hold: the same rule on SQLite and
        PostgreSQL (PostgreSQL refused them and aborted the import; SQLite stored them silently)."""
        nul = table.apply(lambda values: values.str.contains("\x00", regex=False, na=False)).any(axis=1)
        yield pd.Series(pd.NA, index=table.index, dtype="str").mask(nul, reasons.NUL_CHARACTER), ""
        if self._mixed_encoding:
            foreign = table.apply(lambda values: values.str.contains("\ufffd", regex=False, na=False)).any(axis=1)
            yield pd.Series(pd.NA, index=table.index, dtype="str").mask(foreign, reasons.FOREIGN_ENCODING), ""
        for name, limit in VALUE_LIMITS.items():
            columns = self.field_columns.get(name, [])
            if not columns:
                continue
            joined = _join([table[column] for column in columns], " ")
            too_long = joined.str.len().fillna(0) > limit
            reason = fill(reasons.TOO_LONG[name], limit=limit)
            yield pd.Series(pd.NA, index=table.index, dtype="str").mask(too_long, reason), columns[0]

    def _dates(self, table: pd.DataFrame) -> tuple[pd.Series, pd.Series, str]:
        """(timestamps, problem per row, the column named in problems); dates outside the window are problems."""
        if self.fixed_date is not None:
            given = pd.Series(pd.Timestamp(self.fixed_date), index=table.index, dtype="datetime64[us]")
            return given, pd.Series(pd.NA, index=table.index, dtype="str"), ""
        main = self._date_columns[0]
        result = parse_dates(table[main], self._readings[main])
        for fallback in self._date_columns[1:]:
            missing = result.isna()
            if not missing.any():
                break
            result = result.where(~missing, parse_dates(table[fallback], self._readings[fallback]))
        raw = table[main]
        problems = pd.Series(pd.NA, index=table.index, dtype="str")
        unreadable = result.isna() & raw.notna()
        problems = problems.mask(unreadable, fill(reasons.DATE_UNREADABLE, value=raw.str.slice(0, 40)))
        problems = problems.mask(result.isna() & raw.isna(), reasons.MISSING_DATE)
        outside = self.date_window.problems(result)
        self._window_rejections.update(
            "in the future" if "future" in reason else "too old" for reason in outside.dropna().tolist()
        )
        problems = problems.fillna(outside)
        return result, problems, main

    def _frame(
        self, table: pd.DataFrame, rows: np.ndarray, scores: pd.Series, responded_at: pd.Series, weights: pd.Series
    ) -> pd.DataFrame:
        def text(field_name: str, separator: str) -> pd.Series:
            columns = self.field_columns.get(field_name)
            if not columns:
                return pd.Series(pd.NA, index=table.index, dtype="str")
            return _join([table[column] for column in columns], separator)

        frame = pd.DataFrame(
            {
                "row": rows.astype("int64"),
                "response_id": text("response_id", " "),
                "respondent": text("respondent", " "),
                "email": text("email", " "),
                "name": text("name", " "),
                "responded_at": responded_at.astype("datetime64[us]"),
                "score": scores.astype("int64"),
                "comment": text("comment", "\n"),
                "weight": weights,
            },
            index=table.index,
        )
        for name, source in self._segment_sources.items():
            frame[name] = table[source]
        frame["extra"] = _extra_json(table[self.noise_columns]) if self.noise_columns else pd.NA
        frame["extra"] = frame["extra"].astype("str")
        return frame.reset_index(drop=True)


def _shorten(values: pd.Series) -> pd.Series:
    """Cell text cut to PREVIEW_CELL_CHARS with an ellipsis, so a preview never ships a huge cell to the browser."""
    long = values.str.len() > PREVIEW_CELL_CHARS
    return values.where(~long, values.str.slice(0, PREVIEW_CELL_CHARS) + "…")


def _clean_cells(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    return text.mask(text == "")


def _extra_json(noise: pd.DataFrame) -> pd.Series:
    """One JSON object per row of the noise columns, or missing when they are all empty."""
    if noise.empty:
        return pd.Series(pd.NA, index=noise.index, dtype="str")
    lines = noise.to_json(orient="records", lines=True, force_ascii=False).splitlines()
    result = pd.Series(lines, index=noise.index, dtype="str")
    return result.mask(noise.isna().all(axis=1))


def _issues(rows: np.ndarray, columns: pd.Series, reasons: pd.Series) -> list[RowIssue]:
    return [
        RowIssue(int(row), str(column), str(reason))
        for row, column, reason in zip(rows.tolist(), columns.tolist(), reasons.tolist(), strict=True)
    ]


def open_export(
    source: bytes | Path | ExportSource,
    *,
    file_name: str = "",
    mapping: dict[str, str] | None = None,
    dayfirst: bool | None = None,
    sheet: str | None = None,
    max_bytes: int = MAX_BYTES,
    fixed_date: date | None = None,
    date_window: DateWindow | None = None,
) -> ExportReader:
    """Open an export for reading; raises ImportFileError (with words for the user) if it cannot be read.

    A file on disk is read as the rows are needed, never held whole (except a workbook).
    """
    if isinstance(source, Path):
        try:
            source = ExportSource(path=source)
        except OSError as error:
            raise ImportFileError(
                N_("The file {name} could not be opened ({problem})."), name=repr(source.name), problem=error.strerror
            ) from error
        file_name = file_name or source.path.name  # type: ignore[union-attr]
    source = ExportSource.of(source)
    check_size(source.size, max_bytes)
    return ExportReader(
        source,
        file_name=file_name,
        mapping=mapping,
        dayfirst=dayfirst,
        sheet=sheet,
        fixed_date=fixed_date,
        date_window=date_window,
    )


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ImportFileError(
            N_(
                "The file is {size} MB, over the {limit} MB limit. Export a shorter date range, or split the "
                "file, and upload the parts one by one."
            ),
            size=f"{size / 1_048_576:.1f}",
            limit=f"{max_bytes / 1_048_576:.0f}",
        )


def _excluded_note(reason: str, count: int) -> str:
    """How many rows a survey tool marked as not real responses were left out; each reason reads as its own
    sentence (in English the reason's noun takes the plural)."""
    notes = {
        reasons.PREVIEW_RESPONSE: lambda: CountedText.ngettext(
            "{count} survey preview response excluded", "{count} survey preview responses excluded", count, count=count
        ),
        reasons.TEST_RESPONSE: lambda: CountedText.ngettext(
            "{count} survey test response excluded", "{count} survey test responses excluded", count, count=count
        ),
        reasons.SPAM_RESPONSE: lambda: CountedText.ngettext(
            "{count} response flagged as spam by Qualtrics excluded",
            "{count} responses flagged as spam by Qualtrics excluded",
            count,
            count=count,
        ),
        reasons.UNFINISHED_RESPONSE: lambda: CountedText.ngettext(
            "{count} unfinished response without a score excluded",
            "{count} unfinished responses without a score excluded",
            count,
            count=count,
        ),
        reasons.PARTIAL_RESPONSE: lambda: CountedText.ngettext(
            "{count} partial response without a score excluded",
            "{count} partial responses without a score excluded",
            count,
            count=count,
        ),
    }
    if reason in notes:
        return notes[reason]()
    return f"{count} {reason.replace('response', 'responses', 1) if count > 1 else reason} excluded"
