"""Reading 0–10 answers as exported: `9`, `9.0`, `10 - Extremely likely`, `Not at all likely - 0`.

Vectorised with pyarrow compute so a million rows take a fraction of a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from nps.importing.reasons import (
    MISSING_SCORE,
    SCORE_GROUPED,
    SCORE_NOT_A_NUMBER,
    SCORE_NOT_WHOLE,
    SCORE_OUT_OF_RANGE,
    fill,
)

_NUMBER = r"[+-]?\d+(?:[.,]\d+)?"
_LEADING = rf"^\s*(?P<lead>{_NUMBER})\s*(?:(?:[-–—:=(]|\s)\s*\D.*)?$"
_TRAILING = rf"^\s*\D*?[^\d\s+-]\s*[-–—:=(]\s*(?P<trail>{_NUMBER})\s*\)?\s*$"
_GROUPED = r"^\s*[+-]?\d{1,3}[.,]\d{3}\s*$"
"""`1,000` or `1.000`: a thousand with a digit-group separator, never the score 1."""


def as_arrow_text(values: pd.Series) -> pa.Array:
    """The column as a pyarrow string array (missing stays null), whatever pandas dtype it came in."""
    array = pa.array(values.astype("str").array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.string())


def score_numbers(values: pd.Series) -> pd.Series:
    """The number written in each cell (labels stripped), as floats; NaN where there is none."""
    text = as_arrow_text(values)
    try:  # plain integers, as most tools export them: Arrow's cast, no regular expression
        floats = pc.cast(text, pa.int64()).cast(pa.float64()).to_numpy(zero_copy_only=False)
        return pd.Series(floats, index=values.index, dtype="float64")
    except pa.ArrowInvalid:
        pass
    lead = pc.struct_field(pc.extract_regex(text, _LEADING), "lead")
    trail = pc.struct_field(pc.extract_regex(text, _TRAILING), "trail")
    number = pc.coalesce(lead, trail)
    number = pc.replace_substring(number, ",", ".")
    floats = pc.cast(number, pa.float64(), safe=False).to_numpy(zero_copy_only=False)
    return pd.Series(floats, index=values.index, dtype="float64")


def parse_scores(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(scores as Int64 with <NA> where invalid, reason per invalid row or <NA>)."""
    numbers = score_numbers(values)
    text = values.astype("str").str.strip()
    empty = values.isna() | (text == "")
    grouped = pc.fill_null(pc.match_substring_regex(as_arrow_text(values), _GROUPED), False)
    grouped = pd.Series(grouped.to_numpy(zero_copy_only=False), index=values.index)
    whole = np.isfinite(numbers) & (numbers == np.round(numbers))
    in_range = (numbers >= 0) & (numbers <= 10)
    valid = whole & in_range & ~empty & ~grouped
    scores = pd.Series(pd.array(np.where(valid, numbers, 0).astype("int64"), dtype="Int64"), index=values.index)
    scores = scores.where(valid, pd.NA)
    reasons = pd.Series(pd.NA, index=values.index, dtype="str")
    invalid = ~valid
    if not invalid.any():
        return scores, reasons
    shown = text[invalid].str.slice(0, 40)  # reasons are written for the invalid rows only
    number, whole, in_range = numbers[invalid], whole[invalid], in_range[invalid]
    wrong = pd.Series(pd.NA, index=shown.index, dtype="str")
    wrong = wrong.mask(np.isfinite(number) & ~whole, fill(SCORE_NOT_WHOLE, value=shown))
    wrong = wrong.mask(np.isfinite(number) & whole & ~in_range, fill(SCORE_OUT_OF_RANGE, value=shown))
    wrong = wrong.mask(~np.isfinite(number), fill(SCORE_NOT_A_NUMBER, value=shown))
    wrong = wrong.mask(grouped[invalid], fill(SCORE_GROUPED, value=shown))
    wrong = wrong.mask(empty[invalid], MISSING_SCORE)
    reasons.loc[wrong.index] = wrong
    return scores, reasons


def looks_like_scores(values: pd.Series) -> float:
    """Share of the non-empty cells that are valid 0–10 answers (0.0 for an empty column)."""
    text = values.astype("str").str.strip()
    filled = values[values.notna() & (text != "")]
    if filled.empty:
        return 0.0
    scores, _ = parse_scores(filled)
    return float(scores.notna().mean())
