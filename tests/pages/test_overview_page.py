"""The Overview and meeting mode on known data: the same numbers as the CLI, and honest change labels."""

import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

import pytest

from components.filters import attribute_label
from tests.factories import add_responses
from tests.pages.conftest import ROOT, page_as

Q3 = ("2026-07-01", "2026-09-30")


def _rows(start: date, scores_by_region: dict[str, list[int]], comment: str | None = None) -> list[dict]:
    rows = []
    for region, scores in scores_by_region.items():
        for index, score in enumerate(scores):
            rows.append(
                {
                    "score": score,
                    "day": start + timedelta(days=index % 80),
                    "region": region,
                    "plan": "Pro" if index % 3 else "Free",
                    "comment": comment if score <= 6 else None,
                }
            )
    return rows


def _seed(engine, *, q3_poland: list[int]) -> None:
    """Q2 and Q3 2026; Poland's Q3 scores vary per test, everything else is the same in both quarters."""
    steady = [10] * 40 + [8] * 30 + [3] * 30
    add_responses(engine, _rows(date(2026, 4, 1), {"Poland": steady, "DACH": steady}))
    add_responses(engine, _rows(date(2026, 7, 1), {"Poland": q3_poland, "DACH": steady}, comment="late *again*"))


def _opened(page: str, params: dict[str, str]):
    """The page as a viewer opens it from a link to Q3 with these extra parameters."""
    at = page_as(page, "viewer")
    for key, value in {"period": "custom", "from": Q3[0], "to": Q3[1], **params}.items():
        at.query_params[key] = value
    return at.run()


def _overview(**params):
    return _opened("pages/overview.py", params)


def _meeting(**params):
    return _opened("pages/meeting.py", params)


