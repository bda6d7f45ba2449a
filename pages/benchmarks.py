"""Benchmarks: our NPS for the current filters against competitors and industry figures, and their upkeep."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

import pandas as pd
import streamlit as st

from components.auth import current_role, require_role
from components.benchmark_charts import MONTH_PICK, US, US_PICK, field_ranking_chart, trend_with_benchmark_chart
from components.benchmark_view import (
    BENCHMARK_CHOICE_KEY,
    BenchmarkChoice,
    benchmark_choice_from_url,
    benchmark_label,
    escape_markdown,
    kind_name,
    ranking_frame,
    render_benchmark_table,
    render_verdict_card,
    write_benchmark_choice,
)
from components.chart_specs import draw_chart
from components.datasource import load_benchmarks, load_counts_by, load_summary, write
from components.drill import Back, back_to, open_responses, period_of, picked
from components.exports import render_chart_downloads
from components.filters import current_filters, current_view, render_view_caption
from components.i18n import _, count_words, current_language, ngettext, translated_error
from nps import benchmarks, i18n, users
from nps.benchmarks import (
    ABOVE,
    BELOW,
    COLUMNS,
    KINDS,
    NOT_DISTINGUISHABLE,
    ONE_SAMPLE,
    BenchmarkFileError,
    BenchmarkRow,
    Comparison,
    RowIssue,
    StoredBenchmark,
)
from nps.benchmarks.competitors import PREPBENCH_MIN_RESPONSES
from nps.charts import EXPORT_WIDTH
from nps.figures import describe_interval, format_nps, sample_size
from nps.metrics import Counts, nps_with_interval

FLASH_KEY = "benchmarks_flash"
NO_INDUSTRY = ""
FIELD_KINDS = ("competitor", "industry")


def number(value: float, decimals: int = 0, *, signed: bool = False) -> str:
    return i18n.format_number(value, current_language(), decimals=decimals, signed=signed)


def error_text(error: ValueError) -> str:
    """A domain error in the interface language when it kept its template, else as raised."""
    return translated_error(error) if isinstance(error, i18n.TranslatableError) else str(error)


def flash_and_rerun(message: str) -> None:
    """Confirm a write after the rerun that shows its effect."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def reason_text(issue: RowIssue) -> str:
    return i18n.translated_text(issue.reason, current_language())


def render_issues(issues: Sequence[RowIssue]) -> None:
    reasons = "; ".join(f"{escape_markdown(i.column)}: {escape_markdown(reason_text(i))}" for i in issues)
    st.error(_("Not saved: {reasons}").format(reasons=reasons))


# --- Comparison ---------------------------------------------------------------------------------------


def pick_benchmarks(catalogue: Sequence[StoredBenchmark]) -> list[StoredBenchmark]:
    """The meeting's choice: its industry's figures, some competitors, and optionally the overall figures."""
    industries = sorted({b.industry for b in catalogue if b.industry}, key=str.lower)
    competitors = sorted((b for b in catalogue if b.kind == "competitor"), key=lambda b: benchmark_label(b).lower())
    by_id = {b.id: b for b in catalogue}
    linked = benchmark_choice_from_url()
    if "benchmarks_industry" not in st.session_state and linked.industry in industries:
        st.session_state["benchmarks_industry"] = linked.industry
    if "benchmarks_competitors" not in st.session_state:
        st.session_state["benchmarks_competitors"] = [i for i in linked.competitor_ids if i in by_id]
    st.session_state.setdefault("benchmarks_overall", linked.with_overall)
    left, middle, right = st.columns([1, 2, 1], vertical_alignment="bottom")
    no_industry = _("(no industry)")
    industry = left.selectbox(
        _("Our industry"),
        [NO_INDUSTRY, *industries],
        format_func=lambda name: name or no_industry,
        key="benchmarks_industry",
    )
    picked_ids = middle.multiselect(
        _("Competitors"),
        [b.id for b in competitors],
        format_func=lambda benchmark_id: benchmark_label(by_id[benchmark_id]),
        key="benchmarks_competitors",
        placeholder=_("Pick competitors"),
        help=_("Competitors filed under the chosen industry are in the field already; pick others to add them."),
    )
    with_overall = right.toggle(_("Overall figures too"), key="benchmarks_overall")
    choice = BenchmarkChoice(None if industry == NO_INDUSTRY else industry, tuple(picked_ids), with_overall)
    st.session_state[BENCHMARK_CHOICE_KEY] = choice
    write_benchmark_choice(choice)
    chosen = choice.select(catalogue)
    if industry != NO_INDUSTRY and not any(b.kind in FIELD_KINDS and b.industry == industry for b in chosen):
        st.caption(
            _("No figure is stored for {industry}; pick competitors instead.").format(
                industry=escape_markdown(industry)
            )
        )
    return chosen


