"""Upload: import a survey export or an invitation list and account for every row; past batches and roll-back."""

from __future__ import annotations

import streamlit as st

from components.auth import current_role, require_role
from components.i18n import _
from components.invitation_upload import render_invitation_upload
from components.upload_batches import render_import_batches
from components.upload_flow import render_upload_flow, upload_limit_mb
from nps import users

username = require_role("analyst")
st.title(_("Upload a survey export"))
limit = upload_limit_mb()
KINDS = {"Survey responses": _("Survey responses"), "Invitation list": _("Invitation list")}
kind = st.segmented_control(
    _("What is in the file?"),
    list(KINDS),
    default="Survey responses",
    format_func=KINDS.__getitem__,
    key="upload_kind",
    help=_("An invitation list (who was sent the survey, and whether it reached them) gives the response rate."),
)
uploaded = st.file_uploader(
    _("Survey export or invitation list: CSV, TSV, TXT or XLSX, up to {limit} MB").format(limit=limit),
    type=["csv", "tsv", "txt", "xlsx"],
    max_upload_size=limit,
    key="upload_file",
    help=_(
        "Qualtrics, SurveyMonkey, Typeform, Google Forms, Microsoft Forms, Delighted or any table with a 0–10 "
        "score column. The format, encoding and separator are detected from the content, not the file name."
    ),
)
if uploaded is None:
    st.caption(
        _(
            "Files up to {limit} MB. Nothing is written until you check the file and confirm the import; "
            "a second import of the same responses adds nothing."
        ).format(limit=limit)
    )
elif kind == "Invitation list":
    render_invitation_upload(uploaded.getvalue(), uploaded.name, username=username, upload_id=uploaded.file_id)
else:
    render_upload_flow(uploaded.getvalue(), uploaded.name, username=username, upload_id=uploaded.file_id)
st.divider()
render_import_batches(can_roll_back=users.role_allows(current_role(), "admin"))
