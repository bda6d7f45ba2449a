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
from components.i18n import _, count_words, current_language, ngettext, translated_error
from components.markdown_text import escape_markdown
from nps import store
from nps.exports import frame_to_csv
from nps.filters import Filters
from nps.i18n import DEFAULT, N_, format_number, translated_text, translations
from nps.importing.long_format import LONG_FIELDS
from nps.importing.pipeline import ImportReport, configured_window, import_file
from nps.importing.reader import MAX_BYTES, ExportReader, ImportFileError, MappingNeeded, open_export
from nps.importing.reasons import translate_issues, translate_reasons

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
    "score": N_("Score (0–10)"),
    "comment": N_("Comment"),
    "comment_2": N_("Second comment column"),
    "date": N_("Response date"),
    "respondent": N_("Customer id"),
    "email": N_("E-mail"),
    "name": N_("Name"),
    "name_2": N_("Second name column (e.g. last name)"),
    "response_id": N_("Response id"),
    "weight": N_("Survey weight (optional, a positive number per response)"),
}
"""English, marked for the catalogue; shown through `_()`."""
DRY_RUN = N_("Dry run: nothing written yet")
IMPORT_DONE = N_("Import finished")
DATE_ORDERS = {"auto": None, "day-first (31/12)": True, "month-first (12/31)": False}
DATE_ORDER_NAMES = {
    "auto": N_("auto"),
    "day-first (31/12)": N_("day-first (31/12)"),
    "month-first (12/31)": N_("month-first (12/31)"),
}
"""The date orders as the radio names them; the stored choice stays the English code."""
DELIMITER_NAMES = {"\t": N_("tab"), ",": N_("comma"), ";": N_("semicolon"), "|": N_("pipe")}
READERS_KEPT = 4
MEBIBYTE = 1024 * 1024
SKIP_OTHER_SURVEYS = N_("Leave out rows already imported into another survey")


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
        st.error(escape_markdown(translated_error(error)))
        return
    survey = _choose_survey()
    if not survey:
        st.info(_("Choose the survey these responses belong to, or type the name of a new one."))
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
        st.error(escape_markdown(translated_error(error)))
        _ask_for_missing_columns(error, manual_key, manual)
        if "date" in error.missing and "score" not in error.missing:
            _ask_for_one_date(sha256)
        if "score" in error.missing and len(error.columns) >= 3:
            _ask_for_long_format(error, manual_key, manual)
        return
    except ImportFileError as error:
        st.error(escape_markdown(translated_error(error)))
        return
    sheet = _choose_sheet(reader, sha256)
    base_mapping = manual or (saved if saved_used else None)
    try:
        auto = _open_reader(data, sha256, mapping=base_mapping, sheet=sheet)
    except ImportFileError as error:
        st.error(escape_markdown(translated_error(error)))
        return
    _render_file_facts(auto, file_name)
    st.subheader(_("Preview"))
    st.caption(_("The first rows as they are in the file, numbered as a spreadsheet shows them."))
    st.dataframe(auto.preview(20), width="stretch")

    st.subheader(_("Columns"))
    if saved_used:
        st.info(
            _(
                "Using the mapping saved from the last import into “{survey}”. Change any choice "
                "below; the mapping you import with is saved for the next file of this survey."
            ).format(survey=escape_markdown(survey))
        )
    else:
        st.caption(_("Proposed from the headers and values. The mapping you import with is saved for this survey."))
    long_format = {field: auto.mapping[field] for field in LONG_FIELDS if field in auto.mapping}
    chosen = _mapping_widgets(auto, context=f"{sha256[:12]}_{survey}_{sheet}") | long_format
    edited = chosen != _full_mapping(auto.mapping) | long_format
    mapping = chosen if (edited or saved_used or manual) else None
    order_names = {code: _(name) for code, name in DATE_ORDER_NAMES.items()}
    order = st.radio(
        _("Date order"),
        list(DATE_ORDERS),
        horizontal=True,
        format_func=order_names.__getitem__,
        key=f"upload_dates_{sha256[:12]}",
        help=_("How dates such as 03/04/2024 are read. Auto decides from the values in the file."),
    )
    dayfirst = DATE_ORDERS[order]
    try:
        inferred = _open_reader(data, sha256, mapping=mapping, sheet=sheet)
        reader = _open_reader(data, sha256, mapping=mapping, sheet=sheet, dayfirst=dayfirst)
    except ImportFileError as error:
        st.error(escape_markdown(translated_error(error)))
        return
    if reader.fixed_date is None:
        st.caption(_("Inferred from the values: {order}.").format(order=_order_words(inferred.dayfirst)))
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
            _(SKIP_OTHER_SURVEYS),
            key="upload_skip_other_surveys",
            help=_("The same response in two surveys counts twice when all surveys are shown together."),
        ),
    )
    _render_check_and_import(data, file_name, choices, username=username, shown_notes=reader.notes)


