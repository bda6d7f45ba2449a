"""Benchmarks: our NPS for the current filters against competitors and industry figures, and their upkeep."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

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
    ranking_frame,
    render_benchmark_table,
    render_verdict_card,
    write_benchmark_choice,
)
from components.datasource import load_benchmarks, load_counts_by, load_summary, write
from components.drill import Back, back_to, open_responses, period_of, picked
from components.exports import render_chart_downloads
from components.filters import current_filters, current_view, render_view_caption
from nps import benchmarks, users
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
from nps.wording import plural

FLASH_KEY = "benchmarks_flash"
NO_INDUSTRY = "(no industry)"
FIELD_KINDS = ("competitor", "industry")


def flash_and_rerun(message: str) -> None:
    """Confirm a write after the rerun that shows its effect."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def render_issues(issues: Sequence[RowIssue]) -> None:
    st.error("Not saved: " + "; ".join(f"{escape_markdown(i.column)}: {escape_markdown(i.reason)}" for i in issues))


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
    industry = left.selectbox("Our industry", [NO_INDUSTRY, *industries], key="benchmarks_industry")
    picked_ids = middle.multiselect(
        "Competitors",
        [b.id for b in competitors],
        format_func=lambda benchmark_id: benchmark_label(by_id[benchmark_id]),
        key="benchmarks_competitors",
        placeholder="Pick competitors",
        help="Competitors filed under the chosen industry are in the field already; pick others to add them.",
    )
    with_overall = right.toggle("Overall figures too", key="benchmarks_overall")
    choice = BenchmarkChoice(None if industry == NO_INDUSTRY else industry, tuple(picked_ids), with_overall)
    st.session_state[BENCHMARK_CHOICE_KEY] = choice
    write_benchmark_choice(choice)
    chosen = choice.select(catalogue)
    if industry != NO_INDUSTRY and not any(b.kind in FIELD_KINDS and b.industry == industry for b in chosen):
        st.caption(f"No figure is stored for {escape_markdown(industry)}; pick competitors instead.")
    return chosen


