"""The batched analysis (each distinct text read once per run) gives what the per-comment functions give."""

from __future__ import annotations

import random
import sys
import types

import pandas as pd
import pytest

import nps.text.themes as themes_module
from nps.text.analyser import SHARED_MIN_TEXTS, CommentAnalyser, SharedReader, _cuts, _piece_shares, read_texts
from nps.text.language import UNKNOWN, detect_languages
from nps.text.sentiment import score_sentiment
from nps.text.themes import ThemeMatcher, default_matcher
from tests.realdata import realdata_file

BROADBAND = "fahadshery_textsummary_text_data.csv"
SOAPS = "zzzbitz_prepbench_case_050_input_03.csv"


def real_comments() -> list[tuple[str, str]]:
    """(comment, survey sub-type) of the public broadband survey plus the soap shop's free-text answers."""
    broadband = pd.read_csv(realdata_file(BROADBAND), keep_default_na=False, dtype=str)
    pairs = list(zip(broadband["text"], broadband["SURVEY_SUB_TYPE"], strict=True))[:400]
    soaps = pd.read_csv(realdata_file(SOAPS), keep_default_na=False, dtype=str, encoding="utf-8-sig")
    for column in ("If you wouldn't, why?", "If you would, why?"):
        pairs += [(text, "soaps") for text in soaps[column] if text.strip()]
    return pairs


@pytest.fixture(scope="module")
def batches() -> list[list[tuple[str, str]]]:
    """The real comments three times over, shuffled, with blanks: repeats within and across batches of 250."""
    pairs = real_comments() * 3 + [("   ", "soaps"), ("", "Order")]
    random.Random(15).shuffle(pairs)
    return [pairs[start : start + 250] for start in range(0, len(pairs), 250)]


def test_batched_analysis_equals_the_per_comment_functions_on_real_comments(batches):
    matcher = default_matcher()
    analyser = CommentAnalyser(matcher)
    alone: dict[str, float | None] = {}
    for batch in batches:
        texts, groups = [text for text, _ in batch], [group for _, group in batch]
        result = analyser.analyse(texts, groups)
        expected_languages = [language or UNKNOWN for language in detect_languages(texts, groups=groups)]
        assert result.languages == expected_languages
        for text in texts:
            if text not in alone:
                alone[text] = score_sentiment([text])[0]
        assert result.sentiments == [alone[text] for text in texts]
        expected_themes = matcher.match_all(texts, [None if lang == UNKNOWN else lang for lang in expected_languages])
        assert [list(names) for names in result.themes] == expected_themes
        assert result.failed == 0
    assert sum(bool(names) for batch in batches for names in analyser.analyse(*zip(*batch, strict=True)).themes) > 0


def test_a_theme_with_only_english_examples_finds_thai_chinese_and_polish_delivery_complaints():
    matcher = ThemeMatcher({"delivery": [], "price": ["price"]}, examples={"delivery": ["the delivery was late"]})
    texts = [
        "ส่งของช้ามาก รอเป็นอาทิตย์กว่าจะได้",
        "快递太慢了，等了一个星期才到",
        "Przesyłka dotarła po dwóch tygodniach, za późno.",
        "The price is fair.",
        "Thank you!",
    ]
    themes = CommentAnalyser(matcher).analyse(texts, [1] * len(texts)).themes
    assert themes == [("delivery",), ("delivery",), ("delivery",), ("price",), ()]


def test_the_tone_read_with_themes_by_meaning_equals_the_tone_alone():
    texts = ["The courier was late again and nobody answered the phone.", "Świetna obsługa, polecam!", "价格太贵了"]
    readings = read_texts(texts, default_matcher().meaning)
    assert [reading.sentiment for reading in readings] == score_sentiment(texts)
    assert any(reading.meant for reading in readings)


def test_each_distinct_text_is_read_by_the_models_once_per_run():
    read: list[str] = []

    def counting_reader(texts, meaning=None):
        read.extend(texts)
        return read_texts(texts, meaning)

    analyser = CommentAnalyser(default_matcher(), reader=counting_reader)
    first = analyser.analyse(["Great service", " Great service ", "Slow delivery", "Great service"], [1, 1, 1, 2])
    second = analyser.analyse(["Slow delivery", "The app crashes", "Great service"], [1, 1, 1])
    assert sorted(read) == ["Great service", "Slow delivery", "The app crashes"]
    assert (first.new_texts, second.new_texts) == (2, 1)
    assert first.sentiments[0] == first.sentiments[1] == second.sentiments[2]


