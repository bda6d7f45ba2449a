"""Which survey tool wrote a file, from its first rows, and how that tool lays out its headers.

Each tool differs in how many header rows it writes, where the column names are, which columns are
its own bookkeeping, which rows are not real responses, and which time zone its times are in.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from nps.i18n import N_, CountedText
from nps.importing.mapping import clean_header, compact, normalise
from nps.importing.reasons import (
    PARTIAL_RESPONSE,
    PREVIEW_RESPONSE,
    SPAM_RESPONSE,
    TEST_RESPONSE,
    UNFINISHED_RESPONSE,
)

TIMESTAMP_HEADERS = {
    "timestamp", "marcatemporal", "horodateur", "zeitstempel", "sygnaturaczasowa", "carimbodedatahora",
    "informazionicronologiche", "tijdstempel", "znacznikczasu",
}  # fmt: skip
MS_FORMS_START = {"starttime", "startzeit", "godzinarozpoczecia", "heurededebut", "horadeinicio"}
MS_FORMS_END = {"completiontime", "fertigstellungszeit", "godzinaukonczenia", "heuredefin", "horadefinalizacion"}
QUALTRICS_LEGACY = {
    "V1": "ResponseID", "V2": "ResponseSet", "V3": "Name", "V4": "ExternalDataReference",
    "V5": "EmailAddress", "V6": "IPAddress", "V7": "Status", "V8": "StartDate", "V9": "EndDate",
    "V10": "Finished",
}  # fmt: skip
QUALTRICS_EXCLUDED_STATUS = {
    "survey preview": PREVIEW_RESPONSE, "1": PREVIEW_RESPONSE,
    "survey test": TEST_RESPONSE, "2": TEST_RESPONSE,
    "spam": SPAM_RESPONSE, "8": SPAM_RESPONSE,
    "preview spam": PREVIEW_RESPONSE, "9": PREVIEW_RESPONSE,
    "offline preview": PREVIEW_RESPONSE, "17": PREVIEW_RESPONSE,
}  # fmt: skip
SURVEYMONKEY_SUBHEADERS = {"", "response", "open-ended response", "open ended response"}


@dataclass(frozen=True)
class Exclusion:
    """Rows whose `column` holds one of `values` are reported, not imported (and not counted as rejected).

    With `only_without_score`, rows that do carry a valid score are imported after all (a partial
    response that got as far as the NPS question is still an answer).
    """

    column: str
    reasons: dict[str, str]
    only_without_score: bool = False


@dataclass
class Layout:
    """Where the names and the data are, and what the tool's conventions imply for the mapping."""

    format: str
    header_rows: int
    positions: list[int]
    columns: list[str]
    labels: dict[str, str] = field(default_factory=dict)
    hints: dict[str, list[str]] = field(default_factory=dict)
    noise: list[str] = field(default_factory=list)
    date_fallbacks: list[str] = field(default_factory=list)
    timezones: dict[str, str] = field(default_factory=dict)
    default_dayfirst: bool = True
    exclusions: list[Exclusion] = field(default_factory=list)
    missing_values: dict[str, set[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _cells(head: pd.DataFrame, row: int) -> list[str]:
    if row >= len(head):
        return [""] * head.shape[1]
    return ["" if pd.isna(value) else str(value) for value in head.iloc[row].tolist()]


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _name_columns(names: list[str], head: pd.DataFrame, data_start: int) -> tuple[list[int], list[str], dict[int, str]]:
    """Unique cleaned names; unnamed columns that are (nearly) empty, like Qualtrics' trailing one, are dropped.

    Cells in dropped columns make their row "too wide" when read, and it is rejected, not misread.
    """
    positions, columns, by_position = [], [], {}
    seen: dict[str, int] = {}
    body = head.iloc[data_start:]
    last_named = max((position for position, raw in enumerate(names) if clean_header(raw)), default=-1)
    for position, raw in enumerate(names):
        name = clean_header(raw)
        if not name:
            values = body.iloc[:, position] if position < body.shape[1] else pd.Series(dtype="str")
            filled = values.fillna("").astype("str").str.strip().ne("")
            if not filled.any() or (position > last_named and filled.mean() < 0.5):
                continue
            name = f"Column {_column_letter(position)}"
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            name = f"{name} ({seen[key]})"
        else:
            seen[key] = 1
        positions.append(position)
        columns.append(name)
        by_position[position] = name
    return positions, columns, by_position


def detect_layout(head: pd.DataFrame) -> Layout:
    """The layout of a table whose first rows (all text, no header) are `head`."""
    if head.empty:
        return Layout("generic", 1, [], [])
    first = _cells(head, 0)
    keys = {compact(cell) for cell in first}
    third = _cells(head, 2)
    if any(cell.lstrip().startswith('{"ImportId"') for cell in third):
        return _qualtrics(head)
    if first and first[0].strip() == "V1" and "V10" in [cell.strip() for cell in first]:
        return _qualtrics_legacy(head)
    if {"respondentid", "collectorid"} <= keys or {"respondentid", "startdate", "enddate"} <= keys:
        return _surveymonkey(head)
    cleaned_first = clean_header(first[0]) if first else ""
    if cleaned_first == "#" or {"submitdateutc", "networkid"} & keys:
        return _typeform(head)
    if compact(cleaned_first) in TIMESTAMP_HEADERS:
        return _single_header("google_forms", head, 0, default_dayfirst=False, date_hint=[cleaned_first])
    if keys & MS_FORMS_END and keys & MS_FORMS_START:
        return _microsoft_forms(head)
    if {"score", "comment"} <= keys and _looks_like_delighted(keys):
        return _single_header("delighted", head, 0)
    return _single_header("generic", head, _header_row(head))


DELIGHTED_MARKERS = {"delightedsource", "responsetimestamp", "personid", "surveytype"}


def _looks_like_delighted(keys: set[str]) -> bool:
    """Score and comment alone are any spreadsheet's headers; Delighted also writes its own columns
    (`Delighted Source`, `Response Timestamp`, `Person ID`, `Survey Type`) or `Properties: …` person fields."""
    return bool(keys & DELIGHTED_MARKERS) or any(key.startswith("properties") for key in keys)


def _header_row(head: pd.DataFrame) -> int:
    """The first row about as full as a typical row and not numbers: titles above the header are skipped."""
    cells = head.fillna("").astype("str")
    widths = cells.apply(lambda column: column.str.strip() != "").sum(axis=1).astype(int).tolist() if len(head) else []
    filled = [width for width in widths if width]
    if not filled:
        return 0
    typical = max(set(filled), key=filled.count)
    for row, width in enumerate(widths[:20]):
        if width and width >= max(1, math.ceil(0.8 * typical)):
            cells = [cell for cell in _cells(head, row) if cell.strip()]
            numbers = pd.to_numeric(pd.Series(cells, dtype="str"), errors="coerce").notna().sum()
            if numbers <= len(cells) / 2:
                return row
    return 0


def _single_header(
    format_name: str,
    head: pd.DataFrame,
    header_row: int,
    *,
    default_dayfirst: bool = True,
    date_hint: list[str] | None = None,
) -> Layout:
    positions, columns, _ = _name_columns(_cells(head, header_row), head, header_row + 1)
    layout = Layout(format_name, header_row + 1, positions, columns, default_dayfirst=default_dayfirst)
    if date_hint:
        layout.hints["date"] = date_hint
    if header_row:
        layout.notes.append(
            CountedText(N_("column names taken from row {row}; the rows above were skipped"), row=header_row + 1)
        )
    return layout


def _by_compact(columns: list[str], *names: str) -> list[str]:
    wanted = [compact(name) for name in names]
    found = {compact(column): column for column in reversed(columns)}
    return [found[name] for name in wanted if name in found]


def _qualtrics(head: pd.DataFrame) -> Layout:
    tags, labels_row, import_ids = _cells(head, 0), _cells(head, 1), _cells(head, 2)
    positions, columns, by_position = _name_columns(tags, head, 3)
    layout = Layout("qualtrics", 3, positions, columns, default_dayfirst=False)
    zones: set[str] = set()
    for position, name in by_position.items():
        label = clean_header(labels_row[position]) if position < len(labels_row) else ""
        if label and label != name:
            layout.labels[name] = label
        try:
            meta = json.loads(import_ids[position]) if position < len(import_ids) else {}
        except (json.JSONDecodeError, TypeError):
            meta = {}
        if isinstance(meta, dict) and isinstance(meta.get("timeZone"), str):
            layout.timezones[name] = meta["timeZone"]
            zones.add(meta["timeZone"])
    _qualtrics_conventions(layout)
    if zones:
        layout.notes.append(
            CountedText(N_("Qualtrics times converted from {zones} to UTC"), zones=", ".join(sorted(zones)))
        )
    else:
        layout.notes.append(CountedText(N_("the Qualtrics export names no time zone; times are kept as written")))
    return layout


def _qualtrics_legacy(head: pd.DataFrame) -> Layout:
    tags, labels_row = _cells(head, 0), _cells(head, 1)
    names = [QUALTRICS_LEGACY.get(tag.strip(), tag) for tag in tags]
    positions, columns, by_position = _name_columns(names, head, 2)
    layout = Layout("qualtrics", 2, positions, columns, default_dayfirst=False)
    for position, name in by_position.items():
        label = clean_header(labels_row[position]) if position < len(labels_row) else ""
        if label and label != name:
            layout.labels[name] = label
    _qualtrics_conventions(layout)
    layout.notes.append(CountedText(N_("legacy Qualtrics export (V1…V10 columns); times are kept as written")))
    return layout


def _qualtrics_conventions(layout: Layout) -> None:
    columns = layout.columns
    groups = [column for column in columns if column.upper().endswith("_NPS_GROUP")]
    layout.hints["score"] = [column[: -len("_NPS_GROUP")] for column in groups]
    layout.hints["response_id"] = _by_compact(columns, "ResponseId")
    layout.hints["date"] = _by_compact(columns, "RecordedDate", "EndDate", "StartDate")
    layout.hints["email"] = _by_compact(columns, "RecipientEmail", "EmailAddress")
    layout.hints["respondent"] = _by_compact(columns, "ExternalReference", "ExternalDataReference")
    layout.hints["name"] = _by_compact(columns, "RecipientFirstName", "RecipientLastName") or _by_compact(
        columns, "Name"
    )
    layout.noise = groups + _by_compact(
        columns, "Status", "Progress", "Finished", "ResponseSet", "StartDate", "EndDate", "RecordedDate"
    )
    layout.noise += [column for column in columns if re.match(r"(?i)^Q_[A-Za-z]", column)]
    status = _by_compact(columns, "Status")
    if status:
        layout.exclusions.append(Exclusion(status[0], QUALTRICS_EXCLUDED_STATUS))
    finished = _by_compact(columns, "Finished")
    if finished:
        reasons = dict.fromkeys(("0", "false"), UNFINISHED_RESPONSE)
        layout.exclusions.append(Exclusion(finished[0], reasons, only_without_score=True))


def _surveymonkey(head: pd.DataFrame) -> Layout:
    top, sub = _cells(head, 0), _cells(head, 1)
    two_rows = any(cell.strip().casefold() in ("response", "open-ended response") for cell in sub)
    if not two_rows:
        layout = _single_header("surveymonkey", head, 0, default_dayfirst=False)
    else:
        names, labels, question = [], {}, ""
        for position, raw in enumerate(top):
            own = clean_header(raw)
            question = own or question
            part = clean_header(sub[position]) if position < len(sub) else ""
            name = question if part.casefold() in SURVEYMONKEY_SUBHEADERS else f"{question} - {part}"
            names.append(name if question else part)
            if part:
                labels[position] = part
        positions, columns, by_position = _name_columns(names, head, 2)
        layout = Layout("surveymonkey", 2, positions, columns, default_dayfirst=False)
        layout.labels = {by_position[p]: label for p, label in labels.items() if p in by_position}
    columns = layout.columns
    layout.hints["response_id"] = _by_compact(columns, "Respondent ID")
    layout.hints["date"] = _by_compact(columns, "End Date", "Start Date")
    layout.hints["email"] = _by_compact(columns, "Email Address")
    layout.hints["name"] = _by_compact(columns, "First Name", "Last Name")
    layout.noise = _by_compact(columns, "Collector ID", "IP Address", "Start Date", "End Date")
    return layout


def _typeform(head: pd.DataFrame) -> Layout:
    layout = _single_header("typeform", head, 0)
    columns = layout.columns
    layout.hints["response_id"] = _by_compact(columns, "#", "Token", "Response ID")
    layout.hints["date"] = _by_compact(columns, "Submit Date (UTC)")
    layout.date_fallbacks = _by_compact(columns, "Stage Date (UTC)", "Start Date (UTC)")
    layout.noise = _by_compact(columns, "Network ID", "Start Date (UTC)", "Stage Date (UTC)", "Response Type")
    response_type = _by_compact(columns, "Response Type")
    if response_type:
        reasons = {"partial": PARTIAL_RESPONSE}
        layout.exclusions.append(Exclusion(response_type[0], reasons, only_without_score=True))
    return layout


def _microsoft_forms(head: pd.DataFrame) -> Layout:
    layout = _single_header("microsoft_forms", head, 0, default_dayfirst=False)
    columns = layout.columns
    ends = [column for column in columns if compact(column) in MS_FORMS_END]
    layout.hints["response_id"] = _by_compact(columns, "ID")
    layout.hints["date"] = ends
    layout.hints["email"] = [column for column in columns if normalise(column) in ("email", "e mail", "adres e mail")]
    layout.hints["name"] = [column for column in columns if normalise(column) in ("name", "nazwa", "nom", "nombre")]
    layout.noise = [column for column in columns if compact(column) in MS_FORMS_START] + _by_compact(
        columns, "Last modified time"
    )
    for column in layout.hints["email"]:
        layout.missing_values[column] = {"anonymous", "anonymní", "anonim", "anonym", "anonyme", "anónimo"}
    return layout
