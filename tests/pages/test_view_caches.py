"""What the app caches to keep a run cheap follows what it stands for: a cached read and a chart spec change when
the data version, the filters or the user's scope change; what is worked out once per run is worked out again in
the next run and after a write; the language saved for a user applies in the very run that reads it."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta

from streamlit.testing.v1 import AppTest

from nps import charts, i18n, users
from nps.periods import preset_range
from nps.scope import Scope, save_scope
from tests.factories import add_responses
from tests.pages.conftest import page_as
from tests.pages.test_app_login import _app

Q3 = {"period": "custom", "from": "2026-07-01", "to": "2026-09-30"}


def _responses(region: str, scores: list[int], start: date = date(2026, 7, 1)) -> list[dict]:
    return [{"score": s, "day": start + timedelta(days=i), "region": region} for i, s in enumerate(scores)]


def _signed_in(at: AppTest, role: str = "viewer") -> AppTest:
    at.session_state["authentication_status"] = True
    at.session_state["username"] = role
    at.session_state["name"] = role.title()
    at.session_state["roles"] = [role]
    return at


def _two_counts() -> None:
    import streamlit as st

    from components.datasource import load_summary
    from nps.filters import Filters

    st.text(str(load_summary(Filters(include=(("region", ("Poland",)),))).n))
    st.text(str(load_summary(Filters(include=(("region", ("DACH",)),))).n))


def test_a_cached_read_answers_each_filter_and_reads_again_after_new_data(app_engine):
    add_responses(app_engine, _responses("Poland", [10, 9, 3]) + _responses("DACH", [8]))
    at = _signed_in(AppTest.from_function(_two_counts, default_timeout=60)).run()
    assert [text.value for text in at.text] == ["3", "1"]
    add_responses(app_engine, _responses("Poland", [5, 6]))
    at.run()
    assert [text.value for text in at.text] == ["5", "1"]


def _counting_trend_chart(monkeypatch) -> list[int]:
    """Every time the Overview's trend chart is really built (a spec cache miss), its number of periods."""
    built: list[int] = []
    original = charts.nps_trend_chart

    @functools.wraps(original)
    def counting(frame, *args, **kwargs):
        built.append(int(frame["n"].sum()))
        return original(frame, *args, **kwargs)

    monkeypatch.setattr(charts, "nps_trend_chart", counting)
    return built


def _overview(role: str, **params: str) -> AppTest:
    at = page_as("pages/overview.py", role)
    for key, value in {**Q3, **params}.items():
        at.query_params[key] = value
    return at.run()


def _trend_spec(at: AppTest) -> str:
    assert not at.exception, at.exception
    return at.get("vega_lite_chart")[0].proto.spec


def test_the_trend_spec_is_shared_until_the_data_or_the_period_changes(app_engine, monkeypatch):
    add_responses(app_engine, _responses("Poland", [10, 9, 3, 8]) + _responses("DACH", [2, 10]))
    built = _counting_trend_chart(monkeypatch)
    first = _trend_spec(_overview("viewer"))
    again = _trend_spec(_overview("analyst"))
    assert (built, again) == ([6], first), "a second session with the same view built the chart again"

    add_responses(app_engine, _responses("Poland", [0, 1]))
    after_import = _trend_spec(_overview("viewer"))
    assert built == [6, 8] and after_import != first

    narrower = _trend_spec(_overview("viewer", to="2026-07-03"))
    assert built == [6, 8, 7] and narrower not in (first, after_import)


def test_a_restricted_viewer_gets_her_own_spec_of_the_same_link(app_engine, monkeypatch):
    add_responses(app_engine, _responses("Poland", [10, 9, 3, 8]) + _responses("DACH", [2, 10]))
    save_scope("viewer", Scope(segments=(("region", ("Poland",)),)), engine=app_engine, actor="admin")
    built = _counting_trend_chart(monkeypatch)
    everyone = _trend_spec(_overview("analyst"))
    poland_only = _trend_spec(_overview("viewer"))
    assert built == [6, 4] and poland_only != everyone


