"""The admin's "erase this customer" control on a respondent profile (GDPR art. 17)."""

from __future__ import annotations

import streamlit as st

from components.auth import current_role, current_username
from components.datasource import write
from nps import erasure, users


def render_erase_respondent(respondent_id: int) -> None:
    """Shown to admins only; the role is checked again on the server when the button is pressed."""
    if not users.role_allows(current_role(), "admin"):
        return
    with st.expander("Erase this customer's personal data"):
        st.write(
            "Removes the name, e-mail, customer id and the text of every comment of this person, with their "
            "follow-up notes, search entries and theme links. Scores, dates and segments stay, so the figures do "
            "not change. This cannot be undone; the audit trail records that it happened, not what was erased."
        )
        confirm = st.checkbox("I understand this cannot be undone", key="respondent_erase_confirm")
        if not st.button("Erase personal data", type="primary", disabled=not confirm, key="respondent_erase"):
            return
        actor = current_username()
        if not users.role_allows(current_role(), "admin") or actor is None:
            st.error("Only an administrator can erase a customer.")
            return
        try:
            responses, scrubbed = write(erasure.erase_profile, respondent_id, actor=actor)
        except erasure.ErasureError as error:
            st.error(str(error).capitalize() + ".")
            return
        st.success(f"Erased: personal data and comments of {responses} responses removed.")
        if not scrubbed:
            st.warning("Another reader kept the database busy: the old pages are overwritten at its next checkpoint.")