def _ask_for_missing_columns(error: MappingNeeded, key: str, manual: dict[str, str]) -> None:
    """Let the user name the columns the importer could not recognise, then read the file again with them."""
    with st.form(f"{key}_form"):
        st.write(_("Choose the columns to use:"))
        picks = {
            field: st.selectbox(_(FIELD_LABELS[field]), error.columns, key=f"{key}_{field}") for field in error.missing
        }
        if st.form_submit_button(_("Use these columns"), type="primary", key=f"{key}_use"):
            st.session_state[key] = {**manual, **picks}
            st.rerun()


def _ask_for_long_format(error: MappingNeeded, key: str, manual: dict[str, str]) -> None:
    """A file with one row per answer (respondent, question, answer) is pivoted once its two columns are named."""
    with st.form(f"{key}_long_form"):
        st.write(
            _(
                "Or, if the file has one row per answer, choose the column with the question and the one with the "
                "answer:"
            )
        )
        question = st.selectbox(_("Question column"), error.columns, key=f"{key}_question")
        value = st.selectbox(
            _("Answer column"), error.columns, index=min(1, len(error.columns) - 1), key=f"{key}_value"
        )
        if st.form_submit_button(_("Read one response per respondent"), key=f"{key}_long_use"):
            st.session_state[key] = {**manual, "question": question, "value": value}
            st.rerun()


def _ask_for_one_date(sha256: str) -> None:
    """A file without dates (e.g. a one-off survey) can be imported with one date given for every row."""
    with st.form(f"upload_fixed_date_form_{sha256[:12]}"):
        st.write(
            _("Or, if the file has no dates, give one date for every row (for example the day the survey closed):")
        )
        day = st.date_input(_("Date of every response"), value=None, key="upload_fixed_date_input", format="YYYY-MM-DD")
        if st.form_submit_button(_("Use this date for every row"), key="upload_use_fixed_date") and day is not None:
            st.session_state[f"upload_fixed_date_{sha256[:12]}"] = day
            st.rerun()


def _choose_survey() -> str:
    """Existing surveys or a new name. The choice is kept in session state rather than in a widget key, because the
    list changes after an import creates a survey and Streamlit then resets a keyed selectbox."""
    surveys = load_surveys(Filters())
    options = [*surveys, NEW_SURVEY]
    names = {survey: survey for survey in surveys} | {NEW_SURVEY: _("New survey…")}
    remembered = st.session_state.get("upload_survey")
    picked = st.selectbox(
        _("Survey"),
        options,
        index=options.index(remembered) if remembered in options else None,
        format_func=names.__getitem__,
        placeholder=_("Choose a survey or create a new one"),
        help=_("A survey's saved column mapping is reused for its next file."),
    )
    st.session_state["upload_survey"] = picked
    if picked == NEW_SURVEY:
        name = st.text_input(_("New survey name"), key="upload_new_survey", max_chars=200).strip()
        if name in surveys:
            st.caption(
                _("“{survey}” already exists: its responses and saved mapping are used.").format(
                    survey=escape_markdown(name)
                )
            )
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
            _(
                "The mapping saved for “{survey}” does not fit this file ({problem}) The columns proposed for this "
                "file are shown instead."
            ).format(survey=escape_markdown(survey), problem=escape_markdown(translated_error(error)))
        )
        return reader, False


def _choose_sheet(reader: ExportReader, sha256: str) -> str | None:
    if len(reader.sheets) <= 1:
        return reader.sheet
    key = f"upload_sheet_{sha256[:12]}"
    st.session_state.setdefault(key, reader.sheet)
    return st.selectbox(
        _("Worksheet"),
        reader.sheets,
        key=key,
        help=_("Proposed: the sheet with scores and dates. Choose another if the responses are elsewhere."),
    )


def _order_words(dayfirst: bool | None) -> str:
    if dayfirst is None:
        return _("the dates need no day/month order (ISO, timestamps or serial numbers)")
    return _(DATE_ORDER_NAMES["day-first (31/12)" if dayfirst else "month-first (12/31)"])


