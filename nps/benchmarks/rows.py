"""The benchmark CSV format: one validated `BenchmarkRow` per line, or the reasons a line was refused.

The header and the rules are documented for users in `data/benchmarks/README.md`; keep the two in step.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from nps.i18n import DEFAULT, N_, TranslatableError, TranslatableText, translated_text
from nps.importing.reader import RowIssue
from nps.metrics import Counts, nps

KINDS = ("competitor", "industry", "overall")
COLUMNS = (
    "name",
    "kind",
    "industry",
    "nps",
    "period",
    "year",
    "source_title",
    "source_url",
    "population",
    "method",
    "n",
    "promoters",
    "passives",
    "detractors",
)
REQUIRED_COLUMNS = ("name", "kind", "nps")
MAX_LENGTHS = {
    "name": 200,
    "industry": 100,
    "period": 50,
    "source_title": 500,
    "source_url": 1000,
    "population": 500,
    "method": 500,
}
FIRST_NPS_YEAR = 2003
"""Reichheld published the Net Promoter Score in 2003: an earlier year is a typing error."""

_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class BenchmarkRow:
    """A competitor, industry or overall NPS with its provenance, checked and ready for the store."""

    name: str
    kind: str
    nps: float
    industry: str = ""
    period: str = ""
    year: int | None = None
    source_title: str = ""
    source_url: str = ""
    population: str = ""
    method: str = ""
    n: int | None = None
    promoters: int | None = None
    passives: int | None = None
    detractors: int | None = None

    @property
    def counts(self) -> Counts | None:
        """The promoter/passive/detractor split when the source gives it; a two-sample test needs it."""
        if self.promoters is None or self.passives is None or self.detractors is None:
            return None
        return Counts(self.promoters, self.passives, self.detractors)


@dataclass(frozen=True)
class BenchmarkParse:
    rows: tuple[BenchmarkRow, ...]
    rejected: tuple[RowIssue, ...]
    lines_read: int
    notes: tuple[str, ...] = field(default=())
    """English text; each is a `TranslatableText`, so a page can show it in the reader's language."""

    @property
    def rejected_lines(self) -> int:
        """Lines refused (one line can have several issues)."""
        return len({issue.row for issue in self.rejected})


class BenchmarkFileError(TranslatableError):
    """The file as a whole cannot be read as a benchmark table; the message is for the user."""


class BenchmarkRefused(BenchmarkFileError):
    """A benchmark made from survey figures breaks a rule of the benchmark format; `issues` say which."""

    def __init__(self, name: str, issues: list[RowIssue]) -> None:
        super().__init__("{name}: {issues}", name=name, issues=describe_issues(issues))
        self.issues = tuple(issues)

    def translated(self, lang: str) -> str:
        return f"{self.params['name']}: {describe_issues(self.issues, lang)}"


def describe_issues(issues: Sequence[RowIssue], lang: str = DEFAULT) -> str:
    """'column: reason; …' with each reason in `lang`."""
    return "; ".join(f"{issue.column}: {translated_text(issue.reason, lang)}" for issue in issues)


def _decode(data: bytes) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [
            TranslatableText(N_("The file is not UTF-8; it was read as Windows-1252 (Excel's usual encoding)."))
        ]


def _delimiter(text: str) -> str:
    """Excel in many European locales writes `;`; pick whichever separator the header line uses most."""
    header = text.splitlines()[0] if text else ""
    return max((",", ";", "\t"), key=header.count)


def _number(text: str) -> float | None:
    """Accept +32, −6.1 (typographic minus) and a decimal comma; refuse nan, inf and thousands separators."""
    cleaned = text.replace("−", "-").replace(" ", "")
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    if not _DECIMAL.match(cleaned):
        return None
    return float(cleaned)


def _decimals(text: str) -> int:
    cleaned = text.replace(",", ".")
    return len(cleaned.split(".", 1)[1]) if "." in cleaned else 0


def _count(text: str) -> int | None:
    value = _number(text)
    if value is None or value < 0 or not value.is_integer():
        return None
    return int(value)


