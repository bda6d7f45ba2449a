"""The interface language of this browser session, the `_()` every page writes its text through, and the picker.

Order (issue 17): the link's `lang`, the language picked in this session, the user's saved preference, the
browser's Accept-Language, English. A language that came from a link or the picker is kept in the URL, so a
copied link opens in the same language.
"""

from __future__ import annotations

import streamlit as st

from components.datasource import forget_run_values, get_engine, once_per_run, write
from nps import i18n, users

SESSION_KEY = "interface_language"
DIGITS_KEY = "arabic_indic_digits"
DIGITS_URL_KEY = "digits"
"""`?digits=arab` in a link (kept in the URL once chosen) writes Arabic numbers in Arabic-Indic digits."""
SAVED_KEY = "saved_interface_language"
"""The signed-in user's saved preference, read from the store once per session by the app shell."""
URL_KEY = "lang"

RTL_STYLE = """<style>
[data-testid="stAppViewContainer"], [data-testid="stSidebar"], [data-testid="stHeader"] { direction: rtl; }
[data-testid="stMain"] { text-align: right; }
[data-testid="stAppViewContainer"] p, [data-testid="stAppViewContainer"] li, [data-testid="stText"],
[data-testid="stText"] *,
[data-testid="stAppViewContainer"] h1, [data-testid="stAppViewContainer"] h2, [data-testid="stAppViewContainer"] h3 {
  unicode-bidi: plaintext; text-align: start !important;
}
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] { direction: ltr; unicode-bidi: isolate; }
[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"], [data-testid="stDataFrame"] { direction: ltr; }
</style>"""
"""Arabic mirrors the page; each paragraph takes its direction from its own text (an English comment stays
left to right), and figures, charts and tables keep their left-to-right reading so numbers read as written."""


def current_language() -> str:
    """The language this run draws in: worked out once per run (a page asks for it a few hundred times, once
    per translated string; each time read the URL, the session and the request headers). What changes the
    language in the middle of a run (the saved preference read after sign-in, a save on the Account page) calls
    `forget_run_values`."""
    return once_per_run("language", None, _language_now)


def _language_now() -> str:
    query = st.query_params.get(URL_KEY)
    if query and i18n.normalise(query):
        return i18n.choose_language(query, None, None)
    return i18n.choose_language(
        st.session_state.get(SESSION_KEY),
        st.session_state.get(SAVED_KEY),
        st.context.headers.get("Accept-Language") if st.context.headers else None,
    )


def _(message: str) -> str:
    """`message` in the interface language (English is the source language)."""
    return i18n.translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the interface language's plural rules."""
    return i18n.translations(current_language()).ngettext(singular, plural, n)


def apply_language() -> str:
    """Keep a linked language for the session, mirror the page for right-to-left languages; returns the language."""
    lang = current_language()
    query = st.query_params.get(URL_KEY)
    if query and i18n.normalise(query):
        st.session_state[SESSION_KEY] = lang
    elif st.session_state.get(SESSION_KEY) and lang != i18n.DEFAULT:
        st.query_params[URL_KEY] = lang
    apply_digits()
    if i18n.is_right_to_left(lang):
        st.html(RTL_STYLE)
    return lang


def _picked() -> None:
    st.session_state[SESSION_KEY] = st.session_state["language_picker"]
    st.query_params[URL_KEY] = st.session_state["language_picker"]
    forget_run_values()


def render_language_picker() -> None:
    """A sidebar picker; each language is named in itself, so a user lost in a foreign interface finds theirs."""
    codes = list(i18n.LANGUAGES)
    lang = current_language()
    st.session_state["language_picker"] = lang if lang in codes else i18n.DEFAULT
    st.selectbox(
        "🌐",
        codes,
        key="language_picker",
        format_func=i18n.LANGUAGES.__getitem__,
        on_change=_picked,
        label_visibility="collapsed",
    )


def apply_digits() -> None:
    """The reader's digits for this run's numbers (fragments rerun without the app shell call this too)."""
    if st.query_params.get(DIGITS_URL_KEY) == "arab":
        st.session_state[DIGITS_KEY] = True
    i18n.use_native_digits(current_language() == "ar" and bool(st.session_state.get(DIGITS_KEY)))


def _digits_picked() -> None:
    st.session_state[DIGITS_KEY] = st.session_state["digits_picker"]
    if st.session_state[DIGITS_KEY]:
        st.query_params[DIGITS_URL_KEY] = "arab"
    elif DIGITS_URL_KEY in st.query_params:
        del st.query_params[DIGITS_URL_KEY]


def render_digits_picker() -> None:
    """For Arabic only: Western (123) or Arabic-Indic (١٢٣) digits in headline figures and sentences (charts and
    tables keep Western digits: Vega mixed both systems on one axis in the browser)."""
    if current_language() != "ar":
        return
    st.session_state["digits_picker"] = bool(st.session_state.get(DIGITS_KEY))
    st.toggle(_("Arabic-Indic digits (١٢٣)"), key="digits_picker", on_change=_digits_picked)


def remember_saved_language(username: str | None) -> None:
    """Read the signed-in user's saved language once per session (the Account page updates it in place)."""
    if not username or SAVED_KEY in st.session_state:
        return
    user = users.session_user(username, None, engine=get_engine())
    st.session_state[SAVED_KEY] = user.language if user else ""
    forget_run_values()


def save_language(username: str, language: str) -> None:
    """Store the user's choice and use it from now on in this session."""
    write(users.set_language, username, language)
    st.session_state[SAVED_KEY] = language
    st.session_state.pop(SESSION_KEY, None)
    if URL_KEY in st.query_params:
        del st.query_params[URL_KEY]
    forget_run_values()


def role_name(role: str | None) -> str:
    """A role as the interface language names it."""
    names = {"viewer": _("viewer"), "analyst": _("analyst"), "admin": _("admin")}
    return names.get(role or "", role or "")


def translated_error(error: Exception) -> str:
    """A domain error (template and parameters) in the interface language; any other error as raised."""
    if isinstance(error, i18n.TranslatableError):
        return error.translated(current_language())
    return str(error)


def password_rules() -> str:
    """The password rules every password form writes, in the interface language."""
    return _(users.PASSWORD_RULES_TEMPLATE).format(**users.PASSWORD_RULES_PARAMS)


def count_words(n: int, message: str, **params: object) -> str:
    """A counted phrase in the interface language: `message` is `ngettext("{count} response", "{count} responses",
    n)` (the form for `n`, so Polish and Arabic get theirs), its `{count}` written as the language writes numbers
    and its other placeholders filled from `params`."""
    return message.format(count=i18n.format_number(n, current_language(), decimals=0), **params)


def category_name(category: str | None) -> str:
    """An NPS category as stored (promoter, passive, detractor), named in the interface language."""
    names = {"promoter": _("promoter"), "passive": _("passive"), "detractor": _("detractor")}
    return names.get(category or "", category or "")


def follow_up_status_name(status: str | None) -> str:
    """A follow-up status as stored (`nps.models.FOLLOW_UP_STATUSES`, or the queue's "not started"), named in the
    interface language."""
    names = {
        "not started": _("not started"),
        "new": _("new"),
        "contacted": _("contacted"),
        "resolved": _("resolved"),
        "no action": _("no action"),
    }
    return names.get(status or "", status or "")


def tone_name(tone: str | None) -> str:
    """A comment's estimated tone (`nps.text.sentiment.sentiment_label`), named in the interface language."""
    names = {"positive": _("positive"), "neutral": _("neutral"), "negative": _("negative")}
    return names.get(tone or "", tone or "")