def render_position(counts: Counts, picked: Sequence[StoredBenchmark], catalogue: Sequence[StoredBenchmark]) -> None:
    ours = nps_with_interval(counts)
    field = [b.nps for b in picked if b.kind in FIELD_KINDS]
    position = benchmarks.field_position(ours.nps, field) if ours.nps is not None else None
    columns = st.columns(3)
    if position is None or position.field_size == 0:
        columns[0].metric(_("Rank in the field"), "–")
        st.caption(_("Pick competitors or an industry to place us in a field."))
    else:
        rank = _("{rank} of {count}").format(rank=number(position.rank or 0), count=number(position.field_size + 1))
        columns[0].metric(_("Rank in the field"), rank)
        columns[1].metric(
            _("Percentile"),
            i18n.format_share((position.percentile or 0) / 100, current_language(), decimals=0),
            help=_("Share of the picked competitor and industry figures strictly below our NPS"),
        )
        z = "–" if position.z is None else number(position.z, 2, signed=True)
        columns[2].metric(
            _("z-score against the field"), z, help=_("(our NPS − field mean) / field standard deviation")
        )
        if position.z is not None and position.field_size < 5:
            st.caption(
                count_words(
                    position.field_size,
                    ngettext(
                        "The field has only {count} value: the z-score says little.",
                        "The field has only {count} values: the z-score says little.",
                        position.field_size,
                    ),
                )
            )
    survey = survey_field(picked, catalogue)
    prepbench = None
    if survey and counts.n:
        floored = [benchmarks.floored_nps(b.counts) for b in survey if b.counts and b.counts.n >= 50]
        ours_floored = benchmarks.floored_nps(counts)
        prepbench = benchmarks.field_position(float(ours_floored), [*floored, ours_floored])
        if prepbench.z is not None:
            st.markdown(
                _(
                    "Prepbench case 122 convention, against every brand of the competitor survey (floored NPS, "
                    "brands with ≥ {minimum} responses, us included): our NPS **{nps}**, z **{z}** in a field of "
                    "{count} (mean {mean}, sd {sd})."
                ).format(
                    minimum=number(PREPBENCH_MIN_RESPONSES),
                    nps=number(ours_floored),
                    z=number(prepbench.z, 2, signed=True),
                    count=number(prepbench.field_size),
                    mean=number(prepbench.mean or 0, 2),
                    sd=number(prepbench.sd or 0, 2),
                )
            )
    with st.expander(_("How the position is computed")):
        st.markdown("\n".join(f"- {line}" for line in position_method()))


def position_method() -> list[str]:
    """The expander's explanation, one translated line per point."""
    return [
        _(
            "**The field** is the competitor and industry figures picked above, exact NPS values as stored. "
            "Overall figures (an average, a median, a quartile of many organisations) describe a distribution "
            "rather than belong to one, so they are left out. We are not part of our own field."
        ),
        _(
            "**Percentile**: the share of the field strictly below our NPS (a tie is not beaten). "
            "**Rank**: 1 + the number of field values strictly above ours."
        ),
        _("**z-score**: (our NPS − mean of the field) / sample standard deviation (n − 1) of the field."),
        _(
            "Published figures are mixed years, populations and methods: the position is a talking point, "
            "not a measurement. Every figure's year and source is on its card below."
        ),
        _(
            "**Prepbench case 122 convention** (shown when competitors come from a raw-response survey): "
            "each brand's NPS is floor(% promoters) − floor(% detractors), only brands with at least "
            "{minimum} responses count, and our own NPS is included in the field. On the airline files of that "
            "case this gives Prep Air NPS {nps} and z {z} (field of {count}, mean {mean}, sd {sd}); it can differ "
            "from the exact NPS by up to one point."
        ).format(
            minimum=number(PREPBENCH_MIN_RESPONSES),
            nps=number(21),
            z=number(1.12, 2),
            count=number(59),
            mean=number(10.153, 3),
            sd=number(9.649, 3),
        ),
    ]


