"""Contact details inside comments, masked where a comment is shown or exported (see nps.pii)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from components.auth import current_role
from components.datasource import load_comment_masking
from nps.pii import mask_contact_details


def comment_masking() -> bool:
    """True for viewers, and for everyone once an admin turned masking on for all."""
    return load_comment_masking(current_role())


def shown_comment(text: object, masked: bool) -> object:
    return mask_contact_details(text) if masked and isinstance(text, str) else text


def masked_comments(frame: pd.DataFrame, column: str = "comment", *, masked: bool) -> pd.DataFrame:
    if not masked or column not in frame or frame.empty:
        return frame
    return frame.assign(**{column: frame[column].map(lambda text: shown_comment(text, True))})


def masked_chunks(chunks: Iterable[pd.DataFrame], *, masked: bool) -> Iterator[pd.DataFrame]:
    for chunk in chunks:
        yield masked_comments(chunk, masked=masked)
