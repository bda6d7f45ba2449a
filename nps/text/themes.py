"""Tag comments with themes (price, delivery...) from keyword lists written in any of the supported languages,
and, for themes with example phrases, by meaning (`nps.text.theme_meaning`).

Plain substring search mis-tags ("app" in "happy", "cen" in "ocena", ช้า in ช้าง, 贵 in 宝贵) and whole-word
search misses unsegmented scripts, so each keyword is matched by the rule its script needs:
- space-separated scripts: whole words, case- and accent-insensitive, with common English and Polish
  inflections ("dostawa" also matches "dostawy", "dostawą"; "cena" matches "ceny", "cenie");
- Chinese (and Japanese): substrings, except where they sit inside a listed longer word (贵 inside 宝贵);
- Thai: substrings, but keywords of three characters or fewer only as whole pythainlp words;
- Arabic: substrings of normalised text, so attached prefixes (ال، و، ب) still match.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial

from nps.text.embeddings import sentence_vectors
from nps.text.theme_meaning import ThemeExamples, embed_examples
from nps.text.theme_tone import SentenceParts, sentence_parts, tones_by_theme
from nps.text.tokens import (
    ARABIC_RE,
    DATA_DIR,
    HAN_RE,
    THAI_RE,
    fold,
    normalize_arabic,
    normalize_han,
    script_of,
    thai_tokens,
    word_tokens,
)

THAI_TOKEN_ONLY_MAX_CHARS = 3

_EN_ENDINGS = ("", "s", "es", "ed", "d", "ing", "er", "ers", "ies", "ied")
_PL_ENDINGS = (
    *("", "a", "e", "i", "y", "o", "u", "ie", "ia", "iu", "ii", "em", "om", "ow", "ami", "ach", "owi"),
    *("ich", "im", "imi", "iem", "iej", "iego", "ym", "ymi", "ych", "ej", "ego", "emu"),
    *("owa", "owe", "owy", "owej", "owych", "owym", "owego", "iami", "iach"),
)
_PL_ALTERNATIONS = {"r": "rz", "g": "dz", "k": "c", "t": "ci", "d": "dzi", "ch": "sz", "st": "sci"}
_ENDINGS_BY_LANGUAGE: dict[str | None, tuple[str, ...]] = {
    "en": _EN_ENDINGS,
    "pl": _PL_ENDINGS,
    None: tuple(dict.fromkeys(_EN_ENDINGS + _PL_ENDINGS)),
}


def _load_seed() -> tuple[dict[str, list[str]], tuple[str, ...], dict[str, list[str]]]:
    with (DATA_DIR / "seed_themes.json").open(encoding="utf-8") as f:
        seed = json.load(f)
    return seed["themes"], tuple(seed["exclusions"]), seed["examples"]


SEED_THEMES, DEFAULT_EXCLUSIONS, SEED_EXAMPLES = _load_seed()


def word_forms(word: str, language: str | None = None) -> set[str]:
    """Folded surface forms a keyword word stands for: itself plus inflected endings on its stem."""
    word = fold(word)
    if len(word) <= 2:
        return {word}
    stems = {word}
    if len(word) >= 4 and word[-1] in "aeiouy":
        stems.add(word[:-1])
    if len(word) >= 5 and word.endswith("ek"):
        stems.add(word[:-2] + "k")
    endings = _ENDINGS_BY_LANGUAGE.get(language, _ENDINGS_BY_LANGUAGE[None])
    bare_stem = language in ("pl", None)
    forms = {stem + ending for stem in stems for ending in endings if ending or bare_stem or stem == word}
    if language in ("pl", None):
        for stem in stems:
            for tail, alternate in _PL_ALTERNATIONS.items():
                if stem.endswith(tail) and len(stem) > len(tail) + 1:
                    forms.update(stem[: -len(tail)] + alternate + ending for ending in ("e", "y"))
    return forms


def _thai_normal(text: str) -> str:
    return text.replace("\u0e4d\u0e32", "\u0e33")


@dataclass(frozen=True)
class _Substring:
    key: str
    theme: int
    blockers: tuple[str, ...]

    def found_in(self, text: str) -> bool:
        if self.key not in text:
            return False
        for blocker in self.blockers:
            text = text.replace(blocker, "\x00")
        return self.key in text


class ThemeMatcher:
    """Compiled once from a theme → keywords mapping, then cheap per comment (no tokenizer unless needed).

    examples (theme → example phrases in any language) add matching by meaning; the keywords alone are
    matched by `match`, both together by `match_all` (and by the analysis, which reuses the tone's vectors).
    """

    def __init__(
        self,
        themes: Mapping[str, Sequence[str]],
        exclusions: Iterable[str] = DEFAULT_EXCLUSIONS,
        examples: Mapping[str, Sequence[str]] | None = None,
    ):
        self.themes: tuple[str, ...] = tuple(themes)
        self.examples: tuple[tuple[str, ...], ...] = tuple(
            tuple(e.strip() for e in (examples or {}).get(name, ()) if e and e.strip()) for name in self.themes
        )
        excluded = [e.strip() for e in exclusions if e and e.strip()]
        self._han: list[_Substring] = []
        self._arabic: list[_Substring] = []
        self._thai: list[_Substring] = []
        self._thai_short: list[_Substring] = []
        word_ids: dict[str, int] = {}
        self._phrases: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for index, name in enumerate(self.themes):
            for keyword in dict.fromkeys(k.strip() for k in themes[name] if k and k.strip()):
                script = script_of(keyword)
                if script == "word":
                    words = word_tokens(keyword)
                    if words:
                        ids = tuple(word_ids.setdefault(w, len(word_ids)) for w in words)
                        self._phrases.setdefault(ids[0], []).append((ids[1:], index))
                elif script == "han":
                    key = normalize_han(keyword).casefold()
                    blockers = _blockers(key, (normalize_han(e).casefold() for e in excluded))
                    self._han.append(_Substring(key, index, blockers))
                elif script == "arabic":
                    key = normalize_arabic(keyword)
                    blockers = _blockers(key, (normalize_arabic(e) for e in excluded))
                    self._arabic.append(_Substring(key, index, blockers))
                else:
                    key = _thai_normal(keyword)
                    entry = _Substring(key, index, _blockers(key, (_thai_normal(e) for e in excluded)))
                    short = len(key) <= THAI_TOKEN_ONLY_MAX_CHARS and " " not in key
                    (self._thai_short if short else self._thai).append(entry)
        self._thai_words = frozenset(s.key for s in self._thai + self._thai_short)
        self._forms: dict[str | None, dict[str, frozenset[int]]] = {}
        for language in _ENDINGS_BY_LANGUAGE:
            table: dict[str, set[int]] = {}
            for word, word_id in word_ids.items():
                for form in word_forms(word, language):
                    table.setdefault(form, set()).add(word_id)
            self._forms[language] = {form: frozenset(ids) for form, ids in table.items()}

    def match(self, text: str | None, language: str | None = None) -> list[str]:
        """Theme names whose keywords occur in text, in the order the themes were given.

        language (ISO 639-1, optional) narrows the inflection rules for space-separated scripts
        to that language's endings; matching of other scripts does not depend on it.
        """
        if not text:
            return []
        hits: set[int] = set()
        if self._phrases:
            self._match_words(text, language, hits)
        if self._han and HAN_RE.search(text):
            han_text = normalize_han(text).casefold()
            hits.update(s.theme for s in self._han if s.theme not in hits and s.found_in(han_text))
        if self._arabic and ARABIC_RE.search(text):
            arabic_text = normalize_arabic(text)
            hits.update(s.theme for s in self._arabic if s.theme not in hits and s.found_in(arabic_text))
        if (self._thai or self._thai_short) and THAI_RE.search(text):
            self._match_thai(_thai_normal(text), hits)
        return [name for index, name in enumerate(self.themes) if index in hits]

    def warm(self) -> None:
        """Load the Thai word dictionary with these keywords kept whole (≈ 1.5 s, once per process and keyword
        set), so the first Thai comment does not pay for it."""
        if self._thai_short:
            thai_tokens("", self._thai_words)

    def match_many(self, texts: Iterable[str | None], languages: Iterable[str | None] | None = None) -> list[list[str]]:
        """match() over a column of comments (languages, if given, aligned with texts)."""
        if languages is None:
            return [self.match(text) for text in texts]
        return [self.match(text, language) for text, language in zip(texts, languages, strict=True)]

    @cached_property
    def meaning(self) -> ThemeExamples | None:
        """The example phrases' vectors (encoded on first use), or None when no theme has examples."""
        return embed_examples(self.examples) if any(self.examples) else None

    def with_meaning(self, keyword_names: Sequence[str], meant: Iterable[int]) -> list[str]:
        """Keyword matches plus the theme indexes found by meaning, in the order the themes were given."""
        chosen = set(keyword_names) | {self.themes[index] for index in meant}
        return [name for name in self.themes if name in chosen]

    def match_all(
        self,
        texts: Sequence[str | None],
        languages: Sequence[str | None] | None = None,
        memo: dict[str, tuple[frozenset[int], SentenceParts | None]] | None = None,
    ) -> list[list[str]]:
        """Keywords and meaning together, encoding the texts here (one call per batch: the encoder is the cost).

        memo (text → what its sentences say by meaning), kept by the caller across batches, spares re-encoding
        repeated texts.
        """
        return [list(found) for found in self.match_all_with_tones(texts, languages, [None] * len(texts), memo)]

    def match_all_with_tones(
        self,
        texts: Sequence[str | None],
        languages: Sequence[str | None] | None,
        tones: Sequence[float | None],
        memo: dict[str, tuple[frozenset[int], SentenceParts | None]] | None = None,
    ) -> list[dict[str, float | None]]:
        """Per text, its themes (as `match_all`) each with its tone in the text (`tones`: each text's own tone,
        which a theme takes when no single sentence carries it)."""
        languages = languages if languages is not None else [None] * len(texts)
        by_keyword = self.match_many(texts, languages)
        if self.meaning is None:
            return [dict.fromkeys(names, tone) for names, tone in zip(by_keyword, tones, strict=True)]
        read = {} if memo is None else memo
        stripped = [text.strip() if text else "" for text in texts]
        distinct = list(dict.fromkeys(text for text in stripped if text and text not in read))
        if distinct:
            vectors, owners = sentence_vectors(distinct)
            themes = self.meaning.sentence_themes(vectors)
            meant: list[set[int]] = [set() for _ in distinct]
            for owner, theme in zip(owners.tolist(), themes.tolist(), strict=True):
                if theme >= 0:
                    meant[owner].add(theme)
            parts = sentence_parts(distinct, vectors, owners, themes)
            read.update(
                (text, (frozenset(found), part)) for text, found, part in zip(distinct, meant, parts, strict=True)
            )
        index = {name: number for number, name in enumerate(self.themes)}
        result = []
        for names, text, language, tone in zip(by_keyword, stripped, languages, tones, strict=True):
            found, part = read.get(text, (frozenset(), None))
            chosen = self.with_meaning(names, found) if found else names
            keywords_of = partial(self.match, language=language)
            result.append(tones_by_theme(text, chosen, part, tone, index, keywords_of))
        return result

    def _match_words(self, text: str, language: str | None, hits: set[int]) -> None:
        """Keyword phrases found among the words; one lying inside a longer phrase found there does not count
        ("łatwa w obsłudze", easy to operate, is ease of use and not "obsługa", support)."""
        forms = self._forms.get(language if language in self._forms else None, self._forms[None])
        empty: frozenset[int] = frozenset()
        sequence = [forms.get(token, empty) for token in word_tokens(text)]
        spans: list[tuple[int, int, int]] = []
        for position, ids in enumerate(sequence):
            for word_id in ids:
                for rest, theme in self._phrases.get(word_id, ()):
                    end = position + 1 + len(rest)
                    if end <= len(sequence) and all(
                        rest_id in sequence[position + 1 + offset] for offset, rest_id in enumerate(rest)
                    ):
                        spans.append((position, end, theme))
        hits.update(
            theme
            for start, end, theme in spans
            if not any(
                other_start <= start and end <= other_end and other_end - other_start > end - start
                for other_start, other_end, _ in spans
            )
        )

    def _match_thai(self, text: str, hits: set[int]) -> None:
        hits.update(s.theme for s in self._thai if s.theme not in hits and s.found_in(text))
        candidates = [s for s in self._thai_short if s.theme not in hits and s.found_in(text)]
        if candidates:
            tokens = set(thai_tokens(text, self._thai_words))
            hits.update(s.theme for s in candidates if s.key in tokens)


def _blockers(key: str, exclusions: Iterable[str]) -> tuple[str, ...]:
    """Listed longer words that contain key without being a spelling of it (宝贵 for 贵)."""
    return tuple(e for e in exclusions if key in e and e != key)


def default_matcher() -> ThemeMatcher:
    """A matcher over the seed themes and their example phrases (build it once and keep it)."""
    return ThemeMatcher(SEED_THEMES, examples=SEED_EXAMPLES)
