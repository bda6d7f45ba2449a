"""The global filter sidebar: widgets of app.py, kept in the URL so a copied link restores the same view.

The user's choices (a preset, not its dates) are what the URL holds, so "last 90 days" stays relative.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

import streamlit as st

from components.datasource import (
    current_scope,
    load_attribute_values,
    load_attributes,
    load_date_bounds,
    load_surveys,
)
from components.i18n import _
from components.markdown_text import escape_markdown
from nps.display_text import neutralise_bidi
from nps.filters import LANGUAGE_ATTRIBUTE, Filters
from nps.periods import COMPARISONS, PRESETS, comparison_range, preset_range
from nps.url_values import EARLIEST_DAY, LATEST_DAY, clamp_day, parse_day

VIEW_KEY = "global_view"
_SAVED_KEY = "filter_choices_saved"
_RESEED_KEY = "filter_widgets_reseed"
_SIMPLE_PARAMS = ("period", "from", "to", "survey", "compare", "dedup", "weighted")
_INCLUDE, _EXCLUDE = "in:", "ex:"
_FILTER_WIDGET_PREFIXES = ("filter_preset", "filter_dates", "filter_surveys", "filter_attr_", "filter_mode_")
_FILTER_WIDGET_PREFIXES += ("filter_compare", "filter_dedup", "filter_weighted")


@dataclass(frozen=True)
class FilterChoices:
    """What the person chose in the sidebar; `start`/`end` only matter for the custom preset."""

    preset: str = "all"
    start: date | None = None
    end: date | None = None
    surveys: tuple[str, ...] = ()
    include: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[tuple[str, tuple[str, ...]], ...] = ()
    comparison: str = "previous"
    latest_per_respondent: bool = False
    weighted: bool = False


@dataclass(frozen=True)
class View:
    """The choices resolved to dates: the filters every figure uses and the period it is compared with."""

    choices: FilterChoices = field(default_factory=FilterChoices)
    filters: Filters = field(default_factory=Filters)
    comparison: Filters | None = None
    restriction: str = ""
    """What an administrator restricted the signed-in user to (the reads apply it), in words; "" for no restriction."""

    @property
    def comparison_label(self) -> str | None:
        if self.comparison is None:
            return None
        return f"{self.comparison_name} ({range_text(self.comparison.start, self.comparison.end)})"

    @property
    def comparison_name(self) -> str | None:
        if self.comparison is None:
            return None
        return _("previous period") if self.choices.comparison == "previous" else _("same period last year")

    def period_text(self) -> str:
        """The period in words, in the interface language: `Last 90 days (2026-01-01 to 2026-03-31)`."""
        preset = self.choices.preset
        name = _(PRESETS[preset]) if preset in PRESETS else preset
        return f"{name} ({range_text(self.filters.start, self.filters.end)})"

    def describe_lines(self, *, comparison: bool = True) -> list[str]:
        """The view in words, one fact a line, in the interface language: for captions, the method panel and
        chart downloads; the period compared with last, and only when `comparison` is asked."""
        f = self.filters
        lines = [
            _("Period: {period}").format(period=self.period_text()),
            _("Surveys: {surveys}").format(surveys=", ".join(f.surveys) if f.surveys else _("all")),
            *self._segment_lines(),
        ]
        if self.restriction:
            lines.append(_("Your access is restricted to: {restriction}").format(restriction=self.restriction))
        lines.append(
            _("Responses counted: each respondent's latest in the period")
            if f.latest_per_respondent
            else _("Responses counted: all (a respondent who answered twice counts twice)")
        )
        if f.weighted:
            lines.append(_("Weighted: response weights summed; intervals and tests use the effective n (Kish)"))
        if comparison:
            lines.append(_("Compared with: {comparison}").format(comparison=self._comparison_text()))
        return lines

    def _comparison_text(self) -> str:
        if self.comparison is None:
            return _("nothing (choose a bounded period to compare)")
        dates = range_text(self.comparison.start, self.comparison.end)
        if self.choices.comparison == "previous":
            return _("previous period of equal length ({range})").format(range=dates)
        return _("same period last year ({range})").format(range=dates)

    def scope_lines(self) -> list[str]:
        """Only what narrows the responses beyond the period (surveys, segments): empty for the whole company."""
        surveys = (
            [_("Surveys: {surveys}").format(surveys=", ".join(self.filters.surveys))] if self.filters.surveys else []
        )
        restricted = (
            [_("Restricted to: {restriction}").format(restriction=self.restriction)] if self.restriction else []
        )
        return surveys + self._segment_lines() + restricted

    def _segment_lines(self) -> list[str]:
        f = self.filters
        lines = [
            _("{attribute}: only {values}").format(attribute=name, values=", ".join(values))
            for name, values in f.include
        ]
        return lines + [
            _("{attribute}: all except {values}").format(attribute=name, values=", ".join(values))
            for name, values in f.exclude
        ]


def _restriction() -> str:
    scope = current_scope()
    return scope.describe() if scope.restricted else ""


def _today() -> date:
    return datetime.now(UTC).date()


def resolve(choices: FilterChoices, today: date, restriction: str = "") -> View:
    if choices.preset == "custom":
        start, end = choices.start, choices.end
    else:
        start, end = preset_range(choices.preset, today)
    filters = Filters(
        start=start,
        end=end,
        surveys=choices.surveys,
        include=choices.include,
        exclude=choices.exclude,
        latest_per_respondent=choices.latest_per_respondent,
        weighted=choices.weighted,
    )
    period = comparison_range(start, end, choices.comparison, preset=choices.preset)
    comparison = filters.with_period(*period) if period else None
    return View(choices=choices, filters=filters, comparison=comparison, restriction=restriction)


def pinned(choices: FilterChoices, today: date) -> FilterChoices:
    """A relative period (last 90 days) as the dates it means today, so a link shows the same window tomorrow."""
    if choices.preset in ("all", "custom"):
        return choices
    start, end = preset_range(choices.preset, today)
    return replace(choices, preset="custom", start=start, end=end)


def _pin_dates(choices: FilterChoices, today: date) -> None:
    """Button callback: switch the period widgets to the custom range the preset stands for."""
    fixed = pinned(choices, today)
    st.session_state["filter_preset"] = "custom"
    st.session_state["filter_dates"] = (fixed.start, fixed.end)


def choices_to_params(choices: FilterChoices) -> dict[str, list[str]]:
    """Only what differs from the defaults goes into the URL; repeated keys carry several values."""
    params: dict[str, list[str]] = {}
    if choices.preset != "all":
        params["period"] = [choices.preset]
    if choices.preset == "custom":
        if choices.start:
            params["from"] = [choices.start.isoformat()]
        if choices.end:
            params["to"] = [choices.end.isoformat()]
    if choices.surveys:
        params["survey"] = list(choices.surveys)
    for name, values in choices.include:
        params[_INCLUDE + name] = list(values)
    for name, values in choices.exclude:
        params[_EXCLUDE + name] = list(values)
    if choices.comparison != "previous":
        params["compare"] = [choices.comparison]
    if choices.latest_per_respondent:
        params["dedup"] = ["latest"]
    if choices.weighted:
        params["weighted"] = ["1"]
    return params


def params_to_choices(params: Mapping[str, list[str]]) -> FilterChoices:
    """Read a URL leniently: an unknown or malformed value falls back to its default instead of failing."""

    def first(key: str) -> str | None:
        values = params.get(key) or []
        return values[0] if values else None

    preset = first("period") or "all"
    if preset not in PRESETS:
        preset = "all"
    start, end = parse_day(first("from")), parse_day(first("to"))
    if preset == "custom" and (start is None or end is None or start > end):
        preset, start, end = "all", None, None
    comparison = first("compare") or "previous"
    include = tuple(
        (key.removeprefix(_INCLUDE), tuple(values))
        for key, values in params.items()
        if key.startswith(_INCLUDE) and values
    )
    exclude = tuple(
        (key.removeprefix(_EXCLUDE), tuple(values))
        for key, values in params.items()
        if key.startswith(_EXCLUDE) and values
    )
    return FilterChoices(
        preset=preset,
        start=start if preset == "custom" else None,
        end=end if preset == "custom" else None,
        surveys=tuple(params.get("survey") or ()),
        include=include,
        exclude=exclude,
        comparison=comparison if comparison in COMPARISONS else "previous",
        latest_per_respondent=first("dedup") == "latest",
        weighted=first("weighted") == "1",
    )


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def is_filter_param(key: str) -> bool:
    """A URL key the filter sidebar owns (every page shares it), as opposed to a page's own."""
    return key in _SIMPLE_PARAMS or key.startswith((_INCLUDE, _EXCLUDE))


