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


def detect_each(texts: Sequence[str]) -> list[str]:
    """lingua's own call per stripped, non-empty text: what the text alone says, before any language mix."""
    return [_code(language) for language in _detector().detect_languages_in_parallel_of(list(texts))]


def is_short(text: str, detected: str) -> bool:
    """Too little evidence alone: such a text is weighed by its group's language mix (needs `confidences`)."""
    return detected == UNKNOWN or len(text.split()) <= SHORT_WORDS


def confidences(texts: Sequence[str]) -> list[dict[str, float]]:
    """lingua's confidence per language of each stripped text (for the short ones)."""
    return _confidences(texts)


def weigh_by_groups(
    detected: Sequence[str], short_confidences: Sequence[dict[str, float] | None], groups: Sequence[object]
) -> list[str]:
    """Each short text (its confidences given) weighed by the mix of its group's longer texts; the rest as detected."""
    members: dict[object, list[int]] = {}
    for position, group in enumerate(groups):
        members.setdefault(group, []).append(position)
    result = list(detected)
    for positions in members.values():
        prior = _mix_prior([detected[p] for p in positions if short_confidences[p] is None])
        for p in positions:
            row = short_confidences[p]
            if row is not None:
                result[p] = _weighed(row, prior, detected[p])
    return result


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
    detected = detect_each(stripped)
    if groups is not None:
        short = [p for p in range(len(present)) if is_short(stripped[p], detected[p])]
        found = dict(zip(short, confidences([stripped[p] for p in short]), strict=True))
        rows = [found.get(p) for p in range(len(present))]
        detected = weigh_by_groups(detected, rows, [groups[i] for i in present])
    for i, language in zip(present, detected, strict=True):
        result[i] = language
    return result


def detect_language(text: str | None) -> str | None:
    """detect_languages for a single comment, with no survey to take a language mix from."""
    return detect_languages([text])[0]
