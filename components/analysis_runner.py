"""Run the text analysis of new comments from a page, with a progress bar (after an upload, or on demand)."""

from __future__ import annotations

import streamlit as st

from components.datasource import get_engine, write
from nps import analysis

_STEPS = {
    "search": "Making comments searchable",
    "analysis": "Detecting language, themes and tone",
    "themes": "Re-matching themes",
}


def run_analysis_with_progress() -> analysis.AnalysisReport | None:
    """analyse_pending with a progress bar; returns its report, or None after an error shown to the user."""
    bar = st.progress(0.0, text="Preparing the analysis…")

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{_STEPS.get(step, step)}: {done:,} of {total:,}")

    try:
        report = write(analysis.analyse_pending, progress=progress)
    except Exception as error:  # the model or the database failed: say so in words, keep the page alive
        bar.empty()
        st.error(f"The comment analysis stopped: {error}. Already analysed comments are kept; run it again.")
        return None
    bar.empty()
    st.toast(f"Analysed {report.analysed:,} comments.", icon=":material/check:")
    return report


def rematch_with_progress() -> int | None:
    bar = st.progress(0.0, text="Re-matching themes…")

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{_STEPS.get(step, step)}: {done:,} of {total:,}")

    try:
        matches = write(analysis.rematch_themes, progress=progress)
    except Exception as error:
        bar.empty()
        st.error(f"Re-matching the themes stopped: {error}. Run it again from the Themes page.")
        return None
    bar.empty()
    return matches


def render_pending_analysis_notice(*, can_run: bool, key: str) -> None:
    """Say how many comments still wait for analysis; analysts can start it here."""
    pending = analysis.count_pending(engine=get_engine())
    if not pending:
        return
    st.info(
        f"{pending:,} comments are not analysed yet: their language, themes and tone appear once the analysis "
        "has run (it starts after each upload; about 3 seconds per 10,000 comments)."
    )
    clicked = can_run and st.button("Analyse them now", key=key, icon=":material/psychology:")
    if clicked and run_analysis_with_progress() is not None:
        st.rerun()
