"""The benchmarks page per role: comparisons for everyone, upkeep for analysts and admins only."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest
from sqlmodel import Session

from components.benchmark_charts import ROW_HEIGHT
from components.benchmark_view import BENCHMARK_CHOICE_KEY, BenchmarkChoice
from nps.benchmarks import (
    brand_nps_from_responses,
    competitor_benchmark_rows,
    list_benchmarks,
    load_reference_benchmarks,
)
from tests.factories import add_responses
from tests.pages.conftest import page_as
from tests.realdata import realdata_dir

PAGE = "pages/benchmarks.py"
AIRLINES = realdata_dir() / "zzzbitz_prepbench_case_122_input_01.csv"
PREP_AIR = realdata_dir() / "zzzbitz_prepbench_case_122_input_02.csv"
SCORE = "How likely are you to recommend this airline?"


def seed(engine, scores: list[int] | None = None) -> None:
    scores = scores if scores is not None else [10] * 60 + [8] * 25 + [3] * 15
    add_responses(engine, [{"score": s, "day": date(2026, 1 + i % 6, 1 + i % 28)} for i, s in enumerate(scores)])
    load_reference_benchmarks(engine=engine)


def table_with(at, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    return "\n".join(parts).replace("\u2060", "")  # the invisible joiner that keeps a bare URL from linking


def test_a_viewer_sees_verdicts_chart_and_sources_but_no_management(app_engine):
    seed(app_engine)
    at = page_as(PAGE, "viewer").run()
    at.selectbox(key="benchmarks_industry").set_value("Airlines").run()
    at.multiselect(key="benchmarks_competitors").select(
        next(o for o in at.multiselect(key="benchmarks_competitors").options if o.startswith("JetBlue"))
    ).run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Against 5 benchmarks" in shown
    assert "We are below" in shown or "We are above" in shown
    assert re.search(r"We are (below|above)\*\*\] by \d+\.\d points", shown), "the verdict carries the sign"
    assert not re.search(r"We are below\*\*\] -", shown)
    assert "One-sample test against a fixed value" in shown
    assert "treated as exact" in shown
    assert len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart")) == 2
    links = [b.proto.url for b in at.get("link_button")]
    assert any("businessinsider.com" in url for url in links)
    assert "Manage benchmarks" not in [h.value for h in at.header]
    assert not [b for b in at.button if b.label == "Add benchmark"]


def test_an_analyst_adds_a_benchmark_and_sees_it_listed(app_engine):
    seed(app_engine)
    at = page_as(PAGE, "analyst").run()
    assert "Manage benchmarks" in [h.value for h in at.header]
    fields = {
        "name": "Acme Air",
        "industry": "Airlines",
        "nps": "21.2",
        "year": "2025",
        "source_title": "Our 2025 market survey",
        "source_url": "https://example.com/survey",
        "promoters": "74",
        "passives": "75",
        "detractors": "35",
    }
    for column, value in fields.items():
        at.text_input(key=f"benchmarks_add_0_{column}").input(value)
    next(b for b in at.button if b.label == "Add benchmark").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Added Acme Air\\."]
    listed = table_with(at, "Population")
    assert "Acme Air" in set(listed["Name"])
    with Session(app_engine) as session:
        acme = next(b for b in list_benchmarks(session=session) if b.name == "Acme Air")
    assert (acme.created_by, acme.n, acme.kind) == ("analyst", 184, "competitor")


def test_a_form_with_a_missing_source_and_a_bad_year_says_why_and_saves_nothing(app_engine):
    seed(app_engine)
    at = page_as(PAGE, "admin").run()
    at.text_input(key="benchmarks_add_0_name").input("Acme")
    at.text_input(key="benchmarks_add_0_nps").input("40")
    at.text_input(key="benchmarks_add_0_year").input("1999")
    next(b for b in at.button if b.label == "Add benchmark").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "source\\_title" in errors and "year" in errors
    with Session(app_engine) as session:
        assert not [b for b in list_benchmarks(session=session) if b.name == "Acme"]


def test_a_bad_csv_lists_each_rejected_row_with_its_column_and_reason(app_engine):
    seed(app_engine)
    at = page_as(PAGE, "analyst").run()
    csv_text = (
        "name,kind,nps,year,source_title\n"
        "Good Co,competitor,12,2024,Survey\n"
        "Bad Kind,retailer,12,2024,Survey\n"
        "Too High,industry,140,2024,Survey\n"
    )
    at.text_area(key="benchmarks_csv_text_0").input(csv_text).run()
    assert not at.exception, at.exception
    rejected = table_with(at, "Reason")
    assert list(rejected["Row"]) == [3, 4]
    assert list(rejected["Column"]) == ["kind", "nps"]
    assert "competitor, industry or overall" in rejected["Reason"].iloc[0]
    assert "3 lines read: **1** valid, **2** rejected." in texts(at)
    next(b for b in at.button if b.label == "Add 1 valid benchmark").click().run()
    with Session(app_engine) as session:
        names = {b.name for b in list_benchmarks(session=session)}
    assert "Good Co" in names and "Bad Kind" not in names


def test_an_analyst_deletes_a_benchmark_after_confirming(app_engine):
    seed(app_engine)
    at = page_as(PAGE, "analyst").run()
    pick = at.selectbox(key="benchmarks_edit_pick")
    chosen = pick.value
    at.checkbox(key=f"benchmarks_delete_confirm_{chosen}").check().run()
    at.button(key=f"benchmarks_delete_{chosen}").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Deleted")
    with Session(app_engine) as session:
        assert chosen not in {b.id for b in list_benchmarks(session=session)}


def test_an_empty_store_tells_a_viewer_to_ask_an_analyst(app_engine):
    at = page_as(PAGE, "viewer").run()
    assert not at.exception
    assert any("No benchmarks are stored yet" in i.value for i in at.info)


@pytest.fixture
def airline_survey() -> pd.DataFrame:
    return pd.read_csv(AIRLINES, keep_default_na=False)


def test_with_prep_airs_answers_the_page_shows_the_prepbench_figures(app_engine, airline_survey):
    prep_air = pd.read_csv(PREP_AIR, keep_default_na=False)
    seed(app_engine, [int(s) for s in prep_air[SCORE]])
    table = brand_nps_from_responses(airline_survey, brand_column="Airline", score_column=SCORE)
    rows = competitor_benchmark_rows(table, source_title="Prepbench case 122", year=2021, min_n=50)
    from nps.benchmarks import add_benchmarks

    add_benchmarks(rows, engine=app_engine, username="analyst")
    at = page_as(PAGE, "viewer").run()
    picker = at.multiselect(key="benchmarks_competitors")
    first_airline = next(o for o in picker.options if o.startswith(rows[0].name))
    picker.select(first_airline).run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "our NPS **21**, z **+1.12** in a field of 59" in shown
    assert "Two-sample test" in shown


def test_an_analyst_edits_a_benchmark_and_the_change_is_stored(app_engine):
    seed(app_engine)
    at = page_as(PAGE, "analyst").run()
    chosen = at.selectbox(key="benchmarks_edit_pick").value
    at.text_input(key=f"benchmarks_edit_{chosen}_method").input("re-checked against the press release")
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Saved")
    with Session(app_engine) as session:
        edited = next(b for b in list_benchmarks(session=session) if b.id == chosen)
    assert edited.method == "re-checked against the press release"


def test_markup_in_a_benchmark_name_and_source_title_is_shown_as_text(app_engine):
    from nps.benchmarks import BenchmarkRow, add_benchmarks

    seed(app_engine)
    hostile = BenchmarkRow(
        name="**Evil** [click](https://evil.example) :red[x]",
        kind="competitor",
        nps=10,
        year=2025,
        source_title="<b>Title</b> $x$",
        source_url="https://example.com/source",
    )
    add_benchmarks([hostile], engine=app_engine, username="analyst")
    at = page_as(PAGE, "viewer").run()
    picker = at.multiselect(key="benchmarks_competitors")
    picker.select(next(o for o in picker.options if o.startswith("**Evil**"))).run()
    assert not at.exception, at.exception
    assert "**\\*\\*Evil\\*\\* \\[click\\]\\(https\\:\\/\\/evil\\.example\\) \\:red\\[x\\]**" in texts(at)
    labels = [b.proto.label for b in at.get("link_button") if b.proto.url == "https://example.com/source"]
    assert labels == ["\\<b\\>Title\\<\\/b\\> \\$x\\$"]


def test_the_sources_table_says_not_published_where_a_benchmark_has_no_n(app_engine):
    seed(app_engine)
    at = page_as(PAGE, "viewer").run()
    listed = next(frame.value for frame in at.dataframe if "Source" in frame.value.columns)
    assert "not published" in set(listed["n"])
    assert listed["n"].notna().all()


def _benchmark_slide(at) -> list[str]:
    for _ in range(8):
        if any(block.value == "# Against benchmarks" for block in at.markdown):
            return [text.value for text in at.text]
        at.button(key="meeting_next").click().run()
    raise AssertionError("no benchmark slide")


def test_meeting_mode_compares_with_what_the_benchmarks_page_chose_and_only_the_overall_figures_before(app_engine):
    seed(app_engine)
    with Session(app_engine) as session:
        catalogue = [(b.id, b.name, b.kind) for b in list_benchmarks(session=session)]
    at = page_as("pages/meeting.py", "viewer").run()
    assert not at.exception, at.exception
    shown = _benchmark_slide(at)
    overall = [name for _, name, kind in catalogue if kind == "overall"]
    assert overall and all(any(line.startswith(name) for line in shown) for name in overall)
    assert not any("(competitor" in line for line in shown)

    jetblue_id, jetblue, _ = next(row for row in catalogue if row[1].startswith("JetBlue"))
    at.session_state[BENCHMARK_CHOICE_KEY] = BenchmarkChoice(None, (jetblue_id,), with_overall=False)
    at.run()
    shown = _benchmark_slide(at)
    assert [line.split(" (")[0] for line in shown[2:]] == [jetblue]


def _add_airlines(engine, airline_survey, *, industry: str) -> list:
    from nps.benchmarks import add_benchmarks

    table = brand_nps_from_responses(airline_survey, brand_column="Airline", score_column=SCORE)
    rows = competitor_benchmark_rows(table, source_title="Prepbench case 122", year=2021, min_n=50, industry=industry)
    add_benchmarks(rows, engine=engine, username="analyst")
    return rows


def test_an_industry_ranking_includes_the_imported_competitors_of_that_industry(app_engine, airline_survey):
    seed(app_engine)
    rows = _add_airlines(app_engine, airline_survey, industry="Airlines")
    at = page_as(PAGE, "viewer").run()
    at.toggle(key="benchmarks_overall").set_value(False)
    at.selectbox(key="benchmarks_industry").set_value("Airlines").run()
    assert not at.exception, at.exception
    rank = next(metric.value for metric in at.metric if metric.label == "Rank in the field")
    assert rank.endswith(f"of {len(rows) + 2 + 1}")  # the industry figure, JetBlue, the 59 airlines, and us
    ranking = json.loads([*at.get("vega_lite_chart"), *at.get("arrow_vega_lite_chart")][0].proto.spec)
    assert ranking["height"] == {"step": ROW_HEIGHT}, "one row per benchmark, however many there are"
    assert "No figure is stored" not in texts(at)


def test_more_than_eight_competitors_can_be_picked_and_each_gets_a_row_of_the_ranking(app_engine, airline_survey):
    seed(app_engine)
    rows = _add_airlines(app_engine, airline_survey, industry="")
    at = page_as(PAGE, "viewer").run()
    picker = at.multiselect(key="benchmarks_competitors")
    assert picker.proto.max_selections == 0
    wanted = [option for option in picker.options if option.split(" (")[0] in {row.name for row in rows[:12]}]
    assert len(wanted) == 12
    picker.set_value(wanted).run()
    assert not at.exception, at.exception
    assert "Against 15 benchmarks" in texts(at)  # 12 competitors and the 3 overall figures
