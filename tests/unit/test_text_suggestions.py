import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nps.text.suggestions import Suggestion, comment_phrases, suggest_phrases

COMMENTS = [
    ("The parcel locker was full again", "detractor"),
    ("Parcel locker full, had to drive to another one", "detractor"),
    ("parcel locker broken", "detractor"),
    ("Friendly driver, thanks", "promoter"),
    ("Friendly driver and quick", "promoter"),
    ("Fine", "passive"),
    ("Paczkomat znowu pełny", "detractor"),
    ("Paczkomat pełny, musiałem jechać dalej", "detractor"),
    ("paczkomat zepsuty", "detractor"),
    ("快递柜满了", "detractor"),
    ("快递柜又满了", "detractor"),
    ("快递柜坏了", "detractor"),
    ("ตู้รับพัสดุเต็มอีกแล้ว", "detractor"),
    ("ตู้รับพัสดุเต็ม", "detractor"),
    ("ตู้รับพัสดุไม่ทำงาน", "detractor"),
]


def suggest(**kwargs) -> list[Suggestion]:
    comments, categories = zip(*COMMENTS, strict=True)
    return suggest_phrases(list(comments), list(categories), **kwargs)


def test_a_phrase_repeated_by_detractors_is_suggested_with_its_lift():
    found = {s.phrase: s for s in suggest(top=50)}
    locker = found["parcel locker"]
    assert locker.count == 3
    assert locker.detractor_share == 1.0
    assert locker.lift > 1


def test_a_phrase_repeated_by_promoters_leans_the_other_way():
    found = {s.phrase: s for s in suggest(top=50, min_count=2)}
    assert found["friendly driver"].lift < 1
    assert found["friendly driver"].detractor_share == 0.0


def test_polish_phrases_keep_their_accents_for_display():
    phrases = {s.phrase for s in suggest(top=50, min_count=2)}
    assert "paczkomat" in phrases
    assert "pełny" in phrases


def test_chinese_and_thai_are_split_into_words_before_counting():
    phrases = {s.phrase for s in suggest(top=50)}
    assert {"快递", "พัสดุ", "ตู้"} <= phrases
    assert not any(len(p) == 1 for p in phrases)


def test_phrases_covered_by_known_keywords_are_skipped_inflections_included():
    phrases = {s.phrase for s in suggest(top=50, min_count=2, known_keywords=["parcel", "paczkomat", "快递"])}
    assert not {"parcel", "parcel locker", "paczkomat", "快递", "快递柜满"} & phrases
    assert "locker" in phrases


def test_stop_words_and_punctuation_do_not_make_phrases():
    phrases = comment_phrases("The parcel was late, again. Kurier i paczka!")
    assert "the" not in phrases
    assert "late again" not in phrases
    assert "kurier paczka" not in phrases
    assert "kurier" in phrases


def test_top_limits_the_number_of_suggestions():
    assert len(suggest(top=3)) == 3


def test_comments_and_categories_must_line_up():
    with pytest.raises(ValueError, match="same length"):
        suggest_phrases(["a"], [])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.sampled_from(["promoter", "passive", "detractor"])), max_size=8))
def test_suggesting_never_raises_on_arbitrary_unicode(rows):
    comments = [text for text, _ in rows]
    categories = [category for _, category in rows]
    for suggestion in suggest_phrases(comments, categories, known_keywords=["app"], min_count=1):
        assert suggestion.count >= 1
        assert 0 <= suggestion.detractor_share <= 1


def test_filler_words_are_no_suggestion_alone_or_in_pairs_but_stay_beside_a_topic():
    phrases = comment_phrases("Everything was great, keep it up. Very helpful staff, waited for months")
    assert {"everything", "great", "keep", "helpful", "months"}.isdisjoint(phrases)
    assert "helpful staff" in phrases and "staff" in phrases and "waited" in phrases
    assert "great keep" not in phrases
    comments = ["Great service, keep it up, everything fine"] * 6 + ["Courier late again"] * 6
    suggested = {s.phrase for s in suggest_phrases(comments, ["promoter"] * 6 + ["detractor"] * 6)}
    assert "courier" in suggested and {"great", "keep", "everything", "fine"}.isdisjoint(suggested)
