"""Date presets, comparison periods, segment tests with Holm correction, the NPS change decomposition, URL state."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.filters import FilterChoices, choices_to_params, params_to_choices, resolve
from nps.decomposition import decompose_change
from nps.metrics import Counts, nps
from nps.periods import comparison_range, preset_range
from nps.significance import holm_adjust, segments_vs_rest

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("last_30", (date(2026, 10, 27), TODAY)),
        ("last_90", (date(2026, 8, 28), TODAY)),
        ("this_quarter", (date(2026, 10, 1), TODAY)),
        ("last_quarter", (date(2026, 7, 1), date(2026, 9, 30))),
        ("ytd", (date(2026, 1, 1), TODAY)),
        ("all", (None, None)),
    ],
)
def test_each_date_preset_covers_the_days_its_name_promises(preset, expected):
    assert preset_range(preset, TODAY) == expected


def test_last_quarter_in_january_is_the_previous_years_fourth_quarter():
    assert preset_range("last_quarter", date(2027, 1, 15)) == (date(2026, 10, 1), date(2026, 12, 31))


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    assert comparison_range(date(2026, 11, 1), date(2026, 11, 10), "previous") == (
        date(2026, 10, 22),
        date(2026, 10, 31),
    )


def test_a_quarter_is_compared_with_the_previous_calendar_quarter():
    assert comparison_range(date(2026, 7, 1), date(2026, 9, 30), "previous", preset="last_quarter") == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert comparison_range(date(2026, 10, 1), TODAY, "previous", preset="this_quarter") == (
        date(2026, 7, 1),
        date(2026, 8, 25),
    )


def test_the_same_period_last_year_maps_29_february_to_28_february():
    assert comparison_range(date(2028, 2, 1), date(2028, 2, 29), "last_year") == (date(2027, 2, 1), date(2027, 2, 28))


def test_an_open_range_or_no_comparison_has_nothing_to_compare_with():
    assert comparison_range(None, None, "previous") is None
    assert comparison_range(date(2026, 1, 1), date(2026, 1, 31), "none") is None


def test_holm_adjustment_matches_the_textbook_example():
    adjusted = holm_adjust([0.01, 0.04, 0.03, 0.005])
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])


@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=20))
def test_holm_never_makes_a_p_value_smaller_and_never_exceeds_one(p_values):
    adjusted = holm_adjust(p_values)
    assert all(p <= a <= 1 for p, a in zip(p_values, adjusted, strict=True))


def test_a_segment_is_marked_only_when_it_differs_from_the_rest_after_correction():
    groups = {
        "Enterprise": Counts(300, 100, 100),
        "Free": Counts(100, 100, 300),
        "Pro": Counts(200, 100, 200),
        "Starter": Counts(210, 100, 190),
    }
    results = {r.key: r for r in segments_vs_rest(groups)}
    assert results["Enterprise"].marker == "above the rest"
    assert results["Free"].marker == "below the rest"
    assert not results["Starter"].significant
    assert all(r.adjusted_p >= r.vs_rest.p_value for r in results.values())


def test_a_borderline_segment_loses_its_marker_once_many_segments_are_tested():
    """Same segment, same rest: only the number of segments tested changes, and with it the correction."""
    borderline = Counts(140, 40, 80)
    two = segments_vs_rest({"A": borderline, "rest": Counts(1200, 720, 960)})
    thirteen = segments_vs_rest({"A": borderline, **{f"S{i}": Counts(100, 60, 80) for i in range(12)}})
    assert two[0].vs_rest.p_value == pytest.approx(thirteen[0].vs_rest.p_value)
    assert two[0].vs_rest.p_value < 0.05
    assert two[0].significant
    assert not thirteen[0].significant


counts_strategy = st.builds(Counts, st.integers(0, 200), st.integers(0, 200), st.integers(0, 200))


@given(
    st.dictionaries(st.sampled_from("ABCDE"), counts_strategy, min_size=1),
    st.dictionaries(st.sampled_from("ABCDE"), counts_strategy, min_size=1),
)
def test_mix_and_within_add_up_exactly_to_the_change_in_nps(before, after):
    result = decompose_change(before, after)
    total_before, total_after = sum(before.values(), Counts()), sum(after.values(), Counts())
    if total_before.n == 0 or total_after.n == 0:
        assert result is None
        return
    assert result.change == pytest.approx(nps(total_after) - nps(total_before))
    assert result.mix + result.within == pytest.approx(result.change, abs=1e-9)


def test_a_segment_that_only_grew_moves_nps_by_mix_and_not_within():
    before = {"good": Counts(50, 0, 0), "bad": Counts(0, 0, 50)}
    after = {"good": Counts(75, 0, 0), "bad": Counts(0, 0, 25)}
    result = decompose_change(before, after)
    assert result.change == pytest.approx(50.0)
    assert result.within == pytest.approx(0.0)
    assert result.mix == pytest.approx(50.0)


def test_a_segment_whose_score_moved_at_constant_size_moves_nps_within():
    before = {"a": Counts(50, 0, 50), "b": Counts(50, 0, 50)}
    after = {"a": Counts(100, 0, 0), "b": Counts(50, 0, 50)}
    result = decompose_change(before, after)
    shifts = {s.key: s for s in result.segments}
    assert shifts["a"].within == pytest.approx(50.0)
    assert result.mix == pytest.approx(0.0)


def test_filter_choices_survive_a_round_trip_through_the_url():
    choices = FilterChoices(
        preset="custom",
        start=date(2026, 7, 1),
        end=date(2026, 9, 30),
        surveys=("Relationship NPS", "Onboarding"),
        include=(("region", ("Poland", "DACH")),),
        exclude=(("plan", ("Free",)),),
        comparison="last_year",
        latest_per_respondent=True,
    )
    assert params_to_choices(choices_to_params(choices)) == choices


def test_the_default_view_leaves_the_url_empty_and_a_broken_url_falls_back_to_defaults():
    assert choices_to_params(FilterChoices()) == {}
    broken = params_to_choices({"period": ["custom"], "from": ["yesterday"], "compare": ["never"]})
    assert broken == FilterChoices()


def test_a_resolved_view_compares_last_quarter_with_the_quarter_before():
    view = resolve(FilterChoices(preset="last_quarter", include=(("region", ("Poland",)),)), TODAY)
    assert (view.filters.start, view.filters.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert (view.comparison.start, view.comparison.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert view.comparison.include == (("region", ("Poland",)),)
    assert view.comparison_label == "previous period (2026-04-01 to 2026-06-30)"
