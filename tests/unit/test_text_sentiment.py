import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nps.text.char_ngrams import BUCKETS, char_ngrams
from nps.text.sentiment import (
    SENTIMENT_METHOD,
    TONE_MODEL,
    TONES,
    score_from_probabilities,
    score_sentiment,
    sentiment_label,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "text" / "labelled_sample.csv"
EVAL_CORPUS = Path(__file__).resolve().parents[2] / "data" / "eval" / "comments.csv"
TRAINING_FILE = Path(__file__).resolve().parents[2] / "data" / "train" / "tone.csv.gz"


@pytest.fixture(scope="module")
def labelled() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def scored(labelled) -> list[tuple[dict[str, str], float]]:
    scores = score_sentiment([row["text"] for row in labelled])
    return [(row, score) for row, score in zip(labelled, scores, strict=True) if score is not None]


def test_the_labelled_sample_has_at_least_60_comments_across_five_languages(labelled):
    languages = Counter(row["language"] for row in labelled)
    assert len(labelled) >= 60
    assert set(languages) == {"en", "pl", "th", "ar", "zh"}
    assert all(row["category"] in {"promoter", "passive", "detractor"} for row in labelled)


def test_clear_praise_and_complaints_get_the_right_sign_at_least_90_percent_of_the_time(scored):
    clear = [(row, score) for row, score in scored if row["sentiment"] in {"positive", "negative"}]
    agree = sum((score > 0) == (row["sentiment"] == "positive") for row, score in clear)
    assert agree / len(clear) >= 0.9


def test_labels_agree_with_the_score_category_on_clear_comments_at_least_80_percent_of_the_time(scored):
    clear = [(row, score) for row, score in scored if row["category"] in {"promoter", "detractor"}]
    expected = {"promoter": "positive", "detractor": "negative"}
    agree = sum(sentiment_label(score) == expected[row["category"]] for row, score in clear)
    assert agree / len(clear) >= 0.8


@pytest.mark.parametrize("language", ["en", "pl", "th", "ar", "zh"])
def test_each_language_gets_the_sign_right_on_at_least_five_of_six_clear_comments(scored, language):
    clear = [
        (row, score)
        for row, score in scored
        if row["language"] == language and row["sentiment"] in {"positive", "negative"}
    ]
    agree = sum((score > 0) == (row["sentiment"] == "positive") for row, score in clear)
    assert agree >= len(clear) * 5 / 6 - 1e-9


def test_scores_stay_between_minus_one_and_one_and_empty_text_has_none():
    scores = score_sentiment(["Terrible, never again!", None, "", "  ", "Wonderful, thank you so much!"])
    assert scores[1:4] == [None, None, None]
    assert -1 <= scores[0] < 0 < scores[4] <= 1


def test_the_same_comment_gets_the_same_score_wherever_it_appears():
    scores = score_sentiment(["太差了", "很好", "太差了"])
    assert scores[0] == scores[2]


@pytest.mark.parametrize(
    ("score", "label"),
    [(None, None), (-1.0, "negative"), (-0.5, "negative"), (0.0, "neutral"), (0.05, "neutral"), (0.9, "positive")],
)
def test_sentiment_label_splits_scores_into_three_bands(score, label):
    assert sentiment_label(score) == label


@given(st.floats(min_value=-1, max_value=1))
def test_every_score_gets_a_label(score):
    assert sentiment_label(score) in {"negative", "neutral", "positive"}


def test_the_method_text_says_the_score_is_an_estimate():
    assert "estimate" in SENTIMENT_METHOD


def test_batch_scores_equal_one_by_one_scores():
    words = ("delivery", "late", "app", "price", "good", "bad", "support", "refund", "slow", "broken", "thanks")
    comments = [" ".join(words[(i + j * 7) % len(words)] for j in range(3 + i % 9)) + f" #{i}" for i in range(40)]
    together = score_sentiment(comments)
    alone = [score_sentiment([comment])[0] for comment in comments]
    assert together == pytest.approx(alone, abs=1e-6)


def test_the_tone_model_was_trained_on_the_current_dev_half_and_the_current_training_file():
    """Retrain (scripts/train_tone.py) whenever data/eval or data/train changes; the test half is never read."""
    with np.load(TONE_MODEL) as stored:
        about = json.loads(str(stored["about"]))
        assert stored["meaning_weights"].shape == (512, len(TONES)) and tuple(stored["classes"]) == TONES
        assert stored["word_weights"].shape == (BUCKETS, len(TONES))
    corpus = pd.read_csv(EVAL_CORPUS, keep_default_na=False, dtype=str)
    dev = corpus[corpus["split"] == "dev"]
    assert about["corpus"] == "data/eval/comments.csv split=dev" and about["rows"] == len(dev)
    assert about["dev_sha256"] == hashlib.sha256("\n".join(dev["id"] + "\t" + dev["text"]).encode()).hexdigest()
    assert about["training_sha256"] == hashlib.sha256(TRAINING_FILE.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("Not all that happy. The speaker isn't great…", "negative"),
        ("I am not happy with the delivery", "negative"),
        ("The staff were not friendly", "negative"),
        ("nie polecam", "negative"),
        ("Nie jestem zadowolony", "negative"),
        ("ไม่ดี", "negative"),
        ("ไม่ประทับใจ", "negative"),
        ("不好吃", "negative"),
        ("ليس جيدا", "negative"),
        ("لا أنصح به", "negative"),
        ("Polecam", "positive"),
        ("ดี", "positive"),
        ("好吃", "positive"),
        ("جيد جدا", "positive"),
    ],
)
def test_a_negation_turns_praise_into_a_complaint(text, tone):
    (score,) = score_sentiment([text])
    assert sentiment_label(score) == tone


def test_a_negated_word_hashes_apart_from_the_same_word_alone():
    happy, not_happy = char_ngrams(["happy"]), char_ngrams(["not happy"])
    assert not set(happy.indices) <= set(not_happy.indices)
    assert set(happy.indices) <= set(char_ngrams(["not. happy"]).indices)


def test_the_ngram_rows_have_unit_length_and_multiply_like_a_dense_matrix():
    texts = ["Świetny produkt", "不好吃", "ليس جيدا", "x"]
    rows = char_ngrams(texts)
    weights = np.random.default_rng(0).normal(size=(BUCKETS, 3)).astype(np.float32)
    dense = np.zeros((len(texts), BUCKETS), dtype=np.float32)
    for i in range(len(texts)):
        span = slice(rows.indptr[i], rows.indptr[i + 1])
        dense[i, rows.indices[span]] = rows.values[span]
    assert np.linalg.norm(dense, axis=1) == pytest.approx(1.0, abs=1e-5)
    assert rows.dot(weights) == pytest.approx(dense @ weights, abs=1e-4)


@given(st.lists(st.floats(min_value=1e-6, max_value=1.0), min_size=3, max_size=3))
def test_the_label_of_a_score_names_the_likeliest_tone_and_its_sign_is_positive_minus_negative(weights):
    probabilities = np.array([weights]) / sum(weights)
    score = round(float(score_from_probabilities(probabilities)[0]), 3)
    assert sentiment_label(score) == TONES[int(probabilities.argmax())]
    raw = probabilities[0, 2] - probabilities[0, 0]
    if abs(raw) > 0.02:
        assert np.sign(score) == np.sign(raw)
