import re

import pandas as pd
import pytest

from nps.text.language import DETECTED_LANGUAGES, UNKNOWN, detect_language, detect_languages
from tests.realdata import realdata_file

BROADBAND = "fahadshery_textsummary_text_data.csv"
LETTER = re.compile(r"[^\W\d_]")

SENTENCES = {
    "The courier left the parcel at the wrong address.": "en",
    "Great service, thank you!": "en",
    "Kurier zostawił paczkę pod złym adresem.": "pl",
    "Bardzo polecam, wszystko przyszło na czas.": "pl",
    "ส่งของช้ามาก รอเกือบสองอาทิตย์": "th",
    "พนักงานบริการดีมาก": "th",
    "التوصيل كان سريعا جدا": "ar",
    "الأسعار مرتفعة جدا": "ar",
    "物流太慢了，等了十几天才到": "zh",
    "客服态度很好": "zh",
    "Der Kundendienst war sehr freundlich.": "de",
    "La livraison était très rapide.": "fr",
    "El producto llegó roto.": "es",
    "Доставка была очень быстрой.": "ru",
    "配達がとても遅かったです。": "ja",
    "배송이 너무 느려요": "ko",
}

ONE_WORD = {
    "thanks": "en",
    "helpful": "en",
    "dziękuję": "pl",
    "Świetnie": "pl",
    "aplikacja": "pl",
    "แพง": "th",
    "ดีมาก": "th",
    "ممتاز": "ar",
    "شكرا": "ar",
    "谢谢": "zh",
    "很好": "zh",
}


def test_sentences_in_many_languages_are_recognised():
    assert detect_languages(list(SENTENCES)) == list(SENTENCES.values())


def test_one_word_comments_in_the_five_main_languages_are_recognised():
    assert detect_languages(list(ONE_WORD)) == list(ONE_WORD.values())


@pytest.mark.parametrize("text", ["ok", "👍", "12345", "!!!", "asdf qwer"])
def test_text_that_cannot_be_told_is_unknown(text):
    assert detect_language(text) == UNKNOWN


@pytest.mark.parametrize("text", [None, "", "   \n"])
def test_empty_text_has_no_language(text):
    assert detect_language(text) is None


def test_results_stay_aligned_with_inputs_around_empty_ones():
    assert detect_languages([None, "客服态度很好", "", "Great service, thank you!"]) == [None, "zh", None, "en"]


def test_the_detector_covers_the_big_european_and_asian_languages():
    european = {"en", "pl", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "tr"}
    asian = {"th", "ar", "zh", "ja", "ko", "vi"}
    assert european | asian <= set(DETECTED_LANGUAGES)


def test_batch_detection_agrees_with_one_by_one_detection():
    comments = (list(SENTENCES) + list(ONE_WORD)) * 20
    assert detect_languages(comments) == [detect_languages([comment])[0] for comment in comments]


def test_short_english_comments_of_the_public_broadband_survey_are_english_given_its_language_mix():
    """The real file (tests/realdata, all English): at most 1% of comments with letters in them read as another
    language or unknown once the survey's mix is the prior ("Late installation" alone reads as French)."""
    texts = [t for t in pd.read_csv(realdata_file(BROADBAND), keep_default_na=False, dtype=str)["text"] if t.strip()]
    languages = detect_languages(texts, groups=["broadband"] * len(texts))
    worded = [(text, language) for text, language in zip(texts, languages, strict=True) if LETTER.search(text)]
    wrong = [pair for pair in worded if pair[1] != "en"]
    assert len(worded) > 2300
    assert len(wrong) <= 0.01 * len(worded), wrong[:20]
    assert detect_language("Late installation") != "en"


def test_a_short_comment_follows_its_own_surveys_mix_not_another_surveys():
    english = ["The courier left the parcel at the wrong address.", "Great service, thank you so much!"] * 10
    polish = ["Kurier zostawił paczkę pod złym adresem.", "Bardzo polecam, wszystko przyszło na czas."] * 10
    texts = [*english, "super", *polish, "super"]
    groups = ["en-survey"] * 21 + ["pl-survey"] * 21
    languages = detect_languages(texts, groups=groups)
    assert languages[20] in {"en", UNKNOWN}
    assert languages[41] in {"pl", UNKNOWN}
    assert languages[:20] == ["en"] * 20 and languages[21:41] == ["pl"] * 20


def test_text_without_letters_stays_unknown_whatever_the_survey_mix():
    texts = ["Great service, thank you so much!"] * 20 + ["10", "?", "👍"]
    assert detect_languages(texts, groups=[1] * len(texts))[-3:] == [UNKNOWN] * 3
