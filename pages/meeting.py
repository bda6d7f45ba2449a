"""Meeting mode: the current view as slides sized from the screen (720p to a 4K wall), one idea per slide.

The presentation view shows only the slide and its controls; `?prepare=1` brings back the filters and the
comment picks; `?kiosk=1` drops the controls and steps through the slides on a timer (`every` seconds).
"""

from __future__ import annotations

import time
from dataclasses import replace

import pandas as pd
import streamlit as st

from components.auth import require_role
from components.benchmark_view import current_benchmark_choice, write_benchmark_choice
from components.comment_summary import render_summary_slide
from components.datasource import (
    load_benchmarks,
    load_comments_by_id,
    load_detractor_comments,
    load_response_rates,
    load_summary,
)
from components.drill import back_to, open_responses, period_of, picked
from components.exports import render_report_downloads
from components.filters import current_view, view_params
from components.i18n import _, apply_digits, count_words, current_language, ngettext
from components.meeting import (
    PRESENTING_CSS,
    SLIDE_CSS,
    benchmark_lines,
    render_comment_slide,
    render_headline_slide,
    render_segments_slide,
    render_shift_slide,
    render_trend_slide,
)
from components.overview_data import (
    SELECTED_COMMENTS_KEY,
    last_overview_choice,
    load_overview,
    report_builders,
    segment_choices,
)
from components.privacy import comment_masking, masked_comments
from components.response_rate import render_response_rate
from nps import charts
from nps.filters import PERIODS, Filters
from nps.i18n import format_day

require_role("viewer")
view = current_view()

SLIDE_KEY = "meeting_slide_index"
KIOSK_SECONDS = 20
kiosk = st.query_params.get("kiosk") == "1"
preparing = not kiosk and st.query_params.get("prepare") == "1"
st.html(SLIDE_CSS)
if not preparing:
    st.html(PRESENTING_CSS)

last_period, last_attribute = last_overview_choice()
period = next(p for p in (st.query_params.get("by"), last_period, "month") if p in PERIODS)
attributes, default_attribute = segment_choices(view)
attribute = next(a for a in (st.query_params.get("segment"), last_attribute, default_attribute) if a in attributes)


def _ids(text: str | None) -> tuple[int, ...]:
    return tuple(int(part) for part in (text or "").split(",") if part.strip().isdigit())[:6]


if SELECTED_COMMENTS_KEY not in st.session_state:  # a shared link carries the presenter's picks
    st.session_state[SELECTED_COMMENTS_KEY] = _ids(st.query_params.get("comments"))

if preparing:
    with st.expander(_("Prepare the meeting"), icon=":material/tune:", expanded=True):
        st.caption(
            _(
                "The slides follow the filters in the sidebar. Pick the detractor comments to read out; "
                "they also go into the PDF report on the Overview and into the link of this page."
            )
        )
        candidates = masked_comments(load_detractor_comments(view.filters, limit=200), masked=comment_masking())
        labels = {
            int(row.id): f"{format_day(pd.Timestamp(row.responded_on), current_language())} · "
            + _("score {score}").format(score=row.score)
            + f" · {str(row.comment)[:110]}"
            for row in candidates.itertuples()
        }
        chosen = [i for i in st.session_state.get(SELECTED_COMMENTS_KEY, ()) if i in labels]
        st.session_state.setdefault("meeting_comment_pick", chosen)
        picked = st.multiselect(
            _("Detractor comments to show (newest first)"),
            list(labels),
            format_func=lambda response_id: labels.get(response_id, str(response_id)),
            key="meeting_comment_pick",
            max_selections=6,
            placeholder=_("Choose up to six comments"),
        )
        st.session_state[SELECTED_COMMENTS_KEY] = tuple(picked)
        st.toggle(_("Refresh the figures every minute"), key="meeting_auto_refresh")
picks = tuple(st.session_state.get(SELECTED_COMMENTS_KEY, ()))
if picks:
    st.query_params["comments"] = ",".join(str(i) for i in picks)
elif "comments" in st.query_params:
    del st.query_params["comments"]

benchmark_choice = current_benchmark_choice()
write_benchmark_choice(benchmark_choice)
benchmarks = benchmark_choice.select(load_benchmarks())
slides = ["headline", "trend"]
if int(load_response_rates(view.filters).iloc[0]["invited"]):
    slides.insert(1, "response")
data_preview = load_overview(view, period=period, attribute=attribute)
if len(data_preview.segments) > 1:
    slides.append("segments")
    if data_preview.decomposition is not None:
        slides.append("moved")
slides += ["comments", "summary"]
if benchmarks:
    slides.append("benchmarks")
if preparing and data_preview.counts.n:
    with st.container(key="meeting_take_away"):
        st.caption(_("Take the meeting away: the same figures, the goal and the events as a PDF report or as slides."))
        render_report_downloads(*report_builders(data_preview, picks), key="meeting_pdf")

if SLIDE_KEY not in st.session_state:
    wanted = st.query_params.get("slide", "1")
    st.session_state[SLIDE_KEY] = int(wanted) - 1 if wanted.isdigit() else 0
