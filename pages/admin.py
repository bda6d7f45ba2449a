"""Admin: users and roles, password resets, deactivation, rolling back import batches, mail and its outbox."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlmodel import Session

from components.auth import require_role
from components.datasource import get_engine
from components.mail_admin import render_outbox, render_smtp_settings
from nps import closed_loop, store, users
from nps.comments import as_utc_text
from nps.models import ROLES

admin = require_role("admin")
engine = get_engine()
st.title("Administration")

st.subheader("Users")
accounts = users.list_users(engine=engine)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Username": u.username,
                "Name": u.name,
                "E-mail": u.email,
                "Role": u.role,
                "Active": u.active,
                "Created": as_utc_text(u.created_at),
            }
            for u in accounts
        ]
    ),
    hide_index=True,
    width="stretch",
)


def _apply(action: str, change) -> None:
    try:
        with Session(engine) as session:
            change(session)
            session.commit()
    except ValueError as error:  # users.UserError and bad settings
        st.error(str(error))
    else:
        st.toast(action)
        st.rerun()


add_tab, change_tab, batches_tab, mail_tab, outbox_tab = st.tabs(
    ["Add a user", "Change a user", "Import batches", "Mail and follow-ups", "Outbox"]
)
with add_tab, st.form("admin_add_user", clear_on_submit=True):
    username = st.text_input("Username")
    name = st.text_input("Full name")
    email = st.text_input("E-mail")
    role = st.selectbox("Role", ROLES, help="viewer: dashboards; analyst: + upload, tags, follow-ups; admin: + users")
    password = st.text_input("Initial password", type="password", help="At least 8 characters.")
    if st.form_submit_button("Add user", type="primary"):
        _apply(
            f"Added {username}",
            lambda s: users.create_user(username, password, role, session=s, name=name, email=email),
        )

with change_tab:
    names = [u.username for u in accounts]
    chosen = st.selectbox("User", names, key="admin_user")
    current = next((u for u in accounts if u.username == chosen), None)
    if current is not None:
        new_role = st.selectbox("Role", ROLES, index=ROLES.index(current.role), key="admin_role")
        if st.button("Save role", key="admin_save_role"):
            _apply(f"{chosen} is now {new_role}", lambda s: users.set_role(chosen, new_role, session=s))
        new_password = st.text_input("New password", type="password", key="admin_new_password")
        if st.button("Reset password", key="admin_reset_password"):
            _apply(f"Password of {chosen} reset", lambda s: users.set_password(chosen, new_password, session=s))
        label = "Deactivate" if current.active else "Reactivate"
        if st.button(label, key="admin_toggle_active", disabled=chosen == admin and current.active):
            _apply(f"{label}d {chosen}", lambda s: users.set_active(chosen, not current.active, session=s))

with batches_tab:
    batches = store.list_batches(engine=engine)
    if not batches:
        st.info("No import batches yet.")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Batch": b.id,
                        "File": b.file_name,
                        "Format": b.detected_format,
                        "By": b.username,
                        "Imported at (UTC)": b.imported_at,
                        "Imported": b.imported,
                        "Duplicates": b.duplicates,
                        "Rejected": b.rejected,
                    }
                    for b in batches
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        batch_id = st.selectbox("Batch to roll back", [b.id for b in batches], key="admin_batch")
        confirm = st.checkbox("I understand this removes every response of this batch", key="admin_confirm_delete")
        if st.button("Roll back batch", disabled=not confirm, key="admin_delete_batch"):
            _apply(f"Batch {batch_id} rolled back", lambda s: store.delete_batch(batch_id, session=s))

with mail_tab:
    render_smtp_settings(admin)
    with Session(engine) as session:
        sla = closed_loop.sla_hours(session=session)
    with st.form("admin_sla"):
        hours = st.number_input(
            "Follow-up SLA (hours)",
            min_value=1.0,
            max_value=2160.0,
            value=sla,
            step=1.0,
            help="A follow-up is due this long after its response arrived; closing within it counts as on time.",
        )
        if st.form_submit_button("Save SLA"):
            _apply(f"SLA set to {hours:g} hours", lambda s: closed_loop.set_sla_hours(hours, session=s))

with outbox_tab:
    render_outbox()
