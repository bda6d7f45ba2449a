"""One page run reads the data version once: every cached figure of the run shares that snapshot."""

from datetime import date, timedelta

from sqlalchemy import Engine, event

from tests.factories import add_responses
from tests.pages.conftest import page_as


def _data_version_reads(engine_class=Engine) -> tuple[list[str], callable]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if "app_setting" in statement and "data_version" in str(parameters):
            seen.append(statement)

    event.listen(engine_class, "before_cursor_execute", count)
    return seen, lambda: event.remove(engine_class, "before_cursor_execute", count)


def test_an_overview_run_reads_the_data_version_once(app_engine):
    start = date(2026, 7, 1)
    add_responses(
        app_engine,
        [
            {"score": score, "day": start + timedelta(days=i % 60), "region": region, "plan": "Pro", "comment": "ok"}
            for i, (score, region) in enumerate([(10, "Poland"), (3, "DACH"), (8, "Poland"), (9, "DACH")] * 20)
        ],
    )
    at = page_as("pages/overview.py", "viewer")
    seen, stop = _data_version_reads()
    try:
        at.run()
        first_run = len(seen)
        at.run()
    finally:
        stop()
    assert not at.exception, at.exception
    assert at.metric, "the Overview drew no KPI tiles"
    assert (first_run, len(seen)) == (1, 2)
