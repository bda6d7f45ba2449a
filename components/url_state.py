"""Page widgets kept in the URL, so a copied link opens the same screen (search text, picks, sort, page).

A widget's value is taken from the URL only when the session has none (a link just opened, or Streamlit
dropped the widget after a page switch); after the widgets are drawn their values are written back, and only
what differs from the default, so links stay short.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st


def seed_from_url(
    widget_key: str,
    url_key: str,
    *,
    options: Sequence[object] | None = None,
    many: bool = False,
    parse: Callable[[str], object] = str,
) -> None:
    """Put the URL's value for `url_key` into the widget's state, leniently: unknown or malformed values are
    left out rather than failing the page."""
    if widget_key in st.session_state:
        return
    values = []
    for text in st.query_params.get_all(url_key):
        try:
            value = parse(text)
        except ValueError:
            continue
        if options is None or value in options:
            values.append(value)
    if values:
        st.session_state[widget_key] = values if many else values[0]


def write_to_url(url_key: str, value: object, default: object) -> None:
    """Write one page value into the URL (lists as repeated keys), removing it when it is the default."""
    if value == default or value in (None, "", [], ()):
        if url_key in st.query_params:
            del st.query_params[url_key]
        return
    wanted = [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]
    if st.query_params.get_all(url_key) != wanted:
        st.query_params[url_key] = wanted if len(wanted) > 1 else wanted[0]


def parse_bool(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(text)
    return text == "1"