st.session_state[SLIDE_KEY] = min(max(st.session_state[SLIDE_KEY], 0), len(slides) - 1)


def _step(by: int) -> None:
    st.session_state[SLIDE_KEY] = min(max(st.session_state[SLIDE_KEY] + by, 0), len(slides) - 1)


def _prepare(on: bool) -> None:
    if on:
        st.query_params["prepare"] = "1"
    elif "prepare" in st.query_params:
        del st.query_params["prepare"]


back = back_to(view, "pages/meeting.py", _("Meeting mode"), {"slide": str(st.session_state[SLIDE_KEY] + 1)})


def _open_slide_responses() -> None:
    """The responses behind the slide on screen: the view's, or its detractors on the comments slide."""
    on_comments = slides[st.session_state[SLIDE_KEY]] == "comments"
    open_responses(back, categories=("detractor",) if on_comments else ())


if not kiosk:
    counted = load_summary(replace(view.filters, weighted=False))
    behind = counted.detractors if slides[st.session_state[SLIDE_KEY]] == "comments" else counted.n
    controls = st.container(horizontal=True, vertical_alignment="center", key="meeting_controls")
    controls.button(
        _("Previous"), on_click=_step, args=(-1,), icon=":material/arrow_back:", key="meeting_previous", shortcut="Left"
    )
    controls.markdown(f"**{st.session_state[SLIDE_KEY] + 1} / {len(slides)}**")
    controls.button(
        _("Next"), on_click=_step, args=(1,), icon=":material/arrow_forward:", key="meeting_next", shortcut="Right"
    )
    controls.button(
        _("Done preparing") if preparing else _("Prepare"),
        on_click=_prepare,
        args=(not preparing,),
        icon=":material/tune:",
        key="meeting_prepare",
    )
    if controls.button(
        count_words(int(behind), ngettext("Open {count} detractor", "Open {count} detractors", int(behind)))
        if slides[st.session_state[SLIDE_KEY]] == "comments"
        else count_words(int(behind), ngettext("Open {count} response", "Open {count} responses", int(behind))),
        icon=":material/forum:",
        key="meeting_open",
        type="tertiary",
        help=_("Read the responses behind this slide on the Comments page; its Back button returns to this slide."),
    ):
        _open_slide_responses()
    if controls.button(_("Leave"), icon=":material/close:", key="meeting_leave"):
        st.switch_page("pages/overview.py", query_params=view_params())
    controls.caption(_("← and → step through the slides; click a point to read its responses."))


def _kiosk_seconds() -> int:
    wanted = st.query_params.get("every", "")
    return max(5, int(wanted)) if wanted.isdigit() else KIOSK_SECONDS


def _refresh_every() -> int | None:
    if kiosk:
        return _kiosk_seconds()
    return 60 if st.session_state.get("meeting_auto_refresh") else None


@st.fragment(run_every=_refresh_every())
def render_slide() -> None:
    """Reads the figures afresh on every run (the caches follow the data version); in a kiosk the slide is
    chosen by the clock, so every wall screen on the same link shows the same slide."""
    apply_digits()
    index = st.session_state[SLIDE_KEY]
    if kiosk:
        index = (index + int(time.time() // _kiosk_seconds())) % len(slides)
    kind = slides[index]
    data = load_overview(view, period=period, attribute=attribute)
    with st.container(key="meeting_slide"):
        if data.counts.n == 0:
            st.markdown("# " + _("No responses match these filters"))
            return
        if kind == "headline":
            render_headline_slide(data)
        elif kind == "response":
            st.markdown("# " + _("Who answered"))
            render_response_rate(view.filters, attribute, masked=True, big=True)
        elif kind == "trend":
            trend_pick = render_trend_slide(data, pick_key=None if kiosk else "meeting_trend_pick")
            if start := picked(trend_pick, charts.PERIOD_PICK, "start"):
                open_responses(back, period=period_of(start, period))
        elif kind == "segments":
            segment_pick = render_segments_slide(data, pick_key=None if kiosk else "meeting_segment_pick")
            if (segment := picked(segment_pick, charts.SEGMENT_PICK, "key")) is not None and attribute:
                open_responses(back, segment=(attribute, str(segment)))
        elif kind == "moved":
            render_shift_slide(data)
        elif kind == "comments":
            shown = load_comments_by_id(picks, Filters()) if picks else load_detractor_comments(view.filters, limit=4)
            render_comment_slide(shown, chosen=bool(picks))
        elif kind == "summary":
            render_summary_slide(view.filters)
        elif kind == "benchmarks":
            st.markdown("# " + _("Against benchmarks"))
            st.caption(_("The benchmarks chosen on the Benchmarks page (the overall figures until one is chosen)."))
            for line in benchmark_lines(data.counts, benchmarks, minimum_n=data.minimum_n):
                st.text(line)


render_slide()
if not kiosk and st.query_params.get("slide") != str(st.session_state[SLIDE_KEY] + 1):
    st.query_params["slide"] = str(st.session_state[SLIDE_KEY] + 1)
