"""Why a row was not imported, as templates with named parameters: stored and printed in English, shown translated.

The reader writes each reason with `fill` (vectorised over a chunk); reports, the CLI and stored batches keep the
English text. A page shows a report in the reader's language with `translate_issues`, which recognises each
English reason by its template and writes it again in that language, the parameters (cell values, row and
batch numbers, dates) unchanged.
"""

from __future__ import annotations

import re
from functools import cache
from string import Formatter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.arrays import ArrowStringArray

from nps.i18n import DEFAULT, N_, translations

MISSING_SCORE = N_("missing score")
SCORE_NOT_WHOLE = N_('score "{value}" is not a whole number')
SCORE_OUT_OF_RANGE = N_('score "{value}" is outside 0–10')
SCORE_NOT_A_NUMBER = N_('score "{value}" is not a number from 0 to 10')
SCORE_GROUPED = N_('score "{value}" has a thousands separator: it is not a score from 0 to 10')
MISSING_DATE = N_("missing date")
DATE_UNREADABLE = N_('date "{value}" cannot be read')
DATE_IN_FUTURE = N_("date {day} is in the future (after {latest})")
DATE_TOO_OLD = N_("date {day} is before {earliest}, the earliest date accepted")
WEIGHT_NOT_POSITIVE = N_('weight "{value}" is not a positive number')
NUL_CHARACTER = N_("contains a NUL character (damaged file?)")
FOREIGN_ENCODING = N_("text in another encoding than the rest of the file (not UTF-8): fix this row's text")
EXTRA_CELLS = N_("more cells than the {count} named columns (a separator inside an unquoted cell?)")
TOO_LONG = {
    "response_id": N_("response id longer than {limit} characters"),
    "respondent": N_("respondent longer than {limit} characters"),
    "name": N_("name longer than {limit} characters"),
    "email": N_("email longer than {limit} characters"),
}
"""Per field of `reader.VALUE_LIMITS`: a field's name is a word of the sentence, so each has its own template."""
PREVIEW_RESPONSE = N_("survey preview response")
TEST_RESPONSE = N_("survey test response")
SPAM_RESPONSE = N_("response flagged as spam by Qualtrics")
UNFINISHED_RESPONSE = N_("unfinished response without a score")
PARTIAL_RESPONSE = N_("partial response without a score")
SAME_AS_ROW = N_("same response as row {row}")
ALREADY_IMPORTED = N_("already imported into this survey (batch {batch})")
IN_OTHER_SURVEY = N_("already in survey “{survey}”")
"""The last three are written by `pipeline` (duplicates and rows found in another survey)."""

TEMPLATES = (
    MISSING_SCORE,
    MISSING_DATE,
    SCORE_NOT_A_NUMBER,
    SCORE_OUT_OF_RANGE,
    SCORE_NOT_WHOLE,
    SCORE_GROUPED,
    DATE_UNREADABLE,
    DATE_IN_FUTURE,
    DATE_TOO_OLD,
    SAME_AS_ROW,
    ALREADY_IMPORTED,
    IN_OTHER_SURVEY,
    WEIGHT_NOT_POSITIVE,
    NUL_CHARACTER,
    FOREIGN_ENCODING,
    EXTRA_CELLS,
    *TOO_LONG.values(),
    PREVIEW_RESPONSE,
    TEST_RESPONSE,
    SPAM_RESPONSE,
    UNFINISHED_RESPONSE,
    PARTIAL_RESPONSE,
)
"""Every reason an import writes, the most frequent first (they are tried in this order)."""

OUTCOMES = {
    "rejected": N_("rejected"),
    "excluded": N_("excluded"),
    "duplicate": N_("duplicate"),
    "skipped: in another survey": N_("skipped: in another survey"),
    "also in another survey": N_("also in another survey"),
}
"""The `outcome` values of `pipeline.issues_table`."""
ISSUE_HEADERS = {"outcome": N_("outcome"), "row": N_("row"), "column": N_("column"), "reason": N_("reason")}