def _render_file_facts(reader: ExportReader, file_name: str) -> None:
    detected = _("generic") if reader.format == "generic" else reader.format.replace("_", " ")
    facts = {_("File"): file_name, _("Detected format"): detected}
    if reader.sheet is not None:
        facts[_("Worksheet")] = reader.sheet
    if reader.encoding:
        facts[_("Encoding")] = reader.encoding
    if reader.delimiter:
        delimiter = DELIMITER_NAMES.get(reader.delimiter)
        facts[_("Delimiter")] = _(delimiter) if delimiter else reader.delimiter
    st.dataframe(pd.DataFrame([facts]), hide_index=True, width="stretch")
    if reader.notes:
        st.caption(_("Notes from reading the file"))
        for note in reader.notes:
            st.text(f"• {shown_note(note)}")


def _full_mapping(mapping: dict[str, str]) -> dict[str, str]:
    return {field: mapping.get(field, "") for field in MAPPING_FIELDS}


def _mapping_widgets(reader: ExportReader, *, context: str) -> dict[str, str]:
    """One selectbox per field, defaulting to the reader's choice; "(none)" leaves a field unmapped."""
    proposed = _full_mapping(reader.mapping)
    options = [NONE, *reader.columns]
    names = {column: column for column in reader.columns} | {NONE: _("(none)")}
    label_help = "; ".join(f"{column}: {label}" for column, label in reader.labels.items() if label != column)
    chosen: dict[str, str] = {}
    columns = st.columns(3)
    for position, field in enumerate(MAPPING_FIELDS):
        current = proposed[field]
        column_help = reader.labels.get(current) if current else None
        with columns[position % 3]:
            value = st.selectbox(
                _(FIELD_LABELS[field]),
                options,
                index=options.index(current) if current in options else 0,
                format_func=names.__getitem__,
                key=f"upload_map_{field}_{context}",
                help=(
                    _("Question: {question}").format(question=escape_markdown(column_help))
                    if column_help and column_help != current
                    else None
                ),
            )
        chosen[field] = "" if value == NONE else value
    if label_help:
        with st.expander(_("Question texts from the file's second header row")):
            header = {"column": _("column"), "question": _("question")}
            st.dataframe(
                pd.DataFrame(
                    [{header["column"]: c, header["question"]: q} for c, q in reader.labels.items() if q and q != c]
                ),
                hide_index=True,
                width="stretch",
            )
    return chosen


def _render_segments(reader: ExportReader) -> None:
    lang = current_language()
    left, right = st.columns(2)
    with left:
        st.caption(
            _("Segment columns ({count}): offered as filters and breakdowns").format(
                count=format_number(len(reader.segment_columns), lang, decimals=0)
            )
        )
        st.dataframe(pd.DataFrame({_("segment column"): reader.segment_columns}), hide_index=True, width="stretch")
    with right:
        st.caption(
            _("Kept out of segments ({count}): technical or free-text columns").format(
                count=format_number(len(reader.noise_columns), lang, decimals=0)
            )
        )
        st.dataframe(pd.DataFrame({_("column"): reader.noise_columns}), hide_index=True, width="stretch")


