"""Read-side pieces of the benchmarks page: labels, the ranking frame, verdict cards and the sourced list.

Benchmark names, titles and populations are data typed or imported by people: they reach markdown only
through `escape_markdown`, and tables go through st.dataframe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from components.benchmark_charts import US
from components.i18n import _, count_words, current_language, ngettext
from components.markdown_text import escape_markdown
from components.url_state import write_to_url
from nps.benchmarks import ABOVE, BELOW, ONE_SAMPLE, Comparison, StoredBenchmark
from nps.figures import format_p as format_any_p
from nps.i18n import N_, format_number
from nps.metrics import NpsInterval

KIND_NAMES = {"overall": N_("overall"), "industry": N_("industry"), "competitor": N_("competitor")}
"""Benchmark kinds as stored; shown translated."""
OLD_AFTER_YEARS = 2
"""A figure more than this many years old is flagged as dated next to its year."""

BENCHMARK_CHOICE_KEY = "benchmarks_choice"
"""Session key of the Benchmarks page's last choice, which Meeting mode's benchmark slide follows."""


@dataclass(frozen=True)
class BenchmarkChoice:
    """Which benchmarks a team compares itself with: its industry's figures, competitors, the overall figures."""

    industry: str | None = None
    competitor_ids: tuple[int, ...] = ()
    with_overall: bool = True

    def select(self, catalogue: Sequence[StoredBenchmark]) -> list[StoredBenchmark]:
        """The industry's figures and every competitor filed under that industry, the picked competitors, then
        the overall figures; each benchmark once."""
        industry = (self.industry or "").lower()
        chosen = [
            b
            for b in catalogue
            if b.kind in ("industry", "competitor") and industry and (b.industry or "").lower() == industry
        ]
        by_id = {b.id: b for b in catalogue}
        taken = {b.id for b in chosen}
        chosen += [by_id[i] for i in dict.fromkeys(self.competitor_ids) if i in by_id and i not in taken]
        if self.with_overall:
            chosen += [b for b in catalogue if b.kind == "overall"]
        return chosen


def benchmark_choice_params(choice: BenchmarkChoice) -> dict[str, list[str]]:
    """The choice as URL parameters (the Benchmarks page and Meeting mode links carry it)."""
    params = {
        "industry": [choice.industry] if choice.industry else [],
        "competitor": [str(i) for i in choice.competitor_ids],
    }
    return params | {"overall": [] if choice.with_overall else ["0"]}


def benchmark_choice_from_url() -> BenchmarkChoice:
    """The choice in this page's URL, leniently (ids that are not numbers are left out)."""
    ids = tuple(int(text) for text in st.query_params.get_all("competitor") if text.isdigit())
    return BenchmarkChoice(st.query_params.get("industry") or None, ids, st.query_params.get("overall") != "0")


def current_benchmark_choice() -> BenchmarkChoice:
    """The choice made on the Benchmarks page in this session, else the one in the link."""
    choice = st.session_state.get(BENCHMARK_CHOICE_KEY)
    return choice if isinstance(choice, BenchmarkChoice) else benchmark_choice_from_url()


def write_benchmark_choice(choice: BenchmarkChoice) -> None:
    for key, values in benchmark_choice_params(choice).items():
        write_to_url(key, values, [])


def verdict_words(verdict: str) -> str:
    """The verdict as a coloured badge in markdown."""
    if verdict == ABOVE:
        colour, words = "green", _("We are above")
    elif verdict == BELOW:
        colour, words = "red", _("We are below")
    else:
        colour, words = "gray", _("Not distinguishable")
    return f":{colour}-background[**{words}**]"


def test_words(test: str) -> str:
    """Which test compared the two figures, and what that assumes."""
    if test == ONE_SAMPLE:
        return _(
            "One-sample test against a fixed value: the benchmark's counts are unknown, so its published value "
            "is treated as exact and only our sampling error is counted."
        )
    return _("Two-sample test: both figures come from known counts, so both carry sampling error.")


def _points(value: float, *, signed: bool = False) -> str:
    return format_number(value, current_language(), decimals=1, signed=signed)


def verdict_gap(verdict: str, delta: float | None, p_text: str) -> str:
    """What follows the verdict: "by 5.7 points" after above/below (the verdict carries the sign, so no
    "below -5.7"), the signed difference when the two cannot be told apart."""
    if delta is None:
        return ""
    if verdict in (ABOVE, BELOW):
        return " " + _("by {points} points, {p_value}").format(points=_points(abs(delta)), p_value=p_text)
    return ": " + _("{points} points, {p_value}").format(points=_points(delta, signed=True), p_value=p_text)


def when(benchmark: StoredBenchmark) -> str:
    return str(benchmark.year) if benchmark.year is not None else benchmark.period or _("undated")


def benchmark_label(benchmark: StoredBenchmark) -> str:
    """Plain text for pickers and chart axes: name, industry and year, so two years of one study differ."""
    where = f" · {benchmark.industry}" if benchmark.industry and benchmark.industry not in benchmark.name else ""
    return f"{benchmark.name}{where} ({when(benchmark)})"