def survey_field(picked: Sequence[StoredBenchmark], catalogue: Sequence[StoredBenchmark]) -> list[StoredBenchmark]:
    """Every competitor of the survey the picked survey-based competitors came from (first such survey)."""
    for chosen in picked:
        if chosen.kind == "competitor" and chosen.counts is not None:
            source = (chosen.source_title, chosen.source_url, chosen.period, chosen.year)
            return [
                b
                for b in catalogue
                if b.kind == "competitor"
                and b.counts is not None
                and (b.source_title, b.source_url, b.period, b.year) == source
            ]
    return []


def responses_behind_us() -> int:
    """Our figure's responses as Comments counts them: each once, whatever the weights."""
    return int(load_summary(replace(current_filters(), weighted=False)).n)


def render_comparison(counts: Counts, catalogue: Sequence[StoredBenchmark], back: Back) -> None:
    lang = current_language()
    ours = nps_with_interval(counts)
    left, right = st.columns([1, 3])
    left.metric(_("Our NPS (current filters)"), format_nps(ours.nps, lang))
    left.caption(describe_interval(counts, lang))
    behind = responses_behind_us() if counts.n else 0
    if counts.n and left.button(
        count_words(behind, ngettext("Open {count} response", "Open {count} responses", behind)),
        key="benchmarks_open_ours",
        type="tertiary",
        icon=":material/forum:",
    ):
        open_responses(back)
    with right:
        chosen = pick_benchmarks(catalogue)
    if counts.n == 0:
        st.info(_("No responses match the current filters: widen the date range or pick other surveys to compare."))
        return
    if not chosen:
        st.info(_("Pick an industry, competitors or the overall figures to compare against."))
        return
    comparisons = [(b, benchmarks.compare_to_benchmark(counts, b)) for b in chosen]
    tally = {verdict: sum(1 for _b, c in comparisons if c.verdict == verdict) for verdict in (ABOVE, BELOW)}
    tally[NOT_DISTINGUISHABLE] = len(comparisons) - tally[ABOVE] - tally[BELOW]
    st.markdown(
        ngettext(
            "Against {count} benchmark: above **{above}**, below **{below}**, not distinguishable from noise "
            "**{unclear}** (95% level).",
            "Against {count} benchmarks: above **{above}**, below **{below}**, not distinguishable from noise "
            "**{unclear}** (95% level).",
            len(comparisons),
        ).format(
            count=number(len(comparisons)),
            above=number(tally[ABOVE]),
            below=number(tally[BELOW]),
            unclear=number(tally[NOT_DISTINGUISHABLE]),
        )
    )
    if any(c.test == ONE_SAMPLE for _b, c in comparisons):
        st.info(
            _(
                "Where a benchmark is only a published value (no counts), it is treated as exact: the one-sample "
                "test counts only our sampling error, so such a gap looks surer than it is."
            ),
            icon=":material/info:",
        )

    st.subheader(_("Where we stand"))
    our_label = _("Us: current filters ({size})").format(size=sample_size(counts, lang))
    ranking = ranking_frame(ours, our_label, comparisons)
    ranking_pick = draw_chart(field_ranking_chart, ranking, lang=lang, on_select="rerun", key="benchmarks_ranking_pick")
    if picked(ranking_pick, US_PICK, "kind") == US:
        open_responses(back)
    st.caption(_("Click our point (the diamond) to read the responses behind it."))
    render_chart_downloads(
        partial(field_ranking_chart, ranking, width=EXPORT_WIDTH - 300, lang=lang),
        _("Our NPS against the chosen benchmarks, with 95% intervals"),
        key="benchmarks_ranking",
        n=responses_behind_us(),
        file_stem="nps-vs-benchmarks",
    )
    render_position(counts, chosen, catalogue)

    st.subheader(_("Each benchmark against us"))
    render_verdict_cards(comparisons)

    st.subheader(_("Our trend with a benchmark line"))
    render_trend(comparisons, back)


def render_verdict_cards(comparisons: Sequence[tuple[StoredBenchmark, Comparison]], per_row: int = 3) -> None:
    for start in range(0, len(comparisons), per_row):
        columns = st.columns(per_row)
        for column, (benchmark, comparison) in zip(columns, comparisons[start : start + per_row], strict=False):
            with column:
                render_verdict_card(benchmark, comparison)


