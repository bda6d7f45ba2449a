"""Every chart image a page offers carries its title, the period, the filters and n, and is named after them
(issue 14, item 7): the Overview's mechanism on Themes and Benchmarks too, and Streamlit's bare toolbar PNG
hidden everywhere."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.delta_generator import DeltaGenerator

from components.exports import CHART_TOOLBAR_STYLE
from nps import analysis
from nps.benchmarks import load_reference_benchmarks
from tests.factories import add_responses
from tests.pages.conftest import ROOT, page_as

VIEW = {"period": "custom", "from": "2026-07-01", "to": "2026-09-30", "in:region": "PL"}


@pytest.fixture
def seeded(app_engine):
    """Q3 2026 in PL: 12 detractors about delivery, 8 promoters about the price (and DE, filtered out); Q2 too."""
    rows = []
    for region in ("PL", "DE"):
        rows += [
            {"score": 2, "day": date(2026, 7, 3) + timedelta(days=i * 7), "comment": "late delivery", "region": region}
            for i in range(12)
        ]
        rows += [
            {"score": 10, "day": date(2026, 8, 2) + timedelta(days=i), "comment": "fair price", "region": region}
            for i in range(8)
        ]
        rows += [{"score": 9, "day": date(2026, 5, 2) + timedelta(days=i), "region": region} for i in range(20)]
    add_responses(app_engine, rows, segments=("region",))
    analysis.analyse_pending(engine=app_engine)
    load_reference_benchmarks(engine=app_engine)
    return app_engine


@pytest.fixture
def downloads(monkeypatch) -> dict[str, object]:
    """file name → the button's data (a callable that builds the file), for every download button drawn."""
    offered: dict[str, object] = {}
    original = DeltaGenerator.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        offered[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    return offered


def _opened(page: str):
    at = page_as(page, "viewer")
    for key, value in VIEW.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize(
    ("page", "stems"),
    [
        ("pages/themes.py", ["theme-impact", "theme-mentions", "theme-trend-by-month"]),
        ("pages/benchmarks.py", ["nps-vs-benchmarks", "nps-trend-vs-benchmark"]),
        ("pages/overview.py", ["nps-trend", "score-distribution"]),
    ],
)
def test_each_chart_image_is_titled_with_the_view_and_n_and_named_after_it(seeded, downloads, page, stems):
    at = _opened(page)
    assert not at.exception, at.exception
    for stem in stems:
        for extension in ("png", "svg"):
            assert f"{stem}_2026-Q3_region-PL.{extension}" in downloads, sorted(downloads)
        svg = downloads[f"{stem}_2026-Q3_region-PL.svg"]().decode()  # type: ignore[operator]
        assert "Period: Custom range (2026-07-01 to 2026-09-30)" in svg
        assert "region: only PL" in svg
        assert "n = 20 responses" in svg


def test_the_bare_toolbar_png_is_hidden_on_every_page():
    assert 'aria-label="Download as PNG"' in CHART_TOOLBAR_STYLE and "display: none" in CHART_TOOLBAR_STYLE
    app = (ROOT / "app.py").read_text()
    assert app.index("st.html(CHART_TOOLBAR_STYLE)") < app.index("navigation.run()")
