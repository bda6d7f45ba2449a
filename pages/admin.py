"""Admin: users and roles, password resets, deactivation, rolling back import batches, weighting, small numbers,
the import date window, mail and its outbox, privacy and retention, the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import streamlit as st

from components.attribute_admin import render_attribute_admin
from components.auth import require_role
from components.datasource import get_engine, load_attribute_values, load_attributes, load_surveys, write
from components.filters import attribute_title
from components.i18n import _, translated_error
from components.mail_admin import render_outbox, render_smtp_settings
from nps import audit, closed_loop, pii, retention, store, users, weighting
from nps.comments import as_utc_text
from nps.exports import frame_to_csv
from nps.filters import Filters
from nps.importing.date_window import EARLIEST_SETTING
from nps.importing.pipeline import configured_window
from nps.models import ROLES
from nps.scope import SCOPABLE_ROLES, Scope, save_scope, scopes_by_user

admin = require_role("admin")
engine = get_engine()
st.title("Administration")

st.subheader("Users")
accounts = users.list_users(engine=engine)
scopes = scopes_by_user(engine=engine)
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
                "Sees": scopes[u.username].describe() if u.username in scopes else "everything",
                "Created": as_utc_text(u.created_at),
            }
            for u in accounts
        ]
    ),
    hide_index=True,
    width="stretch",
)


def _apply(action: str, unit_of_work, *args, **kwargs) -> None:
    try:
        write(unit_of_work, *args, **kwargs)
    except (ValueError, LookupError) as error:  # users.UserError, weighting.WeightingError and bad settings
        st.error(translated_error(error))
    else:
        st.toast(action)
        st.rerun()


tabs = [
    "Add a user",
    "Change a user",
    "Restrict a viewer",
    "Import batches",
    "Weighting",
    _("Segment attributes"),
    "Small numbers",
    "Mail and follow-ups",
    "Outbox",
]
(
    add_tab,
    change_tab,
    scope_tab,
    batches_tab,
    weighting_tab,
    attributes_tab,
    figures_tab,
    mail_tab,
    outbox_tab,
    privacy_tab,
    audit_tab,
) = st.tabs([*tabs, "Privacy and retention", "Audit trail"])
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
            users.add_user,
            username,
            password,
            role,
            name=name,
            email=email,
            actor=admin,
        )

with change_tab:
    names = [u.username for u in accounts]
    chosen = st.selectbox("User", names, key="admin_user")
    current = next((u for u in accounts if u.username == chosen), None)
    if current is not None:
        new_role = st.selectbox("Role", ROLES, index=ROLES.index(current.role), key="admin_role")
        if st.button("Save role", key="admin_save_role"):
            _apply(f"{chosen} is now {new_role}", users.change_user, chosen, role=new_role, actor=admin)
        new_password = st.text_input(
            "New password", type="password", key="admin_new_password", help=users.PASSWORD_RULES
        )
        st.caption(f"Password: {users.PASSWORD_RULES} A reset ends the user's sessions; they choose their own next.")
        if st.button("Reset password", key="admin_reset_password"):
            _apply(f"Password of {chosen} reset", users.change_user, chosen, password=new_password, actor=admin)
        if users.is_locked(current) and st.button("Unlock", key="admin_unlock"):
            _apply(f"Unlocked {chosen}", users.change_user, chosen, unlocked=True, actor=admin)
        label = "Deactivate" if current.active else "Reactivate"
        if st.button(label, key="admin_toggle_active", disabled=chosen == admin and current.active):
            _apply(f"{label}d {chosen}", users.change_user, chosen, active=not current.active, actor=admin)

with scope_tab:
    st.caption(
        "A restricted viewer sees only the chosen surveys and segment values, on every page, chart, count, export, "
        "drill-through and search, and in command-line reads run with `--user`. Nothing chosen in a field means no "
        "restriction by it; choosing several fields means a response must match all of them. Only viewers can be "
        "restricted: analysts import and edit across all data, and administrators always see everything. Clear the "
        "restriction before giving the user another role. Changes are recorded in the audit trail."
    )
    viewers = [u.username for u in accounts if u.role in SCOPABLE_ROLES]
    if not viewers:
        st.info("There is no viewer to restrict.")
    else:
        who = st.selectbox("Viewer", viewers, key="admin_scope_user")
        held = scopes.get(who, Scope())
        st.text(f"{who} sees now: {held.describe()}")
        survey_names = load_surveys(Filters())
        allowed_surveys = st.multiselect(
            "Surveys",
            survey_names,
            default=[name for name in held.surveys if name in survey_names],
            key=f"admin_scope_surveys_{who}",
            placeholder="All surveys",
        )
        held_values = dict(held.segments)
        chosen_values = []
        for attribute in dict.fromkeys([*load_attributes(), *held_values]):
            known = load_attribute_values(attribute, Filters())
            picked = st.multiselect(
                attribute_title(attribute),
                sorted(set(known) | set(held_values.get(attribute, ()))),
                default=list(held_values.get(attribute, ())),
                key=f"admin_scope_{who}_{attribute}",
                placeholder="All values",
            )
            if picked:
                chosen_values.append((attribute, tuple(picked)))
        columns = st.columns(2)
        if columns[0].button("Save restriction", key="admin_scope_save", type="primary"):
            _apply(
                f"Restriction of {who} saved",
                save_scope,
                who,
                Scope.of(allowed_surveys, chosen_values),
                actor=admin,
            )
        if columns[1].button("Clear restriction", key="admin_scope_clear", disabled=not held.restricted):
            _apply(f"{who} sees everything again", save_scope, who, Scope(), actor=admin)

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
            _apply(f"Batch {batch_id} rolled back", store.roll_back_batch, batch_id, actor=admin)

with weighting_tab:
    st.caption(
        "Post-stratification: give one attribute's target shares (e.g. region shares of the customer base) and "
        "every response of a value weighs target share ÷ share in the store. Replaces weights from an import "
        "column; recomputed after each import. Turn on 'Weighted' in the sidebar to see weighted figures."
    )
    current_weighting = weighting.current_weighting(engine=engine)
    if current_weighting:
        st.text(
            f"Weighted by {current_weighting['attribute']}: "
            + ", ".join(f"{value} {share:.1%}" for value, share in current_weighting["shares"].items())
        )
    with st.form("admin_weighting"):
        weight_attribute = st.selectbox("Attribute", list(load_attributes()), key="admin_weight_attribute")
        shares_text = st.text_input("Target shares", placeholder="Poland=0.3, Germany=0.7", key="admin_weight_shares")
        set_weights = st.form_submit_button("Set target shares", type="primary")
    if set_weights and weight_attribute:
        try:
            shares = weighting.parse_shares(shares_text)
        except weighting.WeightingError as error:
            st.error(translated_error(error))
        else:
            _apply(f"Weighted by {weight_attribute}", weighting.set_target_shares, weight_attribute, shares)
    if current_weighting and st.button("Clear weights", key="admin_weight_clear"):
        _apply("Weights cleared", weighting.clear_weights)

with attributes_tab:
    render_attribute_admin(admin)

with figures_tab:
    st.caption(
        "Below this many responses a figure (a KPI, a segment, a period of a trend) is greyed everywhere it appears "
        "and no significance test is made on it."
    )
    minimum = st.number_input(
        "Minimum responses for a figure",
        min_value=1,
        max_value=10_000,
        value=store.minimum_n(engine=engine),
        step=1,
        key="admin_minimum_n",
    )
    if st.button("Save minimum", key="admin_save_minimum_n"):
        _apply(f"Minimum is now {int(minimum)} responses", store.save_minimum_n, int(minimum))

st.subheader("Import date window")
window = configured_window(engine=engine)
with st.form("admin_import_window"):
    earliest = st.date_input(
        "Earliest response date accepted",
        value=window.earliest,
        min_value=date(1900, 1, 1),
        max_value=date.today(),
        format="YYYY-MM-DD",
        key="admin_import_earliest",
        help=f"Imports reject rows dated before this (a typo or a placeholder such as 0001-01-01) and rows dated "
        f"more than {window.future_days} day after today, each with a reason in the import report.",
    )
    if st.form_submit_button("Save date window"):
        _apply(
            f"Imports now accept responses from {earliest:%Y-%m-%d}",
            store.save_setting,
            EARLIEST_SETTING,
            earliest.isoformat(),
        )

with mail_tab:
    render_smtp_settings(admin)
    with st.form("admin_sla"):
        hours = st.number_input(
            "Follow-up SLA (hours)",
            min_value=1.0,
            max_value=2160.0,
            value=closed_loop.current_sla_hours(engine=engine),
            step=1.0,
            help="A follow-up is due this long after its response arrived; closing within it counts as on time.",
        )
        if st.form_submit_button("Save SLA"):
            _apply(f"SLA set to {hours:g} hours", closed_loop.save_sla_hours, hours)

with outbox_tab:
    render_outbox()

with privacy_tab:
    policy = retention.load_policy(engine=engine)
    with st.form("admin_retention"):
        st.caption("0 keeps the data. `python -m nps retention apply`, run daily by a timer (README), applies these.")
        comment_months = st.number_input(
            "Delete comments and personal data older than (months)",
            key="admin_retention_comment_months",
            min_value=0,
            max_value=1200,
            value=policy.comment_months or 0,
        )
        response_months = st.number_input(
            "Delete whole responses older than (months)",
            key="admin_retention_response_months",
            min_value=0,
            max_value=1200,
            value=policy.response_months or 0,
            help="Removes them from every figure too. Leave 0 to keep scores for trends.",
        )
        if st.form_submit_button("Save retention periods"):
            new_policy = retention.RetentionPolicy(comment_months or None, response_months or None)
            _apply("Retention periods saved", retention.store_policy, new_policy, actor=admin)
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
            done = write(retention.apply, policy, actor=admin)
            st.toast(f"Retention applied: {done.comments_erased:,} erased, {done.responses_deleted:,} deleted")
            st.rerun()
    st.subheader("Contact details inside comments")
    everyone = pii.masking_for_everyone(engine=engine)
    mask_all = st.toggle(
        "Mask phone numbers, e-mail addresses and card numbers inside comments for everyone",
        value=everyone,
        help="Viewers always see them masked, on every page and in every export.",
        key="admin_mask_all",
    )
    if mask_all != everyone:
        _apply("Comment masking saved", pii.save_mask_for_everyone, mask_all, actor=admin)

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
