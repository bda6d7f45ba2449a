import pytest

from nps.text.language import DETECTED_LANGUAGES, UNKNOWN, detect_language, detect_languages

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
