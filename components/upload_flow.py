"""What the Upload page does with a file once it is uploaded: survey, sheet, mapping, dates, dry run, import.

Takes the bytes and the file name, so it runs the same under `streamlit run` and in tests.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from components.alert_runner import run_alerts_after_import
from components.analysis_runner import run_analysis_with_progress
from components.datasource import get_engine, load_surveys, write
from components.i18n import current_language
from components.markdown_text import escape_markdown
from nps import store
from nps.exports import frame_to_csv
from nps.filters import Filters
from nps.importing.long_format import LONG_FIELDS
from nps.importing.pipeline import ImportReport, configured_window, import_file
from nps.importing.reader import MAX_BYTES, ExportReader, ImportFileError, MappingNeeded, open_export
from nps.importing.reasons import translate_issues
from nps.wording import plural

_log = logging.getLogger(__name__)
NEW_SURVEY = "New survey…"
NONE = "(none)"
MAPPING_FIELDS = (
    "score",
    "comment",
    "comment_2",
    "date",
    "respondent",
    "email",
    "name",
    "name_2",
    "response_id",
    "weight",
)
FIELD_LABELS = {
    "score": "Score (0–10)",
    "comment": "Comment",
    "comment_2": "Second comment column",
    "date": "Response date",
    "respondent": "Customer id",
    "email": "E-mail",
    "name": "Name",
    "name_2": "Second name column (e.g. last name)",
    "response_id": "Response id",
    "weight": "Survey weight (optional, a positive number per response)",
}
DRY_RUN = "Dry run: nothing written yet"
IMPORT_DONE = "Import finished"
DATE_ORDERS = {"auto": None, "day-first (31/12)": True, "month-first (12/31)": False}
READERS_KEPT = 4
MEBIBYTE = 1024 * 1024


@dataclass(frozen=True)
class ImportChoices:
    """Everything that decides how a file is read; a dry run is valid only for the choices it was made with."""

    upload_id: str
    sha256: str
    survey: str
    sheet: str | None
    dayfirst: bool | None
    mapping: tuple[tuple[str, str], ...] | None
    fixed_date: date | None = None
    skip_other_surveys: bool = False

    def mapping_dict(self) -> dict[str, str] | None:
        return dict(self.mapping) if self.mapping is not None else None


def upload_limit_mb() -> int:
    """The size limit both the upload widget and the reader enforce (the smaller of config and reader)."""
    configured = int(st.get_option("server.maxUploadSize"))
    return min(configured, MAX_BYTES // MEBIBYTE)


def _open_reader(data: bytes, sha256: str, **options: object) -> ExportReader:
    """open_export, remembered per session for the last few option sets (a rerun happens on every click).

    An option given as None is open_export's default, so it shares the reader opened without it.
    """
    memo: dict[tuple, ExportReader] = st.session_state.setdefault("upload_readers", {})
    options["fixed_date"] = st.session_state.get(f"upload_fixed_date_{sha256[:12]}")
    key = (sha256, repr(sorted((name, value) for name, value in options.items() if value is not None)))
    if key not in memo:
        if len(memo) >= READERS_KEPT:
            memo.pop(next(iter(memo)))
        memo[key] = open_export(
            data,
            max_bytes=upload_limit_mb() * MEBIBYTE,
            date_window=configured_window(engine=get_engine()),
            **options,  # type: ignore[arg-type]
        )
    return memo[key]


def render_upload_flow(data: bytes, file_name: str, *, username: str, upload_id: str = "") -> None:
    """Survey, sheet, preview, mapping, date order, then "Check file" (dry run) and "Import".

    `upload_id` tells two uploads of the same file apart, so uploading it again starts afresh.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    try:  # a file that is no table at all is told at once, before anything is asked about it
        _open_reader(data, sha256)
    except MappingNeeded:
        pass  # the columns may be named by the survey's saved mapping, or asked for below
    except ImportFileError as error:
        st.error(escape_markdown(error.message))
        return
    survey = _choose_survey()
    if not survey:
        st.info("Choose the survey these responses belong to, or type the name of a new one.")
        return
    saved = store.survey_mapping(survey, engine=get_engine())
    manual_key = f"upload_manual_{sha256[:12]}"
    manual: dict[str, str] = st.session_state.get(manual_key, {})
    try:
        if manual:
            reader, saved_used = _open_reader(data, sha256, mapping=manual), False
        else:
            reader, saved_used = _first_reader(data, sha256, saved, survey)
    except MappingNeeded as error:
        st.error(escape_markdown(error.message))
        _ask_for_missing_columns(error, manual_key, manual)
        if "date" in error.missing and "score" not in error.missing:
            _ask_for_one_date(sha256)
        if "score" in error.missing and len(error.columns) >= 3:
            _ask_for_long_format(error, manual_key, manual)
        return
    except ImportFileError as error:
        st.error(escape_markdown(error.message))
        return
    sheet = _choose_sheet(reader, sha256)
    base_mapping = manual or (saved if saved_used else None)
    try:
        auto = _open_reader(data, sha256, mapping=base_mapping, sheet=sheet)
    except ImportFileError as error:
        st.error(escape_markdown(error.message))
        return
    _render_file_facts(auto, file_name)
    st.subheader("Preview")
    st.caption("The first rows as they are in the file, numbered as a spreadsheet shows them.")
    st.dataframe(auto.preview(20), width="stretch")

    st.subheader("Columns")
    if saved_used:
        st.info(
            f"Using the mapping saved from the last import into “{escape_markdown(survey)}”. Change any choice "
            "below; the mapping you import with is saved for the next file of this survey."
        )
    else:
        st.caption("Proposed from the headers and values. The mapping you import with is saved for this survey.")
    long_format = {field: auto.mapping[field] for field in LONG_FIELDS if field in auto.mapping}
    chosen = _mapping_widgets(auto, context=f"{sha256[:12]}_{survey}_{sheet}") | long_format
    edited = chosen != _full_mapping(auto.mapping) | long_format
    mapping = chosen if (edited or saved_used or manual) else None
    order = st.radio(
        "Date order",
        list(DATE_ORDERS),
        horizontal=True,
        key=f"upload_dates_{sha256[:12]}",
        help="How dates such as 03/04/2024 are read. Auto decides from the values in the file.",
    )
    dayfirst = DATE_ORDERS[order]
    try:
        inferred = _open_reader(data, sha256, mapping=mapping, sheet=sheet)
        reader = _open_reader(data, sha256, mapping=mapping, sheet=sheet, dayfirst=dayfirst)
    except ImportFileError as error:
        st.error(escape_markdown(error.message))
        return
    if reader.fixed_date is None:
        st.caption(f"Inferred from the values: {_order_words(inferred.dayfirst)}.")
    _render_segments(reader)
    choices = ImportChoices(
        upload_id=upload_id,
        sha256=sha256,
        survey=survey,
        sheet=sheet,
        dayfirst=dayfirst,
        mapping=tuple(sorted(mapping.items())) if mapping is not None else None,
        fixed_date=reader.fixed_date,
        skip_other_surveys=st.checkbox(
            "Leave out rows already imported into another survey",
            key="upload_skip_other_surveys",
            help="The same response in two surveys counts twice when all surveys are shown together.",
        ),
    )
    _render_check_and_import(data, file_name, choices, username=username, shown_notes=reader.notes)


