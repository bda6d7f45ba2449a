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


def _refuse_alert_condition():
    from nps import alerts

    alerts.parse_when("sometimes")


def _refuse_address():
    from nps import outbox

    outbox.check_addresses(["bob"])


def _refuse_unnamed_theme():
    from nps import analysis

    analysis.save_theme("", ["price"], username="ann", role="analyst", session=None)


def _refuse_empty_tag():
    from nps import followups

    followups.add_tag(1, " ", actor="ann", role="analyst", session=None)


def _refuse_long_search():
    from nps import search

    search.matching_ids("x" * 1_201, "sqlite")


def _refuse_digest_period():
    from nps import digest

    digest.parse_since("0d", date(2026, 3, 5))


def _refuse_smtp_url():
    from nps import mail_settings

    mail_settings.parse_smtp_url("http://mail.example.com")


def _refuse_share_pair():
    from nps import weighting

    weighting.parse_shares("Poland")


def _refuse_retention_period():
    from nps import retention

    retention.save_policy(retention.RetentionPolicy(comment_months=5_000), session=None, actor="ann")


@pytest.mark.parametrize(
    ("refuse", "english", "polish"),
    [
        (
            _refuse_alert_condition,
            "Cannot read 'sometimes': use detractor, passive, promoter, negative, neutral, positive or score<=N.",
            "Nie można odczytać 'sometimes': użyj detractor (krytyk), passive (pasywny), promoter (promotor), "
            "negative, neutral, positive lub score<=N.",
        ),
        (_refuse_address, "Not an e-mail address: bob", "To nie jest adres e-mail: bob"),
        (
            _refuse_unnamed_theme,
            "A theme needs a name of at most 100 characters.",
            "Temat potrzebuje nazwy o długości najwyżej 100 znaków.",
        ),
        (_refuse_empty_tag, "A tag is 1–100 characters.", "Tag ma od 1 do 100 znaków."),
        (
            _refuse_long_search,
            "The search is 1,201 characters long; at most 200 are allowed. "
            "Search for a shorter, distinctive part of the text.",
            "Wyszukiwana fraza ma 1,201 znaków; dozwolone jest najwyżej 200. "
            "Wyszukaj krótszy, charakterystyczny fragment tekstu.",
        ),
        (
            _refuse_digest_period,
            "--since takes a number of days, weeks or months, e.g. 7d, 2w, 1m.",
            "--since przyjmuje liczbę dni, tygodni lub miesięcy, np. 7d, 2w, 1m.",
        ),
        (
            _refuse_smtp_url,
            "NPS_SMTP_URL must start with smtp:// or smtps://",
            "NPS_SMTP_URL musi zaczynać się od smtp:// lub smtps://",
        ),
        (
            _refuse_share_pair,
            "shares are VALUE=SHARE pairs separated by commas; got 'Poland'",
            "udziały to pary WARTOŚĆ=UDZIAŁ oddzielone przecinkami; podano 'Poland'",
        ),
        (
            _refuse_retention_period,
            "A retention period is 1 to 1,200 months, or empty to keep data.",
            "Okres przechowywania to od 1 do 1200 miesięcy albo puste pole, aby zachować dane.",
        ),
    ],
    ids=[
        "AlertError",
        "OutboxError",
        "ThemeError",
        "FollowUpError",
        "SearchQueryError",
        "DigestError",
        "MailSettingsError",
        "WeightingError",
        "RetentionError",
    ],
)
def test_a_domain_error_keeps_its_english_text_and_reads_in_polish(request, refuse, english, polish):
    with pytest.raises(i18n.TranslatableError) as raised:
        refuse()
    assert type(raised.value).__name__ == request.node.callspec.id
    assert str(raised.value) == english
    assert raised.value.translated("en") == english
    assert raised.value.translated("pl") == polish


def test_an_arabic_reader_who_chose_arabic_indic_digits_gets_them_in_figures():
    try:
        i18n.use_native_digits(True)
        assert i18n.format_number(1234.5, "ar", signed=True) == "+١٬٢٣٤٫٥"
        assert i18n.format_share(0.412, "ar") == "٤١٫٢٪"
        assert i18n.format_number(1234.5, "pl") == "1\xa0234,5"  # only Arabic is written in Arabic-Indic digits
    finally:
        i18n.use_native_digits(False)
    assert i18n.format_number(1234.5, "ar") == "1,234.5"


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
