import pytest

from nps.benchmarks import REFERENCE_CSV, parse_benchmark_csv, reference_rows


def test_the_shipped_reference_file_has_no_refused_lines():
    parsed = parse_benchmark_csv(REFERENCE_CSV.read_bytes())
    assert parsed.rejected == ()
    assert parsed.notes == ()
    assert len(parsed.rows) == parsed.lines_read >= 20


@pytest.mark.parametrize("row", reference_rows(), ids=lambda row: row.name)
def test_every_reference_row_has_a_source_address_a_year_a_period_and_a_population(row):
    assert row.source_title and row.source_url.startswith("https://")
    assert row.year is not None and row.period
    assert row.population and row.method


def test_the_figures_named_in_the_issue_are_in_the_reference_set():
    figures = {(row.name, row.year): row.nps for row in reference_rows()}
    assert figures[("SurveyMonkey global benchmark: average NPS", 2026)] == 32
    assert figures[("SurveyMonkey global benchmark: top quartile", 2026)] == 72
    assert figures[("XMI consumer NPS 2023: Grocery", 2023)] == pytest.approx(30.1)
    assert figures[("XMI consumer NPS 2023: Consumer payments", 2023)] == pytest.approx(-6.1)
    assert figures[("USAA (insurance)", 2017)] == 66
    assert figures[("Comcast", 2017)] == -9


def test_a_figure_we_could_not_recheck_says_so():
    median = next(row for row in reference_rows() if row.name.endswith("median NPS"))
    assert "NOT RE-CHECKED" in median.method


def test_no_reference_row_pretends_to_be_a_survey_with_counts():
    assert all(row.counts is None and row.n is None for row in reference_rows())
