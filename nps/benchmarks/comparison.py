"""Is our NPS above or below a benchmark, or is the gap not distinguishable from sampling noise?"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from nps.metrics import Counts, Difference, NpsInterval, nps_with_interval, one_sample_test, two_sample_test

ABOVE = "above"
BELOW = "below"
NOT_DISTINGUISHABLE = "not distinguishable"

TWO_SAMPLE = "two-sample"
ONE_SAMPLE = "one-sample"
TEST_NAMES = {
    TWO_SAMPLE: "two-sample z test: both NPS values come from known counts, so both carry sampling error",
    ONE_SAMPLE: (
        "one-sample z test against a fixed value: the benchmark's counts are unknown, so only our "
        "sampling error is counted"
    ),
}


class BenchmarkFigures(Protocol):
    """What a comparison needs from a benchmark; both `BenchmarkRow` and the `Benchmark` table have it."""

    @property
    def name(self) -> str: ...
    @property
    def nps(self) -> float: ...
    @property
    def promoters(self) -> int | None: ...
    @property
    def passives(self) -> int | None: ...
    @property
    def detractors(self) -> int | None: ...


@dataclass(frozen=True)
class Comparison:
    """Our NPS against one benchmark: the verdict and, in words for the screen, the test behind it."""

    benchmark_name: str
    benchmark_nps: float
    ours: NpsInterval
    difference: Difference
    verdict: str
    test: str
    """`two-sample` or `one-sample`."""
    benchmark_interval: NpsInterval | None = None
    """The benchmark's own interval when its counts are known (for the dot-and-interval chart)."""

    @property
    def test_name(self) -> str:
        return TEST_NAMES[self.test]

    @property
    def delta(self) -> float | None:
        """Our NPS minus the benchmark's, in points."""
        return self.difference.delta


def _benchmark_counts(benchmark: BenchmarkFigures) -> Counts | None:
    split = (benchmark.promoters, benchmark.passives, benchmark.detractors)
    if any(value is None for value in split):
        return None
    counts = Counts(*(int(value) for value in split if value is not None))
    return counts if counts.n > 0 else None


def compare_to_benchmark(
    ours: Counts, benchmark: BenchmarkFigures, alpha: float = 0.05, *, minimum_n: int = 1
) -> Comparison:
    """Verdict from the two-sample test when the benchmark's counts are known, else the one-sample test.

    A published value without counts is treated as exact, which overstates how sure we are; the test name
    on the screen says so. With no responses of ours, or fewer than `minimum_n`, the verdict is "not distinguishable".
    """
    theirs = _benchmark_counts(benchmark)
    if theirs is not None:
        test, difference = TWO_SAMPLE, two_sample_test(ours, theirs, alpha, minimum_n=minimum_n)
    else:
        test, difference = ONE_SAMPLE, one_sample_test(ours, float(benchmark.nps), alpha, minimum_n=minimum_n)
    if difference.significant and difference.delta is not None:
        verdict = ABOVE if difference.delta > 0 else BELOW
    else:
        verdict = NOT_DISTINGUISHABLE
    return Comparison(
        benchmark_name=benchmark.name,
        benchmark_nps=float(benchmark.nps),
        ours=nps_with_interval(ours),
        difference=difference,
        verdict=verdict,
        test=test,
        benchmark_interval=nps_with_interval(theirs) if theirs is not None else None,
    )


@dataclass(frozen=True)
class FieldPosition:
    """Where one NPS sits in a field of NPS values (competitors, airlines, industries)."""

    nps: float
    field_size: int
    percentile: float | None
    """Share of the field strictly below ours, in percent (ties do not count as beaten)."""
    rank: int | None
    """1 + the number of field values strictly above ours."""
    mean: float | None
    sd: float | None
    """Sample standard deviation (n − 1) of the field."""
    z: float | None


def field_position(ours_nps: float, field: Sequence[float]) -> FieldPosition:
    """Percentile, rank and z-score of our NPS against the field exactly as given.

    Whether we belong to the field is the caller's choice: the prepbench case 122 solution includes the
    company itself in the mean and standard deviation, a "versus competitors" view does not.
    """
    values = [float(value) for value in field]
    if not values:
        return FieldPosition(ours_nps, 0, None, None, None, None, None)
    below = sum(1 for value in values if value < ours_nps)
    above = sum(1 for value in values if value > ours_nps)
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else None
    z = (ours_nps - mean) / sd if sd else None
    return FieldPosition(
        nps=ours_nps,
        field_size=len(values),
        percentile=100.0 * below / len(values),
        rank=above + 1,
        mean=mean,
        sd=sd,
        z=z,
    )


def floored_nps(counts: Counts) -> int:
    """floor(% promoters) − floor(% detractors): the prepbench case 122 rounding, in exact integer arithmetic.

    It can differ from the exact NPS by up to one point; use it only to reproduce that published result.
    """
    if counts.n == 0:
        raise ValueError("no responses: there is no NPS to floor")
    return (100 * counts.promoters) // counts.n - (100 * counts.detractors) // counts.n
