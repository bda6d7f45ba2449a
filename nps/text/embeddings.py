"""Sentence embeddings of comments, from the multilingual encoder the tone estimate already loads (one copy)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nps.text.sentiment import _encoder as sentence_encoder

EMBEDDED_CHARS = 1_000
"""The encoder reads this much of a comment: the opening carries its gist, and cost grows with length."""
_BATCH = 512


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length vectors, one row per text: a dot product is the cosine similarity."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    encoder = sentence_encoder()
    rows = [
        np.asarray(encoder.encode([text[:EMBEDDED_CHARS] for text in texts[start : start + _BATCH]]), dtype=np.float32)
        for start in range(0, len(texts), _BATCH)
    ]
    vectors = np.vstack(rows)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)