def _ask_for_missing_columns(error: MappingNeeded, key: str, manual: dict[str, str]) -> None:
    """Let the user name the columns the importer could not recognise, then read the file again with them."""
    with st.form(f"{key}_form"):
        st.write("Choose the columns to use:")
        picks = {
            field: st.selectbox(FIELD_LABELS[field], error.columns, key=f"{key}_{field}") for field in error.missing
        }
        if st.form_submit_button("Use these columns", type="primary"):
            st.session_state[key] = {**manual, **picks}
            st.rerun()


def _ask_for_long_format(error: MappingNeeded, key: str, manual: dict[str, str]) -> None:
    """A file with one row per answer (respondent, question, answer) is pivoted once its two columns are named."""
    with st.form(f"{key}_long_form"):
        st.write(
            "Or, if the file has one row per answer, choose the column with the question and the one with the answer:"
        )
        question = st.selectbox("Question column", error.columns, key=f"{key}_question")
        value = st.selectbox("Answer column", error.columns, index=min(1, len(error.columns) - 1), key=f"{key}_value")
        if st.form_submit_button("Read one response per respondent"):
            st.session_state[key] = {**manual, "question": question, "value": value}
            st.rerun()


def _ask_for_one_date(sha256: str) -> None:
    """A file without dates (e.g. a one-off survey) can be imported with one date given for every row."""
    with st.form(f"upload_fixed_date_form_{sha256[:12]}"):
        st.write("Or, if the file has no dates, give one date for every row (for example the day the survey closed):")
        day = st.date_input("Date of every response", value=None, key="upload_fixed_date_input", format="YYYY-MM-DD")
        if st.form_submit_button("Use this date for every row", key="upload_use_fixed_date") and day is not None:
            st.session_state[f"upload_fixed_date_{sha256[:12]}"] = day
            st.rerun()


