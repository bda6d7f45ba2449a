import pytest
from hypothesis import given
from hypothesis import strategies as st

from nps.benchmarks import (
    COLUMNS,
    BenchmarkFileError,
    BenchmarkRow,
    parse_benchmark_csv,
    validate_benchmark_fields,
)

HEADER = ",".join(COLUMNS)
GOOD_FILE = (
    HEADER
    + "\n"
    + "\n".join(
        [
            "Acme Air,competitor,Airlines,21.2,Q1 2024,2024,Our market survey,,UK flyers,panel,184,74,75,35",
            "  Grocery  ,Industry,Grocery,30.1,,2023,XMI 2023,https://example.org/x,10000 US consumers,,,,,",
            '"Schmeler, Schimmel and Collier",competitor,,+32,2024 panel,,Survey,,,,,,,',
            "Typographic minus,overall,,−6.1,2023,2023,Somewhere,,,,,,,",
        ]
    )
    + "\n"
).encode()


def parse(lines: list[str], header: str = HEADER) -> object:
    return parse_benchmark_csv(("\n".join([header, *lines]) + "\n").encode(), this_year=2026)


def reasons(lines: list[str]) -> list[tuple[int, str, str]]:
    return [(issue.row, issue.column, issue.reason) for issue in parse(lines).rejected]


def test_a_good_file_loads_every_row_with_whitespace_stripped_and_kinds_lower_cased():
    parsed = parse_benchmark_csv(GOOD_FILE, this_year=2026)
    assert parsed.rejected == ()
    assert parsed.lines_read == 4
    acme, grocery, quoted, minus = parsed.rows
    assert acme == BenchmarkRow(
        name="Acme Air",
        kind="competitor",
        nps=21.2,
        industry="Airlines",
        period="Q1 2024",
        year=2024,
        source_title="Our market survey",
        population="UK flyers",
        method="panel",
        n=184,
        promoters=74,
        passives=75,
        detractors=35,
    )
    assert acme.counts is not None and acme.counts.n == 184
    assert (grocery.name, grocery.kind, grocery.counts) == ("Grocery", "industry", None)
    assert quoted.name == "Schmeler, Schimmel and Collier" and quoted.nps == 32
    assert minus.nps == -6.1


def test_a_semicolon_file_with_a_bom_and_a_decimal_comma_loads():
    data = ("\ufeff" + HEADER.replace(",", ";") + "\nRetail;industry;Retail;28,4;;2022;XMI;;;;;;;\n").encode()
    parsed = parse_benchmark_csv(data, this_year=2026)
    assert parsed.rejected == ()
    assert parsed.rows[0].nps == pytest.approx(28.4)


def test_counts_fill_in_n_when_it_is_left_empty():
    parsed = parse(["A,competitor,,40,,2024,S,,,,,6,2,2"])
    assert parsed.rows[0].n == 10


@pytest.mark.parametrize(
    ("line", "column", "reason_part"),
    [
        (",competitor,,10,,2024,S,,,,,,,", "name", "needs a name"),
        ("A,rival,,10,,2024,S,,,,,,,", "kind", "competitor, industry or overall, not rival"),
        ("A,competitor,,,,2024,S,,,,,,,", "nps", "missing"),
        ("A,competitor,,abc,,2024,S,,,,,,,", "nps", "not a number"),
        ("A,competitor,,101,,2024,S,,,,,,,", "nps", "between −100 and 100"),
        ("A,competitor,,-100.5,,2024,S,,,,,,,", "nps", "between −100 and 100"),
        ("A,competitor,,nan,,2024,S,,,,,,,", "nps", "not a number"),
        ("A,competitor,,10,,2024,,,,,,,,", "source_title", "where the figure comes from"),
        ("A,competitor,,10,,2024,S,javascript:alert(1),,,,,,", "source_url", "https://"),
        ("A,competitor,,10,,1999,S,,,,,,,", "year", "between 2003 and 2026"),
        ("A,competitor,,10,,2027,S,,,,,,,", "year", "between 2003 and 2026"),
        ("A,competitor,,10,,20x4,S,,,,,,,", "year", "between 2003 and 2026"),
        ("A,competitor,,10,,,S,,,,,,,", "year", "give year or period"),
        ("A,competitor,,10,,2024,S,,,,10,5,3,1", "n", "= 9, but n is 10"),
        ("A,competitor,,10,,2024,S,,,,,5,3,", "promoters", "together"),
        ("A,competitor,,10,,2024,S,,,,,5.5,3,1", "promoters", "whole number"),
        ("A,competitor,,10,,2024,S,,,,,-1,3,1", "promoters", "whole number"),
        ("A,competitor,,10,,2024,S,,,,0,,,", "n", "at least 1"),
        ("A,competitor,,10,,2024,S,,,,,0,0,0", "n", "no respondents"),
        ("A,competitor,,21,,2024,S,,,,,5,3,2", "nps", "the counts give an NPS of 30.00, not 21"),
        ("A,competitor,,30.4,,2024,S,,,,,5,3,2", "nps", "the counts give an NPS of 30.00"),
        ("A,competitor,,10,,2024,S,,,,,,,,extra", "", "15 values for 14 columns"),
    ],
)
def test_a_bad_row_is_refused_with_its_row_column_and_reason(line, column, reason_part):
    parsed = parse(["Fine,overall,,32,,2024,S,,,,,,,", line])
    assert [row.name for row in parsed.rows] == ["Fine"]
    assert parsed.rejected_lines == 1
    issue = parsed.rejected[0]
    assert (issue.row, issue.column) == (3, column)
    assert reason_part in issue.reason


