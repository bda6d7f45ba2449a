"""Charts drawn from Vega-Lite specs built once per view and shared by every session.

Building an Altair chart and turning it into a spec runs Altair's JSON-schema validation, ≈ 0.1–0.4 s of one
core per chart, under Streamlit's global Altair lock. When a meeting opens the same link, every viewer's run
paid that again for the same chart (bench/load.py: 5 sessions took 30 s to open the Overview). Specs are cached
by the chart function and its arguments, so the second viewer only sends them.

Hashing a chart's data frame by content costs Streamlit ≈ 5 ms of CPU per frame per run. A page whose frames all
come from cached reads passes `data_key` (`components.datasource.data_key` of what it read them with) instead:
the spec is then keyed by the function, that key and the other arguments' canonical text, and no frame is hashed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from components.cache_key import Unkeyable, key_text

Finish = Callable[[alt.TopLevelMixin], alt.TopLevelMixin]


def chart_spec(
    make: Callable[..., alt.TopLevelMixin],
    *args: Any,
    finish: Finish | None = None,
    data_key: str | None = None,
    **kwargs: Any,
) -> dict:
    """The spec of `make(*args, **kwargs)` (passed through `finish`, e.g. a slide's sizing) with its data as Arrow,
    exactly as `st.altair_chart` would send it: Streamlit's own conversion, so charts look and select the same.
    A fresh copy per call, since Streamlit takes the data out of the spec it is given.

    `data_key` says the data frames among the arguments are determined by it (see the module docstring); they
    are then left out of the key. Without it, or when another argument has no canonical text, Streamlit hashes
    every argument."""
    name = f"{make.__module__}.{make.__qualname__}"
    if finish is not None:
        name += f"|{finish.__module__}.{finish.__qualname__}"
    if data_key is not None:
        try:
            key = f"{name}|{data_key}|{key_text(_frames_named(args))}|{key_text(_frames_named(kwargs))}"
        except Unkeyable:
            pass
        else:
            return _keyed_spec(key, _make=make, _finish=finish, _args=args, _kwargs=kwargs)
    return _cached_spec(name, make, finish, args, kwargs)


def _frames_named(values: tuple | dict) -> tuple:
    """The arguments with each data frame replaced by its position: the frames are covered by the data key."""
    items = enumerate(values) if isinstance(values, tuple) else sorted(values.items())
    return tuple((place, "<data frame>" if isinstance(value, pd.DataFrame) else value) for place, value in items)


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_spec(
    name: str, _make: Callable[..., alt.TopLevelMixin], _finish: Finish | None, args: tuple, kwargs: dict
) -> dict:
    """Keyed by the functions' names (functions themselves are not hashable) and the arguments."""
    chart = _make(*args, **kwargs)
    return _convert_altair_to_vega_lite_spec(_finish(chart) if _finish else chart)


@st.cache_data(max_entries=512, show_spinner=False)
def _keyed_spec(
    key: str, *, _make: Callable[..., alt.TopLevelMixin], _finish: Finish | None, _args: tuple, _kwargs: dict
) -> dict:
    """Keyed by one string: the functions' names, the data key and the other arguments' canonical text."""
    chart = _make(*_args, **_kwargs)
    return _convert_altair_to_vega_lite_spec(_finish(chart) if _finish else chart)


def draw_chart(
    make: Callable[..., alt.TopLevelMixin],
    *args: Any,
    key: str | None = None,
    on_select: str = "ignore",
    height: str = "content",
    theme: str | None = "streamlit",
    finish: Finish | None = None,
    data_key: str | None = None,
    **kwargs: Any,
) -> Any:
    """`st.altair_chart(make(*args, **kwargs), width="stretch", …)` from the shared spec; with
    `on_select="rerun"` the selection state is returned as st.altair_chart returns it. `data_key`: see
    `chart_spec`."""
    return st.vega_lite_chart(
        spec=chart_spec(make, *args, finish=finish, data_key=data_key, **kwargs),
        width="stretch",
        height=height,  # type: ignore[arg-type]
        theme=theme,  # type: ignore[arg-type]
        key=key,
        on_select=on_select,  # type: ignore[arg-type]
    )
