"""Meeting mode: the current view as slides for a 1920×1080 screen read across a room, one idea per slide."""

from __future__ import annotations

import streamlit as st

from components.auth import require_role
from components.benchmark_view import BENCHMARK_CHOICE_KEY, BenchmarkChoice
from components.datasource import load_benchmarks, load_comments_by_id, load_detractor_comments
from components.filters import current_view
from components.meeting import (
    MEETING_CSS,
    benchmark_lines,
    render_comment_slide,
    render_headline_slide,
    render_segments_slide,
    render_shift_slide,
    render_trend_slide,
)
from components.overview_data import SELECTED_COMMENTS_KEY, load_overview, segment_choices
from components.privacy import comment_masking, masked_comments
from nps.filters import PERIODS

require_role("viewer")
view = current_view()
st.html(MEETING_CSS)

SLIDE_KEY = "meeting_slide_index"
last_period, last_attribute = st.session_state.get("overview_last_choice", ("month", None))
period = next(p for p in (st.query_params.get("by"), last_period, "month") if p in PERIODS)
attributes, default_attribute = segment_choices(view)
attribute = next(a for a in (st.query_params.get("segment"), last_attribute, default_attribute) if a in attributes)

with st.expander("Prepare the meeting", icon=":material/tune:", expanded=False):
    st.caption(
        "The slides follow the filters in the sidebar. Pick the detractor comments to read out; "
        "they also go into the PDF report on the Overview."
    )
    candidates = masked_comments(load_detractor_comments(view.filters, 200), masked=comment_masking())
    labels = {
        int(row.id): f"{str(row.responded_on)[:10]} · score {row.score} · {str(row.comment)[:110]}"
        for row in candidates.itertuples()
    }
    chosen = [i for i in st.session_state.get(SELECTED_COMMENTS_KEY, ()) if i in labels]
    st.session_state.setdefault("meeting_comment_pick", chosen)
    picked = st.multiselect(
        "Detractor comments to show (newest first)",
        list(labels),
        format_func=lambda response_id: labels.get(response_id, str(response_id)),
        key="meeting_comment_pick",
        max_selections=6,
        placeholder="Choose up to six comments",
    )
    st.session_state[SELECTED_COMMENTS_KEY] = tuple(picked)
    auto_refresh = st.toggle("Refresh the figures every minute", key="meeting_auto_refresh")

benchmarks = st.session_state.get(BENCHMARK_CHOICE_KEY, BenchmarkChoice()).select(load_benchmarks())
slides = ["headline", "trend"]
data_preview = load_overview(view, period=period, attribute=attribute)
if len(data_preview.segments) > 1:
    slides.append("segments")
    if data_preview.decomposition is not None:
        slides.append("moved")
slides.append("comments")
if benchmarks:
    slides.append("benchmarks")

if SLIDE_KEY not in st.session_state:
    wanted = st.query_params.get("slide", "1")
    st.session_state[SLIDE_KEY] = int(wanted) - 1 if wanted.isdigit() else 0
st.session_state[SLIDE_KEY] = min(max(st.session_state[SLIDE_KEY], 0), len(slides) - 1)


def _step(by: int) -> None:
    st.session_state[SLIDE_KEY] = min(max(st.session_state[SLIDE_KEY] + by, 0), len(slides) - 1)


controls = st.container(horizontal=True, vertical_alignment="center", key="meeting_controls")
controls.button(
    "Previous", on_click=_step, args=(-1,), icon=":material/arrow_back:", key="meeting_previous", shortcut="Left"
)
controls.markdown(f"**{st.session_state[SLIDE_KEY] + 1} / {len(slides)}**")
controls.button(
    "Next", on_click=_step, args=(1,), icon=":material/arrow_forward:", key="meeting_next", shortcut="Right"
)
controls.caption("Keys: ← and → step through the slides.")


@st.fragment(run_every=60 if auto_refresh else None)
def render_slide(kind: str) -> None:
    data = load_overview(view, period=period, attribute=attribute)
    with st.container(key="meeting_slide"):
        if data.counts.n == 0:
            st.markdown("# No responses match these filters")
            return
        if kind == "headline":
            render_headline_slide(data)
        elif kind == "trend":
            render_trend_slide(data)
        elif kind == "segments":
            render_segments_slide(data)
        elif kind == "moved":
            render_shift_slide(data)
        elif kind == "comments":
            render_comment_slide(load_comments_by_id(tuple(st.session_state.get(SELECTED_COMMENTS_KEY, ()))))
        elif kind == "benchmarks":
            st.markdown("# Against benchmarks")
            st.caption("The benchmarks chosen on the Benchmarks page (the overall figures until one is chosen).")
            for line in benchmark_lines(data.counts, benchmarks):
                st.text(line)


render_slide(slides[st.session_state[SLIDE_KEY]])
if st.query_params.get("slide") != str(st.session_state[SLIDE_KEY] + 1):
    st.query_params["slide"] = str(st.session_state[SLIDE_KEY] + 1)