def test_a_text_the_models_fail_on_is_unknown_and_the_others_are_analysed():
    def fragile_reader(texts, meaning=None):
        if "boom" in texts:
            raise RuntimeError("model failure")
        return read_texts(texts, meaning)

    analyser = CommentAnalyser(default_matcher(), reader=fragile_reader)
    result = analyser.analyse(["The delivery was late and slow", "boom", "boom"], ["a", "a", "a"])
    assert result.failed == 2
    assert result.languages[1:] == [UNKNOWN, UNKNOWN] and result.sentiments[1:] == [None, None]
    assert result.languages[0] == "en" and "delivery" in result.themes[0]


def test_texts_shared_with_a_helper_process_read_as_in_this_process():
    texts = list(dict.fromkeys(text.strip() for text, _ in real_comments()[:80] if text.strip()))
    reader = SharedReader(helpers=1, min_texts=10)
    try:
        shared = reader(texts)
        assert reader._pool is not None
    finally:
        reader.close()
    alone = read_texts(texts)
    assert [(r.detected, r.sentiment, r.failed) for r in shared] == [(r.detected, r.sentiment, r.failed) for r in alone]
    for mine, theirs in zip(shared, alone, strict=True):  # lingua's sums differ in the last bits between calls
        assert (mine.short_confidences is None) == (theirs.short_confidences is None)
        assert mine.short_confidences == pytest.approx(theirs.short_confidences or None, abs=1e-12)


def test_a_helper_started_early_takes_smaller_batches_and_reads_as_this_process():
    texts = [f"delivery number {i} was late, the courier never called" for i in range(SHARED_MIN_TEXTS)]
    reader = SharedReader(helpers=1)
    try:
        reader.start(wait=True)
        pool = reader._pool
        shared = reader(texts)
        assert reader._pool is pool is not None
    finally:
        reader.close()
    assert reader._pool is None
    assert [r.sentiment for r in shared] == [r.sentiment for r in read_texts(texts)]


def test_helpers_do_not_rerun_a_page_script_left_as_main(tmp_path, monkeypatch):
    """Streamlit and AppTest leave a page script as `__main__`; a spawned helper re-running it would crash."""
    script = tmp_path / "page.py"
    script.write_text("raise SystemExit('a page script ran in a helper process')\n")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    texts = [f"delivery number {i} was late" for i in range(12)]
    reader = SharedReader(helpers=1, min_texts=10)
    try:
        shared = reader(texts)
    finally:
        reader.close()
    assert sys.modules["__main__"] is page
    assert [r.sentiment for r in shared] == [r.sentiment for r in read_texts(texts)]


def test_matching_with_a_memo_encodes_a_repeated_text_once_and_gives_the_same_themes(monkeypatch):
    matcher = default_matcher()
    encoded: list[str] = []
    real = themes_module.sentence_vectors

    def counting(texts):
        encoded.extend(texts)
        return real(texts)

    monkeypatch.setattr(themes_module, "sentence_vectors", counting)
    memo: dict = {}
    first = matcher.match_all(["The courier lost my parcel", "Great"], memo=memo)
    second = matcher.match_all([" The courier lost my parcel ", "Too expensive"], memo=memo)
    assert encoded == ["The courier lost my parcel", "Great", "Too expensive"]
    assert first[0] == second[0] == matcher.match_all(["The courier lost my parcel"])[0]
    assert "delivery" in first[0]


def test_shared_work_is_cut_by_characters_not_by_count():
    texts = ["x" * 1000, "short", "short", "short", "short", "short"]
    assert _cuts(texts, [0.5, 0.5]) == [0, 1, 6]
    assert _cuts(["a", "b", "c", "d"], [0.5, 0.5]) == [0, 2, 4]
    assert _cuts(["only"], [0.3, 0.3, 0.4]) == [0, 1, 1, 1]


@pytest.mark.parametrize("helpers", [1, 2, 3])
def test_shared_pieces_shrink_towards_where_the_processes_meet(helpers):
    shares = _piece_shares(helpers)
    front, back = shares[: -len(shares) // (helpers + 1)], shares[-len(shares) // (helpers + 1) :]
    assert sum(shares) == pytest.approx(1)
    assert sum(front) == pytest.approx(helpers / (helpers + 1))
    assert front == sorted(front, reverse=True) and back == sorted(back)
    assert max(front[-1], back[0]) < min(front[0], back[-1]) / 4