def render_position(counts: Counts, picked: Sequence[StoredBenchmark], catalogue: Sequence[StoredBenchmark]) -> None:
    ours = nps_with_interval(counts)
    field = [b.nps for b in picked if b.kind in FIELD_KINDS]
    position = benchmarks.field_position(ours.nps, field) if ours.nps is not None else None
    columns = st.columns(3)
    if position is None or position.field_size == 0:
        columns[0].metric("Rank in the field", "–")
        st.caption("Pick competitors or an industry to place us in a field.")
    else:
        columns[0].metric("Rank in the field", f"{position.rank} of {position.field_size + 1}")
        columns[1].metric(
            "Percentile",
            f"{position.percentile:.0f}%",
            help="Share of the picked competitor and industry figures strictly below our NPS",
        )
        z = "–" if position.z is None else f"{position.z:+.2f}"
        columns[2].metric("z-score against the field", z, help="(our NPS − field mean) / field standard deviation")
        if position.z is not None and position.field_size < 5:
            st.caption(f"The field has only {position.field_size} values: the z-score says little.")
    survey = survey_field(picked, catalogue)
    prepbench = None
    if survey and counts.n:
        floored = [benchmarks.floored_nps(b.counts) for b in survey if b.counts and b.counts.n >= 50]
        ours_floored = benchmarks.floored_nps(counts)
        prepbench = benchmarks.field_position(float(ours_floored), [*floored, ours_floored])
        if prepbench.z is not None:
            st.markdown(
                f"Prepbench case 122 convention, against every brand of the competitor survey "
                f"(floored NPS, brands with ≥ {PREPBENCH_MIN_RESPONSES} responses, us included): our NPS "
                f"**{ours_floored}**, z **{prepbench.z:+.2f}** in a field of {prepbench.field_size} "
                f"(mean {prepbench.mean:.2f}, sd {prepbench.sd:.2f})."
            )
    with st.expander("How the position is computed"):
        st.markdown(
            "- **The field** is the competitor and industry figures picked above, exact NPS values as stored. "
            "Overall figures (an average, a median, a quartile of many organisations) describe a distribution "
            "rather than belong to one, so they are left out. We are not part of our own field.\n"
            "- **Percentile**: the share of the field strictly below our NPS (a tie is not beaten). "
            "**Rank**: 1 + the number of field values strictly above ours.\n"
            "- **z-score**: (our NPS − mean of the field) / sample standard deviation (n − 1) of the field.\n"
            "- Published figures are mixed years, populations and methods: the position is a talking point, "
            "not a measurement. Every figure's year and source is on its card below.\n"
            "- **Prepbench case 122 convention** (shown when competitors come from a raw-response survey): "
            "each brand's NPS is floor(% promoters) − floor(% detractors), only brands with at least "
            f"{PREPBENCH_MIN_RESPONSES} responses count, and our own NPS is included in the field. On the "
            "airline files of that case this gives Prep Air NPS 21 and z 1.12 (field of 59, mean 10.153, "
            "sd 9.649); it can differ from the exact NPS by up to one point."
        )


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
    ours = nps_with_interval(counts)
    left, right = st.columns([1, 3])
    left.metric("Our NPS (current filters)", format_nps(ours.nps))
    left.caption(describe_interval(counts))
    if counts.n and left.button(
        f"Open {responses_behind_us():,} responses",
        key="benchmarks_open_ours",
        type="tertiary",
        icon=":material/forum:",
    ):
        open_responses(back)
    with right:
        chosen = pick_benchmarks(catalogue)
    if counts.n == 0:
        st.info("No responses match the current filters: widen the date range or pick other surveys to compare.")
        return
    if not chosen:
        st.info("Pick an industry, competitors or the overall figures to compare against.")
        return
    comparisons = [(b, benchmarks.compare_to_benchmark(counts, b)) for b in chosen]
    tally = {verdict: sum(1 for _, c in comparisons if c.verdict == verdict) for verdict in (ABOVE, BELOW)}
    tally[NOT_DISTINGUISHABLE] = len(comparisons) - tally[ABOVE] - tally[BELOW]
    st.markdown(
        f"Against {len(comparisons)} benchmarks: above **{tally[ABOVE]}**, below **{tally[BELOW]}**, "
        f"not distinguishable from noise **{tally[NOT_DISTINGUISHABLE]}** (95% level)."
    )
    if any(c.test == ONE_SAMPLE for _, c in comparisons):
        st.info(
            "Where a benchmark is only a published value (no counts), it is treated as exact: the one-sample "
            "test counts only our sampling error, so such a gap looks surer than it is.",
            icon=":material/info:",
        )

    st.subheader("Where we stand")
    our_label = f"Us: current filters ({sample_size(counts)})"
    ranking = ranking_frame(ours, our_label, comparisons)
    ranking_pick = st.altair_chart(
        field_ranking_chart(ranking), width="stretch", on_select="rerun", key="benchmarks_ranking_pick"
    )
    if picked(ranking_pick, US_PICK, "kind") == US:
        open_responses(back)
    st.caption("Click our point (the diamond) to read the responses behind it.")
    render_chart_downloads(
        field_ranking_chart(ranking, width=EXPORT_WIDTH - 300),
        "Our NPS against the chosen benchmarks, with 95% intervals",
        key="benchmarks_ranking",
        n=responses_behind_us(),
        file_stem="nps-vs-benchmarks",
    )
    render_position(counts, chosen, catalogue)

    st.subheader("Each benchmark against us")
    render_verdict_cards(comparisons)

    st.subheader("Our trend with a benchmark line")
    render_trend(comparisons, back)


def render_verdict_cards(comparisons: Sequence[tuple[StoredBenchmark, Comparison]], per_row: int = 3) -> None:
    for start in range(0, len(comparisons), per_row):
        columns = st.columns(per_row)
        for column, (benchmark, comparison) in zip(columns, comparisons[start : start + per_row], strict=False):
            with column:
                render_verdict_card(benchmark, comparison)


