import pytest
from hypothesis import given
from hypothesis import strategies as st

from nps.metrics import (
    Category,
    Counts,
    classify,
    nps,
    nps_with_interval,
    one_sample_test,
    share_with_interval,
    two_sample_test,
    wald_margin,
)

counts_strategy = st.builds(Counts, st.integers(0, 5000), st.integers(0, 5000), st.integers(0, 5000))


@pytest.mark.parametrize(
    ("score", "category"),
    [
        (0, Category.DETRACTOR),
        (6, Category.DETRACTOR),
        (7, Category.PASSIVE),
        (8, Category.PASSIVE),
        (9, Category.PROMOTER),
        (10, Category.PROMOTER),
    ],
)
def test_scores_are_classified_at_the_standard_cut_points(score, category):
    assert classify(score) is category


@pytest.mark.parametrize("score", [-1, 11, 7.5, "9", None, True])
def test_anything_but_an_integer_from_0_to_10_is_refused(score):
    with pytest.raises(ValueError):
        classify(score)


@pytest.mark.parametrize(
    ("detractors", "passives", "promoters", "expected_nps", "expected_margin"),
    [(10, 6, 4, -30.0, 34.23), (2, 8, 10, 40.0, 29.07), (10, 30, 60, 50.0, 13.15), (15, 25, 60, 45.0, 14.50)],
)
def test_nps_and_wald_margin_match_published_worked_examples(
    detractors, passives, promoters, expected_nps, expected_margin
):
    counts = Counts(promoters=promoters, passives=passives, detractors=detractors)
    assert nps(counts) == pytest.approx(expected_nps)
    assert wald_margin(counts) == pytest.approx(expected_margin, abs=0.005)


def test_adjusted_wald_interval_matches_the_worked_example():
    interval = nps_with_interval(Counts(promoters=25, passives=15, detractors=10))
    assert interval.nps == pytest.approx(30.0)
    assert interval.centre == pytest.approx(28.3, abs=0.05)
    assert interval.margin == pytest.approx(21.0, abs=0.05)


def test_no_responses_give_no_score_rather_than_zero():
    empty = Counts()
    assert nps(empty) is None
    assert nps_with_interval(empty).low is None
    assert wald_margin(empty) is None
    assert two_sample_test(empty, Counts(5, 5, 5)).significant is False


def test_counts_from_scores_tally_each_category():
    assert Counts.from_scores([0, 6, 7, 8, 9, 10, 10]) == Counts(promoters=3, passives=2, detractors=2)


@given(counts_strategy)
def test_interval_stays_within_bounds_and_contains_its_centre(counts):
    interval = nps_with_interval(counts)
    if counts.n == 0:
        assert interval.nps is None
        return
    assert -100 <= interval.low <= interval.centre <= interval.high <= 100
    assert -100 <= interval.nps <= 100


def test_a_large_real_change_is_significant_and_a_small_one_is_not():
    before = Counts(promoters=300, passives=300, detractors=400)
    after = Counts(promoters=450, passives=300, detractors=250)
    assert two_sample_test(after, before).significant
    assert two_sample_test(after, before).direction == "significantly up"
    tiny_before = Counts(promoters=10, passives=10, detractors=10)
    tiny_after = Counts(promoters=12, passives=9, detractors=9)
    assert not two_sample_test(tiny_after, tiny_before).significant


@given(counts_strategy, counts_strategy)
def test_the_two_sample_test_is_symmetric(a, b):
    forward, backward = two_sample_test(a, b), two_sample_test(b, a)
    assert forward.significant == backward.significant
    if forward.delta is not None:
        assert forward.delta == pytest.approx(-backward.delta)


def test_one_sample_test_against_a_published_value():
    ours = Counts(promoters=600, passives=250, detractors=150)
    assert one_sample_test(ours, 20.0).direction == "significantly up"
    assert not one_sample_test(ours, 44.0).significant


def test_the_wilson_interval_matches_the_published_example_and_stays_inside_0_and_1():
    eight_of_ten = share_with_interval(8, 10)
    assert (round(eight_of_ten.low, 4), round(eight_of_ten.high, 4)) == (0.4902, 0.9433)
    none = share_with_interval(0, 5)
    assert none.low == 0.0 and 0 < none.high < 0.5
    assert share_with_interval(0, 0).share is None
