"""Text from the data (segment names and values, survey names) placed inside markdown, made inert."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$])")


def escape_markdown(text: object) -> str:
    """Backslash every markdown, HTML and Streamlit directive character (`:red[...]`, `$math$`)."""
    return _SPECIAL.sub(r"\\\1", str(text))
