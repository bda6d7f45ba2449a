"""Run the text analysis of new comments from a page, with a progress bar (after an upload, or on demand)."""

from __future__ import annotations

import streamlit as st

from components.datasource import get_engine, write
from components.i18n import _, count_words, current_language, ngettext
from nps import analysis
from nps.i18n import N_, format_number

_STEPS = {
    "search": N_("Making comments searchable"),
    "analysis": N_("Detecting language, themes and tone"),
    "themes": N_("Re-matching themes"),
}


def _progress_text(step: str, done: int, total: int) -> str:
    lang = current_language()
    return _("{step}: {done} of {total}").format(
        step=_(_STEPS[step]) if step in _STEPS else step,
        done=format_number(done, lang, decimals=0),
        total=format_number(total, lang, decimals=0),
    )


def run_analysis_with_progress() -> analysis.AnalysisReport | None:
    """analyse_pending with a progress bar; returns its report, or None after an error shown to the user."""
    bar = st.progress(0.0, text=_("Preparing the analysis…"))

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=_progress_text(step, done, total))

    try:
        report = write(analysis.analyse_pending, progress=progress)
    except Exception as error:  # the model or the database failed: say so in words, keep the page alive
        bar.empty()
        st.error(
            _("The comment analysis stopped: {error}. Already analysed comments are kept; run it again.").format(
                error=error
            )
        )
        return None
    bar.empty()
    st.toast(
        count_words(
            report.analysed, ngettext("Analysed {count} comment.", "Analysed {count} comments.", report.analysed)
        ),
        icon=":material/check:",
    )
    return report


def rematch_with_progress() -> int | None:
    bar = st.progress(0.0, text=_("Re-matching themes…"))

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=_progress_text(step, done, total))

    try:
        matches = write(analysis.rematch_themes, progress=progress)
    except Exception as error:
        bar.empty()
        st.error(_("Re-matching the themes stopped: {error}. Run it again from the Themes page.").format(error=error))
        return None
    bar.empty()
    return matches


def render_pending_analysis_notice(*, can_run: bool, key: str) -> None:
    """Say how many comments still wait for analysis; analysts can start it here."""
    pending = analysis.count_pending(engine=get_engine())
    if not pending:
        return
    st.info(
        count_words(
            pending,
            ngettext(
                "{count} comment is not analysed yet: its language, themes and tone appear once the analysis has "
                "run (it starts after each upload; about 3 seconds per 10,000 comments).",
                "{count} comments are not analysed yet: their language, themes and tone appear once the analysis "
                "has run (it starts after each upload; about 3 seconds per 10,000 comments).",
                pending,
            ),
        )
    )
    clicked = can_run and st.button(_("Analyse them now"), key=key, icon=":material/psychology:")
    if clicked and run_analysis_with_progress() is not None:
        st.rerun()