def render_trend(comparisons: Sequence[tuple[StoredBenchmark, Comparison]], back: Back) -> None:
    by_id = {b.id: b for b, _ in comparisons}
    line_id = st.selectbox(
        "Benchmark line",
        list(by_id),
        format_func=lambda benchmark_id: benchmark_label(by_id[benchmark_id]),
        key="benchmarks_trend_line",
    )
    trend = load_counts_by(current_filters(), "month")
    if trend.empty or line_id is None:
        st.info("No monthly figures for the current filters.")
        return
    intervals = [nps_with_interval(Counts(r.promoters, r.passives, r.detractors)) for r in trend.itertuples()]
    trend = trend.assign(
        nps=[i.nps for i in intervals], ci_low=[i.low for i in intervals], ci_high=[i.high for i in intervals]
    )
    line = by_id[line_id]
    chart = trend_with_benchmark_chart(trend, benchmark_nps=line.nps, benchmark_label=benchmark_label(line))
    month_pick = st.altair_chart(chart, width="stretch", on_select="rerun", key="benchmarks_trend_pick")
    if month := picked(month_pick, MONTH_PICK, "month"):
        open_responses(back, period=period_of(month, "month"))
    st.caption(
        "Shaded: our 95% interval per month. Dashed: the benchmark as published, for its own year. "
        "Click a month to read its responses."
    )
    render_chart_downloads(
        trend_with_benchmark_chart(
            trend, benchmark_nps=line.nps, benchmark_label=benchmark_label(line), width=EXPORT_WIDTH
        ),
        f"Our NPS by month with {benchmark_label(line)}",
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
    values["name"] = row[0].text_input("Name", value("name"), key=f"{prefix}name", max_chars=200)
    values["kind"] = row[1].selectbox("Kind", KINDS, index=kind_index, key=f"{prefix}kind")
    values["industry"] = row[2].text_input("Industry", value("industry"), key=f"{prefix}industry", max_chars=100)
    row = st.columns([1, 1, 2])
    values["nps"] = row[0].text_input("NPS (−100 to 100)", value("nps"), key=f"{prefix}nps", placeholder="e.g. 32")
    values["year"] = row[1].text_input("Year", value("year"), key=f"{prefix}year", placeholder="e.g. 2023")
    values["period"] = row[2].text_input(
        "Period", value("period"), key=f"{prefix}period", max_chars=50, placeholder="e.g. 2023 study, Q1 2024"
    )
    row = st.columns(2)
    values["source_title"] = row[0].text_input(
        "Source title", value("source_title"), key=f"{prefix}source_title", max_chars=500
    )
    values["source_url"] = row[1].text_input(
        "Source address (https://…)", value("source_url"), key=f"{prefix}source_url", max_chars=1000
    )
    row = st.columns(2)
    values["population"] = row[0].text_input(
        "Population", value("population"), key=f"{prefix}population", max_chars=500
    )
    values["method"] = row[1].text_input("Method", value("method"), key=f"{prefix}method", max_chars=500)
    row = st.columns(4)
    for column, label in zip(
        ("n", "promoters", "passives", "detractors"), ("n", "Promoters", "Passives", "Detractors"), strict=True
    ):
        values[column] = row[("n", "promoters", "passives", "detractors").index(column)].text_input(
            label, value(column), key=f"{prefix}{column}", placeholder="optional"
        )
    return values


def render_add_form() -> None:
    nonce = st.session_state.setdefault("benchmarks_add_nonce", 0)
    with st.form(f"benchmarks_add_form_{nonce}"):
        values = benchmark_fields(f"benchmarks_add_{nonce}_")
        submitted = st.form_submit_button("Add benchmark", type="primary")
    if not submitted:
        return
    username = require_role("analyst")
    row, issues = benchmarks.validate_benchmark_fields(values)
    if row is None:
        render_issues(issues)
        return
    write(benchmarks.add_benchmarks, [row], username=username)
    st.session_state["benchmarks_add_nonce"] = nonce + 1
    flash_and_rerun(f"Added {row.name}.")


def render_edit_form(catalogue: Sequence[StoredBenchmark]) -> None:
    if not catalogue:
        st.caption("No benchmark to edit yet.")
        return
    by_id = {b.id: b for b in catalogue}
    chosen_id = st.selectbox(
        "Benchmark",
        list(by_id),
        format_func=lambda benchmark_id: benchmark_label(by_id[benchmark_id]),
        key="benchmarks_edit_pick",
    )
    chosen = by_id[chosen_id]
    with st.form(f"benchmarks_edit_form_{chosen.id}"):
        values = benchmark_fields(f"benchmarks_edit_{chosen.id}_", chosen.row)
        saved = st.form_submit_button("Save changes", type="primary")
    if saved:
        username = require_role("analyst")
        row, issues = benchmarks.validate_benchmark_fields(values)
        if row is None:
            render_issues(issues)
            return
        try:
            write(benchmarks.update_benchmark, chosen.id, row, username=username)
        except benchmarks.BenchmarkNotFound:
            st.error("This benchmark was deleted meanwhile; nothing was saved.")
            return
        flash_and_rerun(f"Saved {row.name}.")
    confirm = st.checkbox("Yes, delete this benchmark", key=f"benchmarks_delete_confirm_{chosen.id}")
    if st.button("Delete benchmark", key=f"benchmarks_delete_{chosen.id}", disabled=not confirm):
        username = require_role("analyst")
        deleted = write(benchmarks.delete_benchmark, chosen.id, username=username)
        flash_and_rerun(f"Deleted {chosen.name}." if deleted else "It was already deleted.")


def render_csv_import() -> None:
    st.markdown("One header line, then one benchmark per line (comma, semicolon or tab separated; UTF-8):")
    st.code(",".join(COLUMNS), language=None)
    st.caption(
        "Required: name, kind (competitor, industry or overall), nps, year or period, source_title or "
        "source_url. promoters, passives and detractors go together. Full rules: data/benchmarks/README.md."
    )
    nonce = st.session_state.setdefault("benchmarks_csv_nonce", 0)
    upload = st.file_uploader("Benchmark CSV", type=["csv", "txt"], key=f"benchmarks_csv_file_{nonce}")
    pasted = st.text_area("…or paste the CSV here", key=f"benchmarks_csv_text_{nonce}", height=120)
    data = upload.getvalue() if upload is not None else pasted.encode("utf-8") if pasted.strip() else b""
    if not data:
        return
    try:
        parsed = benchmarks.parse_benchmark_csv(data)
    except BenchmarkFileError as error:
        st.error(escape_markdown(str(error)))
        return
    for note in parsed.notes:
        st.caption(escape_markdown(note))
    st.markdown(f"{parsed.lines_read} lines read: **{len(parsed.rows)}** valid, **{parsed.rejected_lines}** rejected.")
    if parsed.rejected:
        st.warning("Rejected lines are not imported. Fix them in the file and import it again.")
        rejected = pd.DataFrame(
            [{"Row": i.row, "Column": i.column, "Reason": i.reason} for i in parsed.rejected],
            columns=["Row", "Column", "Reason"],
        )
        st.dataframe(rejected, hide_index=True, width="stretch", key="benchmarks_csv_rejected")
    label = f"Add {plural(len(parsed.rows), 'valid benchmark')}"
    if parsed.rows and st.button(label, type="primary", key="benchmarks_csv_add"):
        username = require_role("analyst")
        added = write(benchmarks.add_benchmarks, parsed.rows, username=username)
        st.session_state["benchmarks_csv_nonce"] = nonce + 1
        flash_and_rerun(f"Imported {plural(added, 'benchmark')}; {plural(parsed.rejected_lines, 'line')} rejected.")


def _guess(columns: Sequence[str], words: Sequence[str]) -> int:
    for index, column in enumerate(columns):
        if any(word in column.lower() for word in words):
            return index
    return 0


def render_survey_import() -> None:
    st.markdown(
        "A market survey of raw answers: one row per respondent, a **brand** column and a 0–10 **score** "
        "column. Each brand becomes a competitor benchmark with its counts (compared with the two-sample test)."
    )
    nonce = st.session_state.setdefault("benchmarks_survey_nonce", 0)
    upload = st.file_uploader(
        "Competitor survey (CSV or Excel)", type=["csv", "txt", "xlsx"], key=f"benchmarks_survey_file_{nonce}"
    )
    if upload is None:
        return
    try:
        frame = benchmarks.read_survey_table(upload.getvalue(), file_name=upload.name)
    except BenchmarkFileError as error:
        st.error(escape_markdown(str(error)))
        return
    columns = list(frame.columns)
    left, middle, right = st.columns(3)
    brand_column = left.selectbox(
        "Brand column",
        columns,
        index=_guess(columns, ("brand", "airline", "company", "competitor")),
        key="benchmarks_survey_brand",
    )
    score_column = middle.selectbox(
        "Score column",
        columns,
        index=_guess(columns, ("recommend", "score", "nps", "likely")),
        key="benchmarks_survey_score",
    )
    min_n = right.number_input(
        "Minimum responses per brand",
        min_value=1,
        value=PREPBENCH_MIN_RESPONSES,
        step=1,
        key="benchmarks_survey_min_n",
        help="Brands with fewer answers are left out (their NPS is too uncertain).",
    )
    try:
        table = benchmarks.brand_nps_from_responses(frame, brand_column=brand_column, score_column=score_column)
    except ValueError as error:
        st.error(escape_markdown(str(error)))
        return
    ours = st.selectbox(
        "Which brand is us? (left out of the competitors)", ["(none)", *table["brand"]], key="benchmarks_survey_us"
    )
    kept = table[(table["n"] >= min_n) & (table["brand"] != ours)]
    st.caption(f"{len(table)} brands, {len(kept)} kept with at least {min_n} responses.")
    st.dataframe(
        table.assign(kept=table.index.isin(kept.index)),
        hide_index=True,
        width="stretch",
        height=240,
        column_config={c: st.column_config.NumberColumn(format="%+.1f") for c in ("nps", "low", "high")},
    )
    with st.form(f"benchmarks_survey_form_{nonce}"):
        row = st.columns([2, 2, 1, 1])
        source_title = row[0].text_input("Source title", f"Market survey: {upload.name}")
        source_url = row[1].text_input("Source address (optional, https://…)")
        year = row[2].number_input(
            "Year", min_value=2003, max_value=datetime.now(UTC).year, value=datetime.now(UTC).year, step=1
        )
        industry = row[3].text_input("Industry")
        row = st.columns(2)
        period = row[0].text_input("Period", placeholder="e.g. fieldwork March 2026")
        population = row[1].text_input("Population", placeholder="who answered")
        submitted = st.form_submit_button(f"Add {plural(len(kept), 'competitor benchmark')}", type="primary")
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
        st.error(escape_markdown(str(error)))
        return
    added = write(benchmarks.add_benchmarks, rows, username=username)
    st.session_state["benchmarks_survey_nonce"] = nonce + 1
    flash_and_rerun(f"Added {plural(added, 'competitor benchmark')} from {upload.name}.")


def render_reference_and_download(catalogue: Sequence[StoredBenchmark]) -> None:
    st.markdown(
        "The shipped reference set: public figures with their sources and years (data/benchmarks/reference.csv). "
        "Loading adds the ones not in the store; your corrections are kept, deleted ones come back."
    )
    if st.button("Load the reference set", icon=":material/library_add:", key="benchmarks_reference_load"):
        require_role("analyst")
        added = write(benchmarks.load_reference_benchmarks)
        flash_and_rerun(f"Reference set: {added} benchmarks added, the rest were already there.")
    st.download_button(
        "Download the benchmark list (CSV)",
        data=benchmarks.benchmarks_csv(catalogue),
        file_name="benchmarks.csv",
        mime="text/csv",
        icon=":material/download:",
        key="benchmarks_download",
        help="Same columns as the import; text that a spreadsheet would run as a formula starts with '",
    )


def render_management(catalogue: Sequence[StoredBenchmark]) -> None:
    st.header("Manage benchmarks")
    add, edit, csv_import, survey_import, reference = st.tabs(
        ["Add", "Edit or delete", "Import CSV", "Import competitor survey", "Reference set and download"]
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

st.title("Benchmarks")
render_view_caption()
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(escape_markdown(flash), icon=":material/check_circle:")

if catalogue:
    render_comparison(load_summary(filters), catalogue, back_to(current_view(), "pages/benchmarks.py", "Benchmarks"))
else:
    who = "Load the reference set or add one below." if can_manage else "An analyst can add them."
    st.info(f"No benchmarks are stored yet. {who}")

st.header("All benchmarks and their sources")
st.caption("Each figure is from the year shown, for the population shown; older panel figures are not current.")
if catalogue:
    render_benchmark_table(catalogue)
if can_manage:
    render_management(catalogue)