def _write_url(choices: FilterChoices) -> None:
    """Update only the filter keys of the URL (pages keep theirs), and only when something changed."""
    wanted = choices_to_params(choices)
    current = {key: values for key, values in _url_params().items() if is_filter_param(key)}
    if current == wanted:
        return
    for key in set(current) - set(wanted):
        del st.query_params[key]
    for key, values in wanted.items():
        if current.get(key) != values:
            st.query_params[key] = values if len(values) > 1 else values[0]


def current_view() -> View:
    """The view app.py's sidebar set in this run; a page run on its own reads the URL instead."""
    view = st.session_state.get(VIEW_KEY)
    if isinstance(view, View):
        return view
    return resolve(params_to_choices(_url_params()), _today(), _restriction())


def view_params() -> dict[str, list[str]]:
    """The current view's filters as query parameters, for a link to another page that keeps them."""
    return choices_to_params(current_view().choices)


def current_filters() -> Filters:
    return current_view().filters


def render_view_caption(*, comparison: bool = False) -> None:
    """The filters in words under a page title, one fact per part, so a screenshot says what it shows."""
    lines = current_view().describe_lines(comparison=comparison)
    st.caption(" · ".join(escape_markdown(line) for line in lines))


def apply_choices(choices: FilterChoices) -> None:
    """Make `choices` the sidebar's filters from the next run on (a drill-through narrows them, "back" restores
    them). The widgets are set afresh at the start of that run: a default alone would not reach the browser,
    which keeps showing (and sends back on the next click) the value it had."""
    st.session_state[_SAVED_KEY] = choices
    st.session_state[_RESEED_KEY] = True
    for key in [k for k in st.session_state if str(k).startswith(_FILTER_WIDGET_PREFIXES)]:
        del st.session_state[key]
    st.session_state[VIEW_KEY] = resolve(choices, _today(), _restriction())


