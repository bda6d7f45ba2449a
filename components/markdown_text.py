"""Text from the data (segment names and values, survey names) placed inside markdown, made inert."""

from __future__ import annotations

import re

from nps.display_text import inert_text

_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
"""Every ASCII punctuation mark: CommonMark lets any of them be backslash-escaped."""


def escape_markdown(text: object) -> str:
    """Backslash every ASCII punctuation mark, so data never becomes markup: links, emphasis, HTML, Streamlit's
    `:red[...]` and `:material/icon:` directives, `$maths$`. Runs of whitespace, newlines included, become one
    space, so a value cannot start a heading or a list on a line of its own. Bidi overrides are removed and bare
    URLs broken (`inert_text`), as GFM links `http://…` even with its punctuation escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(inert_text(text).split()))
