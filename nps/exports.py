"""Files that take a view out of the room: charts as PNG/SVG, responses as CSV/XLSX, the PDF report.

Nothing here knows Streamlit; every function takes plain values and returns bytes. Text that a spreadsheet
would run as a formula (starting with = + - @, tab or CR) is neutralised in every CSV and XLSX written here.
"""

from __future__ import annotations

import base64
import calendar
import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd
from markupsafe import Markup

from nps.benchmarks.export import FORMULA_STARTS, neutralise_cell
from nps.decomposition import Decomposition
from nps.figures import (
    DEFAULT_MINIMUM_N,
    describe_change,
    describe_interval,
    format_nps,
    format_points,
    is_small,
    segment_marker,
    share,
    size_figure,
    small_sample_note,
)
from nps.filters import Filters
from nps.goals import EventMark, GoalStatus
from nps.i18n import DEFAULT, N_, format_day, format_number, format_share, is_right_to_left, translations
from nps.metrics import Counts, nps_with_interval, two_sample_test
from nps.significance import SegmentResult
from nps.text.summary import excerpt

if TYPE_CHECKING:
    from nps.comment_summary import CommentSummary

XLSX_MAX_ROWS = 1_048_575
"""Excel's row limit minus the header row."""
XLSX_WIDTHS = (8, 80)
"""Fitted column widths stay within these (characters): a long comment column does not push the rest away."""
FILE_NAME_MAX = 150
FONT_STACK = '"Noto Sans", "Noto Sans Thai", "Noto Sans Arabic", "Noto Sans CJK SC", sans-serif'
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_HEBREW = re.compile(r"[\u0590-\u05ff]")


