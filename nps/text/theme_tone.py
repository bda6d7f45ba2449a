"""Tone per theme: one comment can be negative about price and positive about staff.

A comment's sentences are read one by one (the analysis encodes each sentence once anyway): each gets its own
tone and, by meaning, the theme it is about. A theme takes the mean tone of the sentences about it (by meaning
or holding one of its keywords) when that tone is clear (|score| ≥ CLEAR_TONE) and names another class than
the comment's own tone; otherwise, and for one-sentence comments, the comment's tone. On people's aspect
labels (dev half of data/eval/theme_labels.csv) a single sentence's tone was less often right than the whole
comment's (Chinese reviews: 56 of 81 against 63 of 81), so a theme departs from the comment only when its
sentences clearly say something else: "the staff were lovely" in a complaint about a late delivery.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from nps.text.sentiment import scores_of_vectors, sentiment_label
from nps.text.tokens import sentences

CLEAR_TONE = 0.5
"""How clear a theme's own sentences must be to depart from the comment's tone (chosen on the dev half)."""


@dataclass(frozen=True)
class SentenceParts:
    """Each sentence's tone score and the index of the theme it is about by meaning (-1 for none)."""

    scores: tuple[float, ...]
    themes: tuple[int, ...]


def sentence_parts(
    texts: Sequence[str], vectors: np.ndarray, owners: np.ndarray, themes: np.ndarray | None
) -> list[SentenceParts | None]:
    """Parts of each text with more than one sentence (None for the others): `vectors` and `owners` as
    `embeddings.sentence_vectors` gives them, `themes` each sentence's theme by meaning (None: no examples)."""
    counts = np.bincount(owners, minlength=len(texts)) if len(owners) else np.zeros(len(texts), dtype=np.int64)
    several = np.flatnonzero(counts[owners] > 1) if len(owners) else np.zeros(0, dtype=np.int64)
    if not len(several):
        return [None] * len(texts)
    long_texts = [text for text, count in zip(texts, counts.tolist(), strict=True) if count > 1]
    pieces = [piece for text in long_texts for piece in sentences(text)]
    scores = np.zeros(len(owners), dtype=np.float64)
    scores[several] = scores_of_vectors(vectors[several], pieces)
    meant = themes if themes is not None else np.full(len(owners), -1, dtype=np.int64)
    parts: list[SentenceParts | None] = [None] * len(texts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    for text in np.flatnonzero(counts > 1).tolist():
        span = slice(int(starts[text]), int(starts[text] + counts[text]))
        parts[text] = SentenceParts(
            tuple(round(float(score), 3) for score in scores[span]), tuple(int(theme) for theme in meant[span])
        )
    return parts


def tones_by_theme(
    text: str,
    names: Sequence[str],
    parts: SentenceParts | None,
    overall: float | None,
    theme_index: Mapping[str, int],
    keyword_themes: Callable[[str], Collection[str]],
) -> dict[str, float | None]:
    """Theme name → the tone of what `text` says about it (`overall`, the comment's tone, unless the theme's own
    sentences clearly say otherwise). `keyword_themes(sentence)` names the themes whose keywords a sentence
    holds."""
    if parts is None or not names:
        return dict.fromkeys(names, overall)
    label = sentiment_label(overall)
    if not any(abs(score) >= CLEAR_TONE and sentiment_label(score) != label for score in parts.scores):
        # a theme's mean can only be clear and differ from the comment when one of its sentences is and does
        return dict.fromkeys(names, overall)
    pieces = sentences(text)
    if len(pieces) != len(parts.scores):
        return dict.fromkeys(names, overall)
    by_keyword = [keyword_themes(piece) for piece in pieces]
    tones: dict[str, float | None] = {}
    for name in names:
        index = theme_index.get(name, -2)
        linked = [
            score
            for score, theme, found in zip(parts.scores, parts.themes, by_keyword, strict=True)
            if theme == index or name in found
        ]
        own = round(sum(linked) / len(linked), 3) if linked else None
        clear = own is not None and abs(own) >= CLEAR_TONE and sentiment_label(own) != sentiment_label(overall)
        tones[name] = own if clear else overall
    return tones