def _cli_stats(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "nps", "stats", "--json", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def _metric(at, label: str):
    return next(metric for metric in at.metric if metric.label == label)


def test_the_kpi_equals_the_cli_stats_for_the_same_filters(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    at = _overview(**{"in:region": "Poland"})
    assert not at.exception, at.exception
    stats = _cli_stats("--from", Q3[0], "--to", Q3[1], "--where", "region=Poland")
    assert _metric(at, "NPS").value == f"{stats['nps']:+.1f}"
    assert _metric(at, "Responses").value == f"{stats['n']:,}"
    interval = next(c.value for c in at.caption if c.value.startswith("95% CI"))
    low, high, n = re.fullmatch(r"95% CI ([-+][\d.]+) to ([-+][\d.]+) · n = ([\d,]+)", interval).groups()
    assert float(low) == pytest.approx(stats["ci_low"], abs=0.051)
    assert float(high) == pytest.approx(stats["ci_high"], abs=0.051)
    assert int(n.replace(",", "")) == stats["n"]


def test_a_small_change_is_labelled_not_significant_and_a_big_one_significant(app_engine):
    _seed(app_engine, q3_poland=[10] * 42 + [8] * 30 + [3] * 28)
    at = _overview(**{"in:region": "Poland"})
    change = next(caption.value for caption in at.caption if "vs previous period" in caption.value)
    assert "· not significant" in change


def test_the_significance_label_flips_when_the_quarter_really_moved(app_engine):
    _seed(app_engine, q3_poland=[10] * 70 + [8] * 20 + [3] * 10)
    at = _overview(**{"in:region": "Poland"})
    change = next(caption.value for caption in at.caption if "vs previous period" in caption.value)
    assert "· significant (p" in change
    assert change.startswith("+50.0 vs previous period")


def test_segments_are_marked_where_they_differ_from_the_rest(app_engine):
    _seed(app_engine, q3_poland=[10] * 10 + [8] * 20 + [3] * 70)
    at = _overview(segment="region")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    markers = dict(zip(table["key"], table["marker"], strict=True))
    assert markers == {"DACH": "above the rest", "Poland": "below the rest"}
    assert any("What moved NPS" in header.value for header in at.subheader)
    assert any("from the mix of region" in block.value for block in at.markdown)


def test_fewer_than_30_responses_are_greyed_with_a_note(app_engine):
    _seed(app_engine, q3_poland=[10] * 5 + [3] * 5)
    at = _overview(**{"in:region": "Poland"})
    assert any("too uncertain to act on" in warning.value for warning in at.warning)


def test_an_exclusion_in_the_url_removes_that_segment_from_every_figure(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [2] * 50)
    at = _overview(**{"ex:region": "Poland"})
    stats = _cli_stats("--from", Q3[0], "--to", Q3[1], "--where", "region=DACH")
    assert _metric(at, "NPS").value == f"{stats['nps']:+.1f}"
    assert any("region: all except Poland" in caption.value.replace("\\", "") for caption in at.caption)


def test_meeting_mode_steps_from_the_headline_to_the_trend_and_back(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    at = _meeting()
    assert not at.exception, at.exception
    stats = _cli_stats("--from", Q3[0], "--to", Q3[1])
    assert _metric(at, "NPS").value == f"{stats['nps']:+.1f}"
    at.button(key="meeting_next").click().run()
    assert any("NPS by month" in block.value for block in at.markdown)
    assert at.query_params["slide"] in ("2", ["2"])
    at.button(key="meeting_previous").click().run()
    assert any("Our NPS" in block.value for block in at.markdown)


def test_meeting_mode_shows_chosen_comments_as_plain_text(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    at = _meeting(slide="5", prepare="1")
    picker = at.multiselect(key="meeting_comment_pick")
    picker.select(picker.options[0]).run()
    texts = [text.value for text in at.text]
    assert "late *again*" in texts
    assert not any("late *again*" in block.value or "<em>again" in block.value for block in at.markdown)


def test_meeting_mode_segments_by_another_attribute_when_the_link_pins_the_chosen_one(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    at = _meeting(**{"in:region": "Poland", "segment": "region"})
    assert not at.exception, at.exception
    seen = []
    for _ in range(6):
        seen += [block.value for block in at.markdown if block.value.startswith("# ")]
        at.button(key="meeting_next").click().run()
    assert "# Where: NPS by plan" in seen and not any(title.startswith("# Where: NPS by region") for title in seen)
    assert any(title.startswith("# When") for title in seen)


def test_the_overview_segments_by_another_attribute_when_a_filter_pins_the_remembered_one(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    at = _overview(segment="region")
    assert at.selectbox(key="overview_segment").value == "region"
    at.query_params["in:region"] = "Poland"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="overview_segment").value == "plan"
    assert "region" not in at.selectbox(key="overview_segment").options
    assert not any("Only one" in info.value for info in at.info)


def test_the_pdf_leaves_out_the_segment_sections_when_the_view_holds_one_segment(app_engine):
    from components.filters import View
    from components.overview_data import build_report, export_charts, load_overview
    from nps.filters import Filters

    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    q3, q2 = Filters(date(2026, 7, 1), date(2026, 9, 30)), Filters(date(2026, 4, 1), date(2026, 6, 30))
    poland = (("region", ("Poland",)),)
    one = load_overview(
        View(filters=replace(q3, include=poland), comparison=replace(q2, include=poland)),
        period="month",
        attribute="region",
    )
    assert len(one.segments) == 1
    report = build_report(one, ())
    assert report.segments == () and report.decomposition is None
    assert [title for title, _ in export_charts(one)] == [
        "NPS by month with 95% interval, responses beneath",
        "Score distribution",
    ]
    both = load_overview(View(filters=q3, comparison=q2), period="month", attribute="region")
    assert len(build_report(both, ()).segments) == 2


def test_a_tiny_segment_p_value_reads_below_0_001_rather_than_zero(app_engine):
    _seed(app_engine, q3_poland=[0] * 100)
    at = _overview(segment="region")
    table = next(frame.value for frame in at.dataframe if "adjusted_p" in frame.value.columns)
    assert "< 0.001" in set(table["adjusted_p"])
    assert "0.000" not in set(table["adjusted_p"])


def test_meeting_mode_sets_arabic_comments_right_to_left(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    add_responses(app_engine, [{"score": 1, "day": date(2026, 9, 30), "comment": "التوصيل بطيء جدا", "region": "DACH"}])
    at = _meeting(slide="5", prepare="1")
    picker = at.multiselect(key="meeting_comment_pick")
    arabic = next(option for option in picker.options if "التوصيل" in option)
    latin = next(option for option in picker.options if "late" in option)
    picker.select(arabic).select(latin).run()
    direction = {}

    def walk(node, key: str = "") -> None:
        block_id = getattr(getattr(node, "proto", None), "id", "") or ""
        key = block_id.rsplit("-", 1)[-1] if "meeting_comment_" in block_id else key
        if getattr(node, "type", None) == "text":
            direction[node.value] = key
        for child in getattr(node, "children", {}).values():
            walk(child, key)

    walk(at.main)
    assert direction["التوصيل بطيء جدا"].startswith("meeting_comment_rtl_")
    assert direction["late *again*"].startswith("meeting_comment_ltr_")


def test_segment_labels_in_the_sidebar_are_capitalised_and_never_markdown():
    assert attribute_label("region") == "Region"
    assert attribute_label("NPS group") == "NPS group"
    assert attribute_label("[x](http://evil)") == "\\[x\\]\\(http\\:\u2060\\/\\/evil\\)"


def test_the_segment_picker_shows_capitalised_names_but_keeps_the_attribute(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    at = _overview(segment="plan")
    picker = at.selectbox(key="overview_segment")
    assert picker.value == "plan" and picker.format_func("plan") == "Plan"


def test_the_meeting_headline_says_which_segment_the_nps_is_for(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    at = _meeting(**{"in:region": "Poland"})
    assert not at.exception, at.exception
    subtitle = next(block.value for block in at.markdown if block.value.startswith("### "))
    assert subtitle.endswith(r" · region\: only Poland")
    whole = _meeting()
    assert not any(block.value.startswith("### ") and "only" in block.value for block in whole.markdown)


def test_chart_and_response_downloads_are_named_after_the_period_and_filters(app_engine, monkeypatch):
    from streamlit.delta_generator import DeltaGenerator

    names: list[str] = []
    original = DeltaGenerator.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        names.append(file_name)
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    _seed(app_engine, q3_poland=[10] * 50 + [2] * 50)
    at = _overview(**{"in:region": "Poland"})
    assert not at.exception
    assert {
        "nps-trend_2026-Q3_region-Poland.png",
        "score-distribution_2026-Q3_region-Poland.svg",
        "nps-responses_2026-Q3_region-Poland.csv",
        "nps-responses_2026-Q3_region-Poland.xlsx",
    } <= set(names)