def render_trend(comparisons: Sequence[tuple[StoredBenchmark, Comparison]], back: Back) -> None:
    by_id = {b.id: b for b, _ in comparisons}
    lang = current_language()
    line_id = st.selectbox(
        _("Benchmark line"),
        list(by_id),
        format_func=lambda benchmark_id: benchmark_label(by_id[benchmark_id]),
        key="benchmarks_trend_line",
    )
    trend = load_counts_by(current_filters(), "month")
    if trend.empty or line_id is None:
        st.info(_("No monthly figures for the current filters."))
        return
    intervals = [nps_with_interval(Counts(r.promoters, r.passives, r.detractors)) for r in trend.itertuples()]
    trend = trend.assign(
        nps=[i.nps for i in intervals], ci_low=[i.low for i in intervals], ci_high=[i.high for i in intervals]
    )
    line = by_id[line_id]
    month_pick = draw_chart(
        trend_with_benchmark_chart,
        trend,
        benchmark_nps=line.nps,
        benchmark_label=benchmark_label(line),
        lang=lang,
        on_select="rerun",
        key="benchmarks_trend_pick",
    )
    if month := picked(month_pick, MONTH_PICK, "month"):
        open_responses(back, period=period_of(month, "month"))
    st.caption(
        _(
            "Shaded: our 95% interval per month. Dashed: the benchmark as published, for its own year. "
            "Click a month to read its responses."
        )
    )
    render_chart_downloads(
        partial(
            trend_with_benchmark_chart,
            trend,
            benchmark_nps=line.nps,
            benchmark_label=benchmark_label(line),
            width=EXPORT_WIDTH,
            lang=lang,
        ),
        _("Our NPS by month with {benchmark}").format(benchmark=benchmark_label(line)),
        key="benchmarks_trend",
        n=responses_behind_us(),
        file_stem="nps-trend-vs-benchmark",
    )


# --- Management (analyst and admin; every write re-checks the role on the server) ---------------------


def benchmark_fields(prefix: str, initial: BenchmarkRow | None = None) -> dict[str, str]:
    """The form fields of one benchmark, as text so that blank means 'not given'."""

    def value(column: str) -> str:
        current = getattr(initial, column, None) if initial else None
        if column == "nps" and isinstance(current, float) and current.is_integer():
            return f"{current:.0f}"
        return "" if current is None else str(current)

    kind_index = KINDS.index(initial.kind) if initial and initial.kind in KINDS else 0
    values: dict[str, str] = {}
    row = st.columns([3, 1, 2])
    values["name"] = row[0].text_input(_("Name"), value("name"), key=f"{prefix}name", max_chars=200)
    kind_names = {kind: kind_name(kind) for kind in KINDS}
    values["kind"] = row[1].selectbox(
        _("Kind"), KINDS, index=kind_index, format_func=kind_names.__getitem__, key=f"{prefix}kind"
    )
    values["industry"] = row[2].text_input(_("Industry"), value("industry"), key=f"{prefix}industry", max_chars=100)
    row = st.columns([1, 1, 2])
    values["nps"] = row[0].text_input(
        _("NPS (−100 to 100)"), value("nps"), key=f"{prefix}nps", placeholder=_("e.g. {example}").format(example=32)
    )
    values["year"] = row[1].text_input(
        _("Year"), value("year"), key=f"{prefix}year", placeholder=_("e.g. {example}").format(example=2023)
    )
    values["period"] = row[2].text_input(
        _("Period"), value("period"), key=f"{prefix}period", max_chars=50, placeholder=_("e.g. 2023 study, Q1 2024")
    )
    row = st.columns(2)
    values["source_title"] = row[0].text_input(
        _("Source title"), value("source_title"), key=f"{prefix}source_title", max_chars=500
    )
    values["source_url"] = row[1].text_input(
        _("Source address (https://…)"), value("source_url"), key=f"{prefix}source_url", max_chars=1000
    )
    row = st.columns(2)
    values["population"] = row[0].text_input(
        _("Population"), value("population"), key=f"{prefix}population", max_chars=500
    )
    values["method"] = row[1].text_input(_("Method"), value("method"), key=f"{prefix}method", max_chars=500)
    row = st.columns(4)
    labels = {"n": "n", "promoters": _("Promoters"), "passives": _("Passives"), "detractors": _("Detractors")}
    for place, (column, label) in zip(row, labels.items(), strict=True):
        values[column] = place.text_input(label, value(column), key=f"{prefix}{column}", placeholder=_("optional"))
    return values


