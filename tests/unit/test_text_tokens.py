from hypothesis import given, settings
from hypothesis import strategies as st

from nps.text.tokens import (
    MAX_SENTENCES,
    SENTENCE_CHARS,
    chinese_tokens,
    fold,
    normalize_arabic,
    phrase_tokens,
    script_of,
    sentences,
    thai_tokens,
    word_tokens,
)


def test_folding_drops_case_and_polish_accents():
    assert fold("ŻÓŁTA Łódź") == "zolta lodz"


def test_word_tokens_skip_scripts_that_have_no_spaces():
    assert word_tokens("Dostawa OK, 价格太贵 แพง الشحن") == ["dostawa", "ok"]


def test_arabic_normalisation_unifies_alef_and_drops_vowel_marks():
    assert normalize_arabic("الأَسْعَار") == normalize_arabic("الاسعار")


def test_thai_words_are_split_by_dictionary_and_extra_words_stay_whole():
    assert thai_tokens("ช้างตัวใหญ่") == ["ช้าง", "ตัว", "ใหญ่"]
    assert "แอป" in thai_tokens("แอปค้างบ่อย", extra_words=["แอป"])


def test_chinese_words_are_split_by_jieba():
    assert "宝贵" in chinese_tokens("感谢你们宝贵的建议")


def test_keyword_script_decides_the_matching_rule():
    assert [script_of(k) for k in ("app", "价格", "แพง", "سعر", "цена")] == ["word", "han", "thai", "arabic", "word"]


def test_phrase_tokens_keep_what_a_person_reads_and_break_at_punctuation():
    tokens = phrase_tokens("Dostawą, APP闪退")
    assert [t.shown if t else None for t in tokens] == ["dostawą", None, "app", "闪退"]
    assert tokens[0].key == "dostawa"


@settings(deadline=None)
@given(st.text(), st.text())
def test_words_are_non_empty_and_a_space_joins_two_texts_word_lists(first, second):
    words = word_tokens(first)
    assert all(word and not any(character.isspace() for character in word) for word in words)
    assert word_tokens(first + " " + second) == words + word_tokens(second)


@settings(deadline=None)
@given(st.text())
def test_every_phrase_token_has_a_key_and_a_shown_form(text):
    assert all(token.key.strip() and token.shown for token in phrase_tokens(text) if token is not None)


def test_a_lone_arabic_vowel_mark_is_no_token():
    assert phrase_tokens("\u064b") == []


def test_sentences_split_at_sentence_ends_in_every_script_and_keep_a_text_without_them_whole():
    assert sentences("Great app. Delivery was late! Would I buy again? Yes") == [
        "Great app.",
        "Delivery was late!",
        "Would I buy again?",
        "Yes",
    ]
    assert sentences("菜很好吃。服务太慢了！") == ["菜很好吃。", "服务太慢了！"]
    assert sentences("สินค้าดีมาก ส่งเร็ว") == ["สินค้าดีมาก ส่งเร็ว"]
    assert sentences("!") == ["!"]


def test_sentences_of_a_huge_comment_are_bounded_in_number_and_length():
    pieces = sentences("slow delivery " * 1_500_000)
    assert len(pieces) == MAX_SENTENCES
    assert all(len(piece) <= SENTENCE_CHARS for piece in pieces)
