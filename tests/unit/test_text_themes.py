import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nps.text.themes import SEED_THEMES, ThemeMatcher, default_matcher, word_forms


@pytest.fixture(scope="module")
def seed() -> ThemeMatcher:
    return default_matcher()


def test_seed_themes_cover_the_eight_topics_in_five_scripts():
    assert set(SEED_THEMES) == {
        *("price", "support", "delivery", "product quality", "app/website", "billing"),
        *("place & atmosphere", "ease of use"),
    }
    for keywords in SEED_THEMES.values():
        joined = "".join(keywords)
        assert any("a" <= c <= "z" for c in joined)
        assert any("\u0e00" <= c <= "\u0e7f" for c in joined)
        assert any("\u0600" <= c <= "\u06ff" for c in joined)
        assert any("\u4e00" <= c <= "\u9fff" for c in joined)
        assert any(c in "ąćęłńóśźż" for c in joined)


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("The app keeps crashing at checkout", ["app/website"]),
        ("Delivered late and the courier was rude", ["delivery"]),
        ("Prices went up again", ["price"]),
        ("Customer  Service never called back", ["support"]),
        ("I was charged twice and no refund yet", ["billing"]),
        ("Both items arrived damaged", ["product quality"]),
        ("Far too noisy, and no parking", ["place & atmosphere"]),
        ("Not very user-friendly for my parents", ["ease of use"]),
    ],
)
def test_english_keywords_match_whole_words_and_their_inflections(seed, text, themes):
    assert seed.match(text) == themes


def test_english_keyword_does_not_match_inside_a_longer_word(seed):
    assert seed.match("I am so happy with you") == []
    assert ThemeMatcher({"app": ["app"]}).match("Happy, apple, appetite") == []


@pytest.mark.parametrize("text", ["Dostawy są szybkie", "Zadowolony z dostawą", "Dostawie nic nie brakuje"])
def test_polish_keyword_matches_its_inflected_forms(text):
    assert ThemeMatcher({"delivery": ["dostawa"]}).match(text) == ["delivery"]


@pytest.mark.parametrize("text", ["Ceny są za wysokie", "O cenie nie wspomnę", "Niska cena", "CENĘ"])
def test_polish_price_keyword_matches_cases_of_the_noun(text):
    assert ThemeMatcher({"price": ["cena"]}).match(text) == ["price"]


def test_polish_keyword_does_not_match_inside_a_longer_word():
    assert ThemeMatcher({"price": ["cena"]}).match("Ocena: 5, cenny produkt") == []


def test_matching_ignores_case_and_accents():
    matcher = ThemeMatcher({"support": ["obsługa klienta"]})
    assert matcher.match("OBSLUGA KLIENTA do poprawy") == ["support"]
    assert matcher.match("Problem z obsługą klienta") == ["support"]
    assert matcher.match("obsludze klienta") == ["support"]


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("Fajny wystrój i miła atmosfera", ["place & atmosphere"]),
        ("Bardzo intuicyjna i łatwa w obsłudze", ["ease of use"]),
    ],
)
def test_polish_seed_keywords_find_place_and_ease_of_use(seed, text, themes):
    assert seed.match(text, "pl") == themes


def test_a_keyword_inside_a_longer_phrase_found_there_does_not_count():
    matcher = ThemeMatcher({"support": ["obsługa"], "ease of use": ["łatwa w obsłudze"]})
    assert matcher.match("Łatwa w obsłudze") == ["ease of use"]
    assert matcher.match("Łatwa w obsłudze, ale obsługa sklepu słaba") == ["support", "ease of use"]


def test_a_phrase_needs_its_words_next_to_each_other():
    matcher = ThemeMatcher({"support": ["customer service"]})
    assert matcher.match("great customer services team") == ["support"]
    assert matcher.match("service for the customer") == []


def test_language_narrows_inflections_to_that_language():
    matcher = ThemeMatcher({"delivery": ["late"]})
    assert matcher.match("Wakacje co roku, od lat", language="en") == []
    assert "lata" in word_forms("late", None)
    assert "lata" not in word_forms("late", "en")
    assert "lat" not in word_forms("late", "en")


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("价格太贵了", ["price"]),
        ("物流太慢了，等了十几天才到", ["delivery"]),
        ("APP老是闪退", ["app/website"]),
        ("被重复扣费，退款到现在还没到账", ["billing"]),
        ("客服态度很差", ["support"]),
        ("质量太差", ["product quality"]),
        ("环境很吵，停车也不方便", ["place & atmosphere"]),
        ("这个软件很好用", ["app/website", "ease of use"]),
    ],
)
def test_chinese_keywords_match_inside_unsegmented_text(seed, text, themes):
    assert seed.match(text) == themes


