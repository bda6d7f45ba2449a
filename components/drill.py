"""Drill-through: from a figure to the responses behind it on the Comments page, and back.

The responses behind a figure are the view's filters narrowed by what the figure stands for (a segment, a
period) plus the Comments page's own choices (category, score) with "all responses", not only commented ones,
so the Comments header shows the same count as the figure. Nothing new is queried: the Comments page reads
the same Filters and CommentQuery from the link.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import streamlit as st

from components.filters import FilterChoices, View, apply_choices, choices_to_params, current_view, is_filter_param
from components.i18n import _, follow_up_status_name
from components.markdown_text import escape_markdown
from components.url_state import write_to_url
from nps.charts import PERIOD_STEPS
from nps.closed_loop import QUEUE_STATUSES, QueueChoice

BACK_KEY = "drill_back"
QUEUE_KEY = "comments_queue"
COMMENT_WIDGET_KEYS = (
    "comments_search",
    "comments_categories",
    "comments_scores",
    "comments_languages",
    "comments_sort",
    "comments_themes",
    "comments_tags",
    "comments_follow_up",
    "comments_sentiments",
    "comments_with_comment",
    "comments_page",
    QUEUE_KEY,
)
UNASSIGNED = "(unassigned)"
"""The queue owner "nobody" in a link (no username has brackets)."""


@dataclass(frozen=True)
class Back:
    """Where "back" returns to: the page, its filters and its own URL parameters."""

    page: str
    title: str
    """The page's title as written in its `_()` (English), translated when the button is drawn."""
    choices: FilterChoices
    params: dict[str, list[str]]


def narrowed(
    choices: FilterChoices,
    *,
    segment: tuple[str, str] | None = None,
    period: tuple[date, date] | None = None,
) -> FilterChoices:
    """The view's choices narrowed to one segment value and/or one period (as a custom range)."""
    if segment is not None:
        name, value = segment
        include = (*(pair for pair in choices.include if pair[0] != name), (name, (value,)))
        exclude = tuple(pair for pair in choices.exclude if pair[0] != name)
        choices = replace(choices, include=include, exclude=exclude)
    if period is not None:
        choices = replace(choices, preset="custom", start=period[0], end=period[1])
    return choices


def drill_params(
    choices: FilterChoices,
    *,
    categories: tuple[str, ...] = (),
    scores: tuple[int, ...] = (),
    themes: tuple[str, ...] = (),
    queue: QueueChoice | None = None,
) -> dict[str, list[str]]:
    """The Comments link for these responses: filters, narrowing choices and every response (`all=1`)."""
    params = choices_to_params(choices) | {"all": ["1"]}
    if categories:
        params["category"] = list(categories)
    if scores:
        params["score"] = [str(score) for score in scores]
    if themes:
        params["theme"] = list(themes)
    if queue is not None:
        params |= queue_params(queue)
    return params


def queue_params(queue: QueueChoice) -> dict[str, list[str]]:
    params = {"queue": list(queue.statuses)}
    if queue.owner is not None:
        params["owner"] = [queue.owner or UNASSIGNED]
    if queue.overdue_only:
        params["overdue"] = ["1"]
    return params


def queue_from_url() -> QueueChoice | None:
    """The follow-up queue part a link asks for (`queue=…&owner=…&overdue=1`), leniently; None without one."""
    statuses = tuple(s for s in st.query_params.get_all("queue") if s in QUEUE_STATUSES)
    if not statuses:
        return None
    owner = st.query_params.get("owner")
    return QueueChoice(
        owner=None if owner is None else ("" if owner == UNASSIGNED else owner),
        statuses=statuses,
        overdue_only=st.query_params.get("overdue") == "1",
    )


def describe_queue(queue: QueueChoice) -> str:
    """The queue part in the interface language (statuses named as the Follow-ups page names them)."""
    if queue.owner is None:
        owner = _("any owner")
    else:
        owner = _("owner {owner}").format(owner=queue.owner) if queue.owner else _("unassigned")
    statuses = ", ".join(follow_up_status_name(status) for status in queue.statuses)
    parts = [_("Follow-up queue: {statuses}").format(statuses=statuses), owner]
    return " · ".join([*parts, _("overdue only")] if queue.overdue_only else parts)


def render_queue_filter() -> QueueChoice | None:
    """On Comments: the follow-up queue part a Follow-ups figure opened, shown and removable, kept in the URL."""
    if QUEUE_KEY not in st.session_state:
        st.session_state[QUEUE_KEY] = queue_from_url()
    queue = st.session_state[QUEUE_KEY]
    wanted = queue_params(queue) if queue is not None else {}
    for key in ("queue", "owner", "overdue"):
        write_to_url(key, wanted.get(key, []), [])
    if queue is None:
        return None
    row = st.container(horizontal=True, vertical_alignment="center", key="comments_queue_filter")
    row.markdown(f":material/assignment_ind: {escape_markdown(describe_queue(queue))}")
    if row.button(_("Show all follow-up states"), key="comments_queue_clear", type="tertiary", icon=":material/close:"):
        st.session_state[QUEUE_KEY] = None
        st.rerun()
    return queue


def picked(event: object, name: str, field: str) -> object | None:
    """The value of `field` in the first point of a chart's click selection `name`, if something was clicked."""
    points = (getattr(event, "selection", None) or {}).get(name) or []
    return points[0].get(field) if points else None


def period_of(picked_start: object, period: str) -> tuple[date, date]:
    """The days of the week, month or quarter whose start a time axis reports (epoch milliseconds)."""
    start = pd.Timestamp(picked_start, unit="ms").date()
    return start, (pd.Timestamp(start) + PERIOD_STEPS[period] - pd.Timedelta(days=1)).date()


def open_responses(
    back: Back,
    *,
    segment: tuple[str, str] | None = None,
    period: tuple[date, date] | None = None,
    categories: tuple[str, ...] = (),
    scores: tuple[int, ...] = (),
    themes: tuple[str, ...] = (),
    queue: QueueChoice | None = None,
) -> None:
    """Switch to Comments showing exactly the responses behind the clicked figure, remembering the way back."""
    choices = narrowed(current_view().choices, segment=segment, period=period)
    st.session_state[BACK_KEY] = back
    for key in COMMENT_WIDGET_KEYS:
        st.session_state.pop(key, None)
    apply_choices(choices)
    params = drill_params(choices, categories=categories, scores=scores, themes=themes, queue=queue)
    st.switch_page("pages/comments.py", query_params=params)


def back_to(view: View, page: str, title: str, params: dict[str, str] | None = None) -> Back:
    """The way back to `page`: the view's filters, the page's own URL parameters as they are now (search,
    choices, slide) and `params`, which a page may not have written to its URL yet in this run."""
    own = {key: st.query_params.get_all(key) for key in st.query_params if not is_filter_param(key)}
    return Back(page, title, view.choices, own | {key: [value] for key, value in (params or {}).items()})


def render_back_button() -> None:
    """On the page a drill-through opened: return to the view it came from, filters and all."""
    back = st.session_state.get(BACK_KEY)
    if not isinstance(back, Back):
        return
    if st.button(_("Back to {page}").format(page=_(back.title)), icon=":material/arrow_back:", key="drill_back_button"):
        del st.session_state[BACK_KEY]
        apply_choices(back.choices)
        st.switch_page(back.page, query_params=choices_to_params(back.choices) | back.params)
