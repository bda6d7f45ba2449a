"""The meeting as a PowerPoint file (python-pptx): text stays text, charts go in as the PNGs the PDF uses.

Slides: title and view, the headline NPS with its interval, goal and change, one slide per chart (the trend
carries the goal line and the events), the events, the segments, the comments, how it is computed. Data text
(comments, event texts, segment names) is written as plain text runs, so it can never become markup; characters
XML cannot hold (control characters from spreadsheets) are dropped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from nps.exports import OverviewReport, ReportChart, text_direction
from nps.figures import (
    describe_change,
    describe_interval,
    format_nps,
    is_small,
    segment_marker,
    share,
    size_figure,
    small_sample_note,
)
from nps.goals import Verdict
from nps.i18n import DEFAULT, format_day, is_right_to_left, translations
from nps.metrics import nps_with_interval, two_sample_test

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_HEIGHT = Inches(0.9)
GREY = RGBColor(0x57, 0x60, 0x6A)
VERDICT_COLOURS = {
    Verdict.MET: RGBColor(0x1A, 0x7F, 0x37),
    Verdict.NOT_MET: RGBColor(0xD1, 0x24, 0x2F),
    Verdict.UNDECIDED: GREY,
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _blank(presentation: Presentation, title: str) -> Slide:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    box = slide.shapes.add_textbox(MARGIN, Inches(0.3), SLIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT)
    paragraph = box.text_frame.paragraphs[0]
    paragraph.text = _xml_safe(title)
    paragraph.font.size, paragraph.font.bold = Pt(32), True
    if text_direction(title) == "rtl":
        paragraph.alignment = PP_ALIGN.RIGHT
    return slide


def _lines(
    slide: Slide,
    lines: Sequence[tuple[str, int, RGBColor | None]],
    *,
    top: Emu = MARGIN + TITLE_HEIGHT,
    height: Emu | None = None,
    right_to_left: bool = False,
) -> None:
    """(text, point size, colour) paragraphs in one word-wrapped box; right-to-left text (or every line, on a
    right-to-left slide) is right-aligned."""
    box = slide.shapes.add_textbox(MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height or SLIDE_HEIGHT - top - MARGIN)
    frame = box.text_frame
    frame.word_wrap = True
    for position, (text, size, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if position == 0 else frame.add_paragraph()
        paragraph.text = _xml_safe(text)
        paragraph.font.size = Pt(size)
        if colour is not None:
            paragraph.font.color.rgb = colour
        if right_to_left or text_direction(str(text)) == "rtl":
            paragraph.alignment = PP_ALIGN.RIGHT
        paragraph.space_after = Pt(size // 3)


def _headline(presentation: Presentation, report: OverviewReport) -> None:
    counts, minimum_n, lang = report.current, report.minimum_n, report.lang
    _ = translations(lang).gettext
    slide = _blank(presentation, _("Our NPS"))
    interval = nps_with_interval(counts)
    lines: list[tuple[str, int, RGBColor | None]] = [
        (format_nps(interval.nps, lang), 96, GREY if is_small(counts, minimum_n=minimum_n) else None),
        (describe_interval(counts, lang), 20, None),
    ]
    if report.goal is not None:
        lines.append((report.goal.sentence, 22, VERDICT_COLOURS[report.goal.verdict]))
        lines.append((report.goal.goal.label(lang), 14, GREY))
    if report.comparison is not None and report.comparison_label:
        difference = two_sample_test(counts, report.comparison, minimum_n=minimum_n)
        lines.append((describe_change(difference, report.comparison_label, lang), 20, None))
    c = counts
    shares = _("Promoters {promoters} · passives {passives} · detractors {detractors}").format(
        promoters=share(c.promoters, c, lang),
        passives=share(c.passives, c, lang),
        detractors=share(c.detractors, c, lang),
    )
    lines.append((shares, 18, None))
    lines.append((_("Responses: {size}").format(size=size_figure(c, lang)), 16, GREY))
    if is_small(counts, minimum_n=minimum_n):
        lines.append((small_sample_note(counts, minimum_n=minimum_n, lang=lang), 16, RGBColor(0x9A, 0x67, 0x00)))
    _lines(slide, lines, right_to_left=is_right_to_left(lang))


def _chart(presentation: Presentation, chart: ReportChart) -> None:
    """The PNG as large as the slide allows below its title, aspect ratio kept, centred."""
    from PIL import Image

    slide = _blank(presentation, chart.title)
    with Image.open(io.BytesIO(chart.png)) as image:
        width, height = image.size
    room_width, room_height = SLIDE_WIDTH - 2 * MARGIN, SLIDE_HEIGHT - TITLE_HEIGHT - 2 * MARGIN
    scale = min(room_width / width, room_height / height)
    shown_width, shown_height = int(width * scale), int(height * scale)
    left = (SLIDE_WIDTH - shown_width) // 2
    slide.shapes.add_picture(io.BytesIO(chart.png), left, MARGIN + TITLE_HEIGHT, width=shown_width, height=shown_height)


def _segments(presentation: Presentation, report: OverviewReport) -> None:
    lang = report.lang
    _ = translations(lang).gettext
    attribute = report.segment_attribute
    slide = _blank(
        presentation, _("NPS by {attribute}").format(attribute=attribute) if attribute else _("NPS by segment")
    )
    rows = report.segments[:14]
    shape = slide.shapes.add_table(
        len(rows) + 1, 5, MARGIN, MARGIN + TITLE_HEIGHT, SLIDE_WIDTH - 2 * MARGIN, Inches(0.4) * (len(rows) + 1)
    )
    table = shape.table
    for column, heading in enumerate((_("Segment"), "n", "NPS", _("95% CI"), _("Against the rest"))):
        table.cell(0, column).text = heading
    for row_number, segment in enumerate(rows, start=1):
        values = (
            segment.key,
            size_figure(segment.counts, lang),
            format_nps(segment.interval.nps, lang),
            _("{low} to {high}").format(
                low=format_nps(segment.interval.low, lang), high=format_nps(segment.interval.high, lang)
            ),
            segment_marker(segment.marker, lang),
        )
        for column, value in enumerate(values):
            table.cell(row_number, column).text = _xml_safe(value)


def pptx_report(report: OverviewReport) -> bytes:
    """The report as a 16:9 PPTX."""
    lang = report.lang
    _ = translations(lang).gettext
    rtl = is_right_to_left(lang)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    title = _blank(presentation, report.title)
    generated = _("Generated {time} UTC").format(time=f"{report.generated_at:%Y-%m-%d %H:%M}")
    _lines(title, [*((line, 18, None) for line in report.filter_lines), (generated, 14, GREY)], right_to_left=rtl)
    _headline(presentation, report)
    for chart in report.charts:
        _chart(presentation, chart)
    if report.events:
        slide = _blank(presentation, _("Events on the trend"))
        day = (lambda value: value.isoformat()) if lang == DEFAULT else (lambda value: format_day(value, lang))
        _lines(
            slide,
            [
                (f"{day(event.day)} · {event.text} · {event.survey or _('all surveys')}", 20, None)
                for event in report.events
            ],
            right_to_left=rtl,
        )
    if report.segments:
        _segments(presentation, report)
    if report.selected_comments:
        slide = _blank(presentation, report.comment_title)
        lines: list[tuple[str, int, RGBColor | None]] = []
        for comment in report.selected_comments[:6]:
            lines.append((comment.text, 18, None))
            about = _("Score {score} · {day} · {survey}").format(
                score=comment.score, day=comment.day, survey=comment.survey
            )
            lines.append((about, 12, GREY))
        _lines(slide, lines, right_to_left=rtl)
    if report.method_lines:
        method = [(line, 12, None) for line in report.method_lines]
        _lines(_blank(presentation, _("How this is computed")), method, right_to_left=rtl)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
