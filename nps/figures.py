"""How figures are written, the same on screen, in meeting mode and in the PDF report."""

from __future__ import annotations

import math

from nps.metrics import Counts, Difference, NpsInterval, nps_with_interval

DEFAULT_MINIMUM_N = 30
"""Below this many responses a figure is greyed, flagged as too uncertain and never tested; an admin can
change it (`store.minimum_n`)."""


def format_points(value: float) -> str:
    """Signed, one decimal, and never "-0.0" for a value that rounds to zero."""
    return f"{round(value, 1) + 0.0:+.1f}"


def format_nps(value: float | None) -> str:
    return "–" if value is None else format_points(value)


def size_figure(counts: Counts) -> str:
    """'1,234', or 'weighted, n_eff = 987.6' for weighted counts: for a table cell headed n."""
    if counts.weighted:
        return f"weighted, n_eff = {counts.n_eff:,.1f}"
    return f"{counts.n:,}"


def sample_size(counts: Counts) -> str:
    """'n = 1,234', or 'weighted, n_eff = 987.6' for weighted counts: written next to every figure."""
    return size_figure(counts) if counts.weighted else f"n = {counts.n:,}"


def describe_interval(counts: Counts) -> str:
    """'95% CI +28.3 to +36.5 · n = 1,234': every NPS shown carries its interval and n (n_eff when weighted)."""
    interval = nps_with_interval(counts)
    if interval.low is None or interval.high is None:
        return "no responses"
    return f"95% CI {interval.low:+.1f} to {interval.high:+.1f}{adjusted_centre_note(interval)} · {sample_size(counts)}"


def adjusted_centre_note(interval: NpsInterval) -> str:
    """With few responses the adjusted-Wald interval is centred away from the observed NPS, which can then lie
    outside it (1 promoter: +100 observed, interval −48.5…+98.5). Said in words so the two do not look at odds."""
    if interval.nps is None or interval.low is None or interval.high is None:
        return ""
    if interval.low <= interval.nps <= interval.high:
        return ""
    return (
        f", centred on the adjusted estimate {format_points(interval.centre or 0.0)} "
        f"(observed {format_points(interval.nps)} lies outside: too few responses)"
    )


def response_count(part: float, counts: Counts) -> str:
    """'1,234 responses', or 'Σw = 987.6 (weighted)' for a sum of weights."""
    return f"Σw = {part:,.1f} (weighted)" if counts.weighted else f"{part:,} responses"


def share(part: float, counts: Counts) -> str:
    return "–" if counts.n == 0 else f"{100 * part / counts.n:.1f}%"


def format_p(p_value: float | None) -> str:
    """Empty when no test was made (None, or NaN once it has passed through a DataFrame)."""
    if p_value is None or math.isnan(p_value):
        return ""
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def describe_change(difference: Difference, label: str) -> str:
    """'+4.2 vs previous period · significant (p = 0.003)': a change is only called a change when significant."""
    if difference.delta is None:
        return f"nothing to compare: no responses in the {label}"
    if difference.too_small:
        return f"{difference.delta:+.1f} vs {label} · too few responses to test"
    verdict = "significant" if difference.significant else "not significant"
    p = format_p(difference.p_value)
    return f"{difference.delta:+.1f} vs {label} · {verdict}" + (f" ({p})" if p else "")


def is_small(counts: Counts, *, minimum_n: int = DEFAULT_MINIMUM_N) -> bool:
    """Too few responses to act on; weighted figures are judged by their effective n."""
    return 0 < counts.n_eff < minimum_n


def small_sample_note(counts: Counts, *, minimum_n: int = DEFAULT_MINIMUM_N) -> str:
    if counts.weighted:
        return (
            f"Effective n of only {counts.n_eff:.1f}: too uncertain to act on (fewer than {minimum_n}); "
            "no significance test is made."
        )
    return f"Only {counts.n} responses: too uncertain to act on (fewer than {minimum_n}); no significance test is made."
