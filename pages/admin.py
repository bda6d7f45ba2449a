"""Admin: users and roles, password resets, deactivation, rolling back import batches, weighting, small numbers,
the import date window, mail and its outbox."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.auth import require_role
from components.datasource import get_engine, load_attributes, write
from components.mail_admin import render_outbox, render_smtp_settings
from nps import closed_loop, store, users, weighting
from nps.comments import as_utc_text
from nps.importing.date_window import EARLIEST_SETTING
from nps.importing.pipeline import configured_window
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


def _apply(action: str, unit_of_work, *args, **kwargs) -> None:
    try:
        write(unit_of_work, *args, **kwargs)
    except (ValueError, LookupError) as error:  # users.UserError, weighting.WeightingError and bad settings
        st.error(str(error))
    else:
        st.toast(action)
        st.rerun()


add_tab, change_tab, batches_tab, weighting_tab, figures_tab, mail_tab, outbox_tab = st.tabs(
    ["Add a user", "Change a user", "Import batches", "Weighting", "Small numbers", "Mail and follow-ups", "Outbox"]
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
            users.add_user,
            username,
            password,
            role,
            name=name,
            email=email,
        )

with change_tab:
    names = [u.username for u in accounts]
    chosen = st.selectbox("User", names, key="admin_user")
    current = next((u for u in accounts if u.username == chosen), None)
    if current is not None:
        new_role = st.selectbox("Role", ROLES, index=ROLES.index(current.role), key="admin_role")
        if st.button("Save role", key="admin_save_role"):
            _apply(f"{chosen} is now {new_role}", users.change_user, chosen, role=new_role)
        new_password = st.text_input("New password", type="password", key="admin_new_password")
        if st.button("Reset password", key="admin_reset_password"):
            _apply(f"Password of {chosen} reset", users.change_user, chosen, password=new_password)
        label = "Deactivate" if current.active else "Reactivate"
        if st.button(label, key="admin_toggle_active", disabled=chosen == admin and current.active):
            _apply(f"{label}d {chosen}", users.change_user, chosen, active=not current.active)

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
            _apply(f"Batch {batch_id} rolled back", store.roll_back_batch, batch_id)

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
        weight_attribute = st.selectbox("Attribute", load_attributes(), key="admin_weight_attribute")
        shares_text = st.text_input("Target shares", placeholder="Poland=0.3, Germany=0.7", key="admin_weight_shares")
        set_weights = st.form_submit_button("Set target shares", type="primary")
    if set_weights and weight_attribute:
        try:
            shares = weighting.parse_shares(shares_text)
        except weighting.WeightingError as error:
            st.error(str(error))
        else:
            _apply(f"Weighted by {weight_attribute}", weighting.set_target_shares, weight_attribute, shares)
    if current_weighting and st.button("Clear weights", key="admin_weight_clear"):
        _apply("Weights cleared", weighting.clear_weights)

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
