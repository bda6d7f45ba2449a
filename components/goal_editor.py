"""Setting goals and dated events from the Overview (analysts and admins; the nps writes check the role again)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.auth import current_role, current_username
from components.datasource import load_attribute_values, load_attributes, load_events, load_goals, load_surveys, write
from components.markdown_text import escape_markdown
from nps import goals
from nps.filters import Filters
from nps.users import role_allows

ALL_SURVEYS = "All surveys"
NO_SEGMENT = "All segments"


def _apply(done: str, unit_of_work, *args, **kwargs) -> None:
    try:
        write(unit_of_work, *args, actor=current_username() or "", role=current_role(), **kwargs)
    except (goals.GoalError, PermissionError) as error:
        st.error(str(error))
    else:
        st.toast(done)
        st.rerun()


def _default_scope(filters: Filters) -> tuple[str, str, str]:
    """The current view's survey and first one-value segment, so "set a goal" starts from what is on screen."""
    survey = filters.surveys[0] if len(filters.surveys) == 1 else ""
    pinned = [(name, values[0]) for name, values in filters.include if len(values) == 1]
    attribute, value = pinned[0] if pinned else ("", "")
    return survey, attribute, value


def _goal_form(filters: Filters) -> None:
    survey, attribute, value = _default_scope(filters)
    surveys = [ALL_SURVEYS, *load_surveys(Filters())]
    attributes = [NO_SEGMENT, *load_attributes()]
    left, middle, right, target_column = st.columns([2, 2, 2, 1])
    chosen_survey = left.selectbox(
        "Survey", surveys, index=surveys.index(survey) if survey in surveys else 0, key="goal_editor_survey"
    )
    chosen_attribute = middle.selectbox(
        "Segment attribute",
        attributes,
        index=attributes.index(attribute) if attribute in attributes else 0,
        key="goal_editor_attribute",
    )
    chosen_value = ""
    if chosen_attribute != NO_SEGMENT:
        values = load_attribute_values(chosen_attribute, Filters())
        chosen_value = right.selectbox(
            "Value", values, index=values.index(value) if value in values else 0, key="goal_editor_value"
        )
    target = target_column.number_input(
        "Goal NPS", min_value=-100.0, max_value=100.0, value=30.0, step=1.0, key="goal_editor_target"
    )
    if st.button("Set goal", key="goal_editor_set", icon=":material/flag:"):
        _apply(
            "Goal saved",
            goals.save_goal,
            float(target),
            survey="" if chosen_survey == ALL_SURVEYS else chosen_survey,
            attribute="" if chosen_attribute == NO_SEGMENT else chosen_attribute,
            value=chosen_value or "",
        )


def _goal_list() -> None:
    for goal in load_goals():
        row = st.container(horizontal=True, vertical_alignment="center", key=f"goal_editor_goal_{goal.id}")
        row.markdown(escape_markdown(goal.label()))
        if row.button("Remove", key=f"goal_editor_remove_goal_{goal.id}", type="tertiary", icon=":material/delete:"):
            _apply("Goal removed", goals.delete_goal, goal.id)


def _event_form(filters: Filters) -> None:
    surveys = [ALL_SURVEYS, *load_surveys(Filters())]
    survey = filters.surveys[0] if len(filters.surveys) == 1 else ALL_SURVEYS
    with st.form("goal_editor_event", clear_on_submit=True, border=False):
        day_column, text_column, survey_column = st.columns([1, 3, 2])
        day = day_column.date_input("Date", value=date.today(), key="goal_editor_event_day")
        text = text_column.text_input(
            "Event", max_chars=goals.EVENT_TEXT_MAX, placeholder="Price change, app release …", key="goal_editor_text"
        )
        chosen = survey_column.selectbox("Survey", surveys, index=surveys.index(survey), key="goal_editor_event_survey")
        if st.form_submit_button("Add event", icon=":material/event:"):
            _apply(
                "Event added",
                goals.save_event,
                day,
                text,
                survey="" if chosen == ALL_SURVEYS else chosen,
            )


def _event_list() -> None:
    for event in load_events():
        row = st.container(horizontal=True, vertical_alignment="center", key=f"goal_editor_event_{event.id}")
        where = event.survey or ALL_SURVEYS
        row.text(f"{event.day.isoformat()} · {event.text} · {where}")
        if row.button("Remove", key=f"goal_editor_remove_event_{event.id}", type="tertiary", icon=":material/delete:"):
            _apply("Event removed", goals.delete_event, event.id)


def render_goal_and_event_editor(filters: Filters) -> None:
    """Nothing for viewers: they see the goal line and the events on the trend."""
    if not role_allows(current_role(), goals.WRITER_ROLE):
        return
    with st.expander("Goals and events on the trend", icon=":material/flag:"):
        st.caption(
            "The trend shows the most specific goal whose survey and segment this view is narrowed to, and the "
            "events of the surveys it shows."
        )
        _goal_form(filters)
        _goal_list()
        st.divider()
        _event_form(filters)
        _event_list()
