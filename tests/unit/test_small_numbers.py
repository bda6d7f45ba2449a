"""Honest small numbers: below the minimum n nothing is tested, and an interval says where its centre is."""

from nps.figures import DEFAULT_MINIMUM_N, describe_interval, is_small
from nps.metrics import Counts, two_sample_test
from nps.significance import segments_vs_rest

BIG = Counts(400, 300, 300)


def test_one_promoter_is_never_called_significantly_above_the_rest():
    """The finding: "de (n = 1) +100.0 … above the rest, p = 0.003 (Holm)"."""
    results = {r.key: r for r in segments_vs_rest({"de": Counts(1, 0, 0), "pl": BIG, "en": BIG})}
    de = results["de"]
    assert not de.significant
    assert de.adjusted_p is None
    assert de.too_small
    assert de.marker == f"too few responses to test (n < {DEFAULT_MINIMUM_N})"


def test_segments_at_the_minimum_are_still_tested_and_corrected_among_themselves_only():
    groups = {"tiny": Counts(5, 0, 0), "good": Counts(300, 100, 100), "bad": Counts(100, 100, 300)}
    results = {r.key: r for r in segments_vs_rest(groups, minimum_n=30)}
    assert results["good"].significant and results["bad"].significant
    assert results["tiny"].adjusted_p is None
    smallest = min((results["good"], results["bad"]), key=lambda r: r.vs_rest.p_value)
    assert smallest.adjusted_p == 2 * smallest.vs_rest.p_value  # two segments tested, not three


def test_a_change_between_periods_is_not_tested_when_either_side_is_below_the_minimum():
    difference = two_sample_test(Counts(10, 0, 0), BIG, minimum_n=30)
    assert difference.delta is not None
    assert difference.p_value is None
    assert not difference.significant
    assert difference.too_small


def test_the_minimum_is_a_parameter():
    assert is_small(Counts(10, 5, 5), minimum_n=30)
    assert not is_small(Counts(10, 5, 5), minimum_n=20)


def test_an_interval_whose_centre_is_adjusted_away_from_the_observed_nps_says_so():
    text = describe_interval(Counts(1, 0, 0))
    assert "centred on the adjusted estimate +25.0" in text
    assert "observed +100.0" in text
    assert "adjusted" not in describe_interval(BIG)