def _choose_survey() -> str:
    """Existing surveys or a new name. The choice is kept in session state rather than in a widget key, because the
    list changes after an import creates a survey and Streamlit then resets a keyed selectbox."""
    surveys = load_surveys(Filters())
    options = [*surveys, NEW_SURVEY]
    remembered = st.session_state.get("upload_survey")
    picked = st.selectbox(
        "Survey",
        options,
        index=options.index(remembered) if remembered in options else None,
        placeholder="Choose a survey or create a new one",
        help="A survey's saved column mapping is reused for its next file.",
    )
    st.session_state["upload_survey"] = picked
    if picked == NEW_SURVEY:
        name = st.text_input("New survey name", key="upload_new_survey", max_chars=200).strip()
        if name in surveys:
            st.caption(f"“{escape_markdown(name)}” already exists: its responses and saved mapping are used.")
        return name
    return picked or ""


def _first_reader(data: bytes, sha256: str, saved: dict[str, str] | None, survey: str) -> tuple[ExportReader, bool]:
    """The reader with the survey's saved mapping when it fits this file, else with the proposal.

    Raises ImportFileError (the proposal's, so a broken file gets one message) when neither opens.
    """
    sheet = st.session_state.get(f"upload_sheet_{sha256[:12]}")
    if not saved:
        return _open_reader(data, sha256, sheet=sheet), False
    try:
        return _open_reader(data, sha256, mapping=saved, sheet=sheet), True
    except ImportFileError as error:
        reader = _open_reader(data, sha256, sheet=sheet)
        st.warning(
            f"The mapping saved for “{escape_markdown(survey)}” does not fit this file "
            f"({escape_markdown(error.message)}) The columns proposed for this file are shown instead."
        )
        return reader, False


def _choose_sheet(reader: ExportReader, sha256: str) -> str | None:
    if len(reader.sheets) <= 1:
        return reader.sheet
    key = f"upload_sheet_{sha256[:12]}"
    st.session_state.setdefault(key, reader.sheet)
    return st.selectbox(
        "Worksheet",
        reader.sheets,
        key=key,
        help="Proposed: the sheet with scores and dates. Choose another if the responses are elsewhere.",
    )


def _order_words(dayfirst: bool | None) -> str:
    if dayfirst is None:
        return "the dates need no day/month order (ISO, timestamps or serial numbers)"
    return "day-first (31/12)" if dayfirst else "month-first (12/31)"


def _render_file_facts(reader: ExportReader, file_name: str) -> None:
    facts = {"File": file_name, "Detected format": reader.format.replace("_", " ")}
    if reader.sheet is not None:
        facts["Worksheet"] = reader.sheet
    if reader.encoding:
        facts["Encoding"] = reader.encoding
    if reader.delimiter:
        facts["Delimiter"] = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(
            reader.delimiter, reader.delimiter
        )
    st.dataframe(pd.DataFrame([facts]), hide_index=True, width="stretch")
    if reader.notes:
        st.caption("Notes from reading the file")
        for note in reader.notes:
            st.text(f"• {note}")


def _full_mapping(mapping: dict[str, str]) -> dict[str, str]:
    return {field: mapping.get(field, "") for field in MAPPING_FIELDS}


def _mapping_widgets(reader: ExportReader, *, context: str) -> dict[str, str]:
    """One selectbox per field, defaulting to the reader's choice; "(none)" leaves a field unmapped."""
    proposed = _full_mapping(reader.mapping)
    options = [NONE, *reader.columns]
    label_help = "; ".join(f"{column}: {label}" for column, label in reader.labels.items() if label != column)
    chosen: dict[str, str] = {}
    columns = st.columns(3)
    for position, field in enumerate(MAPPING_FIELDS):
        current = proposed[field]
        column_help = reader.labels.get(current) if current else None
        with columns[position % 3]:
            value = st.selectbox(
                FIELD_LABELS[field],
                options,
                index=options.index(current) if current in options else 0,
                key=f"upload_map_{field}_{context}",
                help=(f"Question: {escape_markdown(column_help)}" if column_help and column_help != current else None),
            )
        chosen[field] = "" if value == NONE else value
    if label_help:
        with st.expander("Question texts from the file's second header row"):
            st.dataframe(
                pd.DataFrame([{"column": c, "question": q} for c, q in reader.labels.items() if q and q != c]),
                hide_index=True,
                width="stretch",
            )
    return chosen


