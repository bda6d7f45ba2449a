"""Admin: users and roles, password resets, deactivation, rolling back import batches, the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st
from sqlmodel import Session

from components.auth import require_role
from components.datasource import get_engine
from nps import audit, pii, retention, store, users
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


add_tab, change_tab, batches_tab, privacy_tab, audit_tab = st.tabs(
    ["Add a user", "Change a user", "Import batches", "Privacy and retention", "Audit trail"]
)
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

with privacy_tab:
    policy = retention.load_policy(engine=engine)
    with st.form("admin_retention"):
        st.caption("0 keeps the data. `python -m nps retention apply`, run daily by a timer (README), applies these.")
        comment_months = st.number_input(
            "Delete comments and personal data older than (months)",
            min_value=0,
            max_value=1200,
            value=policy.comment_months or 0,
        )
        response_months = st.number_input(
            "Delete whole responses older than (months)",
            min_value=0,
            max_value=1200,
            value=policy.response_months or 0,
            help="Removes them from every figure too. Leave 0 to keep scores for trends.",
        )
        if st.form_submit_button("Save retention periods"):
            new_policy = retention.RetentionPolicy(comment_months or None, response_months or None)
            try:
                with Session(engine) as session:
                    retention.save_policy(new_policy, session=session, actor=admin)
                    session.commit()
            except retention.RetentionError as error:
                st.error(str(error))
            else:
                st.toast("Retention periods saved")
                st.rerun()
    upcoming = retention.plan(policy, engine=engine)
    if policy == retention.RetentionPolicy():
        st.info("No retention period is set: nothing is deleted automatically.")
    else:
        st.write(
            f"The next run would erase the comments and personal data of {upcoming.comments_erased:,} responses "
            f"(before {upcoming.comment_cutoff or '—'}), blank {upcoming.profiles_erased:,} respondent profiles "
            f"and delete {upcoming.responses_deleted:,} whole responses (before {upcoming.response_cutoff or '—'})."
        )
        if st.button("Apply retention now", key="admin_retention_apply"):
            done = retention.apply(policy, engine=engine, actor=admin)
            st.toast(f"Retention applied: {done.comments_erased:,} erased, {done.responses_deleted:,} deleted")
            st.rerun()
    st.subheader("Contact details inside comments")
    with Session(engine) as session:
        everyone = pii.masks_for_everyone(session=session)
    mask_all = st.toggle(
        "Mask phone numbers, e-mail addresses and card numbers inside comments for everyone",
        value=everyone,
        help="Viewers always see them masked, on every page and in every export.",
        key="admin_mask_all",
    )
    if mask_all != everyone:
        _apply("Comment masking saved", lambda s: pii.set_mask_for_everyone(mask_all, session=s, actor=admin))

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
