import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nps.benchmarks import (
    ABOVE,
    BELOW,
    NOT_DISTINGUISHABLE,
    ONE_SAMPLE,
    TWO_SAMPLE,
    BenchmarkRow,
    compare_to_benchmark,
    field_position,
    floored_nps,
)
from nps.metrics import Counts


def published(value: float) -> BenchmarkRow:
    return BenchmarkRow(name="Published", kind="industry", nps=value, year=2023, source_title="S")


def surveyed(counts: Counts) -> BenchmarkRow:
    value = 100 * (counts.promoters - counts.detractors) / counts.n
    return BenchmarkRow(
        name="Surveyed",
        kind="competitor",
        nps=value,
        year=2024,
        source_title="S",
        n=counts.n,
        promoters=counts.promoters,
        passives=counts.passives,
        detractors=counts.detractors,
    )


STRONG = Counts(promoters=600, passives=250, detractors=150)  # NPS 45, n 1000
WEAK = Counts(promoters=300, passives=300, detractors=400)  # NPS −10, n 1000


def test_clearly_above_a_competitor_with_known_counts_uses_the_two_sample_test():
    result = compare_to_benchmark(STRONG, surveyed(WEAK))
    assert (result.verdict, result.test) == (ABOVE, TWO_SAMPLE)
    assert result.delta == pytest.approx(55)
    assert "two-sample" in result.test_name
    assert result.benchmark_interval is not None and result.benchmark_interval.n == 1000


def test_clearly_below_a_competitor_with_known_counts_uses_the_two_sample_test():
    result = compare_to_benchmark(WEAK, surveyed(STRONG))
    assert (result.verdict, result.test) == (BELOW, TWO_SAMPLE)


def test_a_small_gap_between_small_samples_is_not_distinguishable():
    ours = Counts(promoters=12, passives=5, detractors=8)  # NPS 16, n 25
    theirs = Counts(promoters=10, passives=6, detractors=9)  # NPS 4, n 25
    result = compare_to_benchmark(ours, surveyed(theirs))
    assert (result.verdict, result.test) == (NOT_DISTINGUISHABLE, TWO_SAMPLE)
    assert result.delta == pytest.approx(12)


def test_clearly_above_a_published_value_uses_the_one_sample_test():
    result = compare_to_benchmark(STRONG, published(30.1))
    assert (result.verdict, result.test) == (ABOVE, ONE_SAMPLE)
    assert "fixed value" in result.test_name
    assert result.benchmark_interval is None


def test_clearly_below_a_published_value_uses_the_one_sample_test():
    result = compare_to_benchmark(WEAK, published(30.1))
    assert (result.verdict, result.test) == (BELOW, ONE_SAMPLE)


def test_near_a_published_value_with_few_answers_is_not_distinguishable():
    result = compare_to_benchmark(Counts(promoters=20, passives=10, detractors=10), published(30.1))
    assert (result.verdict, result.test) == (NOT_DISTINGUISHABLE, ONE_SAMPLE)


def test_a_published_value_with_n_but_no_split_still_uses_the_one_sample_test():
    benchmark = BenchmarkRow(name="B", kind="industry", nps=0, year=2023, source_title="S", n=10_000)
    assert compare_to_benchmark(STRONG, benchmark).test == ONE_SAMPLE


def test_the_same_gap_is_clearer_against_a_fixed_value_than_against_a_sample():
    """The one-sample test ignores the benchmark's own noise, so it calls gaps more readily."""
    ours = Counts(promoters=60, passives=20, detractors=20)  # NPS 40, n 100
    theirs = Counts(promoters=45, passives=30, detractors=25)  # NPS 20, n 100
    assert compare_to_benchmark(ours, surveyed(theirs)).verdict == NOT_DISTINGUISHABLE
    assert compare_to_benchmark(ours, published(20)).verdict == ABOVE


def test_no_answers_of_ours_is_not_distinguishable_rather_than_below():
    result = compare_to_benchmark(Counts(), published(30))
    assert result.verdict == NOT_DISTINGUISHABLE
    assert result.ours.nps is None and result.delta is None


counts_strategy = st.builds(Counts, st.integers(0, 400), st.integers(0, 400), st.integers(0, 400)).filter(
    lambda counts: counts.n > 0
)

MIRROR = {ABOVE: BELOW, BELOW: ABOVE, NOT_DISTINGUISHABLE: NOT_DISTINGUISHABLE}


@given(counts_strategy, counts_strategy)
def test_swapping_the_two_sides_mirrors_the_verdict(a, b):
    forwards = compare_to_benchmark(a, surveyed(b))
    backwards = compare_to_benchmark(b, surveyed(a))
    assert backwards.verdict == MIRROR[forwards.verdict]


@given(counts_strategy, st.floats(-100, 100))
def test_the_verdict_always_follows_the_sign_of_the_gap(ours, value):
    result = compare_to_benchmark(ours, published(value))
    if result.verdict == ABOVE:
        assert result.delta is not None and result.delta > 0
    elif result.verdict == BELOW:
        assert result.delta is not None and result.delta < 0


def test_field_position_counts_only_strictly_lower_values_as_beaten():
    position = field_position(20.0, [10.0, 20.0, 30.0, 5.0])
    assert position.percentile == pytest.approx(50.0)
    assert position.rank == 2
    assert position.field_size == 4


def test_field_position_z_uses_the_sample_standard_deviation():
    position = field_position(30.0, [10.0, 20.0, 30.0])
    assert position.mean == pytest.approx(20.0)
    assert position.sd == pytest.approx(10.0)
    assert position.z == pytest.approx(1.0)


@pytest.mark.parametrize("field", [[], [12.0], [12.0, 12.0]])
def test_field_position_has_no_z_when_the_field_has_no_spread(field):
    position = field_position(12.0, field)
    assert position.z is None


def test_field_position_of_an_empty_field_has_no_percentile():
    assert field_position(5.0, []).percentile is None


@given(st.floats(-100, 100), st.lists(st.floats(-100, 100), min_size=1, max_size=60))
def test_percentile_stays_between_0_and_100_and_agrees_with_rank(ours, field):
    position = field_position(ours, field)
    assert position.percentile is not None and 0 <= position.percentile <= 100
    assert position.rank is not None and 1 <= position.rank <= len(field) + 1


def test_floored_nps_floors_each_percentage_before_subtracting():
    assert floored_nps(Counts(promoters=74, passives=75, detractors=35)) == 21
    assert floored_nps(Counts(promoters=1, passives=1, detractors=1)) == 0
    assert floored_nps(Counts(promoters=0, passives=1, detractors=2)) == -66


@given(counts_strategy)
def test_floored_nps_is_within_one_point_of_the_exact_nps(counts):
    exact = 100 * (counts.promoters - counts.detractors) / counts.n
    assert math.fabs(floored_nps(counts) - exact) < 1