def render_add_form() -> None:
    nonce = st.session_state.setdefault("benchmarks_add_nonce", 0)
    with st.form(f"benchmarks_add_form_{nonce}"):
        values = benchmark_fields(f"benchmarks_add_{nonce}_")
        submitted = st.form_submit_button(_("Add benchmark"), type="primary", key=f"benchmarks_add_submit_{nonce}")
    if not submitted:
        return
    username = require_role("analyst")
    row, issues = benchmarks.validate_benchmark_fields(values)
    if row is None:
        render_issues(issues)
        return
    write(benchmarks.add_benchmarks, [row], username=username)
    st.session_state["benchmarks_add_nonce"] = nonce + 1
    flash_and_rerun(_("Added {name}.").format(name=row.name))


def render_edit_form(catalogue: Sequence[StoredBenchmark]) -> None:
    if not catalogue:
        st.caption(_("No benchmark to edit yet."))
        return
    by_id = {b.id: b for b in catalogue}
    chosen_id = st.selectbox(
        _("Benchmark"),
        list(by_id),
        format_func=lambda benchmark_id: benchmark_label(by_id[benchmark_id]),
        key="benchmarks_edit_pick",
    )
    chosen = by_id[chosen_id]
    with st.form(f"benchmarks_edit_form_{chosen.id}"):
        values = benchmark_fields(f"benchmarks_edit_{chosen.id}_", chosen.row)
        saved = st.form_submit_button(_("Save changes"), type="primary", key=f"benchmarks_edit_save_{chosen.id}")
    if saved:
        username = require_role("analyst")
        row, issues = benchmarks.validate_benchmark_fields(values)
        if row is None:
            render_issues(issues)
            return
        try:
            write(benchmarks.update_benchmark, chosen.id, row, username=username)
        except benchmarks.BenchmarkNotFound:
            st.error(_("This benchmark was deleted meanwhile; nothing was saved."))
            return
        flash_and_rerun(_("Saved {name}.").format(name=row.name))
    confirm = st.checkbox(_("Yes, delete this benchmark"), key=f"benchmarks_delete_confirm_{chosen.id}")
    if st.button(_("Delete benchmark"), key=f"benchmarks_delete_{chosen.id}", disabled=not confirm):
        username = require_role("analyst")
        deleted = write(benchmarks.delete_benchmark, chosen.id, username=username)
        flash_and_rerun(_("Deleted {name}.").format(name=chosen.name) if deleted else _("It was already deleted."))


def render_csv_import() -> None:
    st.markdown(_("One header line, then one benchmark per line (comma, semicolon or tab separated; UTF-8):"))
    st.code(",".join(COLUMNS), language=None)
    st.caption(
        _(
            "Required: name, kind (competitor, industry or overall), nps, year or period, source_title or "
            "source_url. promoters, passives and detractors go together. Full rules: {readme}."
        ).format(readme="data/benchmarks/README.md")
    )
    nonce = st.session_state.setdefault("benchmarks_csv_nonce", 0)
    upload = st.file_uploader(_("Benchmark CSV"), type=["csv", "txt"], key=f"benchmarks_csv_file_{nonce}")
    pasted = st.text_area(_("…or paste the CSV here"), key=f"benchmarks_csv_text_{nonce}", height=120)
    data = upload.getvalue() if upload is not None else pasted.encode("utf-8") if pasted.strip() else b""
    if not data:
        return
    try:
        parsed = benchmarks.parse_benchmark_csv(data)
    except BenchmarkFileError as error:
        st.error(escape_markdown(translated_error(error)))
        return
    for note in parsed.notes:
        st.caption(escape_markdown(i18n.translated_text(note, current_language())))
    st.markdown(
        ngettext(
            "{count} line read: **{valid}** valid, **{rejected}** rejected.",
            "{count} lines read: **{valid}** valid, **{rejected}** rejected.",
            parsed.lines_read,
        ).format(
            count=number(parsed.lines_read), valid=number(len(parsed.rows)), rejected=number(parsed.rejected_lines)
        )
    )
    if parsed.rejected:
        st.warning(_("Rejected lines are not imported. Fix them in the file and import it again."))
        rejected = pd.DataFrame(
            [{"Row": i.row, "Column": i.column, "Reason": reason_text(i)} for i in parsed.rejected],
            columns=["Row", "Column", "Reason"],
        )
        st.dataframe(
            rejected,
            hide_index=True,
            width="stretch",
            key="benchmarks_csv_rejected",
            column_config={"Row": _("Row"), "Column": _("Column"), "Reason": _("Reason")},
        )
    valid = len(parsed.rows)
    label = count_words(valid, ngettext("Add {count} valid benchmark", "Add {count} valid benchmarks", valid))
    if parsed.rows and st.button(label, type="primary", key="benchmarks_csv_add"):
        username = require_role("analyst")
        added = write(benchmarks.add_benchmarks, parsed.rows, username=username)
        st.session_state["benchmarks_csv_nonce"] = nonce + 1
        refused = parsed.rejected_lines
        flash_and_rerun(
            _("Imported {benchmarks}; {lines} rejected.").format(
                benchmarks=count_words(added, ngettext("{count} benchmark", "{count} benchmarks", added)),
                lines=count_words(refused, ngettext("{count} line", "{count} lines", refused)),
            )
        )


