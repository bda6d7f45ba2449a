"""The keys an import has met (dedup keys, profile keys), each with a number, as 128-bit hashes in sorted runs.

A dict of ten million key strings took about 1.3 GB of an import's memory; this takes 24 bytes a key. A key
is two independent 64-bit SipHashes (pandas' `hash_array`); two different keys share an entry only if both
collide, about 1e-25 for ten million keys — the same bet the `fp:` fingerprints of rows without an id make.
Runs are merged as they grow (sizes roughly halve from the first), so a lookup searches a few sorted arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

_HASH_KEYS = ("nps-key-index-01", "nps-key-index-02")
"""Two 16-character SipHash keys: the two halves of each key's 128-bit hash."""


def key_hashes(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The two 64-bit halves of each key's hash."""
    values = np.asarray(keys, dtype=object)
    return tuple(pd.util.hash_array(values, hash_key=key, categorize=False) for key in _HASH_KEYS)  # type: ignore[return-value]


class KeyIndex:
    """Key → number, for keys that are only ever added once (callers look up before they add)."""

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, keys: Sequence[str], values: Iterable[int]) -> None:
        self.add_hashed(*key_hashes(keys), np.fromiter(values, dtype=np.int64, count=len(keys)))

    def add_hashed(self, first: np.ndarray, second: np.ndarray, values: np.ndarray) -> None:
        if not len(first):
            return
        order = np.argsort(first, kind="stable")
        self._runs.append((first[order], second[order], np.asarray(values, dtype=np.int64)[order]))
        self._size += len(first)
        while len(self._runs) > 1 and len(self._runs[-2][0]) <= 2 * len(self._runs[-1][0]):
            newer, older = self._runs.pop(), self._runs.pop()
            self._runs.append(_merged(older, newer))

    def get(self, keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(found, number) per key; the number is 0 where not found."""
        return self.get_hashed(*key_hashes(keys))

    def get_hashed(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        found = np.zeros(len(first), dtype=bool)
        numbers = np.zeros(len(first), dtype=np.int64)
        for run_first, run_second, run_values in self._runs:
            positions = np.searchsorted(run_first, first)
            inside = np.flatnonzero((positions < len(run_first)) & ~found)
            hits = inside[run_first[positions[inside]] == first[inside]]
            exact = run_second[positions[hits]] == second[hits]
            found[hits[exact]], numbers[hits[exact]] = True, run_values[positions[hits[exact]]]
            for index in hits[~exact]:  # the first halves collide: look at the neighbours with the same one
                position = positions[index] + 1
                while position < len(run_first) and run_first[position] == first[index]:
                    if run_second[position] == second[index]:
                        found[index], numbers[index] = True, run_values[position]
                        break
                    position += 1
        return found, numbers


def _merged(
    older: tuple[np.ndarray, np.ndarray, np.ndarray], newer: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two sorted runs as one, each entry placed once (sorting the concatenation held three copies of both)."""
    size = len(older[0]) + len(newer[0])
    places = np.searchsorted(older[0], newer[0], side="right") + np.arange(len(newer[0]))
    rest = np.ones(size, dtype=bool)
    rest[places] = False
    merged = []
    for old, new in zip(older, newer, strict=True):
        values = np.empty(size, dtype=old.dtype)
        values[places], values[rest] = new, old
        merged.append(values)
    return merged[0], merged[1], merged[2]
