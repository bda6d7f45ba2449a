"""Competitor NPS from a market survey: raw 0–10 answers with a brand column, one row per respondent."""

from __future__ import annotations

import io

import pandas as pd

from nps.benchmarks.comparison import FieldPosition, field_position, floored_nps
from nps.benchmarks.rows import BenchmarkFileError, BenchmarkRefused, BenchmarkRow, validate_benchmark_fields
from nps.i18n import N_
from nps.metrics import Category, Counts, classify, nps_with_interval

BRAND_COLUMNS = ("brand", "n", "promoters", "passives", "detractors", "nps", "low", "high")
PREPBENCH_MIN_RESPONSES = 50


def read_survey_table(data: bytes, *, file_name: str) -> pd.DataFrame:
    """A market-survey file (CSV with , ; or tab, or an Excel workbook's first sheet) as text columns.

    Everything is read as text with no value turned into "missing" (a brand called NA stays NA).
    """
    try:
        if file_name.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods")):
            frame = pd.read_excel(io.BytesIO(data), engine="calamine", dtype=str, keep_default_na=False)
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
            header = text.splitlines()[0] if text.strip() else ""
            separator = max((",", ";", "\t"), key=header.count)
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    except (ValueError, UnicodeError, pd.errors.ParserError) as error:
        raise BenchmarkFileError(N_("The survey file cannot be read as a table ({error})."), error=error) from error
    if frame.empty or len(frame.columns) < 2:
        raise BenchmarkFileError(N_("The survey file needs a brand column and a score column, with at least one row."))
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame


def brand_counts(frame: pd.DataFrame, *, brand_column: str, score_column: str) -> dict[str, Counts]:
    """Promoter/passive/detractor counts per brand; blank scores and blank brands are left out.

    Classification goes through `nps.metrics.classify` once per distinct score, so the 0–6/7–8/9–10 rule
    stays in one place. A score that is not a whole number from 0 to 10 raises BenchmarkFileError (a ValueError):
    a market survey with such values needs looking at, not silently dropping.
    """
    for column in (brand_column, score_column):
        if column not in frame.columns:
            raise BenchmarkFileError(N_("the survey has no column {column}"), column=repr(column))
    brands = frame[brand_column].astype("string").str.strip()
    text = frame[score_column].astype("string").str.strip()
    blank = text.isna() | (text == "") | brands.isna() | (brands == "")
    scores = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = ~blank & (scores.isna() | (scores % 1 != 0) | (scores < 0) | (scores > 10))
    if bad.any():
        examples = ", ".join(repr(value) for value in text[bad].unique()[:3])
        count = int(bad.sum())
        raise BenchmarkFileError(
            N_("{count} scores are not whole numbers from 0 to 10, for example {examples}"),
            count=count,
            examples=examples,
        )
    table = pd.crosstab(brands[~blank], scores[~blank].astype(int))
    tally: dict[Category, pd.Series] = {}
    for score in table.columns:
        category = classify(int(score))
        tally[category] = tally.get(category, 0) + table[score]
    empty = pd.Series(0, index=table.index)
    return {
        str(brand): Counts(
            int(tally.get(Category.PROMOTER, empty)[brand]),
            int(tally.get(Category.PASSIVE, empty)[brand]),
            int(tally.get(Category.DETRACTOR, empty)[brand]),
        )
        for brand in table.index
    }


def brand_nps_from_responses(frame: pd.DataFrame, *, brand_column: str, score_column: str) -> pd.DataFrame:
    """Per-brand n, counts, NPS and 95% adjusted-Wald interval, best NPS first.

    Columns: brand, n, promoters, passives, detractors, nps, low, high.
    """
    records = []
    for brand, counts in brand_counts(frame, brand_column=brand_column, score_column=score_column).items():
        interval = nps_with_interval(counts)
        records.append(
            {
                "brand": brand,
                "n": counts.n,
                "promoters": counts.promoters,
                "passives": counts.passives,
                "detractors": counts.detractors,
                "nps": interval.nps,
                "low": interval.low,
                "high": interval.high,
            }
        )
    table = pd.DataFrame.from_records(records, columns=list(BRAND_COLUMNS))
    return table.sort_values(["nps", "brand"], ascending=[False, True], ignore_index=True)


def competitor_benchmark_rows(
    brand_table: pd.DataFrame,
    *,
    source_title: str,
    period: str = "",
    year: int | None = None,
    source_url: str = "",
    population: str = "",
    method: str = "market survey of raw 0–10 answers; NPS computed from the counts",
    industry: str = "",
    min_n: int = 1,
) -> list[BenchmarkRow]:
    """Turn `brand_nps_from_responses` output into competitor benchmarks carrying their counts.

    Kept counts let a later comparison use the two-sample test. Brands with fewer than `min_n` answers are
    left out. Every row passes the same validation as an imported CSV line; a problem raises BenchmarkRefused
    (a ValueError).
    """
    rows: list[BenchmarkRow] = []
    for record in brand_table.itertuples(index=False):
        if int(record.n) < min_n:
            continue
        row, issues = validate_benchmark_fields(
            {
                "name": record.brand,
                "kind": "competitor",
                "industry": industry,
                "nps": f"{float(record.nps):.2f}",
                "period": period,
                "year": year,
                "source_title": source_title,
                "source_url": source_url,
                "population": population,
                "method": method,
                "n": int(record.n),
                "promoters": int(record.promoters),
                "passives": int(record.passives),
                "detractors": int(record.detractors),
            }
        )
        if row is None:
            raise BenchmarkRefused(str(record.brand), issues)
        rows.append(row)
    return rows


def prepbench_field_position(
    frame: pd.DataFrame,
    *,
    ours: str,
    brand_column: str,
    score_column: str,
    min_responses: int = PREPBENCH_MIN_RESPONSES,
) -> FieldPosition:
    """Reproduce the Preppin' Data / prepbench case 122 z-score ("Prep Air NPS vs other airlines").

    Their convention, not ours: each brand's NPS is floor(% promoters) − floor(% detractors); only brands
    with at least `min_responses` answers form the field; the field includes our own brand when it
    qualifies; the z-score uses the sample standard deviation. On the shipped airline files this gives
    Prep Air NPS 21, z 1.12 (field of 59, mean 10.153, sd 9.649). Our own comparisons use exact NPS.
    """
    counts = brand_counts(frame, brand_column=brand_column, score_column=score_column)
    if ours not in counts:
        raise ValueError(f"{ours!r} has no answers in the survey")
    field = [floored_nps(c) for c in counts.values() if c.n >= min_responses]
    return field_position(float(floored_nps(counts[ours])), field)
