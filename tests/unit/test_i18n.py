"""Which language a request gets, and numbers and dates in that language's conventions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nps import i18n


def test_the_link_wins_then_the_saved_choice_then_the_browser_then_english():
    assert i18n.choose_language("th", "pl", "ar") == "th"
    assert i18n.choose_language(None, "pl", "ar") == "pl"
    assert i18n.choose_language(None, "", "ar-SA,en;q=0.5") == "ar"
    assert i18n.choose_language(None, None, "de-DE,fr;q=0.9") == "en"
    assert i18n.choose_language("klingon", None, "zh-Hans-CN") == "zh"


def test_accept_language_weights_are_honoured():
    assert i18n.accept_language_choices("en;q=0.4, pl-PL, th;q=0.8, ar;q=0") == ["pl-PL", "th", "en"]
    assert i18n.choose_language(None, None, "de;q=0.9, en;q=0.5, pl;q=0.7") == "pl"


def test_the_pseudo_language_is_only_reached_by_a_link():
    assert i18n.choose_language("pseudo", None, None) == "pseudo"
    assert i18n.choose_language(None, None, "pseudo") == "en"


@given(st.text(max_size=80))
def test_any_header_or_code_gives_a_supported_language(text):
    assert i18n.choose_language(text, text, text) in {*i18n.LANGUAGES, i18n.PSEUDO}


def test_numbers_follow_the_locale():
    assert i18n.format_number(26.3, "pl", signed=True) == "+26,3"
    assert i18n.format_number(-4.25, "en", signed=True) == "-4.2"  # half to even, as Babel rounds
    assert i18n.format_number(1234567, "pl", decimals=0) == "1\xa0234\xa0567"
    assert i18n.format_number(26.3, "ar", signed=True, native_digits=True) == "+٢٦٫٣"
    assert i18n.format_share(0.412, "pl") == "41,2%"


def test_months_and_days_are_named_in_the_language():
    assert i18n.format_month(date(2026, 3, 5), "pl") == "marzec 2026"
    assert i18n.format_month(date(2026, 3, 5), "th") == "มีนาคม 2026"
    assert i18n.format_day(date(2026, 3, 5), "zh") == "2026年3月5日"


def test_a_file_level_import_error_reads_in_the_readers_language():
    from nps.importing.sniff import ImportFileError, detect_container

    with pytest.raises(ImportFileError) as raised:
        detect_container(b"")
    assert str(raised.value).startswith("The file is empty.")
    assert raised.value.translated("pl").startswith("Plik jest pusty.")
    assert raised.value.translated("zh").startswith("文件为空")


def test_a_counted_note_is_english_text_that_reads_in_each_language():
    import json
    import pickle

    note = i18n.CountedText.ngettext(
        "{count} row dated in the future rejected (after {latest}: today plus {days} day tolerance)",
        "{count} rows dated in the future rejected (after {latest}: today plus {days} day tolerance)",
        1234,
        count=1234,
        latest="2026-01-02",
        days=1,
    )
    assert note == "1,234 rows dated in the future rejected (after 2026-01-02: today plus 1 day tolerance)"
    assert json.dumps([note]) == json.dumps([str(note)])
    assert pickle.loads(pickle.dumps(note)).translated(i18n.PSEUDO) == f"⟦{note}⟧"
    assert "1\xa0234 " in i18n.translated_text(note, "pl")
    one = i18n.CountedText.ngettext("{count} column", "{count} columns", 1, count=1)
    assert (one, i18n.translated_text("plain", "pl")) == ("1 column", "plain")
