"""Goals and events on the Overview and in meeting mode: drawn on the trend, judged beside the headline, edited by
analysts only."""

import json
from datetime import date

import pyarrow as pa

from components.goal_editor import EDITOR_KEY
from nps import audit, goals
from nps.audit import AuditQuery
from nps.charts import EVENT_LAYER, GOAL_LAYER
from tests.pages.conftest import page_as
from tests.pages.test_overview_page import Q3, _seed


def _named_layers(spec: dict) -> dict[str, dict]:
    found: dict[str, dict] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "name" in node and "layer" in node:
                found[node["name"]] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def _open(page: str, role: str, **params: str):
    at = page_as(page, role)
    for key, value in {"period": "custom", "from": Q3[0], "to": Q3[1], **params}.items():
        at.query_params[key] = value
    return at.run()


def _trend(at):
    return next(chart for chart in at.get("vega_lite_chart") if "period_pick" in chart.proto.spec)


def _trend_spec(at) -> dict:
    return json.loads(_trend(at).proto.spec)


def _rows(at, layer_name: str) -> list[dict]:
    """The rows of a named layer's data set (Streamlit sends data sets beside the spec, as Arrow)."""
    layers = _named_layers(_trend_spec(at))
    if layer_name not in layers:
        return []
    wanted = layers[layer_name]["data"]["name"]
    dataset = next(d for d in _trend(at).proto.datasets if d.name == wanted)
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()


def _with_goal_and_event(engine) -> None:
    _seed(engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    goals.save_goal(80, engine=engine, actor="analyst", role="analyst")
    goals.save_goal(-20, engine=engine, actor="analyst", role="analyst", attribute="region", value="Poland")
    goals.save_event(date(2026, 8, 3), "Price change *now*", engine=engine, actor="analyst", role="analyst")
    goals.save_event(date(2026, 1, 3), "Outside the view", engine=engine, actor="analyst", role="analyst")


def test_the_overview_trend_draws_the_goal_line_and_the_event_and_the_headline_judges_the_goal(app_engine):
    _with_goal_and_event(app_engine)
    at = _open("pages/overview.py", "viewer")
    assert not at.exception, at.exception
    layers = _named_layers(_trend_spec(at))
    assert set(layers) == {GOAL_LAYER, EVENT_LAYER}
    assert [mark["mark"]["type"] for mark in layers[GOAL_LAYER]["layer"]] == ["rule", "text"]
    assert [mark["mark"]["type"] for mark in layers[EVENT_LAYER]["layer"]] == ["rule", "text"]
    assert _rows(at, GOAL_LAYER)[0]["target"] == 80
    assert [row["text"] for row in _rows(at, EVENT_LAYER)] == ["Price change *now*"]
    verdict = [md.value for md in at.markdown if "Goal" in md.value]
    assert verdict and verdict[0].startswith(":red[**Goal \\+80\\.0 not met")
    assert any(caption.value == "Goal \\+80\\.0 \\(all responses\\)" for caption in at.caption)
    assert not [expander for expander in at.expander if "Goals and events" in expander.label]


def test_a_segment_view_shows_that_segments_goal(app_engine):
    _with_goal_and_event(app_engine)
    at = _open("pages/overview.py", "viewer", **{"in:region": "Poland"})
    assert _rows(at, GOAL_LAYER)[0]["label"] == "Goal -20.0 (region = Poland)"
    assert any("Goal \\-20\\.0 met" in md.value for md in at.markdown)


def test_an_analyst_adds_and_removes_an_event_and_sets_a_goal_on_the_overview(app_engine):
    _seed(app_engine, q3_poland=[10] * 50 + [7] * 20 + [2] * 30)
    at = _open("pages/overview.py", "analyst")
    assert not at.exception, at.exception
    assert [expander for expander in at.expander if "Goals and events" in expander.label]
    assert not [box for box in at.text_input if box.key == "goal_editor_text"], "drawn while the editor is closed"
    at.session_state[EDITOR_KEY] = True  # the analyst opens the editor
    at.run()
    at.text_input(key="goal_editor_text").input("App release <b>2.0</b>")
    at.date_input(key="goal_editor_event_day").set_value(date(2026, 8, 10))
    next(button for button in at.button if button.label == "Add event").click().run()
    assert not at.exception, at.exception
    assert [(e.day, e.text) for e in goals.list_events(engine=app_engine)] == [
        (date(2026, 8, 10), "App release <b>2.0</b>")
    ]
    assert [row["text"] for row in _rows(at, EVENT_LAYER)] == ["App release <b>2.0</b>"]
    at.number_input(key="goal_editor_target").set_value(25.0)
    at.button(key="goal_editor_set").click().run()
    assert goals.list_goals(engine=app_engine) == (goals.GoalLine(1, 25.0),)
    event_id = goals.list_events(engine=app_engine)[0].id
    at.button(key=f"goal_editor_remove_event_{event_id}").click().run()
    assert goals.list_events(engine=app_engine) == ()
    trail = audit.list_events(AuditQuery(), engine=app_engine)
    assert list(trail["action"]) == ["event.remove", "goal.set", "event.add"]
    assert set(trail["username"]) == {"analyst"}


def test_meeting_mode_judges_the_goal_on_the_headline_and_draws_it_on_the_trend(app_engine):
    _with_goal_and_event(app_engine)
    at = _open("pages/meeting.py", "viewer")
    assert not at.exception, at.exception
    assert any(md.value.startswith(":red[**Goal \\+80\\.0 not met") for md in at.markdown)
    at.button(key="meeting_next").click().run()
    assert set(_named_layers(_trend_spec(at))) == {GOAL_LAYER, EVENT_LAYER}


def test_the_meeting_preparation_offers_the_pdf_and_the_pptx(app_engine):
    _with_goal_and_event(app_engine)
    at = _open("pages/meeting.py", "viewer", prepare="1")
    assert not at.exception, at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    assert "PDF report of this view" in labels and "Slides of this view (PPTX)" in labels


def test_the_apps_pptx_carries_the_goal_the_event_and_the_charts(app_engine):
    import io

    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from components.filters import View
    from components.overview_data import load_overview, report_builder
    from nps.filters import Filters

    _with_goal_and_event(app_engine)
    q3 = Filters(date(2026, 7, 1), date(2026, 9, 30))
    data = load_overview(View(filters=q3), period="month", attribute="region")
    slides = Presentation(io.BytesIO(report_builder(data, (), "pptx")()))
    shapes = [shape for slide in slides.slides for shape in slide.shapes]
    text = "\n".join(shape.text_frame.text for shape in shapes if shape.has_text_frame)
    assert "Goal +80.0 not met: the whole 95% interval" in text
    assert "2026-08-03 · Price change *now* · all surveys" in text and "Outside the view" not in text
    assert sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in shapes) == 3
    assert report_builder(data, (), "pdf")().startswith(b"%PDF")
