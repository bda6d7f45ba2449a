"""Long-format exports (one row per answer: respondent, question, value) turned into one row per response.

Recognised by a question column and an answer column whose questions repeat, or named by the user with
the mapping fields `question` and `value`. Every other column identifies the response (respondent id,
store, name …); its distinct combinations become the rows, and each question becomes a column.
"""

from __future__ import annotations

import pandas as pd

from nps.importing.mapping import compact

LONG_FIELDS = ("question", "value")
QUESTION_HEADERS = {
    "question", "questionnumber", "questionno", "questionid", "questioncode", "questiontext", "questionlabel",
    "item", "variable", "pytanie", "numerpytania", "frage", "fragenummer", "pregunta", "numerodepregunta",
}  # fmt: skip
VALUE_HEADERS = {
    "answer", "answertext", "answervalue", "value", "responsevalue", "responsetext", "odpowiedz", "wartosc",
    "antwort", "wert", "reponse", "respuesta", "valor",
}  # fmt: skip
MAX_QUESTIONS = 200


def recognise(columns: list[str], sample: pd.DataFrame) -> tuple[str, str] | None:
    """(question column, value column) when the headers name them and the questions repeat in the sample."""
    question = next((column for column in columns if compact(column) in QUESTION_HEADERS), None)
    value = next((column for column in columns if compact(column) in VALUE_HEADERS), None)
    if question is None or value is None or question == value or len(columns) < 3:
        return None
    asked = sample[question].dropna().astype("str").str.strip()
    asked = asked[asked != ""]
    if asked.empty or asked.nunique() > MAX_QUESTIONS or not asked.duplicated().any():
        return None
    return question, value


def pivot(rows: pd.DataFrame, question: str, value: str) -> pd.DataFrame:
    """One row per combination of the other columns, one column per question (first answer kept).

    `rows` holds the data rows as text under their column names, indexed by their position in the file;
    the result is indexed by the position of each response's first row, so row numbers point into the file.
    """
    keys = [column for column in rows.columns if column not in (question, value)]
    table = rows.fillna("").astype("str")
    table = table[table[question].str.strip() != ""]
    table = table.assign(_position=table.index)
    grouped = table.groupby([*keys, question], sort=False, dropna=False)
    answers = grouped.agg(value=(value, "first"), position=("_position", "min")).reset_index()
    first_row = answers.groupby(keys, sort=False, dropna=False)["position"].min().rename("first_row")
    wide = answers.pivot_table(index=keys, columns=question, values="value", aggfunc="first", sort=False, fill_value="")
    wide.columns = [_question_header(str(name), keys) for name in wide.columns]
    wide = wide.join(first_row).sort_values("first_row")
    positions = wide.pop("first_row").to_numpy()
    wide = wide.reset_index()
    wide.index = pd.Index(positions)
    return wide


def _question_header(name: str, keys: list[str]) -> str:
    return f"{name} (question)" if name in keys else name