def fill(template: str, **params: pd.Series | str | int) -> pd.Series | str:
    """`template` with its placeholders filled; a Series parameter gives one reason per row (missing stays missing)."""
    result: pd.Series | str = ""
    for literal, name, _spec, _conversion in Formatter().parse(template):
        result = result + literal
        if name is not None:
            value = params[name]
            result = result + (value if isinstance(value, pd.Series) else str(value))
    return result


@cache
def _pattern(template: str) -> str:
    """A whole-text RE2 pattern for an English reason, one named group per placeholder."""
    parts = []
    for literal, name, _spec, _conversion in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>.*)")
    return "(?s)^" + "".join(parts) + "$"


def _rewrite(matches: pa.StructArray, translated: str) -> pa.Array:
    pieces: list[pa.Array | pa.Scalar] = []
    for literal, name, _spec, _conversion in Formatter().parse(translated):
        pieces.append(pa.scalar(literal))
        if name is not None:
            pieces.append(pc.struct_field(matches, name))
    return pc.binary_join_element_wise(*pieces, "")


def _recognise(candidates: pa.Array, template: str, translated: str) -> tuple[np.ndarray, pa.Array]:
    """Which candidates are `template` (a mask) and those written as `translated`; the regular expression runs
    only on candidates with the template's first and last words, a cheap test that rules out most."""
    pieces = list(Formatter().parse(template))
    if len(pieces) == 1 and pieces[0][1] is None:
        hit = pc.equal(candidates, template).to_numpy(zero_copy_only=False)
        return hit, pa.array([translated] * int(hit.sum()), pa.string())
    suffix = pieces[-1][0] if pieces[-1][1] is None else ""
    framed = pc.and_(pc.starts_with(candidates, pieces[0][0]), pc.ends_with(candidates, suffix))
    where = np.flatnonzero(framed.to_numpy(zero_copy_only=False))
    matches = pc.extract_regex(candidates.take(pa.array(where)), _pattern(template))
    valid = matches.is_valid().to_numpy(zero_copy_only=False)
    hit = np.zeros(len(candidates), dtype=bool)
    hit[where[valid]] = True
    return hit, _rewrite(matches.filter(pa.array(valid)), translated)


def translate_reasons(reasons: pd.Series, lang: str) -> pd.Series:
    """The reasons in `lang`; text that is no known reason is left as it is. Each distinct reason is read once,
    and only until a template recognises it."""
    if lang == DEFAULT or reasons.empty:
        return reasons
    catalogue = translations(lang)
    text = pa.array(reasons.astype("str").array)
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    encoded = pc.dictionary_encode(text.cast(pa.string()))
    english = result = encoded.dictionary
    pending = np.arange(len(english))
    for template in TEMPLATES:
        if not len(pending):
            break
        hit, rewritten = _recognise(english.take(pa.array(pending)), template, catalogue.gettext(template))
        if hit.any():
            mask = np.zeros(len(english), dtype=bool)
            mask[pending[hit]] = True
            result = pc.replace_with_mask(result, pa.array(mask), rewritten)
        pending = pending[~hit]
    translated = ArrowStringArray(result.take(encoded.indices))
    return pd.Series(translated, index=reasons.index, dtype="str", name=reasons.name)


def translate_issues(issues: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A report's issue table (`ImportReport.issues_frame()`) for people reading `lang`: outcomes, reasons and
    headers translated; row numbers, columns and the cell values quoted in reasons as they are."""
    if lang == DEFAULT:
        return issues
    catalogue = translations(lang)
    shown = issues.copy()
    if "outcome" in shown:
        shown["outcome"] = [catalogue.gettext(OUTCOMES[o]) if o in OUTCOMES else o for o in shown["outcome"]]
    if "reason" in shown:
        shown["reason"] = translate_reasons(shown["reason"], lang)
    return shown.rename(columns={name: catalogue.gettext(header) for name, header in ISSUE_HEADERS.items()})