def _set_widgets(choices: FilterChoices, attributes: list[str], surveys: list[str]) -> None:
    """The sidebar widgets' values for `choices`, written before the widgets are drawn in this run."""
    state = st.session_state
    state["filter_preset"] = choices.preset
    if choices.preset == "custom" and choices.start and choices.end:
        state["filter_dates"] = (clamp_day(choices.start), clamp_day(choices.end))
    state["filter_surveys"] = [name for name in choices.surveys if name in surveys]
    chosen = {name: ("Include", values) for name, values in choices.include}
    chosen |= {name: ("Exclude", values) for name, values in choices.exclude}
    for name in attributes:
        mode, values = chosen.get(name, ("Include", ()))
        known = load_attribute_values(name, Filters())
        state[f"filter_attr_{name}"] = [value for value in values if value in known]
        if values:
            state[f"filter_mode_{name}"] = mode
    state["filter_compare"] = choices.comparison
    state["filter_dedup"] = choices.latest_per_respondent
    state["filter_weighted"] = choices.weighted


def remember_link_filters() -> None:
    """Keep the filters of the address a session opened with, before anything can interrupt the run.

    Called at the top of app.py: a click on another page during the first signed-in run would otherwise
    land on a URL Streamlit has cleared, and the shared view would fall back to defaults.
    """
    if not isinstance(st.session_state.get(_SAVED_KEY), FilterChoices):
        st.session_state[_SAVED_KEY] = params_to_choices(_url_params())


def _remembered(key: str, fallback: object) -> object:
    """A widget's own value when Streamlit still has it, else the value remembered from the last run (or link)."""
    value = st.session_state.get(key)
    return fallback if value is None else value


def range_text(start: date | None, end: date | None) -> str:
    """A date range in words, in the interface language."""
    if start is None and end is None:
        return _("all dates")
    return _("{start} to {end}").format(start=start or _("first response"), end=end or _("latest response"))


def attribute_title(name: str) -> str:
    """A segment attribute's name where it stands alone (an option, a column header): a lower-case export
    header such as `region` capitalised, any other left as written."""
    if name == LANGUAGE_ATTRIBUTE:
        return _("Comment language")
    return name[:1].upper() + name[1:] if name.islower() else name


def attribute_label(name: str) -> str:
    """The same as a widget label, which Streamlit reads as markdown: made inert (it comes from an export)."""
    return escape_markdown(attribute_title(name))


def _remembered_selectbox(label: str, choices: Mapping[str, str], *, key: str, fallback: str) -> str:
    """A selectbox over `choices` (value → label) whose default is its remembered value."""
    options = list(choices)
    value = _remembered(key, fallback)
    index = options.index(value) if value in options else 0
    return st.selectbox(label, options, index=index, format_func=choices.__getitem__, key=key)