def _once_per_run_counts() -> None:
    import streamlit as st

    from components.datasource import forget_run_values, once_per_run

    calls = st.session_state.setdefault("calls", [])

    def compute() -> int:
        calls.append(1)
        return len(calls)

    seen = [once_per_run("test", "key", compute), once_per_run("test", "key", compute)]
    forget_run_values()
    seen.append(once_per_run("test", "key", compute))
    seen.append(once_per_run("test", "other key", compute))
    st.text(repr(seen))


def test_once_per_run_computes_once_per_run_per_key_and_again_after_forgetting():
    at = AppTest.from_function(_once_per_run_counts, default_timeout=60).run()
    assert at.text[0].value == "[1, 1, 2, 3]"
    at.run()
    assert at.text[0].value == "[4, 4, 5, 6]"


def test_the_language_a_user_saved_applies_in_the_run_that_signs_her_in(app_engine):
    users.set_language("viewer", "pl", engine=app_engine)
    at = _app().run()
    at.text_input[0].input("viewer")
    at.text_input[1].input("correct horse")
    at.button[0].click().run()
    while not at.title or at.title[0].value == "Sign in to the NPS dashboard":
        at.run()
    assert not at.exception, at.exception
    polish = i18n.translations("pl").gettext
    assert [title.value for title in at.title] == [polish("Overview")]
    assert polish("Filters") in [header.value for header in at.sidebar.header]


def _overview_and_report() -> None:
    import streamlit as st

    from components.filters import current_view
    from components.overview_data import load_overview, overview_report

    data = load_overview(current_view(), period="month", attribute="region")
    report = overview_report(data, ())
    st.text(f"{data.counts.n} {data.view.choices.preset} {len(data.segments)}")
    st.text(f"{report.title} | {report.filter_lines[0]}")
    st.text(repr([comment.text for comment in report.selected_comments]))


def _report_texts(role: str, **params: str) -> list[str]:
    at = _signed_in(AppTest.from_function(_overview_and_report, default_timeout=60), role)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return [text.value for text in at.text]


def test_the_shared_overview_figures_and_report_follow_data_filters_language_and_masking(app_engine):
    rows = _responses("Poland", [10, 2, 9]) + _responses("DACH", [3])
    rows[1]["comment"] = "Call me on +48 601 234 567"
    add_responses(app_engine, rows)
    q3 = _report_texts("analyst", **Q3)
    assert q3[0] == "4 custom 2" and q3[1].startswith("NPS overview | Period: Custom range (2026-07-01 to 2026-09-30)")
    assert "+48 601 234 567" in q3[2]

    masked = _report_texts("viewer", **Q3)
    assert masked[:2] == q3[:2] and "+48 601 234 567" not in masked[2] and "Call me" in masked[2]

    polish = _report_texts("analyst", lang="pl", **Q3)
    assert polish[0] == q3[0] and polish[1] != q3[1]
    assert polish[1].startswith(i18n.translations("pl").gettext("NPS overview"))

    narrower = _report_texts("analyst", **{**Q3, "to": "2026-07-01"})
    assert narrower[0] == "2 custom 2" and narrower[1] != q3[1]

    start, end = preset_range("last_quarter", datetime.now(UTC).date())
    named = _report_texts("analyst", period="last_quarter", compare="none")
    dates = {"from": start.isoformat(), "to": end.isoformat()}
    same_dates = _report_texts("analyst", period="custom", compare="none", **dates)
    assert named[0].split()[1] == "last_quarter" and same_dates[0].split()[1] == "custom"
    assert named[1] != same_dates[1], "a session naming the same dates otherwise got another session's view"

    add_responses(app_engine, _responses("DACH", [10, 10], start=date(2026, 8, 1)))
    after_import = _report_texts("analyst", **Q3)
    assert after_import[0] == "6 custom 2" and after_import[2] == q3[2]
