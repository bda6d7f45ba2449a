"""The import batches on the Upload page: what was imported, its report again, and an admin's roll-back."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import current_role, current_username
from components.datasource import get_engine, load_import_batches, write
from components.i18n import _, current_language
from components.markdown_text import escape_markdown
from components.upload_batch_table import report_issues
from nps import store, users
from nps.exports import frame_to_csv
from nps.i18n import format_number


def _stored_report(batch_id: int) -> str | None:
    batch = next((batch for batch in store.list_batches(engine=get_engine()) if batch.id == batch_id), None)
    return batch.report_json if batch is not None else None


def _report_csv(batch_id: int) -> bytes:
    return frame_to_csv(report_issues(_stored_report(batch_id)))


def render_import_batches(*, can_roll_back: bool) -> None:
    """The latest batches, newest first; `can_roll_back` shows the admin control (the action re-checks the role)."""
    st.subheader(_("Import batches"))
    done = st.session_state.pop("upload_rollback_done", None)
    if done:
        st.success(done)
        st.toast(done, icon=":material/undo:")
    batches = load_import_batches()
    if batches.empty:
        st.caption(_("Nothing has been imported yet."))
        return
    unnamed = [_("survey #{id}").format(id=survey_id) for survey_id in batches["survey_id"]]
    batches = batches.assign(survey=batches["survey"].fillna(pd.Series(unnamed, index=batches.index))).drop(
        columns="survey_id"
    )
    st.dataframe(
        batches,
        hide_index=True,
        width="stretch",
        column_config={
            "batch": st.column_config.NumberColumn(_("Batch"), format="%d"),
            "file": _("file"),
            "format": _("format"),
            "survey": _("survey"),
            "user": _("user"),
            "imported_at": st.column_config.DatetimeColumn(_("Imported (UTC)"), format="YYYY-MM-DD HH:mm"),
            "rows_read": st.column_config.NumberColumn(_("Rows read"), format="localized"),
            "imported": st.column_config.NumberColumn(_("Imported"), format="localized"),
            "duplicates": st.column_config.NumberColumn(_("Duplicates"), format="localized"),
            "rejected": st.column_config.NumberColumn(_("Rejected"), format="localized"),
            "excluded": st.column_config.NumberColumn(_("Excluded"), format="localized"),
        },
    )
    lang = current_language()
    labels = {
        int(row.batch): _("#{batch} · {file} · {survey} · {count} imported").format(
            batch=row.batch, file=row.file, survey=row.survey, count=format_number(row.imported, lang, decimals=0)
        )
        for row in batches.itertuples()
    }
    batch_id = st.selectbox(
        _("Batch"),
        list(labels),
        format_func=labels.__getitem__,
        key=f"upload_batch_choice_{next(iter(labels))}",
        label_visibility="collapsed",
    )
    if batch_id is None:
        return
    left, right = st.columns([1, 1])
    with left:
        st.download_button(
            _("Download this batch's report (CSV)"),
            data=lambda: _report_csv(batch_id),
            file_name=f"import-batch-{batch_id}-report.csv",
            mime="text/csv",
            key="upload_batch_report",
            icon=":material/download:",
        )
    if can_roll_back:
        with right:
            _render_roll_back(batch_id, labels[batch_id])


def _render_roll_back(batch_id: int, label: str) -> None:
    pending = st.session_state.get("upload_rollback_pending")
    if pending != batch_id:
        if st.button(_("Roll back batch…"), key="upload_rollback", icon=":material/undo:"):
            st.session_state["upload_rollback_pending"] = batch_id
            st.rerun()
        return
    st.warning(
        _(
            "Roll back {batch}? This removes exactly the responses this batch imported "
            "(with their themes, tags and follow-ups). It cannot be undone."
        ).format(batch=escape_markdown(label))
    )
    confirm, cancel = st.columns(2)
    if cancel.button(_("Cancel"), key="upload_rollback_cancel"):
        st.session_state["upload_rollback_pending"] = None
        st.rerun()
    if confirm.button(_("Yes, roll it back"), key="upload_rollback_confirm", type="primary"):
        st.session_state["upload_rollback_pending"] = None
        removed = roll_back_batch(batch_id)
        if removed is not None:
            st.session_state["upload_rollback_done"] = _(
                "Batch #{batch} rolled back: {count} responses removed."
            ).format(batch=batch_id, count=format_number(removed, current_language(), decimals=0))
            st.rerun()


def roll_back_batch(batch_id: int) -> int | None:
    """delete_batch for admins only (checked here on the server, whatever the page showed); None if refused."""
    role = current_role()
    if role is None or not users.role_allows(role, "admin"):
        st.error(_("Only an administrator can roll back an import batch."))
        return None
    try:
        removed = write(store.roll_back_batch, batch_id, actor=current_username() or "")
    except LookupError:
        st.warning(_("Batch #{batch} no longer exists (someone rolled it back already).").format(batch=batch_id))
        return None
    return removed