def age_note(benchmark: StoredBenchmark, this_year: int | None = None) -> str:
    """'' for a recent figure, else words saying how old it is."""
    this_year = this_year or datetime.now(UTC).year
    if benchmark.year is None:
        return _("no year given: check the period before quoting it")
    age = this_year - benchmark.year
    if age <= OLD_AFTER_YEARS:
        return ""
    return count_words(
        age, ngettext("{count} year old: not a current figure", "{count} years old: not a current figure", age)
    )


def format_p(p_value: float | None) -> str:
    return _("no test possible") if p_value is None else format_any_p(p_value, current_language())


def kind_name(kind: str) -> str:
    """A benchmark kind as stored (competitor, industry, overall), named in the interface language."""
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def ranking_frame(
    ours: NpsInterval, our_label: str, picked: Sequence[tuple[StoredBenchmark, Comparison]]
) -> pd.DataFrame:
    """One row for us and one per picked benchmark, with the columns `field_ranking_chart` expects."""
    records = [
        {"label": our_label, "kind": US, "nps": ours.nps, "low": ours.low, "high": ours.high, "n": ours.n, "year": ""}
    ]
    seen = {our_label}
    for benchmark, comparison in picked:
        label = benchmark_label(benchmark)
        if label in seen:
            label = f"{label} #{benchmark.id}"
        seen.add(label)
        interval = comparison.benchmark_interval
        records.append(
            {
                "label": label,
                "kind": benchmark.kind,
                "nps": benchmark.nps,
                "low": interval.low if interval else None,
                "high": interval.high if interval else None,
                "n": benchmark.n,
                "year": when(benchmark),
            }
        )
    frame = pd.DataFrame.from_records(records)
    return frame.astype({"nps": "float64", "low": "float64", "high": "float64", "n": "Float64"})


def render_verdict_card(benchmark: StoredBenchmark, comparison: Comparison) -> None:
    """One benchmark against us: year first, the verdict and the test in words, the source one click away."""
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(benchmark.name)}**")
        lang = current_language()
        year = benchmark.year if benchmark.year is not None else _("year unknown")
        st.markdown(f"#### :material/calendar_month: {year}")
        if benchmark.period:
            st.caption(_("Period: {period}").format(period=escape_markdown(benchmark.period)))
        note = age_note(benchmark)
        if note:
            st.markdown(f":orange[:material/history: {escape_markdown(note)}]")
        interval = comparison.benchmark_interval
        if interval is not None and interval.low is not None and interval.high is not None:
            spread = _("95% CI {low} to {high}, n = {n}").format(
                low=_points(interval.low, signed=True),
                high=_points(interval.high, signed=True),
                n=format_number(interval.n, lang, decimals=0),
            )
        elif benchmark.n:
            spread = _("published value, n = {n}, split unknown").format(n=format_number(benchmark.n, lang, decimals=0))
        else:
            spread = _("published value, n unknown")
        st.markdown(
            _("Benchmark NPS **{nps}** ({spread})").format(nps=_points(benchmark.nps, signed=True), spread=spread)
        )
        gap = verdict_gap(comparison.verdict, comparison.delta, format_p(comparison.difference.p_value))
        st.markdown(f"{verdict_words(comparison.verdict)}{gap}")
        st.caption(test_words(comparison.test))
        if benchmark.population:
            st.caption(_("Population: {population}").format(population=escape_markdown(benchmark.population)))
        title = benchmark.source_title or benchmark.source_url or _("source")
        if benchmark.source_url:
            st.link_button(
                escape_markdown(title),
                benchmark.source_url,
                icon=":material/open_in_new:",
                key=f"benchmarks_source_{benchmark.id}",
                width="stretch",
            )
        else:
            st.caption(_("Source (no address given): {title}").format(title=escape_markdown(title)))


def benchmark_table(catalogue: Sequence[StoredBenchmark]) -> pd.DataFrame:
    records = [
        {
            "Year": b.year,
            "Name": b.name,
            "Kind": b.kind,
            "Industry": b.industry,
            "NPS": b.nps,
            "n": b.n,
            "Link": b.source_url or None,
            "Source": b.source_title,
            "Period": b.period,
            "Population": b.population,
            "Method": b.method,
            "Added by": b.created_by,
        }
        for b in catalogue
    ]
    return pd.DataFrame.from_records(records).astype({"Year": "Int64", "n": "Int64", "NPS": "float64"})


def render_benchmark_table(catalogue: Sequence[StoredBenchmark]) -> None:
    """Every stored benchmark with its provenance; the link column opens the source."""
    lang = current_language()
    table = benchmark_table(catalogue)
    table["n"] = [format_number(int(n), lang, decimals=0) if pd.notna(n) else _("not published") for n in table["n"]]
    table["Kind"] = [kind_name(kind) for kind in table["Kind"]]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=420,
        key="benchmarks_list",
        column_config={
            "Year": st.column_config.NumberColumn(_("Year"), format="%d", help=_("The year the figure is from")),
            "Name": _("Name"),
            "Kind": _("Kind"),
            "Industry": _("Industry"),
            "NPS": st.column_config.NumberColumn("NPS", format="%+.1f"),
            "n": st.column_config.TextColumn("n", help=_("Respondents, when the source gives them")),
            "Link": st.column_config.LinkColumn(
                _("Link"), display_text=_("Open source"), help=_("The published source")
            ),
            "Source": _("Source"),
            "Period": _("Period"),
            "Population": _("Population"),
            "Method": _("Method"),
            "Added by": _("Added by"),
        },
    )
