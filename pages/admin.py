"""Admin: users and roles, password resets, deactivation, rolling back import batches, weighting, small numbers,
the import date window, mail and its outbox, privacy and retention, the audit trail."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import streamlit as st

from components.attribute_admin import render_attribute_admin
from components.auth import require_role
from components.datasource import get_engine, load_attribute_values, load_attributes, load_surveys, write
from components.filters import attribute_title
from components.i18n import _, count_words, current_language, ngettext, password_rules, role_name, translated_error
from components.mail_admin import render_outbox, render_smtp_settings
from nps import audit, closed_loop, i18n, pii, retention, store, users, weighting
from nps.comments import as_utc_text
from nps.exports import frame_to_csv
from nps.filters import Filters
from nps.importing.date_window import EARLIEST_SETTING
from nps.importing.pipeline import configured_window
from nps.models import ROLES
from nps.scope import SCOPABLE_ROLES, Scope, save_scope, scopes_by_user

EVERYONE = "Everyone"
ANY_ACTION = "Any"


def number(n: float) -> str:
    return i18n.format_number(n, current_language(), decimals=0)


def day(value: date | None) -> str:
    return i18n.format_day(value, current_language()) if value is not None else "—"


admin = require_role("admin")
engine = get_engine()
role_names = {role: role_name(role) for role in ROLES}
st.title(_("Administration"))

st.subheader(_("Users"))
accounts = users.list_users(engine=engine)
scopes = scopes_by_user(engine=engine)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Username": u.username,
                "Name": u.name,
                "E-mail": u.email,
                "Role": role_names.get(u.role, u.role),
                "Active": u.active,
                "Locked": users.is_locked(u),
                "Must change password": u.must_change_password,
                "Sees": scopes[u.username].describe() if u.username in scopes else _("everything"),
                "Created": as_utc_text(u.created_at),
            }
            for u in accounts
        ]
    ),
    column_config={
        "Username": _("Username"),
        "Name": _("Full name"),
        "E-mail": _("E-mail"),
        "Role": _("Role"),
        "Active": _("Active"),
        "Locked": _("Locked"),
        "Must change password": _("Must change password"),
        "Sees": _("Sees"),
        "Created": _("Created"),
    },
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
    _("Add a user"),
    _("Change a user"),
    _("Restrict a viewer"),
    _("Import batches"),
    _("Weighting"),
    _("Segment attributes"),
    _("Small numbers"),
    _("Mail and follow-ups"),
    _("Outbox"),
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
) = st.tabs([*tabs, _("Privacy and retention"), _("Audit trail")])
with add_tab, st.form("admin_add_user", clear_on_submit=True):
    username = st.text_input(_("Username"), key="admin_add_username")
    name = st.text_input(_("Full name"), key="admin_add_name")
    email = st.text_input(_("E-mail"), key="admin_add_email")
    role = st.selectbox(
        _("Role"),
        ROLES,
        format_func=role_names.__getitem__,
        key="admin_add_role",
        help=_("viewer: dashboards; analyst: + upload, tags, follow-ups; admin: + users"),
    )
    password = st.text_input(_("Initial password"), type="password", key="admin_add_password", help=password_rules())
    st.caption(_("Password: {rules} The user must change it at the first sign-in.").format(rules=password_rules()))
    if st.form_submit_button(_("Add user"), type="primary"):
        _apply(
            _("Added {user}").format(user=username),
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
    chosen = st.selectbox(_("User"), names, key="admin_user")
    current = next((u for u in accounts if u.username == chosen), None)
    if current is not None:
        new_role = st.selectbox(
            _("Role"), ROLES, index=ROLES.index(current.role), format_func=role_names.__getitem__, key="admin_role"
        )
        if st.button(_("Save role"), key="admin_save_role"):
            _apply(
                _("{user} is now {role}").format(user=chosen, role=role_names[new_role]),
                users.change_user,
                chosen,
                role=new_role,
                actor=admin,
            )
        new_password = st.text_input(
            _("New password"), type="password", key="admin_new_password", help=password_rules()
        )
        st.caption(
            _("Password: {rules} A reset ends the user's sessions; they choose their own next.").format(
                rules=password_rules()
            )
        )
        if st.button(_("Reset password"), key="admin_reset_password"):
            _apply(
                _("Password of {user} reset").format(user=chosen),
                users.change_user,
                chosen,
                password=new_password,
                actor=admin,
            )
        if users.is_locked(current) and st.button(_("Unlock"), key="admin_unlock"):
            _apply(_("Unlocked {user}").format(user=chosen), users.change_user, chosen, unlocked=True, actor=admin)
        label, done = (
            (_("Deactivate"), _("Deactivated {user}")) if current.active else (_("Reactivate"), _("Reactivated {user}"))
        )
        if st.button(label, key="admin_toggle_active", disabled=chosen == admin and current.active):
            _apply(done.format(user=chosen), users.change_user, chosen, active=not current.active, actor=admin)

with scope_tab:
    st.caption(
        _(
            "A restricted viewer sees only the chosen surveys and segment values, on every page, chart, count, "
            "export, drill-through and search, and in command-line reads run with `--user`. Nothing chosen in a "
            "field means no restriction by it; choosing several fields means a response must match all of them. "
            "Only viewers can be restricted: analysts import and edit across all data, and administrators always "
            "see everything. Clear the restriction before giving the user another role. Changes are recorded in "
            "the audit trail."
        )
    )
    viewers = [u.username for u in accounts if u.role in SCOPABLE_ROLES]
    if not viewers:
        st.info(_("There is no viewer to restrict."))
    else:
        who = st.selectbox(_("Viewer"), viewers, key="admin_scope_user")
        held = scopes.get(who, Scope())
        st.text(_("{user} sees now: {scope}").format(user=who, scope=held.describe()))
        survey_names = load_surveys(Filters())
        allowed_surveys = st.multiselect(
            _("Surveys"),
            survey_names,
            default=[name for name in held.surveys if name in survey_names],
            key=f"admin_scope_surveys_{who}",
            placeholder=_("All surveys"),
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
                placeholder=_("All values"),
            )
            if picked:
                chosen_values.append((attribute, tuple(picked)))
        columns = st.columns(2)
        if columns[0].button(_("Save restriction"), key="admin_scope_save", type="primary"):
            _apply(
                _("Restriction of {user} saved").format(user=who),
                save_scope,
                who,
                Scope.of(allowed_surveys, chosen_values),
                actor=admin,
            )
        if columns[1].button(_("Clear restriction"), key="admin_scope_clear", disabled=not held.restricted):
            _apply(_("{user} sees everything again").format(user=who), save_scope, who, Scope(), actor=admin)

with batches_tab:
    batches = store.list_batches(engine=engine)
    if not batches:
        st.info(_("No import batches yet."))
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
            column_config={
                "Batch": _("Batch"),
                "File": _("File"),
                "Format": _("Format"),
                "By": _("By"),
                "Imported at (UTC)": _("Imported at (UTC)"),
                "Imported": _("Imported"),
                "Duplicates": _("Duplicates"),
                "Rejected": _("Rejected"),
            },
            hide_index=True,
            width="stretch",
        )
        batch_id = st.selectbox(_("Batch to roll back"), [b.id for b in batches], key="admin_batch")
        confirm = st.checkbox(_("I understand this removes every response of this batch"), key="admin_confirm_delete")
        if st.button(_("Roll back batch"), disabled=not confirm, key="admin_delete_batch"):
            _apply(_("Batch {batch} rolled back").format(batch=batch_id), store.roll_back_batch, batch_id, actor=admin)

with weighting_tab:
    st.caption(
        _(
            "Post-stratification: give one attribute's target shares (e.g. region shares of the customer base) and "
            "every response of a value weighs target share ÷ share in the store. Replaces weights from an import "
            "column; recomputed after each import. Turn on 'Weighted' in the sidebar to see weighted figures."
        )
    )
    current_weighting = weighting.current_weighting(engine=engine)
    if current_weighting:
        st.text(
            _("Weighted by {attribute}: {shares}").format(
                attribute=current_weighting["attribute"],
                shares=", ".join(
                    f"{value} {i18n.format_share(share, current_language())}"
                    for value, share in current_weighting["shares"].items()
                ),
            )
        )
    with st.form("admin_weighting"):
        weight_attribute = st.selectbox(_("Attribute"), list(load_attributes()), key="admin_weight_attribute")
        shares_text = st.text_input(
            _("Target shares"), placeholder=_("Poland=0.3, Germany=0.7"), key="admin_weight_shares"
        )
        set_weights = st.form_submit_button(_("Set target shares"), type="primary")
    if set_weights and weight_attribute:
        try:
            shares = weighting.parse_shares(shares_text)
        except weighting.WeightingError as error:
            st.error(translated_error(error))
        else:
            _apply(
                _("Weighted by {attribute}").format(attribute=weight_attribute),
                weighting.set_target_shares,
                weight_attribute,
                shares,
            )
    if current_weighting and st.button(_("Clear weights"), key="admin_weight_clear"):
        _apply(_("Weights cleared"), weighting.clear_weights)

with attributes_tab:
    render_attribute_admin(admin)

with figures_tab:
    st.caption(
        _(
            "Below this many responses a figure (a KPI, a segment, a period of a trend) is greyed everywhere it "
            "appears and no significance test is made on it."
        )
    )
    minimum = st.number_input(
        _("Minimum responses for a figure"),
        min_value=1,
        max_value=10_000,
        value=store.minimum_n(engine=engine),
        step=1,
        key="admin_minimum_n",
    )
    if st.button(_("Save minimum"), key="admin_save_minimum_n"):
        _apply(
            count_words(
                int(minimum),
                ngettext("Minimum is now {count} response", "Minimum is now {count} responses", int(minimum)),
            ),
            store.save_minimum_n,
            int(minimum),
        )

st.subheader(_("Import date window"))
window = configured_window(engine=engine)
with st.form("admin_import_window"):
    earliest = st.date_input(
        _("Earliest response date accepted"),
        value=window.earliest,
        min_value=date(1900, 1, 1),
        max_value=date.today(),
        format="YYYY-MM-DD",
        key="admin_import_earliest",
        help=count_words(
            window.future_days,
            ngettext(
                "Imports reject rows dated before this (a typo or a placeholder such as 0001-01-01) and rows dated "
                "more than {count} day after today, each with a reason in the import report.",
                "Imports reject rows dated before this (a typo or a placeholder such as 0001-01-01) and rows dated "
                "more than {count} days after today, each with a reason in the import report.",
                window.future_days,
            ),
        ),
    )
    if st.form_submit_button(_("Save date window")):
        _apply(
            _("Imports now accept responses from {day}").format(day=day(earliest)),
            store.save_setting,
            EARLIEST_SETTING,
            earliest.isoformat(),
        )

with mail_tab:
    render_smtp_settings(admin)
    with st.form("admin_sla"):
        hours = st.number_input(
            _("Follow-up SLA (hours)"),
            min_value=1.0,
            max_value=2160.0,
            value=closed_loop.current_sla_hours(engine=engine),
            step=1.0,
            key="admin_sla_hours",
            help=_("A follow-up is due this long after its response arrived; closing within it counts as on time."),
        )
        if st.form_submit_button(_("Save SLA")):
            _apply(
                ngettext("SLA set to {count} hour", "SLA set to {count} hours", math.ceil(hours)).format(
                    count=i18n.format_number(hours, current_language(), decimals=0 if hours.is_integer() else 1)
                ),
                closed_loop.save_sla_hours,
                hours,
            )

with outbox_tab:
    render_outbox()

with privacy_tab:
    policy = retention.load_policy(engine=engine)
    with st.form("admin_retention"):
        st.caption(
            _("0 keeps the data. `python -m nps retention apply`, run daily by a timer (README), applies these.")
        )
        comment_months = st.number_input(
            _("Delete comments and personal data older than (months)"),
            key="admin_retention_comment_months",
            min_value=0,
            max_value=1200,
            value=policy.comment_months or 0,
        )
        response_months = st.number_input(
            _("Delete whole responses older than (months)"),
            key="admin_retention_response_months",
            min_value=0,
            max_value=1200,
            value=policy.response_months or 0,
            help=_("Removes them from every figure too. Leave 0 to keep scores for trends."),
        )
        if st.form_submit_button(_("Save retention periods")):
            new_policy = retention.RetentionPolicy(comment_months or None, response_months or None)
            _apply(_("Retention periods saved"), retention.store_policy, new_policy, actor=admin)
    upcoming = retention.plan(policy, engine=engine)
    if policy == retention.RetentionPolicy():
        st.info(_("No retention period is set: nothing is deleted automatically."))
    else:
        st.write(
            _("The next run would {erase}, {blank} and {delete}.").format(
                erase=count_words(
                    upcoming.comments_erased,
                    ngettext(
                        "erase the comments and personal data of {count} response (before {day})",
                        "erase the comments and personal data of {count} responses (before {day})",
                        upcoming.comments_erased,
                    ),
                    day=day(upcoming.comment_cutoff),
                ),
                blank=count_words(
                    upcoming.profiles_erased,
                    ngettext(
                        "blank {count} respondent profile",
                        "blank {count} respondent profiles",
                        upcoming.profiles_erased,
                    ),
                ),
                delete=count_words(
                    upcoming.responses_deleted,
                    ngettext(
                        "delete {count} whole response (before {day})",
                        "delete {count} whole responses (before {day})",
                        upcoming.responses_deleted,
                    ),
                    day=day(upcoming.response_cutoff),
                ),
            )
        )
        if st.button(_("Apply retention now"), key="admin_retention_apply"):
            done = write(retention.apply, policy, actor=admin)
            st.toast(
                _("Retention applied: {erased} erased, {deleted} deleted").format(
                    erased=number(done.comments_erased), deleted=number(done.responses_deleted)
                )
            )
            st.rerun()
    st.subheader(_("Contact details inside comments"))
    everyone = pii.masking_for_everyone(engine=engine)
    mask_all = st.toggle(
        _("Mask phone numbers, e-mail addresses and card numbers inside comments for everyone"),
        value=everyone,
        help=_("Viewers always see them masked, on every page and in every export."),
        key="admin_mask_all",
    )
    if mask_all != everyone:
        _apply(_("Comment masking saved"), pii.save_mask_for_everyone, mask_all, actor=admin)

with audit_tab:
    st.caption(_("Every change to data, users and settings, newest first. Nothing in the product edits or deletes it."))
    columns = st.columns(3)
    since = columns[0].date_input(
        _("Since (UTC)"), value=datetime.now(UTC).date() - timedelta(days=30), key="admin_audit_since"
    )
    audit_users = {EVERYONE: _("Everyone"), **{u.username: u.username for u in accounts}}
    by_user = columns[1].selectbox(
        _("User"), list(audit_users), format_func=audit_users.__getitem__, key="admin_audit_user"
    )
    actions = {ANY_ACTION: _("Any"), **{known: known for known in audit.known_actions(engine=engine)}}
    action = columns[2].selectbox(_("Action"), list(actions), format_func=actions.__getitem__, key="admin_audit_action")
    query = audit.AuditQuery(
        since=since,
        username=None if by_user == EVERYONE else by_user,
        action=None if action == ANY_ACTION else action,
    )
    events = audit.list_events(query, engine=engine)
    st.dataframe(
        events,
        column_config={
            "at": _("Time (UTC)"),
            "username": _("User"),
            "action": _("Action"),
            "target": _("Target"),
            "affected": _("Affected"),
            "details": _("Details"),
        },
        hide_index=True,
        width="stretch",
    )
    st.download_button(
        _("Audit trail as CSV ({count})").format(count=number(len(events))),
        data=lambda: frame_to_csv(audit.list_events(query, engine=engine)),
        file_name=f"nps-audit-{datetime.now(UTC):%Y%m%d}.csv",
        mime="text/csv",
        key="admin_audit_csv",
        icon=":material/table:",
        on_click="ignore",
    )