def validate_benchmark_fields(
    values: Mapping[str, object], *, row: int = 0, this_year: int | None = None
) -> tuple[BenchmarkRow | None, list[RowIssue]]:
    """Check one benchmark given as column → value (CSV text or form input) against the documented rules.

    Used by the CSV import and by the page's add/edit form, so both refuse the same things. Each reason is a
    `TranslatableText`: English wherever a str goes, in the reader's language on a page.
    """
    this_year = this_year or datetime.now(UTC).year
    text = {column: ("" if values.get(column) is None else str(values[column]).strip()) for column in COLUMNS}
    issues: list[RowIssue] = []

    def refuse(at: str, reason: str, **params: object) -> None:
        issues.append(RowIssue(row, at, TranslatableText(reason, **params)))

    for column, limit in MAX_LENGTHS.items():
        if len(text[column]) > limit:
            refuse(column, N_("longer than {limit} characters"), limit=limit)

    if not text["name"]:
        refuse("name", N_("a benchmark needs a name"))
    kind = text["kind"].lower()
    if kind not in KINDS:
        if text["kind"]:
            refuse("kind", N_("kind must be competitor, industry or overall, not {kind}"), kind=text["kind"])
        else:
            refuse("kind", N_("kind must be competitor, industry or overall, not (empty)"))

    score: float | None = None
    if not text["nps"]:
        refuse("nps", N_("the NPS is missing"))
    else:
        score = _number(text["nps"])
        if score is None:
            refuse("nps", N_("{value} is not a number"), value=text["nps"])
        elif not -100 <= score <= 100:
            refuse("nps", N_("an NPS lies between −100 and 100, not {value}"), value=text["nps"])
            score = None

    if not text["source_title"] and not text["source_url"]:
        refuse("source_title", N_("say where the figure comes from: give source_title or source_url"))
    if text["source_url"] and not text["source_url"].lower().startswith(("https://", "http://")):
        refuse("source_url", N_("the source address must start with https:// or http://"))

    year: int | None = None
    if text["year"]:
        parsed = _count(text["year"])
        if parsed is None or not FIRST_NPS_YEAR <= parsed <= this_year:
            refuse(
                "year",
                N_("the year must be between {first} and {last}, not {value}"),
                first=FIRST_NPS_YEAR,
                last=this_year,
                value=text["year"],
            )
        else:
            year = parsed
    elif not text["period"]:
        refuse("year", N_("say when the figure is from: give year or period"))

    counted: dict[str, int | None] = {}
    for column in ("n", "promoters", "passives", "detractors"):
        counted[column] = None
        if text[column]:
            counted[column] = _count(text[column])
            if counted[column] is None:
                refuse(
                    column,
                    N_("{column} must be a whole number of 0 or more, not {value}"),
                    column=column,
                    value=text[column],
                )
    split_given = [text[c] != "" for c in ("promoters", "passives", "detractors")]
    if any(split_given) and not all(split_given):
        refuse("promoters", N_("give promoters, passives and detractors together, or none of them"))

    n = counted["n"]
    promoters, passives, detractors = counted["promoters"], counted["passives"], counted["detractors"]
    if promoters is not None and passives is not None and detractors is not None:
        counts = Counts(promoters, passives, detractors)
        if n is not None and counts.n != n:
            refuse("n", N_("promoters + passives + detractors = {total}, but n is {n}"), total=counts.n, n=n)
        elif counts.n == 0:
            refuse("n", N_("the counts add up to no respondents"))
        else:
            n = counts.n
            exact = nps(counts)
            tolerance = 0.5 * 10 ** -_decimals(text["nps"]) + 1e-9
            if score is not None and exact is not None and abs(exact - score) > tolerance:
                refuse(
                    "nps", N_("the counts give an NPS of {exact}, not {value}"), exact=f"{exact:.2f}", value=text["nps"]
                )
    elif n == 0:
        refuse("n", N_("n must be at least 1"))

    if issues or score is None:
        return None, issues
    return (
        BenchmarkRow(
            name=text["name"],
            kind=kind,
            nps=score,
            industry=text["industry"],
            period=text["period"],
            year=year,
            source_title=text["source_title"],
            source_url=text["source_url"],
            population=text["population"],
            method=text["method"],
            n=n,
            promoters=promoters,
            passives=passives,
            detractors=detractors,
        ),
        [],
    )


def _check_header(header: list[str]) -> None:
    """Refuse a header without the required columns, or with a column twice."""
    missing = ", ".join(column for column in REQUIRED_COLUMNS if column not in header)
    expected = ", ".join(COLUMNS)
    without_source = "source_title" not in header and "source_url" not in header
    if missing and without_source:
        raise BenchmarkFileError(
            N_("The header lacks {missing}, source_title or source_url. Expected columns: {expected}."),
            missing=missing,
            expected=expected,
        )
    if without_source:
        raise BenchmarkFileError(
            N_("The header lacks source_title or source_url. Expected columns: {expected}."), expected=expected
        )
    if missing:
        raise BenchmarkFileError(
            N_("The header lacks {missing}. Expected columns: {expected}."), missing=missing, expected=expected
        )
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    if duplicated:
        raise BenchmarkFileError(N_("The header repeats {columns}."), columns=", ".join(duplicated))


def parse_benchmark_csv(data: bytes, *, this_year: int | None = None) -> BenchmarkParse:
    """Read a benchmark CSV: valid rows, and every refused value with its row, column and reason.

    Values are only stripped of surrounding whitespace; nothing is neutralised here (that is the job of
    whatever later writes them into a spreadsheet).
    """
    text, notes = _decode(data)
    if not text.strip():
        raise BenchmarkFileError(N_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except csv.Error as error:
        raise BenchmarkFileError(N_("The file is not a readable CSV table ({error})."), error=error) from error
    _check_header(header)
    unknown = [column for column in header if column and column not in COLUMNS]
    if unknown:
        notes.append(
            TranslatableText(
                N_("Columns ignored (not part of the benchmark format): {columns}."), columns=", ".join(unknown)
            )
        )

    rows: list[BenchmarkRow] = []
    rejected: list[RowIssue] = []
    lines = 0
    try:
        for index, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            lines += 1
            if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
                reason = TranslatableText(
                    N_("{values} values for {columns} columns"), values=len(cells), columns=len(header)
                )
                rejected.append(RowIssue(index, "", reason))
                continue
            values = {column: cell for column, cell in zip(header, cells, strict=False) if column in COLUMNS}
            row, issues = validate_benchmark_fields(values, row=index, this_year=this_year)
            if row is None:
                rejected.extend(issues)
            else:
                rows.append(row)
    except csv.Error as error:
        raise BenchmarkFileError(N_("The file is not a readable CSV table ({error})."), error=error) from error
    return BenchmarkParse(tuple(rows), tuple(rejected), lines, tuple(notes))
