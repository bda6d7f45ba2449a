"""Canonical text of the arguments of a cached read, so `st.cache_data` hashes one short string per call.

`st.cache_data` hashes every argument on every call: it walks a `Filters` dataclass field by field, hashes data
frames by content and looks up the function's signature once per positional argument. On the 1M store that was
about a third of a warm Overview run's CPU, paid by every viewer of a meeting in the app's one process
(docs/benchmarks.md). The values reads take (filters, names, dates, flags, tuples of them) have an exact
canonical text instead; anything else raises `Unkeyable` and the caller falls back to Streamlit's hashing.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime, time, timedelta
from decimal import Decimal

_SCALARS = (type(None), bool, int, float, str, bytes, date, datetime, time, timedelta, Decimal)


class Unkeyable(TypeError):
    """A value without a canonical text here (a data frame, an object): hash it the slow, general way."""


def key_text(value: object) -> str:
    """Equal texts for equal values of the supported types, different texts otherwise: every scalar is written
    with `repr` (which quotes strings and names the type of dates, `True` ≠ `1` ≠ `1.0`), containers with their
    type, dataclasses with their class and every field, in order."""
    kind = type(value)
    if kind in _SCALARS:
        return repr(value)
    if kind is tuple or kind is list:
        return f"{kind.__name__}({','.join(key_text(item) for item in value)})"  # type: ignore[union-attr]
    if kind is frozenset or kind is set:
        return f"{kind.__name__}({','.join(sorted(key_text(item) for item in value))})"  # type: ignore[union-attr]
    if kind is dict:
        items = sorted(f"{key_text(key)}:{key_text(item)}" for key, item in value.items())  # type: ignore[union-attr]
        return f"dict({','.join(items)})"
    if isinstance(value, enum.Enum):
        return f"{kind.__module__}.{kind.__qualname__}.{value.name}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(f"{field.name}={key_text(getattr(value, field.name))}" for field in dataclasses.fields(value))
        return f"{kind.__module__}.{kind.__qualname__}({fields})"
    raise Unkeyable(f"no canonical text for a {kind.__module__}.{kind.__qualname__}")
