"""Data text made safe to show: no bidi overrides, and no bare URL or e-mail a renderer turns into a link.

U+202E made "evil" show as "live" and spilled into the masked e-mail after it; Streamlit's markdown (GFM)
turns `http://…`, `www.…` and `a@b.c` into links even after every punctuation mark was escaped.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates; plain right-to-left text (Arabic) needs none of them to show right."""
WORD_JOINER = "\u2060"
_LINK_STARTS = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?<=@)(?=\w)")
"""After `:` in `://`, after `www` before `.`, after `@`: where an invisible joiner stops link detection."""


def neutralise_bidi(text: str) -> str:
    """The text without bidi embedding, override and isolate controls."""
    return BIDI_CONTROLS.sub("", text)


def break_autolinks(text: str) -> str:
    """A word joiner (invisible, zero width) inside every `://`, `www.` and `@`, so nothing becomes a link."""
    return _LINK_STARTS.sub(WORD_JOINER, text)


def inert_text(value: object) -> str:
    """What every data string goes through before it is displayed (markdown escaping comes on top)."""
    return break_autolinks(neutralise_bidi(str(value)))
