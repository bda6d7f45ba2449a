"""The only home of st.cache_*: one engine per database URL, cached reads keyed by (read, arguments, data version).

Every `load_*` below is an `nps` read (a function taking `engine=`) wrapped by `cached_read`. The data version is
read once per script run (`data_version`), so one page run costs one version query however many figures it
draws; `write` runs an `nps` unit of work and lets the rest of the run see what it wrote.

This is also where a restricted user's scope is enforced: every `cached_read` and `prepared_read` narrows each
`Filters` argument with the signed-in user's scope as the store holds it (`nps.scope.scoped`), so no page can
forget it. A read that takes no `Filters` must be listed in UNSCOPED_READS with the reason it shows no response
data; wrapping any other read fails at import.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.cache_key import Unkeyable, key_text
from components.upload_batch_table import batches_frame
from nps import (
    analysis,
    attributes,
    closed_loop,
    comment_summary,
    comments,
    counting,
    followups,
    goals,
    invitations,
    pii,
    queries,
    store,
)
from nps.benchmarks import StoredBenchmark, stored_benchmarks
from nps.db import database_url, open_store
from nps.filters import Filters
from nps.response_export import export_rows
from nps.scope import Scope, scoped, user_scope

P = ParamSpec("P")
R = TypeVar("R")
READ_TTL_SECONDS = 600
READ_MAX_ENTRIES = 1024


@st.cache_resource(max_entries=4)
def _engine_for(url: str) -> Engine:
    """Raises StoreUnavailable (not cached, so the next page load tries again) when the store cannot be used."""
    return open_store(url)


def get_engine() -> Engine:
    """The engine for DATABASE_URL (read on every call, so tests can point pages at their own store)."""
    return _engine_for(database_url())


class _RunValues(threading.local):
    """What `once_per_run` remembered, per thread: Streamlit runs each session's script in a thread of its own,
    so a thread-local is as private as session state and costs a fraction of a session-state lookup (the
    language alone is asked a few hundred times per run)."""

    cursors: object = None
    values: dict[tuple[str, Hashable], Any] | None = None


_run_values = _RunValues()


def once_per_run(name: str, key: Hashable, compute: Callable[[], R]) -> R:
    """`compute()` once per script run (and fragment run) for the same (`name`, `key`); later calls in the run get
    the same value. For what costs a query or a header lookup and cannot change while a run draws (the data
    version, the signed-in user's role and scope, the interface language) but is asked for many times per run.

    A run is recognised by the cursor map Streamlit replaces at the start of every run (and fragment run).
    Outside a script run (plain Python) `compute()` runs on every call. `write` forgets everything remembered
    in the run.
    """
    run = get_script_run_ctx()
    if run is None:
        return compute()
    memo = _run_values
    if memo.cursors is not run.cursors or memo.values is None:
        memo.cursors, memo.values = run.cursors, {}
    values = memo.values
    if (name, key) not in values:
        values[(name, key)] = compute()
    return values[(name, key)]


def forget_run_values() -> None:
    """Drop what `once_per_run` remembered in this run: the next call computes again (after a write, a sign-out
    or a language change in the middle of a run)."""
    _run_values.cursors, _run_values.values = None, None


def data_version() -> int:
    """The store's data version as this script run first saw it: one query per run, shared by every read."""
    url = database_url()
    return once_per_run("data_version", url, lambda: store.data_version(engine=_engine_for(url)))


def write(unit_of_work: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run an `nps` unit of work (it opens and commits its own transaction) on the app's store.

    Reads later in the same run see the write: the run's data-version snapshot is dropped.
    """
    try:
        return unit_of_work(*args, engine=get_engine(), **kwargs)
    finally:
        forget_run_values()


@st.cache_data(ttl=READ_TTL_SECONDS, max_entries=READ_MAX_ENTRIES, show_spinner=False)
def _cached(read_name: str, _read: Callable, args: tuple, kwargs: tuple, url: str, version: int) -> Any:
    """One cache for every read whose arguments have no canonical text (Streamlit hashes them); `read_name`
    stands for the (unhashed) function in the key."""
    return _read(*args, engine=_engine_for(url), **dict(kwargs))


@st.cache_data(ttl=READ_TTL_SECONDS, max_entries=READ_MAX_ENTRIES, show_spinner=False)
def _cached_by_key(key: str, *, _read: Callable, _args: tuple, _kwargs: tuple, _url: str) -> Any:
    """One cache for every read, keyed by one string: the read's name, its arguments' canonical text, the
    database URL and the data version (`read_key`). Streamlit hashes only `key`."""
    return _read(*_args, engine=_engine_for(_url), **dict(_kwargs))


def read_key(read_name: str, args: tuple, kwargs: tuple, url: str, version: int) -> str:
    """The cache key of one read; raises `Unkeyable` when an argument has no canonical text."""
    return f"{read_name}|{key_text(args)}|{key_text(kwargs)}|{url}|{version}"


def _cached_read(read_name: str, read: Callable, args: tuple, kwargs: tuple) -> Any:
    url, version = database_url(), data_version()
    try:
        key = read_key(read_name, args, kwargs, url, version)
    except Unkeyable:
        return _cached(read_name, read, args, kwargs, url, version)
    return _cached_by_key(key, _read=read, _args=args, _kwargs=kwargs, _url=url)


@st.cache_data(ttl=READ_TTL_SECONDS, max_entries=256, show_spinner=False)
def _derived(key: str, *, _compute: Callable[[], Any]) -> Any:
    return _compute()


def derived(key: str, compute: Callable[[], R]) -> R:
    """`compute()` (which works a page's figures out of cached reads) cached under `key`, a `data_key` naming
    everything the figures depend on: the second viewer of a view gets a copy instead of redoing the reads and
    the statistics."""
    return _derived(key, _compute=compute)


def data_key(*parts: object) -> str:
    """A key for values worked out from cached reads of `parts` (filters, period, attribute …): equal for the same
    store, data version, signed-in user's scope and parts. For caches of what a page derives from those reads
    (chart specs) without hashing the derived frames. Raises `Unkeyable` for a part without a canonical text."""
    return key_text((database_url(), data_version(), current_scope(), parts))


def _signed_in_username() -> str | None:
    if st.session_state.get("authentication_status") is not True:
        return None
    return st.session_state.get("username")


def current_scope() -> Scope:
    """What the signed-in user may read, as the store says now (a scope change bumps the data version); nothing at
    all when nobody is signed in. Outside a script run (plain Python: tests, scripts holding the engine anyway)
    there is no user, and no restriction."""
    if get_script_run_ctx() is None:
        return Scope()
    username = _signed_in_username()
    return once_per_run("scope", username, lambda: _cached_read("nps.scope.user_scope", user_scope, (username,), ()))


def filters_parameters(read: Callable) -> tuple[str, ...]:
    """The parameters of `read` that take a `Filters` (annotated so): the ones a scope narrows."""
    return tuple(
        name
        for name, parameter in inspect.signature(read).parameters.items()
        if parameter.annotation in (Filters, "Filters")
    )


UNSCOPED_READS: dict[Callable, str] = {}
"""Reads that take no Filters, each with the reason it shows no response data a scope would hide."""


def _scoping(read: Callable) -> Callable[[tuple, dict], tuple[tuple, dict]]:
    """What narrows the arguments of `read`: each `Filters` argument scoped to the signed-in user."""
    names = filters_parameters(read)
    if not names and read not in UNSCOPED_READS:
        raise TypeError(
            f"{read.__qualname__} reads without a Filters parameter, so a restricted user's scope cannot reach it: "
            "give it `filters: Filters` (and narrow its query with counting.filtered_responses), or list it in "
            "UNSCOPED_READS with the reason it shows no response data"
        )
    signature = inspect.signature(read)

    def arguments(args: tuple, kwargs: dict) -> tuple[tuple, dict]:
        if not names:
            return args, kwargs
        bound = signature.bind_partial(*args, **kwargs)
        scope = current_scope()
        for name in names:
            given = bound.arguments.get(name, signature.parameters[name].default)
            if not isinstance(given, Filters):
                raise TypeError(f"{read.__qualname__} needs its {name} (a Filters) to apply the user's scope")
            bound.arguments[name] = scoped(given, scope)
        return bound.args, bound.kwargs

    return arguments


def prepared_read(read: Callable[P, R]) -> Callable[..., Callable[[], R]]:
    """`read(*args, engine=…, **kwargs)` as `prepare(*args, **kwargs)`, which narrows the arguments to the signed-in
    user's scope now and returns the read to run later, uncached: for files built when a download is clicked."""
    arguments = _scoping(read)

    @functools.wraps(read)
    def prepare(*args: Any, **kwargs: Any) -> Callable[[], R]:
        args, kwargs = arguments(args, kwargs)
        return functools.partial(read, *args, engine=get_engine(), **kwargs)

    prepare.filters_parameters = filters_parameters(read)  # type: ignore[attr-defined]
    return prepare


def prepared_cached_read(read: Callable[P, R]) -> Callable[..., Callable[[], R]]:
    """`read` as `prepare(*args, **kwargs)`, which narrows the arguments to the signed-in user's scope now and returns
    a zero-argument read through the same cache as `cached_read`, to run later: for what a download button builds
    when clicked. That runs outside any script run, where `current_scope` no longer knows the user and would not
    narrow anything."""
    read_name = f"{read.__module__}.{read.__qualname__}"
    arguments = _scoping(read)

    @functools.wraps(read)
    def prepare(*args: Any, **kwargs: Any) -> Callable[[], R]:
        args, kwargs = arguments(args, kwargs)
        items = tuple(sorted(kwargs.items()))
        return lambda: _cached_read(read_name, read, args, items)

    prepare.filters_parameters = filters_parameters(read)  # type: ignore[attr-defined]
    return prepare


def cached_read(read: Callable[P, R]) -> Callable[..., R]:
    """`read(*args, engine=…, **kwargs)` as a cached `load(*args, **kwargs)`, keyed by arguments and data version,
    its `Filters` narrowed to the signed-in user's scope."""
    read_name = f"{read.__module__}.{read.__qualname__}"
    arguments = _scoping(read)

    @functools.wraps(read)
    def load(*args: Any, **kwargs: Any) -> R:
        args, kwargs = arguments(args, kwargs)
        return _cached_read(read_name, read, args, tuple(sorted(kwargs.items())))

    load.filters_parameters = filters_parameters(read)  # type: ignore[attr-defined]
    return load


def _attributes(surveys: tuple[str, ...] = (), *, engine: Engine) -> dict[str, str]:
    """Attribute name → display label of the attributes offered for these surveys (all surveys when none)."""
    return attributes.offered_attributes(surveys, engine=engine)


def _import_batches(*, engine: Engine) -> pd.DataFrame:
    """The latest import batches (newest first) with their counts; `report_json` is left out."""
    return batches_frame(store.list_batches(engine=engine))


def _benchmarks(*, engine: Engine) -> tuple[StoredBenchmark, ...]:
    return stored_benchmarks(engine=engine)


def _comment_choices(
    filters: Filters, *, engine: Engine
) -> tuple[list[str], list[str], dict[int, tuple[str, list[str]]]]:
    """Languages and tags of the view's responses and the theme dictionary (id → name, keywords), for the
    explorer's filters."""
    return (
        comments.known_languages(filters, engine=engine),
        comments.known_tags(filters, engine=engine),
        analysis.theme_dictionary(engine=engine),
    )


UNSCOPED_READS.update(
    {
        _attributes: "attribute names only; their values come from load_attribute_values, which is scoped",
        _import_batches: "the Upload page's import list, for analysts, who are never scoped",
        _benchmarks: "published and entered benchmark figures, not responses",
        store.minimum_n: "a setting",
        followups.owner_names: "the usernames follow-ups can be assigned to",
        pii.comment_masking_for: "a setting",
        goals.list_goals: "target NPS values set by analysts, not responses; a view draws only the goal it matches",
        goals.list_events: "dated notes set by analysts (price change, release), not responses",
        analysis.theme_examples: "the theme dictionary's example phrases, not responses",
    }
)


load_summary = cached_read(counting.summary_counts)
load_counts_by = cached_read(counting.counts_by)
load_distribution = cached_read(counting.score_distribution)
load_comment_count = cached_read(counting.comment_count)
load_attribute_values = cached_read(queries.attribute_values_in)
"""The values of one attribute among the view's responses: pass the view's filters, or `Filters()` for all."""
load_attributes = cached_read(_attributes)
"""Attribute name → display label, hidden ones left out: pass the chosen surveys (none for every survey's)."""
load_surveys = cached_read(queries.surveys_in)
"""The survey names the user may choose: pass `Filters()`."""
load_date_bounds = cached_read(queries.date_bounds)
load_import_batches = cached_read(_import_batches)
load_benchmarks = cached_read(_benchmarks)
load_minimum_n = cached_read(store.minimum_n)
load_detractor_comments = cached_read(queries.detractor_comments)
load_comments_by_id = cached_read(queries.comments_by_id)
load_import_exclusions = cached_read(queries.import_exclusions)
load_comment_counts = cached_read(comments.count_comments)
load_comment_page = cached_read(comments.list_comments)
load_comment_choices = cached_read(_comment_choices)
load_theme_examples = cached_read(analysis.theme_examples)
"""Theme id → example phrases matched by meaning."""
load_theme_stats = cached_read(comments.theme_stats)
load_theme_trend = cached_read(comments.theme_trend)
load_phrase_suggestions = cached_read(comments.phrase_suggestions)
load_respondents = cached_read(comments.list_respondents)
load_respondent_count = cached_read(comments.count_respondents)
load_promoters = cached_read(comments.promoters_list)
load_follow_up_queue = cached_read(closed_loop.follow_up_queue)
"""Up to 200 follow-ups of the chosen part of the queue, earliest received first, and how many it has in all."""
load_closed_loop_figures = cached_read(closed_loop.closed_loop_figures)
load_response_rates = cached_read(invitations.response_rate_counts)
"""invited, delivered, responded: one row overall, or per segment value or period (`key`)."""
load_undelivered = cached_read(invitations.undelivered)
load_owner_names = cached_read(followups.owner_names)
load_comment_masking = cached_read(pii.comment_masking_for)
load_goals = cached_read(goals.list_goals)
load_events = cached_read(goals.list_events)
load_respondent_profile = cached_read(comments.respondent_profile)
"""One respondent's responses and follow-up history: pass `Filters()` for all the user may see."""
prepare_export_rows = prepared_read(export_rows)
"""The filtered responses as export chunks: scoped when the page draws, read when a download button is clicked."""
load_comment_summary = cached_read(comment_summary.summarise_comments)
prepare_comment_summary = prepared_cached_read(comment_summary.summarise_comments)
"""The view's comment summary for a report file: scoped when the page draws, read when the button is clicked."""
