"""Upload of an invitation list: pick the survey, import, account for every row and show the response rate."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.datasource import load_surveys, write
from components.i18n import _, count_words, current_language, ngettext, translated_error
from components.markdown_text import escape_markdown
from components.response_rate import render_response_rate
from nps.filters import Filters
from nps.i18n import format_number, translated_text
from nps.importing.reader import ImportFileError
from nps.importing.reasons import translate_issues
from nps.invitations import InvitationReport, import_invitations

_DONE_KEY = "upload_invitations_done"


def render_invitation_upload(data: bytes, file_name: str, *, username: str, upload_id: str = "") -> None:
    surveys = load_surveys(Filters())
    survey = st.selectbox(
        _("Survey the invitations were for"),
        surveys,
        index=None,
        accept_new_options=True,
        placeholder=_("Choose or type a survey name"),
        key="upload_invitation_survey",
        help=_("Rows with their own survey column keep it. Responses are matched to invitations of the same survey."),
    )
    st.caption(
        _(
            "Columns read: an e-mail and/or a customer id, the name, the sent date, the delivery status (delivered, "
            "bounced, unsubscribed) and the survey; any other column becomes a segment."
        )
    )
    done: tuple[str, str, InvitationReport] | None = st.session_state.get(_DONE_KEY)
    if done is not None and done[:2] == (upload_id, survey):
        _render_outcome(done[2], survey)
        return
    if not st.button(_("Import invitation list"), type="primary", disabled=not survey, key="upload_invitation_import"):
        return
    try:
        with st.spinner(_("Importing…")):
            report = write(import_invitations, data, survey=survey, username=username, file_name=file_name)
    except ImportFileError as error:
        st.error(translated_error(error))
        return
    st.session_state[_DONE_KEY] = (upload_id, survey, report)
    st.rerun()


def _render_outcome(report: InvitationReport, survey: str) -> None:
    """The counts, the rejected rows, and the survey's response rate as it now stands."""
    imported = ngettext("{count} invitation imported", "{count} invitations imported", report.imported)
    people = ngettext("{count} new person", "{count} new people", report.new_profiles)
    st.success(
        _("{imported}, {duplicates} already there, {rejected} rejected; {people}.").format(
            imported=count_words(report.imported, imported),
            duplicates=format_number(report.duplicates, current_language(), decimals=0),
            rejected=format_number(report.rejected, current_language(), decimals=0),
            people=count_words(report.new_profiles, people),
        )
    )
    used = ", ".join(f"{field} = {column}" for field, column in report.columns.items())
    st.caption(escape_markdown(_("Columns used: {columns}").format(columns=used)))
    if report.segments:
        st.caption(escape_markdown(_("Segments: {columns}").format(columns=", ".join(report.segments))))
    for note in report.notes:
        st.text(f"• {translated_text(note, current_language())}")
    if report.errors:
        issues = pd.DataFrame([{"outcome": "rejected", **vars(issue)} for issue in report.errors])
        st.dataframe(translate_issues(issues, current_language()), hide_index=True)
    st.subheader(_("Response rate of “{survey}”").format(survey=escape_markdown(survey)))
    if not render_response_rate(Filters(surveys=(survey,)), None, masked=False):
        st.caption(_("No invitation of this survey was imported."))
    st.caption(_("Responses imported later are matched to these invitations; the Overview shows the rate per segment."))
