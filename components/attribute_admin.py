"""The Admin page's segment attributes: where each is kept, its display label, hiding it from the filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.datasource import get_engine, write
from components.i18n import _
from nps import attributes
from nps.models import SEGMENT_SLOTS

ALL_SURVEYS = ""


def render_attribute_admin(actor: str) -> None:
    st.caption(
        _(
            "Each survey keeps up to {slots} segment attributes; one name in several surveys is one attribute in "
            "the filters. A label changes what the filters and pickers show; a hidden attribute is still imported "
            "and exported but not offered. Changes are recorded in the audit trail."
        ).format(slots=SEGMENT_SLOTS)
    )
    known = attributes.list_attributes(engine=get_engine())
    if not known:
        st.info(_("No segment attributes yet: they come with the first imported file."))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    _("Attribute"): info.name,
                    _("Label"): info.label,
                    _("Hidden"): info.hidden,
                    _("Surveys"): ", ".join(info.surveys),
                }
                for info in known
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    by_name = {info.name: info for info in known}
    name = st.selectbox(_("Attribute"), list(by_name), key="admin_attribute_name")
    info = by_name[name]
    surveys = {ALL_SURVEYS: _("every survey that has it"), **{survey: survey for survey in info.surveys}}
    survey = st.selectbox(_("Survey"), list(surveys), format_func=surveys.__getitem__, key="admin_attribute_survey")
    label = st.text_input(_("Label"), value=info.label, max_chars=attributes.MAX_LABEL_CHARS, key="admin_attr_label")
    columns = st.columns(2)
    if columns[0].button(_("Save label"), key="admin_attribute_rename", type="primary"):
        _apply(_("Label saved"), attributes.save_label, name, label, actor=actor, survey=survey or None)
    hide = not info.hidden
    toggle = _("Hide from the filters") if hide else _("Show in the filters")
    if columns[1].button(toggle, key="admin_attribute_hide"):
        _apply(toggle, attributes.save_hidden, name, hide, actor=actor, survey=survey or None)


def _apply(done: str, unit_of_work, *args, **kwargs) -> None:
    try:
        write(unit_of_work, *args, **kwargs)
    except (ValueError, LookupError) as error:
        st.error(str(error))
    else:
        st.toast(done)
        st.rerun()
