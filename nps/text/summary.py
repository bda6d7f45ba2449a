"""Extractive summaries, offline: the few comments that stand for the most others.

Facility location over sentence embeddings: pick greedily the comment that most raises Σ wᵢ · max similarity of
comment i to a pick, so the first pick is the most central comment and each next one covers what the earlier
picks do not. Identical texts (ignoring case, spacing and punctuation) are one candidate weighing their count,
and a candidate nearly identical to a pick is never picked as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nps.text.embeddings import embed

NEAR_DUPLICATE = 0.9
"""Cosine similarity above which two comments say the same thing ("Great service!" and "great service")."""
SIMILAR = 0.5
"""A comment counts towards a quote when it is at least this similar to it (and closer to it than to the other
quotes). On the broadband verbatims, pairs above 0.5 mostly share a topic; below 0.3 they rarely do."""
MIN_GAIN = 0.02
"""Stop picking when a further quote would cover less than this share of the comments' total weight."""
_PUNCTUATION = re.compile(r"[^\w\s]+")


@dataclass(frozen=True)
class Quote:
    text: str
    response_id: int
    stands_for: int
    """Comments closer to this quote than to the others and at least SIMILAR to it (itself and identical ones too)."""
    identical: int
    """Comments with the same text (case, spacing and punctuation aside)."""


def excerpt(text: str, limit: int = 300) -> str:
    """A quote cut at a word near `limit` characters, with an ellipsis, for panels and the PDF."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def duplicate_key(text: str) -> str:
    folded = " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())
    return folded or " ".join(text.split())


def representative_quotes(
    texts: Sequence[str],
    ids: Sequence[int],
    *,
    top: int = 3,
    encode: Callable[[Sequence[str]], np.ndarray] = embed,
) -> list[Quote]:
    """Up to `top` quotes, most representative first; texts come newest first, so a duplicate quotes its newest."""
    groups: dict[str, list[int]] = {}
    for position, text in enumerate(texts):
        if text and text.strip():
            groups.setdefault(duplicate_key(text), []).append(position)
    if not groups:
        return []
    members = list(groups.values())
    weights = np.array([len(m) for m in members], dtype=np.float64)
    vectors = encode([texts[m[0]].strip() for m in members])
    similarity = np.clip(vectors @ vectors.T, 0.0, 1.0)
    wordy = np.array([any(c.isalpha() for c in texts[m[0]]) for m in members])
    picks = pick_representatives(similarity, weights, top, wordy)
    if not picks:
        return []
    nearest = similarity[:, picks].argmax(axis=1)
    close = similarity[np.arange(len(members)), np.asarray(picks)[nearest]] >= SIMILAR
    quotes = []
    for rank, pick in enumerate(picks):
        covered = (nearest == rank) & close
        covered[pick] = True
        first = members[pick][0]
        quotes.append(Quote(texts[first].strip(), int(ids[first]), int(weights[covered].sum()), len(members[pick])))
    return sorted(quotes, key=lambda quote: -quote.stands_for)


def pick_representatives(
    similarity: np.ndarray, weights: np.ndarray, top: int, allowed: np.ndarray, min_gain: float = MIN_GAIN
) -> list[int]:
    """Indices of the picks; only `allowed` candidates are picked (a "0" or "!!!" counts, but is no quote)."""
    covered = np.zeros(len(weights))
    allowed = allowed.copy()
    picks: list[int] = []
    total = weights.sum()
    while len(picks) < top and allowed.any():
        gains = (weights[:, None] * np.maximum(similarity - covered[:, None], 0.0)).sum(axis=0)
        gains[~allowed] = -1.0
        best = int(gains.argmax())
        if picks and gains[best] < min_gain * total:
            break
        picks.append(best)
        covered = np.maximum(covered, similarity[:, best])
        allowed &= similarity[:, best] < NEAR_DUPLICATE
    return picks
