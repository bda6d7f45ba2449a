"""Which segments differ from the rest of the responses, corrected for testing many segments at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nps.figures import DEFAULT_MINIMUM_N
from nps.metrics import Counts, Difference, NpsInterval, nps_with_interval, two_sample_test

ALPHA = 0.05


def holm_adjust(p_values: Sequence[float]) -> list[float]:
    """Holm–Bonferroni adjusted p-values (same order as given); reject where adjusted p < alpha.

    Controls the chance of any false "differs" marker across all segments, and is never weaker than Bonferroni.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


@dataclass(frozen=True)
class SegmentResult:
    key: str
    interval: NpsInterval
    vs_rest: Difference
    """This segment's NPS minus the NPS of every other response in the view (unadjusted test)."""
    adjusted_p: float | None
    significant: bool
    """Differs from the rest after the Holm correction over all tested segments."""
    minimum_n: int = DEFAULT_MINIMUM_N

    @property
    def counts(self) -> Counts:
        return self.interval.counts

    @property
    def too_small(self) -> bool:
        return self.vs_rest.too_small

    @property
    def marker(self) -> str:
        if self.too_small:
            return f"too few responses to test (n < {self.minimum_n})"
        if not self.significant or self.vs_rest.delta is None:
            return ""
        return "above the rest" if self.vs_rest.delta > 0 else "below the rest"


def segments_vs_rest(
    groups: Mapping[str, Counts], alpha: float = ALPHA, *, minimum_n: int = DEFAULT_MINIMUM_N
) -> list[SegmentResult]:
    """Each segment against all other responses; a segment (or rest) below `minimum_n` is not tested, and
    the Holm correction counts only the segments that were."""
    total = sum(groups.values(), Counts())
    tests = {key: two_sample_test(counts, total - counts, alpha, minimum_n=minimum_n) for key, counts in groups.items()}
    tested = [key for key, test in tests.items() if test.p_value is not None]
    adjusted = dict(zip(tested, holm_adjust([tests[key].p_value for key in tested]), strict=True))  # type: ignore[misc]
    return [
        SegmentResult(
            key=key,
            interval=nps_with_interval(counts),
            vs_rest=tests[key],
            adjusted_p=adjusted.get(key),
            significant=key in adjusted and adjusted[key] < alpha,
            minimum_n=minimum_n,
        )
        for key, counts in groups.items()
    ]
