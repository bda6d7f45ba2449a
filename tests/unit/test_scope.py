"""`scoped`: a scope narrows any view; a view asking only for what lies outside it selects nothing."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nps.filters import Filters
from nps.scope import NOTHING, Scope, ScopeError, scoped, selects_nothing

POLAND = Scope(segments=(("region", ("Poland",)),))


def test_an_unrestricted_scope_leaves_the_view_as_it_is():
    view = Filters(date(2026, 1, 1), date(2026, 3, 31), ("NPS",), (("plan", ("Pro",)),), latest_per_respondent=True)
    assert scoped(view, Scope()) is view


def test_a_segment_scope_is_added_to_a_view_without_that_attribute():
    view = Filters(surveys=("NPS",), include=(("plan", ("Pro",)),))
    assert scoped(view, POLAND) == Filters(surveys=("NPS",), include=(("plan", ("Pro",)), ("region", ("Poland",))))


def test_a_segment_scope_intersects_the_views_own_choice_of_that_attribute():
    view = Filters(include=(("region", ("Germany", "Poland")),))
    assert scoped(view, POLAND).include == (("region", ("Poland",)),)


def test_a_view_of_values_outside_the_scope_selects_nothing_not_everything():
    narrowed = scoped(Filters(include=(("region", ("Germany",)),)), POLAND)
    assert selects_nothing(narrowed)
    assert narrowed.start > narrowed.end


def test_surveys_are_intersected_and_an_empty_intersection_selects_nothing():
    scope = Scope(surveys=("NPS", "Support"))
    assert scoped(Filters(), scope).surveys == ("NPS", "Support")
    assert scoped(Filters(surveys=("Support", "Onboarding")), scope).surveys == ("Support",)
    assert selects_nothing(scoped(Filters(surveys=("Onboarding",)), scope))


def test_excludes_period_and_counting_choices_of_the_view_survive():
    view = Filters(date(2026, 1, 1), date(2026, 1, 31), exclude=(("plan", ("Free",)),), weighted=True)
    narrowed = scoped(view, POLAND)
    assert (narrowed.start, narrowed.end, narrowed.exclude, narrowed.weighted) == (
        view.start,
        view.end,
        view.exclude,
        True,
    )


def test_the_scope_of_nobody_selects_nothing():
    assert selects_nothing(scoped(Filters(), NOTHING))


def test_a_scope_is_normalised_and_round_trips_through_json():
    scope = Scope.of([" NPS ", "NPS"], [("region", ["Poland"]), ("region", ["Czechia", "Poland"])])
    assert scope == Scope(("NPS",), (("region", ("Poland", "Czechia")),))
    assert Scope.from_json(scope.as_json()) == scope
    with pytest.raises(ScopeError):
        Scope.of([], [("region", [])])


values = st.lists(st.sampled_from(["Poland", "Germany", "France", "Spain"]), unique=True, max_size=4)


@given(view_values=values, allowed=values.filter(bool), surveys=values, allowed_surveys=values)
def test_a_scoped_view_never_allows_a_value_or_survey_outside_the_scope(view_values, allowed, surveys, allowed_surveys):
    view = Filters(surveys=tuple(surveys), include=(("region", tuple(view_values)),) if view_values else ())
    scope = Scope(tuple(allowed_surveys), (("region", tuple(allowed)),))
    narrowed = scoped(view, scope)
    if selects_nothing(narrowed):
        return
    assert set(dict(narrowed.include)["region"]) <= set(allowed)
    if allowed_surveys:
        assert narrowed.surveys and set(narrowed.surveys) <= set(allowed_surveys)
