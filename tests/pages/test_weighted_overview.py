"""The Overview with the sidebar's Weighted switch on (here from a link): every figure names its effective n."""

from datetime import date, timedelta

from tests.factories import add_responses
from tests.pages.conftest import page_as


def _seed(engine) -> None:
    rows = []
    for index in range(120):
        region = "Poland" if index % 3 else "DACH"
        rows.append(
            {
                "score": [10, 9, 8, 3][index % 4],
                "day": date(2026, 7, 1) + timedelta(days=index % 80),
                "region": region,
                "plan": "Pro",
                "weight": 0.5 if region == "Poland" else 2.0,
            }
        )
    add_responses(engine, rows)


def _overview(weighted: bool):
    at = page_as("pages/overview.py", "viewer")
    params = {"period": "custom", "from": "2026-07-01", "to": "2026-09-30", "segment": "region"}
    if weighted:
        params["weighted"] = "1"
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_weighted_figures_carry_their_effective_n_and_unweighted_ones_their_n(app_engine):
    _seed(app_engine)
    at = _overview(weighted=True)
    assert not at.exception, at.exception
    captions = " ".join(caption.value for caption in at.caption)
    # 80 responses of weight 0.5 and 40 of weight 2: n_eff = (40 + 80)² / (80·0.25 + 40·4) = 80
    assert "weighted, n_eff = 80.0" in captions
    assert {metric.label: metric.value for metric in at.metric}["Effective n"] == "80.0"
    table = next(frame.value for frame in at.dataframe if "nps" in frame.value.columns)
    assert "n_eff" in table.columns and "n" not in table.columns
    assert sorted(table["n_eff"].round(1)) == [40.0, 80.0]
    downloads = [button.proto.label for button in at.get("download_button")]
    assert "Responses as CSV (120)" in downloads  # rows, not the sum of their weights
    plain = _overview(weighted=False)
    assert "n = 120" in " ".join(caption.value for caption in plain.caption)
    assert "weighted" not in " ".join(caption.value for caption in plain.caption)