def _guess(columns: Sequence[str], words: Sequence[str]) -> int:
    for index, column in enumerate(columns):
        if any(word in column.lower() for word in words):
            return index
    return 0


def render_survey_import() -> None:
    st.markdown(
        _(
            "A market survey of raw answers: one row per respondent, a **brand** column and a 0–10 **score** "
            "column. Each brand becomes a competitor benchmark with its counts (compared with the two-sample test)."
        )
    )
    nonce = st.session_state.setdefault("benchmarks_survey_nonce", 0)
    upload = st.file_uploader(
        _("Competitor survey (CSV or Excel)"), type=["csv", "txt", "xlsx"], key=f"benchmarks_survey_file_{nonce}"
    )
    if upload is None:
        return
    try:
        frame = benchmarks.read_survey_table(upload.getvalue(), file_name=upload.name)
    except BenchmarkFileError as error:
        st.error(escape_markdown(translated_error(error)))
        return
    columns = list(frame.columns)
    left, middle, right = st.columns(3)
    brand_column = left.selectbox(
        _("Brand column"),
        columns,
        index=_guess(columns, ("brand", "airline", "company", "competitor")),
        key="benchmarks_survey_brand",
    )
    score_column = middle.selectbox(
        _("Score column"),
        columns,
        index=_guess(columns, ("recommend", "score", "nps", "likely")),
        key="benchmarks_survey_score",
    )
    min_n = right.number_input(
        _("Minimum responses per brand"),
        min_value=1,
        value=PREPBENCH_MIN_RESPONSES,
        step=1,
        key="benchmarks_survey_min_n",
        help=_("Brands with fewer answers are left out (their NPS is too uncertain)."),
    )
    try:
        table = benchmarks.brand_nps_from_responses(frame, brand_column=brand_column, score_column=score_column)
    except ValueError as error:
        st.error(escape_markdown(error_text(error)))
        return
    none = _("(none)")
    ours = st.selectbox(
        _("Which brand is us? (left out of the competitors)"),
        ["", *table["brand"]],
        format_func=lambda brand: brand or none,
        key="benchmarks_survey_us",
    )
    kept = table[(table["n"] >= min_n) & (table["brand"] != ours)]
    st.caption(
        ngettext(
            "{count} brand, {kept} kept with at least {minimum} responses.",
            "{count} brands, {kept} kept with at least {minimum} responses.",
            len(table),
        ).format(count=number(len(table)), kept=number(len(kept)), minimum=number(min_n))
    )
    st.dataframe(
        table.assign(kept=table.index.isin(kept.index)),
        hide_index=True,
        width="stretch",
        height=240,
        column_config={
            "brand": _("Brand"),
            "n": "n",
            "promoters": _("Promoters"),
            "passives": _("Passives"),
            "detractors": _("Detractors"),
            "nps": st.column_config.NumberColumn("NPS", format="%+.1f"),
            "low": st.column_config.NumberColumn(_("95% CI low"), format="%+.1f"),
            "high": st.column_config.NumberColumn(_("95% CI high"), format="%+.1f"),
            "kept": _("Kept"),
        },
    )
    this_year = datetime.now(UTC).year
    with st.form(f"benchmarks_survey_form_{nonce}"):
        row = st.columns([2, 2, 1, 1])
        source_title = row[0].text_input(
            _("Source title"),
            _("Market survey: {file}").format(file=upload.name),
            key=f"benchmarks_survey_{nonce}_source_title",
        )
        source_url = row[1].text_input(
            _("Source address (optional, https://…)"), key=f"benchmarks_survey_{nonce}_source_url"
        )
        year = row[2].number_input(
            _("Year"),
            min_value=2003,
            max_value=this_year,
            value=this_year,
            step=1,
            key=f"benchmarks_survey_{nonce}_year",
        )
        industry = row[3].text_input(_("Industry"), key=f"benchmarks_survey_{nonce}_industry")
        row = st.columns(2)
        period = row[0].text_input(
            _("Period"), placeholder=_("e.g. fieldwork March 2026"), key=f"benchmarks_survey_{nonce}_period"
        )
        population = row[1].text_input(
            _("Population"), placeholder=_("who answered"), key=f"benchmarks_survey_{nonce}_population"
        )
        submitted = st.form_submit_button(
            count_words(
                len(kept), ngettext("Add {count} competitor benchmark", "Add {count} competitor benchmarks", len(kept))
            ),
            type="primary",
            key=f"benchmarks_survey_submit_{nonce}",
        )
    if not submitted:
        return
    username = require_role("analyst")
    try:
        rows = benchmarks.competitor_benchmark_rows(
            kept,
            source_title=source_title,
            source_url=source_url,
            period=period,
            year=int(year),
            population=population,
            industry=industry,
            min_n=int(min_n),
        )
    except ValueError as error:
        st.error(escape_markdown(error_text(error)))
        return
    added = write(benchmarks.add_benchmarks, rows, username=username)
    st.session_state["benchmarks_survey_nonce"] = nonce + 1
    flash_and_rerun(
        count_words(
            added,
            ngettext(
                "Added {count} competitor benchmark from {file}.",
                "Added {count} competitor benchmarks from {file}.",
                added,
            ),
            file=upload.name,
        )
    )


