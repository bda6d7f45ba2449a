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


HIGHLIGHT = ":orange-background[{}]"


def highlighted_markdown(text: str, spans: list[tuple[int, int]]) -> str:
    """Untrusted text as markdown with the given spans highlighted: every piece is escaped first, and only then
    wrapped in Streamlit's background directive, so the text itself can add no markup of any kind."""
    parts, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        parts.append(_escaped_piece(text[last:start]))
        parts.append(HIGHLIGHT.format(escape_markdown(text[start:end])))
        last = end
    parts.append(_escaped_piece(text[last:]))
    return "".join(parts).strip()


def _escaped_piece(piece: str) -> str:
    """escape_markdown, keeping one space where the piece began or ended with whitespace (words stay apart)."""
    if not piece:
        return ""
    if not piece.strip():
        return " "
    lead = " " if piece[0].isspace() else ""
    trail = " " if piece[-1].isspace() else ""
    return lead + escape_markdown(piece) + trail
