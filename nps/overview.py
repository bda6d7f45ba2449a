"""Aggregates turned into what the Overview, meeting mode and the report draw: intervals, segments, shifts."""

from __future__ import annotations

import pandas as pd

from nps.counting import counts_from_row
from nps.decomposition import Decomposition
from nps.figures import DEFAULT_MINIMUM_N
from nps.metrics import Counts, nps_with_interval
from nps.significance import SegmentResult


def counts_of(frame: pd.DataFrame) -> dict[str, Counts]:
    """key → Counts from a `counts_by` frame."""
    return {str(row.key): counts_from_row(row) for row in frame.itertuples()}


def with_intervals(frame: pd.DataFrame, *, minimum_n: int = DEFAULT_MINIMUM_N) -> pd.DataFrame:
    """A `counts_by` frame plus nps, ci_low, ci_high, n_eff (Kish; = n unweighted) and small (n_eff below the
    minimum: drawn greyed) per row."""
    intervals = [nps_with_interval(counts) for counts in counts_of(frame).values()]
    return frame.assign(
        nps=[i.nps for i in intervals],
        ci_low=[i.low for i in intervals],
        ci_high=[i.high for i in intervals],
        n_eff=[i.counts.n_eff for i in intervals],
        small=[i.counts.n_eff < minimum_n for i in intervals],
    )


def segment_frame(results: list[SegmentResult]) -> pd.DataFrame:
    """One row per segment: key, n, n_eff (= n unweighted), nps, ci_low, ci_high, delta vs rest, adjusted p, marker,
    small."""
    return pd.DataFrame(
        {
            "key": [r.key for r in results],
            "n": [r.counts.n for r in results],
            "n_eff": [r.counts.n_eff for r in results],
            "nps": [r.interval.nps for r in results],
            "ci_low": [r.interval.low for r in results],
            "ci_high": [r.interval.high for r in results],
            "vs_rest": [r.vs_rest.delta for r in results],
            "adjusted_p": [r.adjusted_p for r in results],
            "marker": [r.marker or "no significant difference" for r in results],
            "small": [r.counts.n_eff < r.minimum_n for r in results],
        }
    )


def decomposition_frame(decomposition: Decomposition) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": [s.key for s in decomposition.segments],
            "n_before": [s.before.n for s in decomposition.segments],
            "n_after": [s.after.n for s in decomposition.segments],
            "share_before": [s.share_before for s in decomposition.segments],
            "share_after": [s.share_after for s in decomposition.segments],
            "nps_before": [s.nps_before for s in decomposition.segments],
            "nps_after": [s.nps_after for s in decomposition.segments],
            "mix": [s.mix for s in decomposition.segments],
            "within": [s.within for s in decomposition.segments],
        }
    )
