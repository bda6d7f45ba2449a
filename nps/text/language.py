"""Which language each comment is written in, offline, with lingua's bundled models.

lingua with all 75 languages holds about 1.3 GB; the list below (the languages customers of this product
write in plus their close neighbours) peaks near 450 MB. A fixed list forces every text into one of its
languages, so a text's confidences are weighed by its survey's language mix and close calls are "unknown".
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

UNKNOWN = "unknown"

DETECTED_LANGUAGES: tuple[str, ...] = (
    *("en", "pl", "th", "ar", "zh", "ja", "ko", "vi"),
    *("de", "fr", "es", "it", "pt", "nl", "tr", "ru", "uk"),
)
MINIMUM_RELATIVE_DISTANCE = 0.1
ACCEPTED_POSTERIOR = 0.6
SHORT_WORDS = 3


@cache
def _detector() -> LanguageDetector:
    """Built once per process: the detector is immutable and safe to share between threads."""
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in DETECTED_LANGUAGES]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_minimum_relative_distance(MINIMUM_RELATIVE_DISTANCE)
        .build()
    )


def _code(language: Language | None) -> str:
    return language.iso_code_639_1.name.lower() if language is not None else UNKNOWN


def _confidences(texts: Sequence[str]) -> list[dict[str, float]]:
    computed = _detector().compute_language_confidence_values_in_parallel(list(texts))
    return [{_code(value.language): value.value for value in row} for row in computed]


def _mix_prior(languages: Sequence[str]) -> dict[str, float]:
    """A survey's language mix from its longer comments, smoothed so that no language is ruled out."""
    counts = dict.fromkeys(DETECTED_LANGUAGES, 1.0)
    for language in languages:
        if language in counts:
            counts[language] += 1
    total = sum(counts.values())
    return {language: count / total for language, count in counts.items()}


def _weighed(row: dict[str, float], prior: dict[str, float], detected: str) -> str:
    """The language most likely given the survey's mix; else lingua's own call if it agrees; else unknown."""
    posterior = {language: value * prior[language] for language, value in row.items()}
    mass = sum(posterior.values())
    if mass <= 0:
        return UNKNOWN
    best = max(posterior, key=posterior.__getitem__)
    return best if posterior[best] / mass >= ACCEPTED_POSTERIOR or best == detected else UNKNOWN


def _is_short(text: str, detected: str) -> bool:
    return detected == UNKNOWN or len(text.split()) <= SHORT_WORDS


def detect_languages(texts: Sequence[str | None], groups: Sequence[object] | None = None) -> list[str | None]:
    """ISO 639-1 code per text; "unknown" when it cannot be told; None for empty text.

    A comment of a few words is weak evidence ("Late installation" scores French). Given `groups` (one key per
    text, e.g. its survey), short comments are weighed by the language mix of their group, estimated from the
    group's longer comments; without groups each text stands alone.
    """
    present = [i for i, text in enumerate(texts) if text and text.strip()]
    result: list[str | None] = [None] * len(texts)
    if not present:
        return result
    stripped = [texts[i].strip() for i in present]  # type: ignore[union-attr]
    detected = [_code(language) for language in _detector().detect_languages_in_parallel_of(stripped)]
    for i, language in zip(present, detected, strict=True):
        result[i] = language
    if groups is None:
        return result
    members: dict[object, list[int]] = {}
    for position, i in enumerate(present):
        members.setdefault(groups[i], []).append(position)
    short = [p for p in range(len(present)) if _is_short(stripped[p], detected[p])]
    confidences = dict(zip(short, _confidences([stripped[p] for p in short]), strict=True))
    for positions in members.values():
        prior = _mix_prior([detected[p] for p in positions if p not in confidences])
        for p in positions:
            if p in confidences:
                result[present[p]] = _weighed(confidences[p], prior, detected[p])
    return result


def detect_language(text: str | None) -> str | None:
    """detect_languages for a single comment, with no survey to take a language mix from."""
    return detect_languages([text])[0]
