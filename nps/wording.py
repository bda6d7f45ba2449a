"""Counts in English words, for the CLI: "1 duplicate", "2 duplicates", "1,000 responses".

Pages write counts in the interface language with `components.i18n.count_words` (gettext plural forms).
"""

from __future__ import annotations


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """`count` with thousands separators and the noun in the number it takes (`plural_noun` if not noun + s)."""
    return f"{count:,} {noun if count == 1 else plural_noun or noun + 's'}"
