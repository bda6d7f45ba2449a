"""Alert rules after an import from the page: evaluated once the comments are analysed, then delivered."""

from __future__ import annotations

import streamlit as st

from components.datasource import write
from components.i18n import _, count_words, ngettext, translated_error
from components.markdown_text import escape_markdown
from nps import alerts, outbox


def _fired_line(outcome: alerts.AlertOutcome) -> str:
    rule = escape_markdown(outcome.rule)
    if not outcome.follow_ups:
        return count_words(
            outcome.matched,
            ngettext(
                "Alert “{rule}” matched {count} response of this import.",
                "Alert “{rule}” matched {count} responses of this import.",
                outcome.matched,
            ),
            rule=rule,
        )
    follow_ups = count_words(
        outcome.follow_ups, ngettext("{count} follow-up", "{count} follow-ups", outcome.follow_ups)
    )
    return count_words(
        outcome.matched,
        ngettext(
            "Alert “{rule}” matched {count} response of this import and opened {follow_ups}.",
            "Alert “{rule}” matched {count} responses of this import and opened {follow_ups}.",
            outcome.matched,
        ),
        rule=rule,
        follow_ups=follow_ups,
    )


def run_alerts_after_import(batch_ids: list[int], *, actor: str) -> list[str]:
    """One message per matching rule, sent at once; returns what happened as markdown lines for the import
    summary (none when no rule matched)."""
    try:
        outcomes = write(alerts.evaluate_import, batch_ids, actor=actor)
    except (alerts.AlertError, outbox.OutboxError) as error:
        return [_("The alert rules could not run: {error}").format(error=escape_markdown(translated_error(error)))]
    fired = [o for o in outcomes if o.matched]
    if not fired:
        return []
    lines = [_fired_line(o) for o in fired]
    with st.spinner(_("Sending alerts…")):
        report = write(outbox.deliver_pending)
    if report.failed:
        reason = escape_markdown(report.errors[0]) if report.errors else _("unknown")
        lines.append(
            count_words(
                report.failed,
                ngettext(
                    "{count} message could not be sent and wait in the outbox, retried on the next delivery "
                    "(Admin → Outbox). Reason: {reason}",
                    "{count} messages could not be sent and wait in the outbox, retried on the next delivery "
                    "(Admin → Outbox). Reason: {reason}",
                    report.failed,
                ),
                reason=reason,
            )
        )
    else:
        lines.append(count_words(report.sent, ngettext("{count} message sent.", "{count} messages sent.", report.sent)))
    return lines