def render_reference_and_download(catalogue: Sequence[StoredBenchmark]) -> None:
    st.markdown(
        _(
            "The shipped reference set: public figures with their sources and years ({file}). "
            "Loading adds the ones not in the store; your corrections are kept, deleted ones come back."
        ).format(file="data/benchmarks/reference.csv")
    )
    if st.button(_("Load the reference set"), icon=":material/library_add:", key="benchmarks_reference_load"):
        require_role("analyst")
        added = write(benchmarks.load_reference_benchmarks)
        flash_and_rerun(
            count_words(
                added,
                ngettext(
                    "Reference set: {count} benchmark added, the rest were already there.",
                    "Reference set: {count} benchmarks added, the rest were already there.",
                    added,
                ),
            )
        )
    st.download_button(
        _("Download the benchmark list (CSV)"),
        data=benchmarks.benchmarks_csv(catalogue),
        file_name="benchmarks.csv",
        mime="text/csv",
        icon=":material/download:",
        key="benchmarks_download",
        help=_("Same columns as the import; text that a spreadsheet would run as a formula starts with '"),
    )


def render_management(catalogue: Sequence[StoredBenchmark]) -> None:
    st.header(_("Manage benchmarks"))
    add, edit, csv_import, survey_import, reference = st.tabs(
        [_("Add"), _("Edit or delete"), _("Import CSV"), _("Import competitor survey"), _("Reference set and download")]
    )
    with add:
        render_add_form()
    with edit:
        render_edit_form(catalogue)
    with csv_import:
        render_csv_import()
    with survey_import:
        render_survey_import()
    with reference:
        render_reference_and_download(catalogue)


# --- Page ---------------------------------------------------------------------------------------------

require_role("viewer")
role = current_role()
can_manage = role is not None and users.role_allows(role, "analyst")
filters = current_filters()
catalogue = load_benchmarks()

st.title(_("Benchmarks"))
render_view_caption()
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(escape_markdown(flash), icon=":material/check_circle:")

if catalogue:
    render_comparison(load_summary(filters), catalogue, back_to(current_view(), "pages/benchmarks.py", _("Benchmarks")))
else:
    st.info(
        _("No benchmarks are stored yet. Load the reference set or add one below.")
        if can_manage
        else _("No benchmarks are stored yet. An analyst can add them.")
    )

st.header(_("All benchmarks and their sources"))
st.caption(_("Each figure is from the year shown, for the population shown; older panel figures are not current."))
if catalogue:
    render_benchmark_table(catalogue)
if can_manage:
    render_management(catalogue)