def chart_png(spec: dict, *, scale: float = 2.0) -> bytes:
    """A Vega-Lite spec (e.g. `chart.to_dict()`) rendered offline; system Noto fonts cover Thai and Chinese."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec, scale=scale)


def chart_svg(spec: dict) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec).encode("utf-8")


def chart_with_context(spec: dict, *, title: str, context: Sequence[str]) -> dict:
    """The spec with a title and, beneath it, the period, filters and n: an image alone says what it shows."""
    return {
        **spec,
        "title": {
            "text": title,
            "subtitle": list(context),
            "anchor": "start",
            "fontSize": 16,
            "subtitleFontSize": 12,
            "subtitleColor": "#444444",
            "offset": 12,
        },
    }


def _file_part(text: str) -> str:
    """Letters and digits of any script kept, everything else one hyphen: safe in every file system."""
    return re.sub(r"[\W_]+", "-", text).strip("-")


def period_slug(start: date | None, end: date | None) -> str:
    """`2026-Q3`, `2026-07`, `2026` for whole calendar periods, else `2026-03-05_to_2026-04-20`."""
    if start is None and end is None:
        return "all-time"
    if start is None or end is None:
        return f"{start or 'start'}_to_{end or 'latest'}"
    month_end = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == month_end and start.year == end.year:
        if (start.month, end.month) == (1, 12):
            return str(start.year)
        if start.month == end.month:
            return f"{start.year}-{start.month:02d}"
        if start.month % 3 == 1 and end.month == start.month + 2:
            return f"{start.year}-Q{start.month // 3 + 1}"
    return f"{start.isoformat()}_to_{end.isoformat()}"


def chart_file_name(chart: str, filters: Filters, extension: str) -> str:
    """`nps-trend_2026-Q3_region-Poland.png`: the chart, the period and every filter, so a folder of exports sorts."""
    parts = [chart, period_slug(filters.start, filters.end)]
    if filters.surveys:
        parts.append("survey-" + "+".join(_file_part(name) for name in filters.surveys))
    parts += [f"{_file_part(name)}-" + "+".join(_file_part(v) for v in values) for name, values in filters.include]
    parts += [f"{_file_part(name)}-not-" + "+".join(_file_part(v) for v in values) for name, values in filters.exclude]
    return "_".join(parts)[:FILE_NAME_MAX] + f".{extension}"


EXPORT_HEADERS = {
    "survey": N_("Survey"),
    "response_id": N_("Response ID"),
    "responded_at_utc": N_("Responded at (UTC)"),
    "score": N_("Score"),
    "category": N_("Category"),
    "comment": N_("Comment"),
    "language": N_("Language"),
    "tone": N_("Tone"),
    "themes": N_("Themes"),
    "tags": N_("Tags"),
    "follow_up": N_("Follow-up"),
    "customer_id": N_("Customer ID"),
    "name": N_("Full name"),
    "email": N_("E-mail"),
}
"""Column headers for a reader of another language; in English the files keep their short machine names, and
segment attributes keep theirs in every language (they are the survey's own words)."""


def _export_frame(frame: pd.DataFrame, lang: str = DEFAULT) -> pd.DataFrame:
    """Timestamps as naive UTC (spreadsheets have no time zones), text cells neutralised, headers in `lang`."""
    frame = frame.copy()
    if "responded_at" in frame:
        frame["responded_at"] = pd.to_datetime(frame["responded_at"], utc=True).dt.tz_localize(None)
    frame = frame.rename(columns={"responded_at": "responded_at_utc"})
    if lang == DEFAULT:
        return frame
    _ = translations(lang).gettext
    return frame.rename(columns={name: _(header) for name, header in EXPORT_HEADERS.items()})


def responses_csv(chunks: Iterable[pd.DataFrame], lang: str = DEFAULT) -> bytes:
    """UTF-8 with a BOM (Excel then picks the encoding); text starting with = + - @ tab or CR gets a leading '."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    header_written = False
    for chunk in chunks:
        frame = _export_frame(chunk, lang)
        if not header_written:
            writer.writerow([neutralise_cell(str(column)) for column in frame.columns])
            header_written = True
        for row in frame.itertuples(index=False):
            writer.writerow(["" if _missing(value) else neutralise_cell(_cell_text(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT


def _cell_text(value: object) -> object:
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value


def responses_xlsx(chunks: Iterable[pd.DataFrame], lang: str = DEFAULT) -> bytes:
    """One sheet; text is always stored as text (never a formula or link) and formula-like text is quote-prefixed."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(translations(lang).gettext("Responses")[:31])  # Excel allows 31 characters
    bold = workbook.add_format({"bold": True})
    bold_quoted = workbook.add_format({"bold": True, "quote_prefix": True})
    quoted = workbook.add_format({"quote_prefix": True})
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    row_number = 0
    widths: list[int] = []
    for chunk in chunks:
        frame = _export_frame(chunk, lang)
        if row_number == 0:
            for column, name in enumerate(map(str, frame.columns)):
                sheet.write_string(0, column, name, bold_quoted if name.startswith(FORMULA_STARTS) else bold)
            sheet.freeze_panes(1, 0)
            widths = [len(str(name)) + 3 for name in frame.columns]  # room for the filter arrow
            row_number = 1
        for position, column in enumerate(frame.columns):
            widths[position] = max(widths[position], _widest(frame[column]))
        for row in frame.itertuples(index=False):
            if row_number > XLSX_MAX_ROWS:
                raise ValueError(f"more than {XLSX_MAX_ROWS:,} responses do not fit in Excel; download the CSV")
            for column, value in enumerate(row):
                if _missing(value):
                    continue
                if isinstance(value, pd.Timestamp | datetime):
                    sheet.write_datetime(row_number, column, value.to_pydatetime(), stamp)
                elif isinstance(value, str):
                    sheet.write_string(row_number, column, value, quoted if value.startswith(FORMULA_STARTS) else None)
                else:
                    sheet.write_number(row_number, column, float(value))
            row_number += 1
    if widths:
        low, high = XLSX_WIDTHS
        for position, width in enumerate(widths):
            sheet.set_column(position, position, min(max(width + 1, low), high))
        sheet.autofilter(0, 0, max(row_number - 1, 1), len(widths) - 1)
    workbook.close()
    return buffer.getvalue()


def _widest(values: pd.Series) -> int:
    """Characters of the longest cell as a spreadsheet shows it (timestamps as 19)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return 19
    lengths = values.dropna().astype("str").str.len()
    return int(lengths.max()) if not lengths.empty else 0


def _text_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells and the header row neutralised (a column may be named `=HYPERLINK(…)` by the uploaded file)."""
    frame = frame.copy()
    frame.columns = [neutralise_cell(str(column)) for column in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise_cell)
    return frame


def _plain_datetimes(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel has no time zones: write UTC wall-clock times."""
    frame = frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC").dt.tz_localize(None)
    return frame


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads Polish, Thai, Arabic and Chinese correctly."""
    return _text_safe(frame).to_csv(index=False).encode("utf-8-sig")


def frame_to_xlsx(frame: pd.DataFrame, *, sheet: str = "Sheet1") -> bytes:
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        _plain_datetimes(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


@dataclass(frozen=True)
class ReportChart:
    title: str
    png: bytes


@dataclass(frozen=True)
class ReportComment:
    day: str
    score: int
    survey: str
    text: str


@dataclass(frozen=True)
class OverviewReport:
    """Everything the PDF of the current view states; built from the same cached aggregates the page shows."""

    filter_lines: tuple[str, ...]
    current: Counts
    comments: int
    comparison_label: str | None = None
    comparison: Counts | None = None
    charts: tuple[ReportChart, ...] = ()
    segment_attribute: str | None = None
    segments: tuple[SegmentResult, ...] = ()
    decomposition: Decomposition | None = None
    comment_title: str = "Selected comments"
    selected_comments: tuple[ReportComment, ...] = ()
    method_lines: tuple[str, ...] = ()
    summary: CommentSummary | None = None
    """The offline summary of the view's comments (quotes per tone), masked as the reader's role requires."""
    minimum_n: int = DEFAULT_MINIMUM_N
    goal: GoalStatus | None = None
    """The view's goal and its verdict, stated beside the headline NPS."""
    events: tuple[EventMark, ...] = ()
    """Dated events of the view, drawn on the trend and listed."""
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    title: str = "NPS overview"
    lang: str = DEFAULT
    """The reader's language: the files' fixed words, numbers and dates; the text fields above come in it."""


def text_direction(text: str) -> str:
    """WeasyPrint reads dir="auto" as left-to-right, so right-to-left text is marked per cell."""
    return "rtl" if _ARABIC.search(text) or _HEBREW.search(text) else "ltr"


_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("nps", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _in_language(function: Callable[[Any, str], str]) -> Callable[..., str]:
    """A template filter that writes in the template's `lang`."""

    @jinja2.pass_context
    def localised(context: jinja2.runtime.Context, value: Any) -> str:
        return function(value, context["lang"])

    return localised


def _day(value: date, lang: str) -> str:
    return value.isoformat() if lang == DEFAULT else format_day(value, lang)


def _count(value: int, lang: str) -> str:
    return f"{value:,}" if lang == DEFAULT else format_number(value, lang, decimals=0)


def _percent(value: float, lang: str) -> str:
    return f"{100 * value:.1f}%" if lang == DEFAULT else format_share(value, lang)


_TEMPLATES.filters.update(
    {
        name: _in_language(function)
        for name, function in {
            "nps": format_nps,
            "points": format_points,
            "interval": describe_interval,
            "size": size_figure,
            "marker": segment_marker,
            "day": _day,
            "count": _count,
            "percent": _percent,
        }.items()
    },
    direction=text_direction,
    excerpt=excerpt,
)


def report_html(report: OverviewReport) -> str:
    """The report as standalone HTML (templates/overview_report.html.j2, autoescaped), charts as PNG data URIs."""
    minimum_n, lang = report.minimum_n, report.lang
    difference = (
        two_sample_test(report.current, report.comparison, minimum_n=minimum_n)
        if report.comparison is not None and report.comparison_label
        else None
    )
    return _TEMPLATES.get_template("overview_report.html.j2").render(
        report=report,
        lang=lang,
        direction="rtl" if is_right_to_left(lang) else "ltr",
        _=translations(lang).gettext,
        font_stack=Markup(FONT_STACK),
        current=nps_with_interval(report.current),
        small=is_small(report.current, minimum_n=minimum_n),
        small_note=small_sample_note(report.current, minimum_n=minimum_n, lang=lang),
        small_segments={s.key for s in report.segments if is_small(s.counts, minimum_n=minimum_n)},
        change=describe_change(difference, report.comparison_label, lang) if difference else None,
        previous=nps_with_interval(report.comparison) if report.comparison is not None else None,
        share=lambda part, counts: share(part, counts, lang),
        charts=[{"title": chart.title, "data": base64.b64encode(chart.png).decode("ascii")} for chart in report.charts],
    )


def pdf_report(report: OverviewReport) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=report_html(report)).write_pdf()
