"""Weighted NPS from the store: weights from an import column or from target shares, summed in SQL."""

import json
import math
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from nps import counting, weighting
from nps.cli import main
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.metrics import Counts
from nps.models import Response
from tests.factories import add_responses

WEIGHTED = Filters(weighted=True)


def _seed(engine) -> None:
    """Poland: 3 promoters, 1 detractor; Germany: 1 promoter, 1 passive, 2 detractors."""
    rows = [("Poland", 10), ("Poland", 9), ("Poland", 9), ("Poland", 2), ("Germany", 10), ("Germany", 8)]
    rows += [("Germany", 0), ("Germany", 5)]
    add_responses(engine, [{"score": s, "day": date(2026, 3, 1 + i), "region": r} for i, (r, s) in enumerate(rows)])


def test_an_import_column_declared_the_weight_is_summed_per_category(engine):
    csv = (
        b"response_id,submitted_at,score,w\n"
        b"1,2026-01-05T10:00:00Z,10,2\n"
        b"2,2026-01-05T11:00:00Z,9,1\n"
        b"3,2026-01-05T12:00:00Z,7,1\n"
        b"4,2026-01-05T13:00:00Z,3,0.5\n"
        b"5,2026-01-05T14:00:00Z,3,-1\n"
        b"6,2026-01-05T15:00:00Z,3,heavy\n"
    )
    report = import_file(csv, engine=engine, survey="S", username="ana", mapping=None, file_name="w.csv")
    assert report.imported == 6  # without a declared weight, w is just a column
    report = import_file(
        csv, engine=engine, survey="T", username="ana", mapping={"score": "score", "weight": "w"}, file_name="w.csv"
    )
    assert (report.imported, report.rejected) == (4, 2)
    assert {e.reason for e in report.errors} == {
        'weight "-1" is not a positive number',
        'weight "heavy" is not a positive number',
    }
    weighted = counting.summary_counts(Filters(surveys=("T",), weighted=True), engine=engine)
    assert weighted == Counts(3.0, 1.0, 0.5, weight_squares=6.25)
    assert weighted.n_eff == pytest.approx(3.24)
    assert counting.summary_counts(Filters(surveys=("T",)), engine=engine) == Counts(2, 1, 1)


def test_responses_without_a_weight_weigh_one_and_equal_weights_change_nothing(engine):
    _seed(engine)
    plain = counting.summary_counts(Filters(), engine=engine)
    weighted = counting.summary_counts(WEIGHTED, engine=engine)
    assert (weighted.promoters, weighted.passives, weighted.detractors) == (4, 1, 3)
    assert weighted.n_eff == plain.n == 8
    by_region = counting.counts_by(WEIGHTED, "region", engine=engine)
    assert list(by_region.columns) == ["key", "promoters", "passives", "detractors", "n", "weight_squares"]
    assert by_region["n"].tolist() == by_region["weight_squares"].tolist() == [4.0, 4.0]


def test_target_shares_weight_each_region_to_its_share(engine):
    _seed(engine)
    result = weighting.set_target_shares("region", {"Poland": 0.25, "Germany": 0.75}, engine=engine)
    assert result.weights == {"Poland": 0.5, "Germany": 1.5}
    counts = counting.summary_counts(WEIGHTED, engine=engine)
    # Poland 4 × 0.5: promoters 1.5, detractors 0.5; Germany 4 × 1.5: promoter 1.5, passive 1.5, detractors 3
    assert (counts.promoters, counts.passives, counts.detractors) == (3.0, 1.5, 3.5)
    assert counts.weight_squares == 4 * 0.25 + 4 * 2.25
    shares = counting.counts_by(WEIGHTED, "region", engine=engine).set_index("key")["n"]
    assert shares.to_dict() == {"Germany": 6.0, "Poland": 2.0}
    assert counting.summary_counts(Filters(), engine=engine) == Counts(4, 1, 3)
    assert weighting.current_weighting(engine=engine) == {
        "attribute": "region",
        "shares": {"Poland": 0.25, "Germany": 0.75},
    }
    weighting.clear_weights(engine=engine)
    assert counting.summary_counts(WEIGHTED, engine=engine).weight_squares == 8
    assert weighting.current_weighting(engine=engine) is None


def test_shares_that_miss_a_value_or_do_not_add_up_are_refused(engine):
    _seed(engine)
    with pytest.raises(weighting.WeightingError, match="missing: Germany"):
        weighting.set_target_shares("region", {"Poland": 1.0}, engine=engine)
    with pytest.raises(weighting.WeightingError, match="add up to 1"):
        weighting.set_target_shares("region", {"Poland": 0.5, "Germany": 0.6}, engine=engine)
    with pytest.raises(weighting.WeightingError, match="no response has region = Spain"):
        weighting.set_target_shares("region", {"Poland": 0.5, "Germany": 0.4, "Spain": 0.1}, engine=engine)
    with Session(engine) as session:
        assert session.execute(select(func.count()).where(Response.weight.is_not(None))).scalar_one() == 0
    assert weighting.parse_shares("Poland=30%, Germany=0.7") == {"Poland": 0.3, "Germany": 0.7}


def test_stats_json_reports_weighted_figures_with_their_effective_n(engine, capsys):
    _seed(engine)
    weighting.set_target_shares("region", {"Poland": 0.25, "Germany": 0.75}, engine=engine)
    url = engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "stats", "--json", "--weighted"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["weighted"] is True
    assert result["n_eff"] == round(8**2 / 10, 2)
    assert result["shares"] == {"promoters": 0.375, "passives": 0.1875, "detractors": 0.4375}
    assert math.isclose(result["nps"], 100 * (3 - 3.5) / 8, abs_tol=0.01)
    assert main(["--db", url, "stats", "--weighted"]) == 0
    assert "weighted, n_eff = 6.4" in capsys.readouterr().out
    assert main(["--db", url, "stats", "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert (plain["weighted"], plain["n"], plain["n_eff"]) == (False, 8, 8)
