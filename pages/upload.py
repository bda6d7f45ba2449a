"""Upload: import a survey export and account for every row."""

from __future__ import annotations

import streamlit as st

from components.auth import require_role
from components.datasource import get_engine
from nps.importing.pipeline import import_file
from nps.importing.reader import ImportFileError

username = require_role("analyst")
st.title("Upload a survey export")
uploaded = st.file_uploader("Survey export (CSV, TSV or XLSX)", type=["csv", "tsv", "txt", "xlsx"])
survey = st.text_input("Survey name", key="upload_survey")
if uploaded is not None and survey.strip() and st.button("Import", type="primary", key="upload_import"):
    try:
        with st.spinner("Importing…"):
            report = import_file(
                uploaded.getvalue(), engine=get_engine(), survey=survey, username=username, file_name=uploaded.name
            )
    except ImportFileError as error:
        st.error(str(error))
    else:
        st.success(
            f"{report.rows_read:,} rows read: {report.imported:,} imported, {report.duplicates:,} duplicates, "
            f"{report.rejected:,} rejected, {report.excluded:,} excluded."
        )
        if report.errors or report.excluded_rows:
            st.dataframe(report.issues_frame(), hide_index=True, width="stretch")
