"""Weighted NPS: sums of weights per category, Kish's effective n, intervals and tests computed on n_eff."""

import math

from hypothesis import given
from hypothesis import strategies as st

from nps.figures import describe_interval, is_small
from nps.metrics import Z_95, Counts, nps, nps_with_interval, two_sample_test

SCORES = [10, 9, 7, 3]
WEIGHTS = [2.0, 1.0, 1.0, 0.5]


def test_weighted_counts_sum_the_weights_of_each_category_and_their_squares():
    counts = Counts.from_scores(SCORES, WEIGHTS)
    assert (counts.promoters, counts.passives, counts.detractors) == (3.0, 1.0, 0.5)
    assert counts.n == 4.5
    assert counts.weight_squares == 4 + 1 + 1 + 0.25
    assert counts.n_eff == 4.5**2 / 6.25 == 3.24


def test_the_weighted_nps_and_its_interval_match_a_hand_computation():
    interval = nps_with_interval(Counts.from_scores(SCORES, WEIGHTS))
    assert interval.nps == 100 * (3 - 0.5) / 4.5
    # scaled to n_eff = 3.24: promoters 2.16, detractors 0.36; adjusted Wald adds 0.75 each and 3 to n
    p, d, n_adj = (2.16 + 0.75) / 6.24, (0.36 + 0.75) / 6.24, 6.24
    half = Z_95 * math.sqrt((p + d - (p - d) ** 2) / n_adj)
    assert math.isclose(interval.centre, 100 * (p - d), rel_tol=1e-12)
    assert math.isclose(interval.low, 100 * (p - d - half), rel_tol=1e-12)
    assert math.isclose(interval.high, 100 * (p - d + half), rel_tol=1e-12)
    assert (round(interval.low, 2), round(interval.high, 2)) == (-29.92, 87.61)


def test_a_weighted_figure_says_weighted_and_its_effective_n():
    counts = Counts.from_scores(SCORES, WEIGHTS)
    assert describe_interval(counts).endswith("· weighted, n_eff = 3.2")
    assert is_small(counts)
    assert describe_interval(Counts(3, 1, 1)).endswith("· n = 5")


def test_unequal_weights_widen_the_interval_of_the_same_shares():
    plain = nps_with_interval(Counts(300, 100, 50))
    weighted = nps_with_interval(Counts.from_scores([10] * 300 + [8] * 100 + [0] * 50, [1, 3] * 225))
    assert weighted.nps == plain.nps
    assert weighted.margin > plain.margin


def test_a_segment_against_the_rest_subtracts_the_squares_too():
    total = Counts.from_scores([10, 10, 0, 8], [1, 2, 3, 4])
    segment = Counts.from_scores([10, 0], [1, 3])
    rest = total - segment
    assert rest == Counts.from_scores([10, 8], [2, 4])


@given(
    scores=st.lists(st.integers(0, 10), min_size=1, max_size=200),
    weight=st.floats(0.01, 100, allow_nan=False, allow_infinity=False),
)
def test_equal_weights_give_the_unweighted_figures(scores, weight):
    plain = Counts.from_scores(scores)
    weighted = Counts.from_scores(scores, [weight] * len(scores))
    assert math.isclose(weighted.n_eff, plain.n, rel_tol=1e-9)
    a, b = nps_with_interval(plain), nps_with_interval(weighted)
    for exact, approximate in [(a.nps, b.nps), (a.low, b.low), (a.high, b.high), (a.centre, b.centre)]:
        assert math.isclose(exact, approximate, rel_tol=1e-9, abs_tol=1e-9)


@given(scores=st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_weights_of_one_give_exactly_the_unweighted_figures(scores):
    plain = Counts.from_scores(scores)
    weighted = Counts.from_scores(scores, [1] * len(scores))
    assert weighted.n_eff == plain.n
    assert nps(weighted) == nps(plain)
    a, b = nps_with_interval(plain), nps_with_interval(weighted)
    assert (a.low, a.high, a.centre) == (b.low, b.high, b.centre)
    other = Counts(5, 5, 5)
    assert two_sample_test(weighted, other) == two_sample_test(plain, other)
