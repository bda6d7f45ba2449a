"""Benchmarks: competitor, industry and overall NPS figures with their provenance, and honest comparison.

The CSV format (`rows`), the store functions (`store`), per-brand NPS from a market survey
(`competitors`) and the verdicts and field positions (`comparison`). No Streamlit here.
"""

from nps.benchmarks.comparison import (
    ABOVE,
    BELOW,
    NOT_DISTINGUISHABLE,
    ONE_SAMPLE,
    TWO_SAMPLE,
    Comparison,
    FieldPosition,
    compare_to_benchmark,
    field_position,
    floored_nps,
)
from nps.benchmarks.competitors import (
    brand_counts,
    brand_nps_from_responses,
    competitor_benchmark_rows,
    prepbench_field_position,
    read_survey_table,
)
from nps.benchmarks.export import benchmarks_csv, neutralise_cell
from nps.benchmarks.rows import (
    COLUMNS,
    KINDS,
    BenchmarkFileError,
    BenchmarkParse,
    BenchmarkRow,
    RowIssue,
    parse_benchmark_csv,
    validate_benchmark_fields,
)
from nps.benchmarks.store import (
    REFERENCE_CSV,
    BenchmarkNotFound,
    StoredBenchmark,
    add_benchmarks,
    count_benchmarks,
    delete_benchmark,
    list_benchmarks,
    load_reference_benchmarks,
    load_reference_into_empty_store,
    reference_rows,
    stored_benchmarks,
    update_benchmark,
)

__all__ = [
    "ABOVE",
    "BELOW",
    "COLUMNS",
    "KINDS",
    "NOT_DISTINGUISHABLE",
    "ONE_SAMPLE",
    "REFERENCE_CSV",
    "TWO_SAMPLE",
    "BenchmarkFileError",
    "BenchmarkNotFound",
    "BenchmarkParse",
    "BenchmarkRow",
    "Comparison",
    "FieldPosition",
    "RowIssue",
    "StoredBenchmark",
    "add_benchmarks",
    "benchmarks_csv",
    "brand_counts",
    "brand_nps_from_responses",
    "compare_to_benchmark",
    "competitor_benchmark_rows",
    "count_benchmarks",
    "delete_benchmark",
    "field_position",
    "floored_nps",
    "list_benchmarks",
    "load_reference_benchmarks",
    "load_reference_into_empty_store",
    "neutralise_cell",
    "parse_benchmark_csv",
    "prepbench_field_position",
    "read_survey_table",
    "reference_rows",
    "stored_benchmarks",
    "update_benchmark",
    "validate_benchmark_fields",
]
