"""KeyIndex: the import's memory of keys met, checked against a plain dict."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from nps.importing.key_index import KeyIndex, key_hashes

batches = st.lists(st.lists(st.text(max_size=12), max_size=40), max_size=12)


@given(batches, st.lists(st.text(max_size=12), max_size=40))
def test_it_answers_as_a_dict_would_however_the_keys_arrive(chunks: list[list[str]], probes: list[str]) -> None:
    index, model = KeyIndex(), {}
    number = 0
    for chunk in chunks:
        new = list(dict.fromkeys(key for key in chunk if key not in model))
        found, numbers = index.get(chunk)
        assert found.tolist() == [key in model for key in chunk]
        assert numbers.tolist() == [model.get(key, 0) for key in chunk]
        index.add(new, range(number, number + len(new)))
        model.update(zip(new, range(number, number + len(new)), strict=True))
        number += len(new)
    found, numbers = index.get(probes)
    assert found.tolist() == [key in model for key in probes]
    assert numbers.tolist() == [model.get(key, 0) for key in probes]
    assert len(index) == len(model)


def test_keys_whose_first_halves_collide_are_told_apart_by_the_second() -> None:
    index = KeyIndex()
    same = np.array([5, 5, 7], dtype=np.uint64)
    index.add_hashed(same, np.array([1, 2, 3], dtype=np.uint64), np.array([10, 20, 30]))
    found, numbers = index.get_hashed(same, np.array([2, 1, 9], dtype=np.uint64))
    assert found.tolist() == [True, True, False]
    assert numbers.tolist() == [20, 10, 0]


def test_the_two_halves_are_independent_hashes() -> None:
    first, second = key_hashes(["id:R1", "id:R2"])
    assert first.dtype == second.dtype == np.uint64
    assert first.tolist() != second.tolist()
    assert key_hashes(["id:R1"])[0][0] == first[0]  # the same key hashes the same in every chunk
