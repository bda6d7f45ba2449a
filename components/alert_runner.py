"""Alert rules after an import from the page: evaluated once the comments are analysed, then delivered."""

from __future__ import annotations

import streamlit as st

from components.datasource import get_engine
from nps import alerts, outbox


def run_alerts_after_import(batch_ids: list[int], *, actor: str) -> str:
    """One message per matching rule; returns a sentence for the import summary ("" when no rule matched)."""
    try:
        outcomes = alerts.evaluate_import(batch_ids, engine=get_engine(), actor=actor)
    except (alerts.AlertError, outbox.OutboxError) as error:
        st.error(f"The alert rules could not run: {error}")
        return ""
    fired = [o for o in outcomes if o.matched]
    if not fired:
        return ""
    with st.spinner("Sending alerts…"):
        report = outbox.deliver_pending(engine=get_engine())
    sentence = f" {len(fired)} alert rule(s) matched {sum(o.matched for o in fired):,} responses"
    if report.failed:
        sentence += f"; {report.failed} message(s) wait in the outbox (Admin → Outbox)"
    return sentence + "."
