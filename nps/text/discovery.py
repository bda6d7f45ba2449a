"""Theme discovery: groups of comments that no theme covers yet, each with a name, its size and example quotes.

The groups are found as the summaries find their quotes (facility location over sentence embeddings, so any
language groups with its own meaning); each group is named by the phrase most particular to it (frequent in the
group, rare in the rest, no filler words such as "great" or "everything").
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from nps.metrics import Category
from nps.text.embeddings import embed
from nps.text.suggestions import comment_phrases
from nps.text.summary import SIMILAR, duplicate_key, pick_representatives
from nps.text.themes import ThemeMatcher

DISCOVERY_MIN_GAIN = 0.003
"""Groups are picked on while each covers at least this share of the comments (smaller than a summary's)."""
MIN_SIZE = 3
"""A group smaller than this among the comments read is no theme."""


@dataclass(frozen=True)
class DiscoveredTheme:
    name: str
    keywords: tuple[str, ...]
    """The group's most particular phrases: a start for the theme's keywords."""
    size: int
    """Comments in the group, of those read."""
    detractor_share: float
    quotes: tuple[str, ...]
    """The group's most typical comment first, then others close to it."""


def discover_themes(
    comments: Sequence[str],
    categories: Sequence[str],
    known_keywords: Iterable[str] = (),
    *,
    top: int = 8,
    encode: Callable[[Sequence[str]], np.ndarray] = embed,
) -> list[DiscoveredTheme]:
    """Up to `top` groups among the comments that known keywords do not match, largest first."""
    known = ThemeMatcher({"known": [k for k in known_keywords if k and k.strip()]})
    groups: dict[str, list[int]] = {}
    for position, text in enumerate(comments):
        if text and text.strip() and not known.match(text):
            groups.setdefault(duplicate_key(text), []).append(position)
    if not groups:
        return []
    members = list(groups.values())
    texts = [comments[m[0]].strip() for m in members]
    phrases = [comment_phrases(text) for text in texts]
    weights = np.array([len(m) for m in members], dtype=np.float64)
    vectors = encode(texts)
    similarity = np.clip(vectors @ vectors.T, 0.0, 1.0)
    picks = pick_representatives(
        similarity, weights, top * 2, np.array([bool(p) for p in phrases]), min_gain=DISCOVERY_MIN_GAIN
    )
    if not picks:
        return []
    nearest, close = _assigned(similarity, picks)
    sizes = [weights[(nearest == rank) & close].sum() for rank in range(len(picks))]
    kept = [pick for pick, size in zip(picks, sizes, strict=True) if size >= MIN_SIZE] or picks[:1]
    if kept != picks:  # a pick standing for too few comments gives them back to the others
        picks = kept
        nearest, close = _assigned(similarity, picks)
    document_frequency = Counter(key for found in phrases for key in found)
    found_themes = []
    for rank, pick in enumerate(picks):
        inside = [i for i in np.flatnonzero((nearest == rank) & close)] or [pick]
        size = int(weights[inside].sum())
        named = _particular_phrases(inside, phrases, weights, document_frequency, len(members))
        if not named:
            continue
        positions = [p for i in inside for p in members[i]]
        detractors = sum(categories[p] == Category.DETRACTOR for p in positions)
        order = sorted(inside, key=lambda i: -similarity[i, pick])
        quotes = tuple(texts[i] for i in order[:3])
        found_themes.append(DiscoveredTheme(named[0], tuple(named[:3]), size, detractors / size, quotes))
    return [theme for theme in _merged_by_name(found_themes) if theme.size >= MIN_SIZE][:top]


def _assigned(similarity: np.ndarray, picks: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Each comment's nearest pick (its rank), and whether it is at least SIMILAR to it."""
    nearest = similarity[:, picks].argmax(axis=1)
    return nearest, similarity[np.arange(len(similarity)), np.asarray(picks)[nearest]] >= SIMILAR


def _merged_by_name(found: list[DiscoveredTheme]) -> list[DiscoveredTheme]:
    """Groups that earned the same name are one suggestion (sizes added, the larger group's quotes), largest first."""
    by_name: dict[str, DiscoveredTheme] = {}
    for theme in sorted(found, key=lambda theme: -theme.size):
        kept = by_name.get(theme.name.casefold())
        if kept is None:
            by_name[theme.name.casefold()] = theme
            continue
        size = kept.size + theme.size
        share = (kept.detractor_share * kept.size + theme.detractor_share * theme.size) / size
        keywords = tuple(dict.fromkeys(kept.keywords + theme.keywords))[:3]
        by_name[theme.name.casefold()] = DiscoveredTheme(kept.name, keywords, size, share, kept.quotes)
    merged = [replace(theme, detractor_share=round(theme.detractor_share, 3)) for theme in by_name.values()]
    return sorted(merged, key=lambda theme: -theme.size)


def _particular_phrases(
    inside: list[int], phrases: list[dict[str, str]], weights: np.ndarray, frequency: Counter, total: int
) -> list[str]:
    """The group's phrases by (comments using it in the group) × log(all comments ÷ comments using it anywhere)."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for i in inside:
        for key, form in phrases[i].items():
            counts[key] += int(weights[i])
            shown.setdefault(key, form)
    ranked = sorted(
        counts, key=lambda key: (-counts[key] * math.log(1 + total / frequency[key]), -len(key.split()), key)
    )
    return [shown[key] for key in ranked if counts[key] >= 2][:5]
