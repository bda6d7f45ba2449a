"""The admin's "erase this customer" control on a respondent profile (GDPR art. 17)."""

from __future__ import annotations

import streamlit as st

from components.auth import current_role, current_username
from components.datasource import write
from components.i18n import _, current_language, translated_error
from nps import erasure, users
from nps.i18n import format_number


def render_erase_respondent(respondent_id: int) -> None:
    """Shown to admins only; the role is checked again on the server when the button is pressed."""
    if not users.role_allows(current_role(), "admin"):
        return
    with st.expander(_("Erase this customer's personal data")):
        st.write(
            _(
                "Removes the name, e-mail, customer id and the text of every comment of this person, with their "
                "follow-up notes, search entries and theme links. Scores, dates and segments stay, so the figures "
                "do not change. This cannot be undone; the audit trail records that it happened, not what was "
                "erased."
            )
        )
        confirm = st.checkbox(_("I understand this cannot be undone"), key="respondent_erase_confirm")
        if not st.button(_("Erase personal data"), type="primary", disabled=not confirm, key="respondent_erase"):
            return
        actor = current_username()
        if not users.role_allows(current_role(), "admin") or actor is None:
            st.error(_("Only an administrator can erase a customer."))
            return
        try:
            responses, scrubbed = write(erasure.erase_profile, respondent_id, actor=actor)
        except erasure.ErasureError as error:
            message = translated_error(error)
            st.error(message[:1].upper() + message[1:] + ".")
            return
        st.success(
            _("Erased: personal data and comments of {count} responses removed.").format(
                count=format_number(responses, current_language(), decimals=0)
            )
        )
        if not scrubbed:
            st.warning(
                _("Another reader kept the database busy: the old pages are overwritten at its next checkpoint.")
            )
