"""Phrases worth turning into theme keywords: frequent in comments, not yet covered, and telling apart
detractors from promoters.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from nps.metrics import Category
from nps.text.themes import ThemeMatcher
from nps.text.tokens import DATA_DIR, Token, fold, phrase_tokens, stop_words

_JOINER = {"han": "", "thai": "", "arabic": " ", "word": " "}


@dataclass(frozen=True)
class Suggestion:
    """phrase: lower-case, in its most frequent spelling;
    count: comments using it; detractor_share: of those, the share from detractors;
    lift: share of detractor comments using it ÷ share of promoter comments using it (smoothed; > 1 leans
    detractor, < 1 leans promoter)."""

    phrase: str
    count: int
    detractor_share: float
    lift: float


@cache
def filler_words() -> frozenset[str]:
    """Feelings and durations ("great", "keep", "everything", "months"): no theme alone (data/text/filler.json)."""
    with (DATA_DIR / "filler.json").open(encoding="utf-8") as f:
        lists: dict[str, list[str]] = json.load(f)
    return frozenset(fold(word) for language, words in lists.items() if not language.startswith("_") for word in words)


def comment_phrases(text: str) -> dict[str, str]:
    """Distinct unigrams and bigrams of a comment (key → shown form); stop words and punctuation break bigrams.

    A filler word is no phrase alone and two make none ("very helpful"); beside a topic word it stays ("helpful
    staff")."""
    stops = stop_words()
    fillers = filler_words()
    phrases: dict[str, str] = {}
    previous: Token | None = None
    for token in phrase_tokens(text):
        if token is None or token.key in stops or len(token.key) < 2 or token.key.isdigit():
            previous = None
            continue
        if token.key not in fillers:
            phrases.setdefault(token.key, token.shown)
        if previous is not None and not (previous.key in fillers and token.key in fillers):
            joiner = _JOINER[token.script] if previous.script == token.script else " "
            phrases.setdefault(previous.key + joiner + token.key, previous.shown + joiner + token.shown)
        previous = token
    return phrases


def suggest_phrases(
    comments: Sequence[str],
    categories: Sequence[str],
    known_keywords: Iterable[str] = (),
    top: int = 20,
    min_count: int = 3,
) -> list[Suggestion]:
    """The top phrases by count × |ln lift|: used often and leaning clearly to detractors or promoters.

    categories align with comments ("promoter", "passive", "detractor"); phrases that known keywords already
    match (by the theme-matching rules, inflections included) are left out.
    """
    if len(comments) != len(categories):
        raise ValueError("comments and categories must have the same length")
    total: Counter[str] = Counter()
    by_detractors: Counter[str] = Counter()
    by_promoters: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = {}
    detractors = promoters = 0
    for comment, category in zip(comments, categories, strict=True):
        if not comment or not comment.strip():
            continue
        phrases = comment_phrases(comment)
        total.update(phrases.keys())
        for key, form in phrases.items():
            shown.setdefault(key, Counter())[form] += 1
        if category == Category.DETRACTOR:
            detractors += 1
            by_detractors.update(phrases.keys())
        elif category == Category.PROMOTER:
            promoters += 1
            by_promoters.update(phrases.keys())
    known = ThemeMatcher({"known": [k for k in known_keywords if k and k.strip()]})
    ranked: list[tuple[float, Suggestion]] = []
    for phrase, count in total.items():
        display = shown[phrase].most_common(1)[0][0]
        if count < min_count or known.match(display):
            continue
        in_detractors, in_promoters = by_detractors[phrase], by_promoters[phrase]
        lift = ((in_detractors + 0.5) / (detractors + 1)) / ((in_promoters + 0.5) / (promoters + 1))
        share = in_detractors / count
        ranked.append((count * abs(math.log(lift)), Suggestion(display, count, round(share, 3), round(lift, 2))))
    ranked.sort(key=lambda item: (-item[0], -item[1].count, item[1].phrase))
    return [suggestion for _, suggestion in ranked[:top]]