def test_counts_that_agree_with_a_rounded_nps_are_accepted():
    parsed = parse(["A,competitor,,21,,2024,S,,,,184,74,75,35", "B,competitor,,21.20,,2024,S,,,,184,74,75,35"])
    assert parsed.rejected == ()


def test_every_problem_of_a_row_is_reported_not_just_the_first():
    assert {column for _, column, _ in reasons(["A,rival,,200,,,,,,,,,,"])} == {
        "kind",
        "nps",
        "source_title",
        "year",
    }


def test_values_are_not_neutralised_only_stripped():
    parsed = parse(['"  =HYPERLINK(""x"")  ",overall,,1,,2024,@source,,+pop,-method,,,,'])
    row = parsed.rows[0]
    assert (row.name, row.source_title, row.population, row.method) == (
        '=HYPERLINK("x")',
        "@source",
        "+pop",
        "-method",
    )


def test_blank_lines_are_skipped_and_row_numbers_stay_those_of_the_spreadsheet():
    parsed = parse(["", "A,overall,,1,,2024,S,,,,,,,", ",,,,,,,,,,,,,", "B,bogus,,1,,2024,S,,,,,,,"])
    assert parsed.lines_read == 2
    assert parsed.rejected[0].row == 5


def test_unknown_columns_are_ignored_with_a_note():
    parsed = parse(["A,overall,1,S,2024,hello"], header="name,kind,nps,source_title,year,comment")
    assert parsed.rows[0].name == "A"
    assert any("comment" in note for note in parsed.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"name,kind,source_title\nA,overall,S\n", "nps"),
        (b"name,kind,nps\nA,overall,1\n", "source_title or source_url"),
        (b"name,kind,nps,nps,source_url\n", "repeats nps"),
    ],
)
def test_a_file_without_the_required_header_is_refused_as_a_whole(data, message):
    with pytest.raises(BenchmarkFileError, match=message):
        parse_benchmark_csv(data)


def test_a_windows_1252_file_is_read_with_a_note():
    data = (HEADER + "\nCafé Zürich,competitor,,12,,2024,Étude,,,,,,,\n").encode("cp1252")
    parsed = parse_benchmark_csv(data, this_year=2026)
    assert parsed.rows[0].name == "Café Zürich"
    assert parsed.notes


def test_the_form_and_the_file_share_one_validation():
    row, issues = validate_benchmark_fields(
        {"name": "A", "kind": "industry", "nps": 12.5, "year": 2024, "source_title": "S"}, this_year=2026
    )
    assert issues == [] and row is not None and row.nps == 12.5
    row, issues = validate_benchmark_fields({"name": "A", "kind": "industry", "nps": 12.5}, this_year=2026)
    assert row is None and {issue.column for issue in issues} == {"source_title", "year"}


@given(
    promoters=st.integers(0, 500),
    passives=st.integers(0, 500),
    detractors=st.integers(0, 500),
)
def test_counts_and_their_own_nps_to_two_decimals_are_always_accepted(promoters, passives, detractors):
    n = promoters + passives + detractors
    if n == 0:
        return
    value = 100 * (promoters - detractors) / n
    line = f"A,competitor,,{value:.2f},,2024,S,,,,{n},{promoters},{passives},{detractors}"
    parsed = parse([line])
    assert parsed.rejected == ()
    assert parsed.rows[0].counts is not None and parsed.rows[0].counts.n == n


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: abs(x) > 100))
def test_any_nps_outside_the_scale_is_refused(value):
    assert [column for _, column, _ in reasons([f"A,overall,,{value:.6f},,2024,S,,,,,,,"])] == ["nps"]


def test_reasons_notes_and_file_errors_keep_their_english_text_and_can_be_shown_translated():
    from nps.i18n import PSEUDO, translated_text

    parsed = parse(["A,rival,,10,,2024,S,,,,,,,hello"], header=HEADER + ",comment")
    reason = parsed.rejected[0].reason
    assert reason == "kind must be competitor, industry or overall, not rival"
    assert translated_text(reason, PSEUDO) == "⟦kind must be competitor, industry or overall, not rival⟧"
    assert translated_text(parsed.notes[0], PSEUDO).startswith("⟦Columns ignored")
    with pytest.raises(BenchmarkFileError) as refused:
        parse_benchmark_csv(b"name,kind\nA,overall\n")
    assert str(refused.value).startswith("The header lacks nps, source_title or source_url.")
    assert refused.value.translated(PSEUDO).startswith("⟦The header lacks nps, source_title or source_url.")
