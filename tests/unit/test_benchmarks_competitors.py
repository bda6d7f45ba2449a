import pandas as pd
import pytest

from nps.benchmarks import (
    TWO_SAMPLE,
    brand_nps_from_responses,
    compare_to_benchmark,
    competitor_benchmark_rows,
    prepbench_field_position,
)
from nps.metrics import Counts, nps_with_interval
from tests.realdata import realdata_file

AIRLINES = "zzzbitz_prepbench_case_122_input_01.csv"
PREP_AIR = "zzzbitz_prepbench_case_122_input_02.csv"
SCORE = "How likely are you to recommend this airline?"


@pytest.fixture(scope="module")
def airlines() -> pd.DataFrame:
    return pd.read_csv(realdata_file(AIRLINES), keep_default_na=False)


@pytest.fixture(scope="module")
def survey(airlines: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([airlines, pd.read_csv(realdata_file(PREP_AIR), keep_default_na=False)], ignore_index=True)


def test_the_prepbench_case_122_figures_are_reproduced_from_the_real_files(survey):
    position = prepbench_field_position(survey, ours="Prep Air", brand_column="Airline", score_column=SCORE)
    assert position.nps == 21
    assert round(position.z, 2) == 1.12
    assert position.field_size == 59
    assert position.mean == pytest.approx(10.153, abs=5e-4)
    assert position.sd == pytest.approx(9.649, abs=5e-4)


def test_per_airline_nps_matches_the_documented_range_of_the_real_file(airlines):
    table = brand_nps_from_responses(airlines, brand_column="Airline", score_column=SCORE)
    assert len(table) == 98
    assert table["n"].sum() == 5723
    assert (table["n"] >= 50).sum() == 58
    assert (table["n"].min(), table["n"].max()) == (6, 168)
    assert table["nps"].min() == pytest.approx(-29.73, abs=5e-3)
    assert table["nps"].iloc[0] == pytest.approx(46.67, abs=5e-3)
    assert table["nps"].is_monotonic_decreasing


def test_prep_air_alone_gives_its_exact_nps_and_interval(survey):
    table = brand_nps_from_responses(
        survey[survey["Airline"] == "Prep Air"], brand_column="Airline", score_column=SCORE
    )
    row = table.iloc[0]
    assert (row["n"], row["promoters"], row["passives"], row["detractors"]) == (184, 74, 75, 35)
    assert row["nps"] == pytest.approx(21.196, abs=1e-3)
    interval = nps_with_interval(Counts(74, 75, 35))
    assert (row["low"], row["high"]) == pytest.approx((interval.low, interval.high))


def test_blank_scores_and_blank_brands_are_left_out_and_text_scores_are_read():
    frame = pd.DataFrame({"brand": ["A", "A", " A ", "", "B", "B"], "score": ["10", "", 3, "9", "7", "9"]})
    table = brand_nps_from_responses(frame, brand_column="brand", score_column="score").set_index("brand")
    assert table.loc["A", ["n", "promoters", "detractors"]].tolist() == [2, 1, 1]
    assert table.loc["B", ["n", "promoters", "passives"]].tolist() == [2, 1, 1]


@pytest.mark.parametrize("bad", ["11", "-1", "7.5", "ten"])
def test_a_score_outside_0_to_10_stops_the_calculation(bad):
    frame = pd.DataFrame({"brand": ["A", "A"], "score": ["9", bad]})
    with pytest.raises(ValueError, match="whole numbers from 0 to 10"):
        brand_nps_from_responses(frame, brand_column="brand", score_column="score")


def test_a_missing_column_is_named_in_the_error():
    with pytest.raises(ValueError, match="'Brand'"):
        brand_nps_from_responses(pd.DataFrame({"score": [1]}), brand_column="Brand", score_column="score")


def test_competitor_rows_keep_the_counts_so_comparisons_use_the_two_sample_test(airlines):
    table = brand_nps_from_responses(airlines, brand_column="Airline", score_column=SCORE)
    rows = competitor_benchmark_rows(
        table, source_title="Airline market survey (prepbench case 122)", year=2021, min_n=50
    )
    assert len(rows) == 58
    assert {row.kind for row in rows} == {"competitor"}
    assert all(row.counts is not None and row.counts.n == row.n >= 50 for row in rows)
    assert compare_to_benchmark(Counts(74, 75, 35), rows[0]).test == TWO_SAMPLE


def test_competitor_rows_without_a_year_or_period_are_refused(airlines):
    table = brand_nps_from_responses(airlines, brand_column="Airline", score_column=SCORE)
    with pytest.raises(ValueError, match="year or period"):
        competitor_benchmark_rows(table, source_title="survey")


def test_a_refused_survey_benchmark_names_the_brand_and_each_reason_translated():
    from nps.benchmarks.rows import BenchmarkRefused
    from nps.i18n import PSEUDO

    table = brand_nps_from_responses(
        pd.DataFrame({"brand": ["A"] * 3, "score": ["9", "8", "2"]}), brand_column="brand", score_column="score"
    )
    with pytest.raises(BenchmarkRefused) as refused:
        competitor_benchmark_rows(table, source_title="survey", source_url="www.example.com", year=2024)
    assert str(refused.value) == "A: source_url: the source address must start with https:// or http://"
    assert refused.value.translated(PSEUDO) == "A: source_url: ⟦the source address must start with https:// or http://⟧"
