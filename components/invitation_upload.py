"""Upload of an invitation list: pick the survey, import, account for every row and show the response rate."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.datasource import load_surveys, write
from components.markdown_text import escape_markdown
from components.response_rate import render_response_rate
from nps.filters import Filters
from nps.importing.reader import ImportFileError
from nps.invitations import InvitationReport, import_invitations

_DONE_KEY = "upload_invitations_done"


def render_invitation_upload(data: bytes, file_name: str, *, username: str, upload_id: str = "") -> None:
    surveys = load_surveys(Filters())
    survey = st.selectbox(
        "Survey the invitations were for",
        surveys,
        index=None,
        accept_new_options=True,
        placeholder="Choose or type a survey name",
        key="upload_invitation_survey",
        help="Rows with their own survey column keep it. Responses are matched to invitations of the same survey.",
    )
    st.caption(
        "Columns read: an e-mail and/or a customer id, the name, the sent date, the delivery status (delivered, "
        "bounced, unsubscribed) and the survey; any other column becomes a segment."
    )
    done: tuple[str, str, InvitationReport] | None = st.session_state.get(_DONE_KEY)
    if done is not None and done[:2] == (upload_id, survey):
        _render_outcome(done[2], survey)
        return
    if not st.button("Import invitation list", type="primary", disabled=not survey, key="upload_invitation_import"):
        return
    try:
        with st.spinner("Importing…"):
            report = write(import_invitations, data, survey=survey, username=username, file_name=file_name)
    except ImportFileError as error:
        st.error(str(error))
        return
    st.session_state[_DONE_KEY] = (upload_id, survey, report)
    st.rerun()


def _render_outcome(report: InvitationReport, survey: str) -> None:
    """The counts, the rejected rows, and the survey's response rate as it now stands."""
    st.success(
        f"{report.imported:,} invitations imported, {report.duplicates:,} already there, {report.rejected:,} rejected; "
        f"{report.new_profiles:,} new people."
    )
    used = ", ".join(f"{field} = {column}" for field, column in report.columns.items())
    segments = f"; segments: {', '.join(report.segments)}" if report.segments else ""
    st.caption(escape_markdown(f"Columns used: {used}{segments}"))
    for note in report.notes:
        st.text(f"• {note}")
    if report.errors:
        st.dataframe(pd.DataFrame([vars(issue) for issue in report.errors]), hide_index=True)
    st.subheader(f"Response rate of “{escape_markdown(survey)}”")
    if not render_response_rate(Filters(surveys=(survey,)), None, masked=False):
        st.caption("No invitation of this survey was imported.")
    st.caption("Responses imported later are matched to these invitations; the Overview shows the rate per segment.")
