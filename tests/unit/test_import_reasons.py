"""Import reasons stay English where they are stored and printed, and a page shows each in the reader's language."""

from __future__ import annotations

from datetime import date

import pandas as pd

from nps.i18n import PSEUDO_CLOSE, PSEUDO_OPEN
from nps.importing import open_export
from nps.importing.date_window import DateWindow
from nps.importing.pipeline import _repeat_reason
from nps.importing.reasons import TEMPLATES, fill, translate_issues, translate_reasons

BAD_ROWS = (
    b"response_id,submitted_at,score,weight,email\n"
    b"1,2026-01-05,7.5,1,a@example.com\n"
    b"2,2026-01-05,11,1,b@example.com\n"
    b'3,2026-01-05,"meh ""quoted""",1,c@example.com\n'
    b'4,2026-01-05,"1,000",1,d@example.com\n'
    b"5,2026-01-05,,1,e@example.com\n"
    b"6,someday,9,1,f@example.com\n"
    b"7,,9,1,g@example.com\n"
    b"8,2099-01-01,9,1,h@example.com\n"
    b"9,1970-01-01,9,1,i@example.com\n"
    b"10,2026-01-05,9,heavy,j@example.com\n"
    b"11,2026-01-05,9,1," + b"x" * 300 + b"@example.com\n"
    b"12,2026-01-05,9,1,k@example.com,surplus\n"
)


def _reasons_of_a_bad_file() -> list[str]:
    reader = open_export(
        BAD_ROWS,
        mapping={"weight": "weight"},
        date_window=DateWindow(today=date(2026, 3, 1), earliest=date(1990, 1, 1)),
    )
    return [issue.reason for chunk in reader.iter_chunks() for issue in chunk.rejected]


def test_the_reader_still_writes_its_reasons_in_english():
    assert _reasons_of_a_bad_file() == [
        'score "7.5" is not a whole number',
        'score "11" is outside 0–10',
        'score "meh "quoted"" is not a number from 0 to 10',
        'score "1,000" has a thousands separator: it is not a score from 0 to 10',
        "missing score",
        'date "someday" cannot be read',
        "missing date",
        "date 2099-01-01 is in the future (after 2026-03-02)",
        "date 1970-01-01 is before 1990-01-01, the earliest date accepted",
        'weight "heavy" is not a positive number',
        "email longer than 254 characters",
        "more cells than the 5 named columns (a separator inside an unquoted cell?)",
    ]


def test_every_reason_an_import_writes_is_recognised_with_its_parameters():
    """Under the pseudo language a recognised reason comes back bracketed and otherwise byte for byte the same."""
    written = [*_reasons_of_a_bad_file(), _repeat_reason(4), _repeat_reason(-2), "already in survey “Kiosk”"]
    written += [fill(template, value="v", day="2001-02-03", latest="x", earliest="y", count=5, limit=9, row=3,
                     batch=1, survey="S") for template in TEMPLATES]  # fmt: skip
    shown = translate_reasons(pd.Series(written, dtype="str"), "pseudo")
    assert shown.tolist() == [f"{PSEUDO_OPEN}{reason}{PSEUDO_CLOSE}" for reason in written]


def test_a_reason_is_shown_in_the_readers_language_with_the_cell_value_as_written():
    reasons = pd.Series(['score "11" is outside 0–10', "same response as row 4", "missing date"], dtype="str")
    assert translate_reasons(reasons, "pl").tolist() == [
        "ocena „11” jest spoza zakresu 0–10",
        "ta sama odpowiedź co w wierszu 4",
        "brak daty",
    ]
    assert translate_reasons(reasons, "th")[1] == "คำตอบเดียวกับแถว 4"


def test_unknown_text_and_missing_reasons_are_left_as_they_are():
    reasons = pd.Series(["a reason from an older version", None, "missing score"], dtype="str", index=[7, 8, 9])
    shown = translate_reasons(reasons, "zh")
    assert shown[7] == "a reason from an older version"
    assert pd.isna(shown[8])
    assert shown[9] == "缺少评分"
    assert translate_reasons(reasons, "en") is reasons


def test_many_rows_with_few_distinct_reasons_are_translated_per_distinct_reason():
    reasons = pd.Series(["missing score", 'score "x" is not a number from 0 to 10'] * 50_000, dtype="str")
    shown = translate_reasons(reasons, "ar")
    assert shown.nunique() == 2 and len(shown) == 100_000
    assert shown[1] == 'الدرجة "x" ليست رقمًا من 0 إلى 10'


def test_an_issue_table_gets_translated_outcomes_reasons_and_headers():
    issues = pd.DataFrame(
        {"outcome": ["rejected", "duplicate"], "row": [3, 4], "column": ["Score", ""], "reason": ["missing score",
         "same response as row 3"]}
    )  # fmt: skip
    shown = translate_issues(issues, "pl")
    assert list(shown.columns) == ["wynik", "wiersz", "kolumna", "przyczyna"]
    assert shown["wynik"].tolist() == ["odrzucony", "duplikat"]
    assert shown["przyczyna"].tolist() == ["brak oceny", "ta sama odpowiedź co w wierszu 3"]
    assert shown["kolumna"].tolist() == ["Score", ""]
    assert translate_issues(issues, "en") is issues
