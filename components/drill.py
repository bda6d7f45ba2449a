"""Drill-through: from a figure to the responses behind it on the Comments page, and back.

The responses behind a figure are the view's filters narrowed by what the figure stands for (a segment, a
period) plus the Comments page's own choices (category, score) with "all responses", not only commented ones,
so the Comments header shows the same count as the figure. Nothing new is queried: the Comments page reads
the same Filters and CommentQuery from the link.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import streamlit as st

from components.filters import FilterChoices, View, apply_choices, choices_to_params, current_view

BACK_KEY = "drill_back"
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
)


@dataclass(frozen=True)
class Back:
    """Where "back" returns to: the page, its filters and its own URL parameters."""

    page: str
    title: str
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
) -> dict[str, list[str]]:
    """The Comments link for these responses: filters, narrowing choices and every response (`all=1`)."""
    params = choices_to_params(choices) | {"all": ["1"]}
    if categories:
        params["category"] = list(categories)
    if scores:
        params["score"] = [str(score) for score in scores]
    if themes:
        params["theme"] = list(themes)
    return params


def open_responses(
    back: Back,
    *,
    segment: tuple[str, str] | None = None,
    period: tuple[date, date] | None = None,
    categories: tuple[str, ...] = (),
    scores: tuple[int, ...] = (),
    themes: tuple[str, ...] = (),
) -> None:
    """Switch to Comments showing exactly the responses behind the clicked figure, remembering the way back."""
    choices = narrowed(current_view().choices, segment=segment, period=period)
    st.session_state[BACK_KEY] = back
    for key in COMMENT_WIDGET_KEYS:
        st.session_state.pop(key, None)
    apply_choices(choices)
    params = drill_params(choices, categories=categories, scores=scores, themes=themes)
    st.switch_page("pages/comments.py", query_params=params)


def back_to(view: View, page: str, title: str, params: dict[str, str]) -> Back:
    return Back(page, title, view.choices, {key: [value] for key, value in params.items()})


def render_back_button() -> None:
    """On the page a drill-through opened: return to the view it came from, filters and all."""
    back = st.session_state.get(BACK_KEY)
    if not isinstance(back, Back):
        return
    if st.button(f"Back to {back.title}", icon=":material/arrow_back:", key="drill_back_button"):
        del st.session_state[BACK_KEY]
        apply_choices(back.choices)
        st.switch_page(back.page, query_params=choices_to_params(back.choices) | back.params)
