"""`python -m nps report --lang`: the PDF and the PPTX in Polish, Thai, Arabic and Chinese carry translated headings,
chart titles and the goal verdict; English stays as it was."""

import io
import re
import subprocess
import unicodedata

import pytest
from pptx import Presentation

from nps.i18n import translations
from tests.store.test_cli import _run, db  # noqa: F401 (db is a fixture)
from tests.store.test_cli_goals import _seed, _sign_in, _texts

LANGUAGES = ["pl", "th", "ar", "zh"]
LAM_ALEF = re.compile("\u0644[\u0622\u0623\u0625\u0627\u0649]")
"""pdftotext reverses the letters of the lam-alef and lam-yeh ligatures; words holding them are not compared."""


def _words(text: str) -> list[str]:
    """The words of a sentence a PDF's text layer keeps whatever the reading direction: no figures, no ligatures."""
    words = re.findall(r"[^\W\d_]{3,}", unicodedata.normalize("NFKC", re.sub(r"\{[a-z_]+\}", " ", text)))
    return [word for word in words if not LAM_ALEF.search(word)]


def _pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return unicodedata.normalize("NFKC", text)


def _reports(db, monkeypatch, capsys, tmp_path, lang):  # noqa: F811
    _seed(db)
    _sign_in(monkeypatch, capsys, db, "analyst")
    _run(capsys, "--db", db, "goals", "set", "95")
    _run(capsys, "--db", db, "events", "add", "2026-03-02", "Price change")
    monkeypatch.delenv("NPS_USER")
    files = {}
    for file_format in ("pdf", "pptx"):
        files[file_format] = tmp_path / f"report-{lang}.{file_format}"
        args = ["--db", db, "report", "--format", file_format, "--out", str(files[file_format]), "--lang", lang]
        assert _run(capsys, *args, "--segment", "region")[0] == 0
    return files


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_and_the_slides_are_written_in_the_chosen_language(db, monkeypatch, capsys, tmp_path, lang):  # noqa: F811
    _ = translations(lang).gettext
    files = _reports(db, monkeypatch, capsys, tmp_path, lang)
    goal_words = _words(_("Goal {target} not met: the whole 95% interval ({low} to {high}) is below it."))
    headings = [_("How this is computed"), _("Events on the trend"), _("Score distribution"), _("Headline")]
    assert headings[0] != "How this is computed"

    pdf = _pdf_text(files["pdf"])
    assert all(word in pdf for heading in headings for word in _words(heading)), pdf[:2000]
    assert goal_words and all(word in pdf for word in goal_words), pdf[:2000]
    assert "How this is computed" not in pdf and "Score distribution" not in pdf

    slides = "\n".join(_texts(Presentation(io.BytesIO(files["pptx"].read_bytes()))))
    for text in (_("Our NPS"), _("How this is computed"), _("NPS by month with 95% interval, responses beneath")):
        assert text in slides
    slides = unicodedata.normalize("NFKC", slides)
    assert all(word in slides for word in goal_words)
    assert "Our NPS" not in slides and "Score " not in slides


def test_an_arabic_pdf_reads_right_to_left(db, monkeypatch, capsys, tmp_path):  # noqa: F811
    from nps.exports import OverviewReport, report_html
    from nps.metrics import Counts

    html = report_html(OverviewReport(filter_lines=(), current=Counts(5, 3, 2), comments=0, lang="ar"))
    assert '<html lang="ar" dir="rtl">' in html
    assert '<html lang="en" dir="ltr">' in report_html(
        OverviewReport(filter_lines=(), current=Counts(5, 3, 2), comments=0)
    )