def _render_check_and_import(
    data: bytes, file_name: str, choices: ImportChoices, *, username: str, shown_notes: list[str]
) -> None:
    st.subheader(_("Check and import"))
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
    if st.button(_("Check file"), key="upload_check", icon=":material/fact_check:"):
        report = _run_import(data, file_name, choices, username=username, dry_run=True)
        st.session_state["upload_checked"] = (choices, report) if report is not None else None
    checked: tuple[ImportChoices, ImportReport] | None = st.session_state.get("upload_checked")
    if checked is None or checked[0] != choices:
        st.caption(_("Nothing is written until you import. Check the file first: the report shows what would happen."))
        return
    dry = checked[1]
    _render_report(dry, heading=DRY_RUN, shown_notes=shown_notes)
    if dry.imported == 0:
        return
    label = count_words(dry.imported, ngettext("Import {count} response", "Import {count} responses", dry.imported))
    if st.button(label, key="upload_import", type="primary", icon=":material/upload:"):
        report = _run_import(data, file_name, choices, username=username, dry_run=False, expected_rows=dry.rows_read)
        if report is None:
            return
        st.session_state["upload_done"] = (choices, report)
        st.session_state["upload_checked"] = None
        st.session_state["upload_alerts"] = []
        if report.imported:
            analysis = run_analysis_with_progress()
            message = count_words(
                report.imported,
                ngettext(
                    "Imported {count} response into “{survey}”.",
                    "Imported {count} responses into “{survey}”.",
                    report.imported,
                ),
                survey=escape_markdown(choices.survey),
            )
            if analysis is not None:
                analysed = ngettext("{count} comment analysed.", "{count} comments analysed.", analysis.analysed)
                message += " " + count_words(analysis.analysed, analysed)
            alert_lines = run_alerts_after_import([report.batch_id], actor=username)  # type: ignore[list-item]
            st.session_state["upload_alerts"] = alert_lines
            if alert_lines:
                message += " " + _("Alert rules matched: see below.")
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
    lang = current_language()
    catalogue = translations(lang)
    total = expected_rows or max(data.count(b"\n"), 1)
    started = time.perf_counter()
    shown_name = escape_markdown(file_name)
    running = _("Checking {file}…") if dry_run else _("Importing {file}…")
    with st.status(running.format(file=shown_name), expanded=True) as status:
        bar = st.progress(0.0, text=_("Reading the file…"))

        def rows_read(rows: int, rate: float) -> str:
            """Computed without the session (the catalogue is looked up once), as the callback may run often."""
            message = catalogue.ngettext("{count} row read · {rate} rows/s", "{count} rows read · {rate} rows/s", rows)
            return message.format(
                count=format_number(rows, lang, decimals=0), rate=format_number(rate, lang, decimals=0)
            )

        def progress(rows: int, rate: float) -> None:
            bar.progress(min(rows / total, 1.0), text=rows_read(rows, rate))

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
            stopped = (
                _("Checking stopped: nothing was written") if dry_run else _("Importing stopped: nothing was written")
            )
            status.update(label=stopped, state="error", expanded=False)
            failure = escape_markdown(translated_error(error))
        except Exception as error:  # the database or a bug: the transaction is rolled back, say so plainly
            _log.exception("import of %s into %s failed", file_name, choices.survey)
            failed = (
                _("Checking failed: nothing was written") if dry_run else _("Importing failed: nothing was written")
            )
            status.update(label=failed, state="error", expanded=False)
            failure = (
                _(
                    "The check failed and nothing was written ({error}; the details are in the server log). "
                    "Try again; if it fails again, send the file and the time to your administrator."
                )
                if dry_run
                else _(
                    "The import failed and nothing was written ({error}; the details are in the server log). "
                    "Try again; if it fails again, send the file and the time to your administrator."
                )
            ).format(error=escape_markdown(type(error).__name__))
        else:
            failure = None
            elapsed = max(time.perf_counter() - started, 1e-9)
            bar.progress(1.0, text=rows_read(report.rows_read, report.rows_read / elapsed))
            done = _("Checking {file}: done in {seconds} s") if dry_run else _("Importing {file}: done in {seconds} s")
            seconds = format_number(elapsed, lang, decimals=1)
            status.update(label=done.format(file=shown_name, seconds=seconds), state="complete", expanded=False)
    if failure is not None:  # outside the status box, which may be collapsed: the reason must be in sight
        st.error(failure)
        return None
    return report


def excluded_notes(report: ImportReport, lang: str = DEFAULT) -> list[str]:
    """Counts of excluded rows by reason, for reports whose notes do not already count them (before 9149094
    the writer copied the reader's notes before the reader added these); in `lang`, the reason translated."""
    counts = Counter(issue.reason for issue in report.excluded_rows)
    missing = sorted(
        (reason, count)
        for reason, count in counts.items()
        if not any(reason in note and "excluded" in note for note in report.notes)
    )
    if not missing:
        return []
    catalogue = translations(lang)
    reasons = translate_reasons(pd.Series([reason for reason, _count in missing], dtype="str"), lang)
    return [
        catalogue.ngettext("{count} row excluded: {reason}", "{count} rows excluded: {reason}", count).format(
            count=format_number(count, lang, decimals=0), reason=reason
        )
        for reason, (_english, count) in zip(reasons, missing, strict=True)
    ]


def shown_note(note: str) -> str:
    """A note of the reader or the report in the interface language (a note kept as a template), else as written."""
    return translated_text(note, current_language())


