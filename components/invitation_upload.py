"""Upload of an invitation list: pick the survey, import, and account for every row."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.datasource import get_engine, load_surveys
from nps.filters import Filters
from nps.importing.reader import ImportFileError
from nps.invitations import import_invitations


def render_invitation_upload(data: bytes, file_name: str, *, username: str) -> None:
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
    if not st.button("Import invitation list", type="primary", disabled=not survey, key="upload_invitation_import"):
        return
    try:
        with st.spinner("Importing…"):
            report = import_invitations(
                data, engine=get_engine(), survey=survey, username=username, file_name=file_name
            )
    except ImportFileError as error:
        st.error(str(error))
        return
    st.success(
        f"{report.imported:,} invitations imported, {report.duplicates:,} already there, {report.rejected:,} rejected; "
        f"{report.new_profiles:,} new people."
    )
    st.caption("Columns used: " + ", ".join(f"{field} = {column}" for field, column in report.columns.items()))
    if report.errors:
        st.dataframe(pd.DataFrame([vars(issue) for issue in report.errors]), hide_index=True)
