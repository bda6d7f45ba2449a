"""The canonical text that keys cached reads and chart specs: equal only for equal values of the same types."""

from __future__ import annotations

import copy
import dataclasses
import enum
from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.cache_key import Unkeyable, key_text
from nps.filters import Filters


def test_values_python_calls_equal_but_a_read_tells_apart_get_different_texts():
    values = [True, 1, 1.0, "1", b"1", None, "None", date(2026, 1, 1), datetime(2026, 1, 1), (1,), [1], "(1,)"]
    assert len({key_text(value) for value in values}) == len(values)


def test_strings_that_look_like_the_separators_do_not_merge_two_values_into_one():
    assert key_text(("a", "b")) != key_text(("a,b",))
    assert key_text(("a'", "b")) != key_text(("a", "'b"))
    assert key_text({"a": "b,c"}) != key_text({"a,b": "c"})


def test_every_field_of_the_filters_is_in_the_text():
    base = Filters(start=date(2026, 1, 1), end=date(2026, 3, 31), include=(("region", ("Poland",)),))
    changed = {
        "start": date(2026, 1, 2),
        "end": None,
        "surveys": ("Onboarding",),
        "include": (("region", ("Poland", "DACH")),),
        "exclude": (("plan", ("Free",)),),
        "latest_per_respondent": True,
        "weighted": True,
    }
    assert set(changed) == {field.name for field in dataclasses.fields(Filters)}
    texts = {key_text(base)} | {key_text(dataclasses.replace(base, **{name: value})) for name, value in changed.items()}
    assert len(texts) == 1 + len(changed)
    assert key_text(base) == key_text(dataclasses.replace(base))


def test_sets_and_dicts_are_written_in_one_order():
    assert key_text({"b": 1, "a": 2}) == key_text({"a": 2, "b": 1})
    assert key_text(frozenset({"x", "y", "z"})) == key_text(frozenset({"z", "y", "x"}))


class Colour(enum.Enum):
    RED = 1
    GREEN = 2


def test_enum_members_and_durations():
    assert key_text(Colour.RED) != key_text(Colour.GREEN)
    assert key_text(timedelta(days=1)) != key_text(timedelta(days=2))


@dataclasses.dataclass(frozen=True)
class WithFrame:
    frame: pd.DataFrame


def test_a_data_frame_anywhere_has_no_canonical_text():
    with pytest.raises(Unkeyable):
        key_text(pd.DataFrame({"a": [1]}))
    with pytest.raises(Unkeyable):
        key_text(("ok", WithFrame(pd.DataFrame({"a": [1]}))))
    with pytest.raises(Unkeyable):
        key_text(object())


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.binary(max_size=3),
    st.dates(),
)
values = st.recursive(
    scalars, lambda inner: st.one_of(st.tuples(inner, inner), st.lists(inner, max_size=3)), max_leaves=6
)


def _typed(value: object) -> object:
    """The value with the type of every part, so `True`, `1` and `1.0` (equal in Python) compare different."""
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(_typed(item) for item in value))
    return (type(value).__name__, value)


@given(values, values)
def test_two_values_share_a_text_only_when_they_are_the_same_value_of_the_same_types(first, second):
    assert key_text(first) == key_text(copy.deepcopy(first))
    if key_text(first) == key_text(second):
        assert _typed(first) == _typed(second)
