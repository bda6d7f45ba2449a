"""NPS arithmetic: classification, scores, intervals and significance tests.

The one place that decides what a promoter is and how an interval is computed; every page, CLI
command and report calls these functions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

Z_95 = 1.959963984540054
DETRACTOR_MAX = 6
PROMOTER_MIN = 9


class Category(StrEnum):
    DETRACTOR = "detractor"
    PASSIVE = "passive"
    PROMOTER = "promoter"


def classify(score: int) -> Category:
    """0–6 detractor, 7–8 passive, 9–10 promoter; anything else is not an NPS answer."""
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 10:
        raise ValueError(f"an NPS score is an integer from 0 to 10, got {score!r}")
    if score <= DETRACTOR_MAX:
        return Category.DETRACTOR
    if score < PROMOTER_MIN:
        return Category.PASSIVE
    return Category.PROMOTER


@dataclass(frozen=True)
class Counts:
    """Promoters, passives and detractors: plain counts, or sums of weights with `weight_squares` = Σw²."""

    promoters: float = 0
    passives: float = 0
    detractors: float = 0
    weight_squares: float | None = None
    """Σw² of the weighted responses counted; None for plain (unweighted) counts."""

    @property
    def n(self) -> float:
        """Responses counted, or their total weight Σw when weighted."""
        return self.promoters + self.passives + self.detractors

    @property
    def weighted(self) -> bool:
        return self.weight_squares is not None

    @property
    def n_eff(self) -> float:
        """Kish's effective sample size (Σw)²/Σw²: as many plain responses as the weighted ones are worth."""
        if self.weight_squares is None:
            return self.n
        return self.n**2 / self.weight_squares if self.weight_squares > 0 else 0.0

    def effective(self) -> Counts:
        """Plain counts with the same shares and n = n_eff: what intervals and tests are computed on."""
        if self.weight_squares is None or self.n == 0:
            return Counts(self.promoters, self.passives, self.detractors)
        scale = self.n_eff / self.n
        return Counts(self.promoters * scale, self.passives * scale, self.detractors * scale)

    def _squares(self) -> float:
        return self.n if self.weight_squares is None else self.weight_squares

    @classmethod
    def from_scores(cls, scores: Iterable[int], weights: Iterable[float] | None = None) -> Counts:
        """Count scores; with weights, sum them per category (and their squares)."""
        scores = list(scores)
        weights = None if weights is None else [float(w) for w in weights]
        tally: dict[Category, float] = dict.fromkeys(Category, 0)
        for score, weight in zip(scores, weights or [1] * len(scores), strict=True):
            tally[classify(score)] += weight
        squares = None if weights is None else sum(w * w for w in weights)
        return cls(tally[Category.PROMOTER], tally[Category.PASSIVE], tally[Category.DETRACTOR], squares)

    def __add__(self, other: Counts) -> Counts:
        squares = None if not (self.weighted or other.weighted) else self._squares() + other._squares()
        return Counts(
            self.promoters + other.promoters,
            self.passives + other.passives,
            self.detractors + other.detractors,
            squares,
        )

    def __sub__(self, other: Counts) -> Counts:
        squares = None if not (self.weighted or other.weighted) else self._squares() - other._squares()
        return Counts(
            self.promoters - other.promoters,
            self.passives - other.passives,
            self.detractors - other.detractors,
            squares,
        )


def nps(counts: Counts) -> float | None:
    """NPS in points (−100…100); None when nobody answered (n = 0 has no score, not 0)."""
    if counts.n == 0:
        return None
    return 100.0 * (counts.promoters - counts.detractors) / counts.n


def _variance(p: float, d: float) -> float:
    """Variance of one response's NPS contribution (+1, 0, −1) on the 0–1 scale."""
    return max(p + d - (p - d) ** 2, 0.0)


def wald_margin(counts: Counts, z: float = Z_95) -> float | None:
    """Half-width of the plain Wald interval in points; kept for reference and for published figures."""
    counts = counts.effective()
    if counts.n == 0:
        return None
    p, d = counts.promoters / counts.n, counts.detractors / counts.n
    return 100.0 * z * math.sqrt(_variance(p, d) / counts.n)


