"""Admin: users and roles, password resets, deactivation, rolling back import batches, the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st
from sqlmodel import Session

from components.auth import require_role
from components.datasource import get_engine
from nps import audit, store, users
from nps.comments import as_utc_text
from nps.exports import frame_to_csv
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
                "Locked": users.is_locked(u),
                "Must change password": u.must_change_password,
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
    except users.UserError as error:
        st.error(str(error))
    else:
        st.toast(action)
        st.rerun()


add_tab, change_tab, batches_tab, audit_tab = st.tabs(["Add a user", "Change a user", "Import batches", "Audit trail"])
with add_tab, st.form("admin_add_user", clear_on_submit=True):
    username = st.text_input("Username")
    name = st.text_input("Full name")
    email = st.text_input("E-mail")
    role = st.selectbox("Role", ROLES, help="viewer: dashboards; analyst: + upload, tags, follow-ups; admin: + users")
    password = st.text_input("Initial password", type="password", help=users.PASSWORD_RULES)
    st.caption(f"Password: {users.PASSWORD_RULES} The user must change it at the first sign-in.")
    if st.form_submit_button("Add user", type="primary"):
        _apply(
            f"Added {username}",
            lambda s: users.create_user(username, password, role, session=s, name=name, email=email, actor=admin),
        )

with change_tab:
    names = [u.username for u in accounts]
    chosen = st.selectbox("User", names, key="admin_user")
    current = next((u for u in accounts if u.username == chosen), None)
    if current is not None:
        new_role = st.selectbox("Role", ROLES, index=ROLES.index(current.role), key="admin_role")
        if st.button("Save role", key="admin_save_role"):
            _apply(f"{chosen} is now {new_role}", lambda s: users.set_role(chosen, new_role, session=s, actor=admin))
        new_password = st.text_input(
            "New password", type="password", key="admin_new_password", help=users.PASSWORD_RULES
        )
        st.caption(f"Password: {users.PASSWORD_RULES} A reset ends the user's sessions; they choose their own next.")
        if st.button("Reset password", key="admin_reset_password"):
            _apply(
                f"Password of {chosen} reset",
                lambda s: users.set_password(chosen, new_password, session=s, actor=admin),
            )
        if users.is_locked(current) and st.button("Unlock", key="admin_unlock"):
            _apply(f"Unlocked {chosen}", lambda s: users.unlock(chosen, session=s, actor=admin))
        label = "Deactivate" if current.active else "Reactivate"
        if st.button(label, key="admin_toggle_active", disabled=chosen == admin and current.active):
            _apply(f"{label}d {chosen}", lambda s: users.set_active(chosen, not current.active, session=s, actor=admin))

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
            _apply(f"Batch {batch_id} rolled back", lambda s: store.delete_batch(batch_id, session=s, actor=admin))

with audit_tab:
    st.caption("Every change to data, users and settings, newest first. Nothing in the product edits or deletes it.")
    columns = st.columns(3)
    since = columns[0].date_input(
        "Since (UTC)", value=datetime.now(UTC).date() - timedelta(days=30), key="admin_audit_since"
    )
    by_user = columns[1].selectbox("User", ["Everyone", *[u.username for u in accounts]], key="admin_audit_user")
    action = columns[2].selectbox("Action", ["Any", *audit.known_actions(engine=engine)], key="admin_audit_action")
    query = audit.AuditQuery(
        since=since, username=None if by_user == "Everyone" else by_user, action=None if action == "Any" else action
    )
    events = audit.list_events(query, engine=engine)
    st.dataframe(events, hide_index=True, width="stretch")
    st.download_button(
        f"Audit trail as CSV ({len(events):,})",
        data=lambda: frame_to_csv(audit.list_events(query, engine=engine)),
        file_name=f"nps-audit-{datetime.now(UTC):%Y%m%d}.csv",
        mime="text/csv",
        key="admin_audit_csv",
        icon=":material/table:",
        on_click="ignore",
    )
