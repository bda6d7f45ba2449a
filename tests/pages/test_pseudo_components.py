"""Shared components draw every interface text through the catalogue: run each on its own under the pseudo language
(the pages that use them are checked by test_pseudo_locale once they are translated too)."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from nps.i18n import PSEUDO
from nps.importing.pipeline import import_file
from tests.factories import add_responses
from tests.pages.test_pseudo_locale import interface_texts, unmarked

DATA = {
    *("Kiosk", "export", "csv", "Acme", "Air", "Airlines", "Example", "Study", "EU", "APAC", "app", "Slow", "delivery"),
    *("admin", "analyst", "NPS", "UTC", "STARTTLS", "TLS", "material", "calendar", "month", "Region", "Plan"),
}
"""Data and codes the scripts below put on screen (survey, file, benchmark and user names, a comment, NPS)."""
CSV = b"response_id,submitted_at,score,comment\nA,2026-01-05,9,fine\nB,2026-01-06,x,\nC,2026-01-07,3,Slow delivery\n"


def _comment_card(response_id: int) -> None:
    import pandas as pd

    from components.comment_card import inject_comment_styles, render_comment_card, render_compact_comment

    inject_comment_styles()
    row = pd.Series(
        {"id": response_id, "score": 3, "category": "detractor", "responded_at": pd.Timestamp("2026-01-07 12:00"),
         "comment": "Slow delivery", "language": None, "sentiment": -0.6, "follow_up": "contacted", "respondent_id": 1,
         "survey": "Kiosk", "segments": {"EU": "APAC"}, "themes": ["delivery"], "tags": ["app"], "owner": "analyst",
         "name": None, "email": None}
    )  # fmt: skip
    render_comment_card(row, masked=False, role="analyst", actor="analyst", key="card")
    compact = row.copy()
    compact["id"] = response_id + 1
    render_compact_comment(compact, masked=False, role="analyst", actor="analyst", key="compact")


def _benchmarks() -> None:
    from components.benchmark_view import render_benchmark_table, render_verdict_card
    from nps.benchmarks import StoredBenchmark, compare_to_benchmark
    from nps.metrics import Counts

    ours = Counts(promoters=300, passives=200, detractors=100)
    known = StoredBenchmark(name="Acme Air", kind="competitor", nps=12.0, year=2019, period="Example Study",
                            population="Airlines", promoters=40, passives=30, detractors=30, n=100, id=1)  # fmt: skip
    published = StoredBenchmark(name="Example Study", kind="overall", nps=30.0, year=None, id=2)
    for benchmark in (known, published):
        render_verdict_card(benchmark, compare_to_benchmark(ours, benchmark))
    render_benchmark_table([known, published])


def _upload_batches_and_analysis() -> None:
    import streamlit as st

    from components.analysis_runner import render_pending_analysis_notice
    from components.upload_batches import render_import_batches

    st.session_state.setdefault("upload_rollback_pending", 1)
    render_import_batches(can_roll_back=True)
    render_pending_analysis_notice(can_run=True, key="analyse")


def _admin_pieces() -> None:
    from components.erase_respondent import render_erase_respondent
    from components.mail_admin import render_outbox, render_smtp_settings

    render_erase_respondent(1)
    render_smtp_settings("admin")
    render_outbox()


def _filter_sidebar() -> None:
    import streamlit as st

    from components.filters import render_filter_sidebar

    st.query_params["region"] = "EU"  # a segment chosen: its include/exclude switch is drawn too
    st.query_params["period"] = "last_90"
    render_filter_sidebar()


@pytest.mark.parametrize(
    "script", [_comment_card, _benchmarks, _upload_batches_and_analysis, _admin_pieces, _filter_sidebar]
)
def test_a_component_draws_no_text_outside_the_catalogue(app_engine, script):
    answer = {"score": 3, "day": date(2026, 1, 7), "comment": "Slow delivery", "respondent_id": 1, "region": "EU"}
    add_responses(app_engine, [answer, answer | {"score": 9}])
    import_file(CSV, engine=app_engine, survey="Kiosk", username="admin", file_name="export.csv")
    args = (1,) if script is _comment_card else ()
    at = AppTest.from_function(script, args=args, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = at.session_state["name"] = "admin"
    at.session_state["roles"] = ["admin"]
    at.query_params["lang"] = PSEUDO
    at.run()
    assert not at.exception, [e.stack_trace for e in at.exception]
    texts = interface_texts(at)
    assert len(texts) > 3, texts
    assert unmarked(texts, data=DATA) == []