def render_counts(report: ImportReport, *, dry_run: bool) -> None:
    lang = current_language()
    cells = st.columns(5)
    cells[0].metric(_("Rows read"), format_number(report.rows_read, lang, decimals=0))
    cells[1].metric(_("Would import") if dry_run else _("Imported"), format_number(report.imported, lang, decimals=0))
    cells[2].metric(
        _("Duplicates"),
        format_number(report.duplicates, lang, decimals=0),
        help=_("Already in this survey, or repeated in the file."),
    )
    cells[3].metric(
        _("Rejected"),
        format_number(report.rejected, lang, decimals=0),
        help=_("Rows with a missing or invalid score or date."),
    )
    cells[4].metric(
        _("Excluded"),
        format_number(report.excluded, lang, decimals=0),
        help=_("Preview, test or partial responses."),
    )


def _report_summary(report: ImportReport) -> str:
    """One sentence with every count, in the interface language."""
    lang = current_language()
    template = (
        _("{rows} read: {imported} would be imported, {duplicates}, {rejected} rejected, {excluded} excluded.")
        if report.dry_run
        else _("{rows} read: {imported} imported, {duplicates}, {rejected} rejected, {excluded} excluded.")
    )
    return template.format(
        rows=count_words(report.rows_read, ngettext("{count} row", "{count} rows", report.rows_read)),
        imported=format_number(report.imported, lang, decimals=0),
        duplicates=count_words(
            report.duplicates, ngettext("{count} duplicate", "{count} duplicates", report.duplicates)
        ),
        rejected=format_number(report.rejected, lang, decimals=0),
        excluded=format_number(report.excluded, lang, decimals=0),
    )


def _render_report(report: ImportReport, *, heading: str, shown_notes: list[str]) -> None:
    st.markdown(f"**{_(heading)}**")
    render_counts(report, dry_run=report.dry_run)
    summary = _report_summary(report)
    if report.dry_run and not report.imported:
        st.warning(summary + " " + _("Nothing new to import: every valid row is already in this survey."))
    elif report.dry_run:
        st.info(summary)
    elif report.imported:
        st.success(summary)
    else:
        st.info(summary + " " + _("Nothing new was written."))
    _warn_about_other_surveys(report)
    for note in (note for note in report.notes if note not in shown_notes):
        st.text(f"• {shown_note(note)}")
    for note in excluded_notes(report, current_language()):
        st.text(f"• {note}")
    stage = "dry" if report.dry_run else "done"
    render_issues(report.issues_frame(), key=f"upload_issues_{stage}")
    if report.rejected_cells:
        st.download_button(
            _("Download the rejected rows to fix (CSV)"),
            data=frame_to_csv(report.rejected_file()),
            file_name="rejected-rows-to-fix.csv",
            mime="text/csv",
            key=f"upload_rejected_{stage}",
            icon=":material/edit_document:",
            help=_(
                "The rejected rows with their original cells, after the reason. Fix them in a spreadsheet and "
                "upload the file again: the two added columns are ignored."
            ),
        )


def _warn_about_other_surveys(report: ImportReport) -> None:
    if not report.in_other_surveys:
        return
    surveys = sorted({issue.reason.removeprefix("already in survey ") for issue in report.in_other_surveys})
    count = len(report.in_other_surveys)
    names = escape_markdown(", ".join(surveys))
    if report.skipped_other_surveys:
        left_out = ngettext(
            "{count} row of this file is already in another survey ({surveys}) and left out.",
            "{count} rows of this file are already in another survey ({surveys}) and left out.",
            count,
        )
        st.info(count_words(count, left_out, surveys=names))
        return
    twice = ngettext(
        "{count} row of this file is already in another survey ({surveys}): imported here too, they count twice "
        "when all surveys are shown. Tick “{option}” and check again to skip them.",
        "{count} rows of this file are already in another survey ({surveys}): imported here too, they count twice "
        "when all surveys are shown. Tick “{option}” and check again to skip them.",
        count,
    )
    st.warning(count_words(count, twice, surveys=names, option=_(SKIP_OTHER_SURVEYS)))


def render_issues(issues: pd.DataFrame, *, key: str, file_name: str = "import-report.csv") -> None:
    """Rejected and excluded rows with row, column and reason, and the same table as a formula-safe CSV."""
    if issues.empty:
        st.caption(_("No row was rejected or excluded."))
        return
    not_imported = ngettext(
        "{count} row not imported as they are, with the reason for each",
        "{count} rows not imported as they are, with the reason for each",
        len(issues),
    )
    st.caption(count_words(len(issues), not_imported))
    shown = translate_issues(issues, current_language())
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button(
        _("Download these rows (CSV)"),
        data=frame_to_csv(shown),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
    )
