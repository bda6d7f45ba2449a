"""Interface languages: message catalogues, the language a request gets, and numbers and dates in its locale.

The catalogues are gettext `.po` files under `nps/locale/<lang>/LC_MESSAGES/messages.po`, compiled in memory on
first use (no build step to forget). `pseudo` is a test-only language that brackets every translated message, so a
test can find interface text that did not go through the catalogue.
"""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"

LANGUAGES: dict[str, str] = {
    "en": "English",
    "pl": "Polski",
    "th": "ไทย",
    "ar": "العربية",
    "zh": "中文（简体）",
}
"""Interface languages, each named in itself (as a language picker shows them)."""

BABEL_LOCALES = {"en": "en", "pl": "pl", "th": "th", "ar": "ar", "zh": "zh_Hans"}
RIGHT_TO_LEFT = frozenset({"ar"})
PSEUDO = "pseudo"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"
DEFAULT = "en"


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is written (domain code); it is translated where it is shown."""
    return message


class TranslatableError(ValueError):
    """An error for a person, kept as template and parameters, so a page can show it in the reader's language."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template.format(**params))
        self.template = template
        self.params = params

    def translated(self, lang: str) -> str:
        return translations(lang).gettext(self.template).format(**self.params)


class TranslatableText(str):
    """Text for a person that is its English self wherever a `str` goes (the CLI, a log, a test) and keeps its
    template and parameters, so a page can show it in the reader's language (why a row was refused, a file note)."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, **params: object) -> TranslatableText:
        text = super().__new__(cls, template.format(**params))
        text.template = template
        text.params = params
        return text

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, object]]:
        return (self.template,), self.params

    def translated(self, lang: str) -> str:
        return translations(lang).gettext(self.template).format(**self.params)


class CountedText(TranslatableText):
    """A `TranslatableText` with counts: whole-number parameters are written as each language writes numbers
    (`1,234` in English, `1 234` in Polish), and one made with `CountedText.ngettext` takes the plural form of
    its count in each language (the name lets the catalogue extraction find the singular and plural)."""

    plural: str | None
    n: int | None

    def __new__(
        cls, template: str, plural: str | None = None, n: int | None = None, /, **params: object
    ) -> CountedText:
        english = (template if plural is None or n == 1 else plural).format(**_numbers(params, DEFAULT))
        text = str.__new__(cls, english)
        text.template, text.plural, text.n, text.params = template, plural, n, params
        return text

    @classmethod
    def ngettext(cls, singular: str, plural: str, n: int, **params: object) -> CountedText:
        return cls(singular, plural, n, **params)

    def __getnewargs_ex__(self) -> tuple[tuple[str, str | None, int | None], dict[str, object]]:  # type: ignore[override]
        return (self.template, self.plural, self.n), self.params

    def translated(self, lang: str) -> str:
        catalogue = translations(lang)
        if self.plural is None or self.n is None:
            message = catalogue.gettext(self.template)
        else:
            message = catalogue.ngettext(self.template, self.plural, self.n)
        return message.format(**_numbers(self.params, lang))


def _numbers(params: dict[str, object], lang: str) -> dict[str, object]:
    return {
        name: format_number(value, lang, decimals=0)
        if isinstance(value, int) and not isinstance(value, bool)
        else value
        for name, value in params.items()
    }


def translated_text(text: str, lang: str) -> str:
    """`text` in `lang` when it kept its template (a `TranslatableText`), else as it is."""
    return text.translated(lang) if isinstance(text, TranslatableText) else text


class PseudoTranslations(gettext.NullTranslations):
    """Brackets every message, so text that skipped the catalogue shows up unbracketed."""

    def gettext(self, message: str) -> str:
        return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`; English (the source language) and unknown codes translate nothing."""
    if lang == PSEUDO:
        return PseudoTranslations()
    po_path = LOCALE_DIR / BABEL_LOCALES.get(lang, lang) / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT or not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=BABEL_LOCALES[lang])
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def normalise(code: str | None) -> str | None:
    """The supported language a code such as `pl-PL`, `zh-Hans-CN` or `AR` stands for, or None."""
    if not code:
        return None
    code = code.strip().lower().replace("_", "-")
    if code == PSEUDO:
        return PSEUDO
    primary = code.split("-", 1)[0]
    return primary if primary in LANGUAGES else None


def accept_language_choices(header: str | None) -> list[str]:
    """The languages of an `Accept-Language` header, most wanted first (weights `q=` honoured, `q=0` dropped)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and weight > 0:
            weighted.append((-weight, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def choose_language(query: str | None, saved: str | None, accept_language: str | None) -> str:
    """The interface language: the link's `lang`, else the user's saved choice, else the browser's, else English."""
    for candidate in (query, saved, *accept_language_choices(accept_language)):
        chosen = normalise(candidate)
        if chosen and (chosen != PSEUDO or candidate == query):
            return chosen
    return DEFAULT


def is_right_to_left(lang: str) -> bool:
    return lang in RIGHT_TO_LEFT


def _babel_locale(lang: str) -> str:
    return BABEL_LOCALES.get(lang, "en")


ARABIC_INDIC_DIGITS = str.maketrans("0123456789.,%", "٠١٢٣٤٥٦٧٨٩٫٬٪")
_NATIVE_DIGITS: ContextVar[bool] = ContextVar("native_digits", default=False)


def use_native_digits(on: bool) -> None:
    """Arabic-Indic digits for an Arabic reader from now on in this context: the app sets the reader's choice at
    the start of every run (each run has its own thread, so one reader's choice never reaches another's page)."""
    _NATIVE_DIGITS.set(on)


def digits_are_native(lang: str) -> bool:
    """Whether numbers for `lang` are written in Arabic-Indic digits in this context."""
    return lang == "ar" and _NATIVE_DIGITS.get()


def _digits(text: str, lang: str, native_digits: bool) -> str:
    """Arabic-Indic digits and separators for an Arabic reader who chose them; Western digits otherwise."""
    return text.translate(ARABIC_INDIC_DIGITS) if lang == "ar" and (native_digits or _NATIVE_DIGITS.get()) else text


def format_number(
    value: float, lang: str, *, decimals: int = 1, signed: bool = False, native_digits: bool = False
) -> str:
    """A number in the locale's separators (`+26,3` in Polish); Arabic-Indic digits when `native_digits` is asked."""
    digits = "0" * decimals
    pattern = f"#,##0{'.' + digits if decimals else ''}"
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return _digits(format_decimal(value, format=pattern, locale=_babel_locale(lang)), lang, native_digits)


def format_share(value: float, lang: str, *, decimals: int = 1, native_digits: bool = False) -> str:
    """A share (0.412) as a percentage in the locale (`41,2%` in Polish)."""
    pattern = f"#,##0{'.' + '0' * decimals if decimals else ''}%"
    return _digits(format_percent(value, format=pattern, locale=_babel_locale(lang)), lang, native_digits)


def format_day(value: date | datetime, lang: str) -> str:
    """A calendar day as the locale writes it in running text (`5 mar 2026`, `2026年3月5日`)."""
    return babel_format_date(value, format="medium", locale=_babel_locale(lang))


def format_month(value: date | datetime, lang: str) -> str:
    """A month and year as a heading or axis label writes it (stand-alone month name: `marzec 2026`)."""
    return babel_format_date(value, format="LLLL y", locale=_babel_locale(lang))
