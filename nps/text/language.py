"""Which language each comment is written in, offline, with lingua's bundled models.

lingua with all 75 languages holds about 1.3 GB; the list below (the languages customers of this product
write in plus their close neighbours) peaks near 450 MB. A fixed list forces every text into one of its
languages, so a minimum relative distance turns close calls (one-word "ok", "super") into "unknown".
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


@cache
def _detector() -> LanguageDetector:
    """Built once per process: the detector is immutable and safe to share between threads."""
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in DETECTED_LANGUAGES]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_minimum_relative_distance(MINIMUM_RELATIVE_DISTANCE)
        .build()
    )


def detect_languages(texts: Sequence[str | None]) -> list[str | None]:
    """ISO 639-1 code per text; "unknown" when it cannot be told; None for empty text."""
    present = [i for i, text in enumerate(texts) if text and text.strip()]
    result: list[str | None] = [None] * len(texts)
    if not present:
        return result
    detected = _detector().detect_languages_in_parallel_of([texts[i].strip() for i in present])
    for i, language in zip(present, detected, strict=True):
        result[i] = language.iso_code_639_1.name.lower() if language is not None else UNKNOWN
    return result


def detect_language(text: str | None) -> str | None:
    """detect_languages for a single comment."""
    return detect_languages([text])[0]