def _render_segments(reader: ExportReader) -> None:
    left, right = st.columns(2)
    with left:
        st.caption(f"Segment columns ({len(reader.segment_columns)}): offered as filters and breakdowns")
        st.dataframe(pd.DataFrame({"segment column": reader.segment_columns}), hide_index=True, width="stretch")
    with right:
        st.caption(f"Kept out of segments ({len(reader.noise_columns)}): technical or free-text columns")
        st.dataframe(pd.DataFrame({"column": reader.noise_columns}), hide_index=True, width="stretch")


def _render_check_and_import(
    data: bytes, file_name: str, choices: ImportChoices, *, username: str, shown_notes: list[str]
) -> None:
    st.subheader("Check and import")
    # Once imported, this upload stays "done" even though the survey now has a saved mapping (new choices).
    done: tuple[ImportChoices, ImportReport] | None = st.session_state.get("upload_done")
    if done is not None and (done[0].upload_id, done[0].survey) == (choices.upload_id, choices.survey):
        flash = st.session_state.pop("upload_flash", None)
        if flash:
            st.toast(flash, icon=":material/check:")
        alert_lines = st.session_state.get("upload_alerts") or []
        if alert_lines:
            st.info("  \n".join(alert_lines), icon=":material/notifications_active:")
        _render_report(done[1], heading=IMPORT_DONE, shown_notes=shown_notes)
        return
    if st.button("Check file", key="upload_check", icon=":material/fact_check:"):
        report = _run_import(data, file_name, choices, username=username, dry_run=True)
        st.session_state["upload_checked"] = (choices, report) if report is not None else None
    checked: tuple[ImportChoices, ImportReport] | None = st.session_state.get("upload_checked")
    if checked is None or checked[0] != choices:
        st.caption("Nothing is written until you import. Check the file first: the report shows what would happen.")
        return
    dry = checked[1]
    _render_report(dry, heading=DRY_RUN, shown_notes=shown_notes)
    if dry.imported == 0:
        return
    if st.button(
        f"Import {plural(dry.imported, 'response')}", key="upload_import", type="primary", icon=":material/upload:"
    ):
        report = _run_import(data, file_name, choices, username=username, dry_run=False, expected_rows=dry.rows_read)
        if report is None:
            return
        st.session_state["upload_done"] = (choices, report)
        st.session_state["upload_checked"] = None
        st.session_state["upload_alerts"] = []
        if report.imported:
            analysis = run_analysis_with_progress()
            message = f"Imported {plural(report.imported, 'response')} into “{escape_markdown(choices.survey)}”."
            if analysis is not None:
                message += f" {analysis.analysed:,} comments analysed."
            alert_lines = run_alerts_after_import([report.batch_id], actor=username)  # type: ignore[list-item]
            st.session_state["upload_alerts"] = alert_lines
            if alert_lines:
                message += " Alert rules matched: see below."
            st.session_state["upload_flash"] = message
            st.session_state["upload_survey"] = choices.survey
        st.rerun()


def _run_import(
    data: bytes,
    file_name: str,
    choices: ImportChoices,
    *,
    username: str,
    dry_run: bool,
    expected_rows: int | None = None,
) -> ImportReport | None:
    """import_file with a progress bar (rows and rows/s); problems are shown and None returned."""
    verb = "Checking" if dry_run else "Importing"
    total = expected_rows or max(data.count(b"\n"), 1)
    started = time.perf_counter()
    shown_name = escape_markdown(file_name)
    with st.status(f"{verb} {shown_name}…", expanded=True) as status:
        bar = st.progress(0.0, text="Reading the file…")

        def progress(rows: int, rate: float) -> None:
            bar.progress(min(rows / total, 1.0), text=f"{rows:,} rows read · {rate:,.0f} rows/s")

        try:
            report = write(
                import_file,
                data,
                survey=choices.survey,
                username=username,
                file_name=file_name,
                mapping=choices.mapping_dict(),
                dayfirst=choices.dayfirst,
                sheet=choices.sheet,
                dry_run=dry_run,
                progress=progress,
                fixed_date=choices.fixed_date,
                skip_other_surveys=choices.skip_other_surveys,
            )
        except ImportFileError as error:
            status.update(label=f"{verb} stopped: nothing was written", state="error", expanded=False)
            failure = escape_markdown(error.message)
        except Exception as error:  # the database or a bug: the transaction is rolled back, say so plainly
            _log.exception("import of %s into %s failed", file_name, choices.survey)
            status.update(label=f"{verb} failed: nothing was written", state="error", expanded=False)
            failure = (
                f"The {'check' if dry_run else 'import'} failed and nothing was written "
                f"({escape_markdown(type(error).__name__)}; the details are in the server log). "
                "Try again; if it fails again, send the file and the time to your administrator."
            )
        else:
            failure = None
            elapsed = max(time.perf_counter() - started, 1e-9)
            bar.progress(1.0, text=f"{report.rows_read:,} rows read · {report.rows_read / elapsed:,.0f} rows/s")
            status.update(label=f"{verb} {shown_name}: done in {elapsed:.1f} s", state="complete", expanded=False)
    if failure is not None:  # outside the status box, which may be collapsed: the reason must be in sight
        st.error(failure)
        return None
    return report