@dataclass(frozen=True)
class NpsInterval:
    """An NPS with its 95% adjusted-Wald interval; `nps` is the observed score, `centre` the adjusted one."""

    counts: Counts
    nps: float | None
    centre: float | None
    low: float | None
    high: float | None

    @property
    def n(self) -> float:
        return self.counts.n

    @property
    def margin(self) -> float | None:
        """Half-width of the interval in points."""
        if self.low is None or self.high is None:
            return None
        return (self.high - self.low) / 2


def nps_with_interval(counts: Counts, z: float = Z_95) -> NpsInterval:
    """Adjusted-Wald interval: add ¾ to promoters and detractors (3 to n), bounds clamped to ±100.

    Better coverage than Wald for small n and extreme scores (Rocks 2016, "Confidence Intervals for NPS").
    Weighted counts are first scaled to their effective sample size (`Counts.effective`).
    """
    effective = counts.effective()
    if effective.n == 0:
        return NpsInterval(counts, None, None, None, None)
    n_adj = effective.n + 3
    p = (effective.promoters + 0.75) / n_adj
    d = (effective.detractors + 0.75) / n_adj
    centre = p - d
    half = z * math.sqrt(_variance(p, d) / n_adj)
    return NpsInterval(
        counts=counts,
        nps=nps(counts),
        centre=100.0 * centre,
        low=100.0 * max(centre - half, -1.0),
        high=100.0 * min(centre + half, 1.0),
    )


@dataclass(frozen=True)
class Difference:
    """The change from `before` to `after` with a two-sided z test."""

    delta: float | None
    z: float | None
    p_value: float | None
    significant: bool
    too_small: bool = False
    """A side had fewer responses than the minimum: no test was made, so nothing is claimed."""

    @property
    def direction(self) -> str:
        if self.too_small:
            return "too few responses to test"
        if not self.significant or self.delta is None:
            return "no significant change"
        return "significantly up" if self.delta > 0 else "significantly down"


def _adjusted_variance(counts: Counts) -> float:
    counts = counts.effective()
    n_adj = counts.n + 3
    return _variance((counts.promoters + 0.75) / n_adj, (counts.detractors + 0.75) / n_adj) / n_adj


def two_sample_test(after: Counts, before: Counts, alpha: float = 0.05, *, minimum_n: int = 1) -> Difference:
    """Is the difference between two independent NPS values real? z test on adjusted-Wald variances.

    Below `minimum_n` responses (effective n when weighted) on either side the normal approximation is not
    trusted: no test is made.
    """
    a, b = nps(after), nps(before)
    if a is None or b is None:
        return Difference(None, None, None, False)
    delta = a - b
    if min(after.n_eff, before.n_eff) < minimum_n:
        return Difference(delta, None, None, False, too_small=True)
    se = 100.0 * math.sqrt(_adjusted_variance(after) + _adjusted_variance(before))
    if se == 0:
        return Difference(delta, None, None, False)
    z = delta / se
    p_value = math.erfc(abs(z) / math.sqrt(2))
    return Difference(delta, z, p_value, p_value < alpha)


def one_sample_test(counts: Counts, reference: float, alpha: float = 0.05, *, minimum_n: int = 1) -> Difference:
    """Does our NPS differ from a published value known without its sample size?"""
    ours = nps(counts)
    if ours is None:
        return Difference(None, None, None, False)
    delta = ours - reference
    if counts.n_eff < minimum_n:
        return Difference(delta, None, None, False, too_small=True)
    se = 100.0 * math.sqrt(_adjusted_variance(counts))
    if se == 0:
        return Difference(delta, None, None, False)
    z = delta / se
    p_value = math.erfc(abs(z) / math.sqrt(2))
    return Difference(delta, z, p_value, p_value < alpha)


@dataclass(frozen=True)
class ShareInterval:
    """A share (0–1) of `n` with its 95% Wilson score interval; all None when n = 0."""

    successes: int
    n: int
    share: float | None
    low: float | None
    high: float | None


def share_with_interval(successes: int, n: int, z: float = Z_95) -> ShareInterval:
    """Wilson score interval: stays inside 0–1 and keeps its coverage for small n and shares near 0 or 1."""
    if n <= 0:
        return ShareInterval(successes, n, None, None, None)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return ShareInterval(successes, n, p, max(centre - half, 0.0), min(centre + half, 1.0))
