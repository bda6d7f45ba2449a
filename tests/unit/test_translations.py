"""The interface catalogues are complete, not fuzzy, keep every placeholder and use the glossary's terms."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from nps import i18n

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_LANGUAGES = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]
METHOD_MAP = [
    ("app.py", "python"),
    ("pages/**.py", "python"),
    ("components/**.py", "python"),
    ("nps/**.py", "python"),
    ("nps/templates/**.j2", "jinja2"),
]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def source_messages() -> set[str]:
    """Every `_()` / `ngettext()` message in the code, as `pybabel extract` with babel.cfg finds them."""
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(str(ROOT), METHOD_MAP):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue(lang: str):
    path = i18n.LOCALE_DIR / i18n.BABEL_LOCALES[lang] / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with path.open("rb") as po_file:
        return read_po(po_file, locale=i18n.BABEL_LOCALES[lang])


def translated_entries(lang: str) -> dict[str, tuple[str, ...]]:
    entries = {}
    for message in catalogue(lang):
        if message.id and "fuzzy" not in message.flags:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(strings):
                entries[key] = strings
    return entries


def test_the_code_has_messages_to_translate():
    assert {"Overview", "Sign in to the NPS dashboard"} <= source_messages()


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_every_message_is_translated_and_not_fuzzy(lang):
    missing = sorted(source_messages() - set(translated_entries(lang)))
    assert not missing, f"{lang}: {len(missing)} untranslated or fuzzy (run `make translations`): {missing[:10]}"


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    broken = [
        key
        for key, strings in translated_entries(lang).items()
        if any(set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(key)) for text in strings)
    ]
    assert not broken, f"{lang}: placeholders differ in {broken}"


def glossary() -> list[dict[str, str]]:
    with (i18n.LOCALE_DIR / "glossary.csv").open(encoding="utf-8") as glossary_file:
        return list(csv.DictReader(glossary_file))


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_translations_use_the_glossary_terms(lang):
    """A message naming a glossary term (promoter, detractor …) names it as the glossary says, every time."""
    inconsistent = []
    for key, strings in translated_entries(lang).items():
        for term in glossary():
            # the term as a word, plural allowed; not inside a name (SurveyMonkey) or a placeholder ({survey})
            if re.search(rf"\b{re.escape(term['en'])}s?\b", PLACEHOLDER.sub("", key), flags=re.IGNORECASE):
                wanted = term[lang].lower()
                if not all(wanted in text.lower() for text in strings):
                    inconsistent.append((term["en"], key))
    assert not inconsistent, f"{lang}: glossary term not used in {inconsistent[:10]}"


def test_a_catalogue_translates_at_run_time():
    assert i18n.translations("pl").gettext("Sign out") == "Wyloguj"
    assert i18n.translations("en").gettext("Sign out") == "Sign out"
    assert i18n.translations("pseudo").gettext("Sign out") == "⟦Sign out⟧"


LEADING_NEUTRAL = re.compile(r"^(?:\{[a-z_]*\}|[\s\W\d_])*")


def test_arabic_messages_start_with_an_arabic_word():
    """The page takes each paragraph's direction from its first letter (`unicode-bidi: plaintext`): an Arabic
    message that opens with a Latin word (NPS, n, p) would be laid out left to right, its words reversed."""
    latin_first = []
    for message in catalogue("ar"):
        if not message.id:
            continue
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            rest = LEADING_NEUTRAL.sub("", text)
            if rest[:1].isascii() and rest[:1].isalpha() and rest.strip() != "NPS":
                latin_first.append(text)
    assert latin_first == []
