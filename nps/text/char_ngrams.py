"""Hashed character n-grams of comments, as a sparse matrix in plain numpy, for the tone model's word-level half.

The sentence encoder reads meaning but blurs small words: "nie polecam" (I do not recommend) sits next to
"polecam", "ไม่ดี" (not good) next to "ดี". Character n-grams up to five characters, across word
boundaries, see those words in every script without a tokenizer (Thai and Chinese have no spaces). Each
n-gram is hashed into one of BUCKETS columns; a row holds log(1 + count) per column, scaled to unit length, so
a long review weighs as much as a short one.

Negation: the characters after a negation word, up to the end of the clause (at most NEGATION_SCOPE
characters), are hashed as different characters, so "好吃" after "不" or "happy" after "not" is not the
praise it is alone: a negated phrase the training data never saw weighs nothing rather than its opposite.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

BUCKET_BITS = 18
BUCKETS = 1 << BUCKET_BITS
SIZES = (1, 2, 3, 4, 5)
_SPACES = re.compile(r"\s+")
_SEPARATOR = 0
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(1_000_003)
_NEGATED = np.uint64(0x110000)
"""Added to a negated character's code: past the last Unicode code point, so it hashes apart."""
NEGATION_SCOPE = 20
_NEGATION = re.compile(
    r"\b(?:not|no|never|nothing|none|nobody|neither|nor|without|cannot|nie|bez|ani|nigdy|żadn\w*"
    r"|لا|ليس|ليست|لست|لم|لن|غير|بدون|مو|مش)\b|n['’]t\b|ไม่|ไร้|不|没|無|无|别|未"
)
_SCOPE = re.compile(rf" ?([^.,!?;:。，！？；、\n\0]{{1,{NEGATION_SCOPE}}})")


@dataclass(frozen=True)
class SparseRows:
    """Compressed sparse rows: row i holds columns indices[indptr[i]:indptr[i+1]] with those values."""

    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """This matrix times a dense (BUCKETS × k) matrix; every row has at least one n-gram (the padding)."""
        if self.rows == 0:
            return np.zeros((0, weights.shape[1]), dtype=np.float32)
        products = weights[self.indices].astype(np.float32) * self.values[:, None]
        return np.add.reduceat(products, self.indptr[:-1], axis=0)


def normalise(text: str) -> str:
    """What the n-grams read: NFKC, case folded, spacing runs as one space, padded with a space each side."""
    return " " + _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip() + " "


def _negated_positions(text: str) -> np.ndarray:
    """Indices of the characters inside a negation's scope."""
    spans: list[np.ndarray] = []
    for cue in _NEGATION.finditer(text):
        scope = _SCOPE.match(text, cue.end())
        if scope:
            spans.append(np.arange(scope.start(1), scope.end(1)))
    return np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)


def char_ngrams(texts: Sequence[str]) -> SparseRows:
    """One row per text: log(1 + count) of each hashed n-gram of SIZES characters, rows of unit length."""
    joined = "\0".join(normalise(text) for text in texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    codes[_negated_positions(joined)] += _NEGATED
    owner = np.cumsum(codes == _SEPARATOR)
    keys: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    with np.errstate(over="ignore"):
        running = np.zeros(len(codes), dtype=np.uint64)
        for size in range(1, max(SIZES) + 1):
            span = len(codes) - size + 1
            if span <= 0:
                break
            running = running[:span] * _PRIME + codes[size - 1 :]
            crosses = owner[size - 1 :] != owner[:span]
            whole = ~crosses & (codes[:span] != _SEPARATOR)
            if size in SIZES:
                hashed = (running[whole] + np.uint64(size)) * _MULTIPLIER
                keys.append((hashed >> np.uint64(64 - BUCKET_BITS)).astype(np.int64))
                owners.append(owner[:span][whole])
    bucket = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    row = np.concatenate(owners).astype(np.int64) if owners else np.zeros(0, dtype=np.int64)
    pairs, counts = np.unique(row * BUCKETS + bucket, return_counts=True)
    rows, columns = pairs // BUCKETS, pairs % BUCKETS
    values = np.log1p(counts).astype(np.float64)
    norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=len(texts)))
    values /= np.where(norms > 0, norms, 1.0)[rows]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(texts)))])
    return SparseRows(indptr, columns.astype(np.int32), values.astype(np.float32))