def render_filter_sidebar() -> View:
    """Every widget is drawn with the remembered choice as its default (not seeded through session state):
    Streamlit drops a widget's state after runs that did not draw it, and then it must fall back to the
    remembered view, not to its first option."""
    surveys = load_surveys(Filters())
    remember_link_filters()
    saved: FilterChoices = st.session_state[_SAVED_KEY]
    if st.session_state.pop(_RESEED_KEY, False):
        _set_widgets(saved, [*load_attributes(), LANGUAGE_ATTRIBUTE], surveys)
    first, last = load_date_bounds(Filters())
    today = _today()
    include_saved = dict(saved.include)
    exclude_saved = dict(saved.exclude)
    with st.sidebar:
        st.header(_("Filters"))
        restriction = _restriction()
        if restriction:
            st.caption(
                _("An administrator restricted what you see to: {restriction}.").format(
                    restriction=escape_markdown(restriction)
                )
            )
        presets = {code: _(name) for code, name in PRESETS.items()}
        preset = _remembered_selectbox(_("Period"), presets, key="filter_preset", fallback=saved.preset)
        start = end = None
        if preset == "custom":
            default_range = (saved.start, saved.end) if saved.start and saved.end else (first or today, last or today)
            chosen = st.date_input(
                _("Responses from … to"),
                value=tuple(clamp_day(day) for day in _remembered("filter_dates", default_range)),
                min_value=EARLIEST_DAY,
                max_value=LATEST_DAY,
                key="filter_dates",
                format="YYYY-MM-DD",
            )
            if isinstance(chosen, tuple) and len(chosen) == 2:
                start, end = chosen
            else:
                st.caption(_("Pick the last day too."))
                start, end = first or today, last or today
        else:
            range_start, range_end = preset_range(preset, today)
            st.caption(range_text(range_start or first, range_end or last))
            if preset != "all":
                st.button(
                    _("Pin these dates"),
                    key="filter_pin_dates",
                    icon=":material/push_pin:",
                    help=_(
                        "Turn the relative period into fixed dates, so a shared link shows this window tomorrow too."
                    ),
                    on_click=_pin_dates,
                    args=(replace(saved, preset=preset), today),
                )
        survey_default = [name for name in _remembered("filter_surveys", list(saved.surveys)) if name in surveys]
        chosen_surveys = st.multiselect(
            _("Survey"), surveys, default=survey_default, key="filter_surveys", placeholder=_("All surveys")
        )
        include, exclude = [], []
        labels = load_attributes(tuple(chosen_surveys) or current_scope().surveys)
        modes = {"Include": _("Include"), "Exclude": _("Exclude")}
        with st.expander(_("Segments"), expanded=True):
            for name in [*labels, LANGUAGE_ATTRIBUTE]:
                known = load_attribute_values(name, Filters())
                remembered = list(include_saved.get(name, ())) or list(exclude_saved.get(name, ()))
                default_values = [value for value in _remembered(f"filter_attr_{name}", remembered) if value in known]
                values = st.multiselect(
                    attribute_label(labels.get(name, name)),
                    known,
                    default=default_values,
                    key=f"filter_attr_{name}",
                    placeholder=_("All"),
                    format_func=neutralise_bidi,
                )
                if not values:
                    continue
                mode_default = _remembered(f"filter_mode_{name}", "Exclude" if name in exclude_saved else "Include")
                mode = st.radio(
                    _("{attribute}: include or exclude").format(attribute=attribute_label(labels.get(name, name))),
                    list(modes),
                    format_func=modes.__getitem__,
                    index=1 if mode_default == "Exclude" else 0,
                    key=f"filter_mode_{name}",
                    horizontal=True,
                    label_visibility="collapsed",
                )
                (exclude if mode == "Exclude" else include).append((name, tuple(values)))
        comparisons = {code: _(name) for code, name in COMPARISONS.items()}
        comparison = _remembered_selectbox(
            _("Compare with"), comparisons, key="filter_compare", fallback=saved.comparison
        )
        latest = st.toggle(
            _("Latest response per respondent"),
            value=bool(_remembered("filter_dedup", saved.latest_per_respondent)),
            key="filter_dedup",
            help=_(
                "Off: every response counts. On: only each respondent's newest response in the period "
                "(anonymous responses always count)."
            ),
        )
        weighted = st.toggle(
            _("Weighted"),
            value=bool(_remembered("filter_weighted", saved.weighted)),
            key="filter_weighted",
            help=_(
                "Off: every response counts once. On: responses count by their weight (an import column or "
                "target shares set by an analyst); intervals and tests then use the effective sample size n_eff."
            ),
        )
    choices = FilterChoices(
        preset=preset,
        start=start if preset == "custom" else None,
        end=end if preset == "custom" else None,
        surveys=tuple(chosen_surveys),
        include=tuple(include),
        exclude=tuple(exclude),
        comparison=comparison,
        latest_per_respondent=latest,
        weighted=weighted,
    )
    view = resolve(choices, today, _restriction())
    st.session_state[_SAVED_KEY] = choices
    st.session_state[VIEW_KEY] = view
    _write_url(choices)
    return view
