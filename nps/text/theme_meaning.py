"""Themes found by meaning: a sentence is about a theme when it sits close to one of the theme's example phrases.

The multilingual sentence encoder puts "the delivery was late", "ส่งของช้ามาก" and "快递太慢了" near each other,
so a theme described once, in any language, finds comments in all of them. Each sentence of a comment is compared
with every example phrase (a whole long review would average its topics away) and counts for one theme only: the
one whose example is nearest, if that similarity reaches the threshold and beats the nearest theme-less
"background" phrase ("highly recommend", "never again"), which keeps bare praise or complaint from being
pulled into a theme. The threshold was chosen on the dev half of the human-labelled comments
(`data/eval/theme_labels.csv`, `python -m bench.text_eval --split dev`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nps.text.embeddings import embed
from nps.text.tokens import DATA_DIR


def _load_settings() -> tuple[float, tuple[str, ...]]:
    with (DATA_DIR / "seed_themes.json").open(encoding="utf-8") as f:
        seed = json.load(f)
    return float(seed["meaning_threshold"]), tuple(seed["background_examples"])


MEANING_THRESHOLD, BACKGROUND_EXAMPLES = _load_settings()
BACKGROUND = -1


@dataclass(frozen=True, eq=False)
class ThemeExamples:
    """The example phrases' unit vectors and the theme index of each (BACKGROUND for the theme-less ones)."""

    vectors: np.ndarray
    owners: np.ndarray
    themes: int
    threshold: float = MEANING_THRESHOLD

    def themes_of_sentences(
        self, sentence_vectors: np.ndarray, sentence_owners: np.ndarray, texts: int
    ) -> list[set[int]]:
        """Per text, the theme indexes its sentences are about (sentence_owners[i]: the text of sentence i)."""
        found: list[set[int]] = [set() for _ in range(texts)]
        for sentence, theme in enumerate(self.sentence_themes(sentence_vectors).tolist()):
            if theme != BACKGROUND:
                found[int(sentence_owners[sentence])].add(theme)
        return found

    def sentence_themes(self, sentence_vectors: np.ndarray) -> np.ndarray:
        """The theme index each sentence is about, BACKGROUND for none."""
        if not len(sentence_vectors):
            return np.zeros(0, dtype=np.int64)
        similarity = sentence_vectors @ self.vectors.T
        per_theme = np.full((len(sentence_vectors), self.themes), -1.0, dtype=np.float32)
        for theme in np.unique(self.owners[self.owners >= 0]):
            per_theme[:, theme] = similarity[:, self.owners == theme].max(axis=1)
        background = self.owners == BACKGROUND
        floor = similarity[:, background].max(axis=1) if background.any() else np.full(len(similarity), -1.0)
        nearest = per_theme.argmax(axis=1)
        best = per_theme[np.arange(len(per_theme)), nearest]
        return np.where((best >= self.threshold) & (best > floor), nearest, BACKGROUND).astype(np.int64)


def embed_examples(
    examples: Sequence[Sequence[str]],
    background: Sequence[str] = BACKGROUND_EXAMPLES,
    threshold: float = MEANING_THRESHOLD,
) -> ThemeExamples | None:
    """Vectors of each theme's example phrases (examples[i] belongs to theme i); None when no theme has any."""
    phrases: list[str] = []
    owners: list[int] = []
    for theme, theme_examples in enumerate(examples):
        kept = [phrase.strip() for phrase in theme_examples if phrase and phrase.strip()]
        phrases += kept
        owners += [theme] * len(kept)
    if not phrases:
        return None
    phrases += list(background)
    owners += [BACKGROUND] * len(background)
    return ThemeExamples(embed(phrases), np.asarray(owners), len(examples), threshold)
