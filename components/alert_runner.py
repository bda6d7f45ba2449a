"""Alert rules after an import from the page: evaluated once the comments are analysed, then delivered."""

from __future__ import annotations

import streamlit as st

from components.datasource import write
from components.markdown_text import escape_markdown
from nps import alerts, outbox
from nps.wording import plural


def run_alerts_after_import(batch_ids: list[int], *, actor: str) -> list[str]:
    """One message per matching rule, sent at once; returns what happened as markdown lines for the import
    summary (none when no rule matched)."""
    try:
        outcomes = write(alerts.evaluate_import, batch_ids, actor=actor)
    except (alerts.AlertError, outbox.OutboxError) as error:
        return [f"The alert rules could not run: {escape_markdown(error)}"]
    fired = [o for o in outcomes if o.matched]
    if not fired:
        return []
    lines = [
        f"Alert “{escape_markdown(o.rule)}” matched {plural(o.matched, 'response')} of this import"
        + (f" and opened {plural(o.follow_ups, 'follow-up')}" if o.follow_ups else "")
        + "."
        for o in fired
    ]
    with st.spinner("Sending alerts…"):
        report = write(outbox.deliver_pending)
    if report.failed:
        reason = escape_markdown(report.errors[0]) if report.errors else "unknown"
        lines.append(
            f"{plural(report.failed, 'message')} could not be sent and wait in the outbox, retried on the next "
            f"delivery (Admin → Outbox). Reason: {reason}"
        )
    else:
        lines.append(f"{plural(report.sent, 'message')} sent.")
    return lines
