"""Setting goals and dated events from the Overview (analysts and admins; the nps writes check the role again)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.auth import current_role, current_username
from components.datasource import load_attribute_values, load_attributes, load_events, load_goals, load_surveys, write
from components.i18n import _, current_language, translated_error
from components.markdown_text import escape_markdown
from nps import goals
from nps.filters import Filters
from nps.i18n import format_day
from nps.users import role_allows

ALL = ""
"""The option for every survey or every segment, named in the interface language when shown."""


def _all_surveys(name: str) -> str:
    return name or _("All surveys")


def _all_segments(name: str) -> str:
    return name or _("All segments")


def _apply(done: str, unit_of_work, *args, **kwargs) -> None:
    try:
        write(unit_of_work, *args, actor=current_username() or "", role=current_role(), **kwargs)
    except goals.GoalError as error:
        st.error(translated_error(error))
    except PermissionError as error:
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
    surveys = [ALL, *load_surveys(Filters())]
    attributes = [ALL, *load_attributes()]
    left, middle, right, target_column = st.columns([2, 2, 2, 1])
    chosen_survey = left.selectbox(
        _("Survey"),
        surveys,
        index=surveys.index(survey) if survey in surveys else 0,
        key="goal_editor_survey",
        format_func=_all_surveys,
    )
    chosen_attribute = middle.selectbox(
        _("Segment attribute"),
        attributes,
        index=attributes.index(attribute) if attribute in attributes else 0,
        key="goal_editor_attribute",
        format_func=_all_segments,
    )
    chosen_value = ""
    if chosen_attribute != ALL:
        values = load_attribute_values(chosen_attribute, Filters())
        chosen_value = right.selectbox(
            _("Value"), values, index=values.index(value) if value in values else 0, key="goal_editor_value"
        )
    target = target_column.number_input(
        _("Goal NPS"), min_value=-100.0, max_value=100.0, value=30.0, step=1.0, key="goal_editor_target"
    )
    if st.button(_("Set goal"), key="goal_editor_set", icon=":material/flag:"):
        _apply(
            _("Goal saved"),
            goals.save_goal,
            float(target),
            survey=chosen_survey,
            attribute=chosen_attribute,
            value=chosen_value or "",
        )


def _goal_list() -> None:
    for goal in load_goals():
        row = st.container(horizontal=True, vertical_alignment="center", key=f"goal_editor_goal_{goal.id}")
        row.markdown(escape_markdown(goal.label(current_language())))
        if row.button(_("Remove"), key=f"goal_editor_remove_goal_{goal.id}", type="tertiary", icon=":material/delete:"):
            _apply(_("Goal removed"), goals.delete_goal, goal.id)


def _event_form(filters: Filters) -> None:
    surveys = [ALL, *load_surveys(Filters())]
    survey = filters.surveys[0] if len(filters.surveys) == 1 else ALL
    with st.form("goal_editor_event", clear_on_submit=True, border=False):
        day_column, text_column, survey_column = st.columns([1, 3, 2])
        day = day_column.date_input(_("Date"), value=date.today(), key="goal_editor_event_day")
        text = text_column.text_input(
            _("Event"),
            max_chars=goals.EVENT_TEXT_MAX,
            placeholder=_("Price change, app release …"),
            key="goal_editor_text",
        )
        chosen = survey_column.selectbox(
            _("Survey"),
            surveys,
            index=surveys.index(survey) if survey in surveys else 0,
            key="goal_editor_event_survey",
            format_func=_all_surveys,
        )
        if st.form_submit_button(_("Add event"), icon=":material/event:"):
            _apply(_("Event added"), goals.save_event, day, text, survey=chosen)


def _event_list() -> None:
    for event in load_events():
        row = st.container(horizontal=True, vertical_alignment="center", key=f"goal_editor_event_{event.id}")
        row.text(f"{format_day(event.day, current_language())} · {event.text} · {_all_surveys(event.survey)}")
        if row.button(
            _("Remove"), key=f"goal_editor_remove_event_{event.id}", type="tertiary", icon=":material/delete:"
        ):
            _apply(_("Event removed"), goals.delete_event, event.id)


EDITOR_KEY = "goal_editor_open"


def render_goal_and_event_editor(filters: Filters) -> None:
    """Nothing for viewers: they see the goal line and the events on the trend. For analysts the editor's forms
    are drawn only while its expander is open (opening it reruns the page): they are a dozen widgets and reads
    that every run of an analyst's Overview paid for while the expander stayed closed."""
    if not role_allows(current_role(), goals.WRITER_ROLE):
        return
    with st.expander(
        _("Goals and events on the trend"), icon=":material/flag:", key=EDITOR_KEY, on_change="rerun"
    ) as editor:
        if not editor.open:
            return
        st.caption(
            _(
                "The trend shows the most specific goal whose survey and segment this view is narrowed to, and the "
                "events of the surveys it shows."
            )
        )
        _goal_form(filters)
        _goal_list()
        st.divider()
        _event_form(filters)
        _event_list()