def test_chinese_keyword_does_not_match_inside_an_excluded_word(seed):
    assert seed.match("感谢你们宝贵的建议") == []
    assert seed.match("宝贵的建议，但是太贵了") == ["price"]


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("ส่งของช้ามาก รอเกือบสองอาทิตย์", ["delivery"]),
        ("ราคาแพงเกินไป", ["price"]),
        ("ของแพงมาก", ["price"]),
        ("แอปค้างบ่อย เข้าสู่ระบบไม่ได้", ["app/website"]),
        ("บิลผิด", ["billing"]),
        ("ค้างชำระ", ["billing"]),
        ("พนักงานไม่สุภาพ", ["support"]),
        ("บรรยากาศดีมาก", ["place & atmosphere"]),
        ("ใช้งานง่ายมาก", ["ease of use"]),
    ],
)
def test_thai_keywords_match_inside_unsegmented_text(seed, text, themes):
    assert seed.match(text) == themes


def test_thai_keyword_does_not_match_inside_a_longer_word():
    matcher = ThemeMatcher({"slow": ["ช้า"]})
    assert matcher.match("ผมชอบช้างมาก") == []
    assert matcher.match("ส่งของช้ามาก") == ["slow"]


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("التوصيل كان سريعا", ["delivery"]),
        ("والأسعار مرتفعة", ["price"]),
        ("بالتطبيق مشكلة", ["app/website"]),
        ("خدمة العملاء ممتازة", ["support"]),
        ("الجودة سيئة", ["product quality"]),
        ("لم يتم الاسترداد", ["billing"]),
        ("والأجواء رائعة", ["place & atmosphere"]),
        ("البرنامج سهل الاستخدام", ["ease of use"]),
    ],
)
def test_arabic_keywords_match_with_attached_prefixes(seed, text, themes):
    assert seed.match(text) == themes


def test_arabic_matching_ignores_vowel_marks_and_alef_forms():
    matcher = ThemeMatcher({"price": ["أسعار"]})
    assert matcher.match("الاسعار غالية") == ["price"]
    assert matcher.match("الأَسْعَار") == ["price"]


def test_a_comment_in_mixed_scripts_gets_every_theme_it_mentions(seed):
    assert seed.match("Dostawa OK, но 价格太贵, app ค้าง") == ["price", "delivery", "app/website"]


def test_themes_come_back_in_the_order_they_were_given():
    matcher = ThemeMatcher({"b": ["late"], "a": ["price"]})
    assert matcher.match("price late") == ["b", "a"]


@pytest.mark.parametrize("text", [None, "", "   ", "!!!", "12345"])
def test_empty_or_wordless_text_has_no_theme(seed, text):
    assert seed.match(text) == []


def test_match_many_aligns_results_with_texts(seed):
    assert seed.match_many(["价格太贵了", None, "Dostawy"], ["zh", None, "pl"]) == [["price"], [], ["delivery"]]


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from([None, "en", "pl", "th", "ar", "zh", "xx"]))
def test_matching_never_raises_on_arbitrary_unicode(seed, text, language):
    assert set(seed.match(text, language)) <= set(SEED_THEMES)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.lists(st.text(max_size=12), max_size=4), max_size=4))
def test_any_keyword_list_compiles_and_a_plain_word_keyword_finds_its_theme(themes):
    plain = {f"plain {index}": [keyword] for index, keyword in enumerate(["delivery", "refund", "courier"])}
    matcher = ThemeMatcher({**themes, **plain})
    assert matcher.match("") == []
    for keywords in themes.values():
        for keyword in keywords:
            assert set(matcher.match(keyword)) <= set(themes) | set(plain)
    for name, (keyword,) in plain.items():
        assert name in matcher.match(f"the {keyword} again", "en")


def test_matching_many_comments_agrees_with_matching_each(seed):
    comments = [
        "Delivery was late and the app kept crashing",
        "Dostawa szybka, ale ceny mogłyby być niższe.",
        "ส่งของช้ามาก ราคาแพงเกินไป",
        "المنتج جيد لكن التوصيل بطيء",
        "东西不错，就是运费有点贵",
    ] * 200
    matched = seed.match_many(comments)
    assert matched == [seed.match(comment) for comment in comments]
    assert all(themes for themes in matched)
