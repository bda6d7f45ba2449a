"""Script detection, normalisation and word splitting shared by theme matching and phrase suggestions.

Chinese and Thai are written without spaces, Arabic attaches prefixes to words, Polish inflects: each
script needs its own splitting, and this is the one module that knows how.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from jieba import Tokenizer
    from pythainlp.util import Trie

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "text"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\u31f0-\u31ff"
_THAI = "\u0e00-\u0e7f"
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"

HAN_RE = re.compile(f"[{_HAN}]")
THAI_RE = re.compile(f"[{_THAI}]")
ARABIC_RE = re.compile(f"[{_ARABIC}]")
WORD_RE = re.compile(f"[^\\W_{_HAN}{_THAI}{_ARABIC}]+")
_HAN_RUN_RE = re.compile(f"[{_HAN}]+")
_THAI_RUN_RE = re.compile(f"[{_THAI}]+")
_SPLIT_RUNS_RE = re.compile(f"([{_HAN}]+|[{_THAI}]+)")
_ARABIC_LETTERS_RANGE = "\u0621-\u063a\u0641-\u064a\u064b-\u065f\u0670-\u06d3\u0640"
_OTHER_TOKEN_RE = re.compile(f"([{_ARABIC_LETTERS_RANGE}]+)|([^\\W_{_HAN}{_THAI}{_ARABIC}]+)|(\\S)")

_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "ŧ": "t"})
_ARABIC_MARKS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_SPACES_RE = re.compile(r"\s+")


def script_of(word: str) -> str:
    """The script that decides how a keyword is matched: "han", "thai", "arabic" or "word"."""
    if HAN_RE.search(word):
        return "han"
    if THAI_RE.search(word):
        return "thai"
    if ARABIC_RE.search(word):
        return "arabic"
    return "word"


def fold(text: str) -> str:
    """Lower-case and strip accents so "Żółta", "zolta" and "ZÓŁTA" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING_RE.sub("", decomposed).translate(_UNDECOMPOSED)


def word_tokens(text: str) -> list[str]:
    """Folded words of the space-separated scripts (Latin, Cyrillic, Greek...); Han, Thai, Arabic skipped."""
    return WORD_RE.findall(fold(text))


def normalize_arabic(text: str) -> str:
    """Drop vowel marks and tatweel and unify alef/yeh/teh marbuta spellings that customers mix freely."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACES_RE.sub(" ", _ARABIC_MARKS_RE.sub("", text).translate(_ARABIC_LETTERS))


def normalize_han(text: str) -> str:
    """NFKC so full-width letters and compatibility ideographs match their plain forms."""
    return unicodedata.normalize("NFKC", text)


@cache
def _thai_dictionary(extra_words: frozenset[str]) -> Trie:
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import Trie

    return Trie(set(thai_words()) | extra_words)


def thai_tokens(text: str, extra_words: Iterable[str] = ()) -> list[str]:
    """Thai words by pythainlp's dictionary (newmm); extra_words (e.g. theme keywords like แอป) are kept whole."""
    from pythainlp.tokenize import word_tokenize

    trie = _thai_dictionary(frozenset(extra_words))
    return [t for t in word_tokenize(text, custom_dict=trie, engine="newmm") if not t.isspace()]


@cache
def _jieba_tokenizer() -> Tokenizer:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return jieba.Tokenizer()


def chinese_tokens(text: str) -> list[str]:
    """Chinese words by jieba's bundled dictionary (a cache file lands in the temp folder on first use)."""
    return [t for t in _jieba_tokenizer().lcut(text) if not t.isspace()]


class Token(NamedTuple):
    """key compares spellings ("dostawe" = "dostawę"); shown is what a person reads; script picks the joiner."""

    key: str
    shown: str
    script: str


def phrase_tokens(text: str) -> list[Token | None]:
    """Tokens of text that may mix scripts ("APP老是闪退"); None marks punctuation or a clause break."""
    out: list[Token | None] = []
    for part in _SPLIT_RUNS_RE.split(text):
        if not part:
            continue
        if _HAN_RUN_RE.fullmatch(part):
            out.extend(Token(t.casefold(), t, "han") for t in chinese_tokens(part))
        elif _THAI_RUN_RE.fullmatch(part):
            out.extend(Token(t, t, "thai") for t in thai_tokens(part))
        elif part.isspace():
            if out and out[-1] is not None and out[-1].script in ("han", "thai"):
                out.append(None)
        else:
            for match in _OTHER_TOKEN_RE.finditer(part.casefold()):
                arabic, word, _ = match.groups()
                if arabic:
                    key = normalize_arabic(arabic)
                    if key.strip():  # a lone vowel mark is no word
                        out.append(Token(key, _ARABIC_MARKS_RE.sub("", arabic), "arabic"))
                elif word:
                    out.append(Token(fold(word), word, "word"))
                else:
                    out.append(None)
    return out


@cache
def stop_words() -> frozenset[str]:
    """Function words of every supported language, folded the way tokens are (one set: comments mix)."""
    with (DATA_DIR / "stopwords.json").open(encoding="utf-8") as f:
        lists: dict[str, list[str]] = json.load(f)
    words: set[str] = set()
    for language, items in lists.items():
        for item in items:
            if language == "ar":
                words.add(normalize_arabic(item))
            elif language in ("zh", "th"):
                words.add(item)
            else:
                words.add(fold(item))
    from pythainlp.corpus import thai_stopwords

    words.update(thai_stopwords())
    return frozenset(words)


SENTENCE_CHARS = 300
MAX_SENTENCES = 30
_SENTENCE_END_RE = re.compile(r"(?<=[.!?。！？;；…])\s*|\s*\n+\s*")


def sentences(text: str) -> list[str]:
    """A comment cut into sentences for the tone model: a long review's verdict sits in one of them.

    Pieces longer than SENTENCE_CHARS are cut into pieces of that length, at most MAX_SENTENCES are kept, so a
    huge comment costs no more than a long review.
    """
    pieces: list[str] = []
    for part in _SENTENCE_END_RE.split(text[: SENTENCE_CHARS * MAX_SENTENCES]):
        part = part.strip()
        if len(part) > 1:
            pieces += [part[start : start + SENTENCE_CHARS] for start in range(0, len(part), SENTENCE_CHARS)]
    return pieces[:MAX_SENTENCES] or [text.strip()[:SENTENCE_CHARS]]
