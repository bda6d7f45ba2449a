"""What moved NPS: a change between two periods split per segment into mix and within-segment parts.

Overall NPS is the share-weighted mean of segment NPS, so with shares w and segment scores s:
    mix_i    = (w1_i − w0_i) · ((s0_i + s1_i)/2 − (S0 + S1)/2)   the segment grew or shrank
    within_i = (w0_i + w1_i)/2 · (s1_i − s0_i)                    the segment's own score moved
and Σ mix + Σ within equals S1 − S0 exactly. Centring the mix term on the overall mean makes a growing
segment push NPS up only when it scores above average. A segment absent in one period moves by mix alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from nps.metrics import Counts, nps


@dataclass(frozen=True)
class SegmentShift:
    key: str
    before: Counts
    after: Counts
    share_before: float
    share_after: float
    nps_before: float | None
    nps_after: float | None
    mix: float
    within: float

    @property
    def total(self) -> float:
        return self.mix + self.within


@dataclass(frozen=True)
class Decomposition:
    nps_before: float
    nps_after: float
    segments: tuple[SegmentShift, ...]

    @property
    def change(self) -> float:
        return self.nps_after - self.nps_before

    @property
    def mix(self) -> float:
        return sum(segment.mix for segment in self.segments)

    @property
    def within(self) -> float:
        return sum(segment.within for segment in self.segments)


def decompose_change(before: Mapping[str, Counts], after: Mapping[str, Counts]) -> Decomposition | None:
    """None when either period has no responses (there is no change to split)."""
    total_before = sum(before.values(), Counts())
    total_after = sum(after.values(), Counts())
    overall_before, overall_after = nps(total_before), nps(total_after)
    if overall_before is None or overall_after is None:
        return None
    overall_mean = (overall_before + overall_after) / 2
    shifts = []
    for key in sorted(set(before) | set(after)):
        c0, c1 = before.get(key, Counts()), after.get(key, Counts())
        w0, w1 = c0.n / total_before.n, c1.n / total_after.n
        s0, s1 = nps(c0), nps(c1)
        s0_or = s0 if s0 is not None else s1
        s1_or = s1 if s1 is not None else s0
        assert s0_or is not None and s1_or is not None
        shifts.append(
            SegmentShift(
                key=key,
                before=c0,
                after=c1,
                share_before=w0,
                share_after=w1,
                nps_before=s0,
                nps_after=s1,
                mix=(w1 - w0) * ((s0_or + s1_or) / 2 - overall_mean),
                within=(w0 + w1) / 2 * (s1_or - s0_or),
            )
        )
    return Decomposition(overall_before, overall_after, tuple(shifts))