def excluded_notes(report: ImportReport) -> list[str]:
    """Counts of excluded rows by reason, for reports whose notes do not already count them (before 9149094
    the writer copied the reader's notes before the reader added these)."""
    counts = Counter(issue.reason for issue in report.excluded_rows)
    missing = {
        reason: count
        for reason, count in counts.items()
        if not any(reason in note and "excluded" in note for note in report.notes)
    }
    return [f"{count:,} row{'s' if count != 1 else ''} excluded: {reason}" for reason, count in sorted(missing.items())]


def render_counts(report: ImportReport, *, dry_run: bool) -> None:
    cells = st.columns(5)
    cells[0].metric("Rows read", f"{report.rows_read:,}")
    cells[1].metric("Would import" if dry_run else "Imported", f"{report.imported:,}")
    cells[2].metric("Duplicates", f"{report.duplicates:,}", help="Already in this survey, or repeated in the file.")
    cells[3].metric("Rejected", f"{report.rejected:,}", help="Rows with a missing or invalid score or date.")
    cells[4].metric("Excluded", f"{report.excluded:,}", help="Preview, test or partial responses.")


def _render_report(report: ImportReport, *, heading: str, shown_notes: list[str]) -> None:
    st.markdown(f"**{heading}**")
    render_counts(report, dry_run=report.dry_run)
    summary = (
        f"{plural(report.rows_read, 'row')} read: {report.imported:,} "
        f"{'would be imported' if report.dry_run else 'imported'}, {plural(report.duplicates, 'duplicate')}, "
        f"{report.rejected:,} rejected, {report.excluded:,} excluded."
    )
    if report.dry_run and not report.imported:
        st.warning(summary + " Nothing new to import: every valid row is already in this survey.")
    elif report.dry_run:
        st.info(summary)
    elif report.imported:
        st.success(summary)
    else:
        st.info(summary + " Nothing new was written.")
    _warn_about_other_surveys(report)
    notes = [*report.notes, *excluded_notes(report)]
    for note in (note for note in notes if note not in shown_notes):
        st.text(f"• {note}")
    stage = "dry" if report.dry_run else "done"
    render_issues(report.issues_frame(), key=f"upload_issues_{stage}")
    if report.rejected_cells:
        st.download_button(
            "Download the rejected rows to fix (CSV)",
            data=frame_to_csv(report.rejected_file()),
            file_name="rejected-rows-to-fix.csv",
            mime="text/csv",
            key=f"upload_rejected_{stage}",
            icon=":material/edit_document:",
            help="The rejected rows with their original cells, after the reason. Fix them in a spreadsheet and "
            "upload the file again: the two added columns are ignored.",
        )


def _warn_about_other_surveys(report: ImportReport) -> None:
    if not report.in_other_surveys:
        return
    surveys = sorted({issue.reason.removeprefix("already in survey ") for issue in report.in_other_surveys})
    count = len(report.in_other_surveys)
    found = f"{plural(count, 'row')} of this file {'is' if count == 1 else 'are'}"
    if report.skipped_other_surveys:
        st.info(f"{found} already in another survey ({escape_markdown(', '.join(surveys))}) and left out.")
        return
    st.warning(
        f"{found} already in another survey ({escape_markdown(', '.join(surveys))}): imported here too, they "
        "count twice when all surveys are shown. Tick “Leave out rows already imported into another survey” "
        "and check again to skip them."
    )


def render_issues(issues: pd.DataFrame, *, key: str, file_name: str = "import-report.csv") -> None:
    """Rejected and excluded rows with row, column and reason, and the same table as a formula-safe CSV."""
    if issues.empty:
        st.caption("No row was rejected or excluded.")
        return
    st.caption(f"{plural(len(issues), 'row')} not imported as they are, with the reason for each")
    shown = translate_issues(issues, current_language())
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button(
        "Download these rows (CSV)",
        data=frame_to_csv(shown),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
    )
