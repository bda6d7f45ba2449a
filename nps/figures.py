"""How figures are written, the same on screen, in meeting mode and in the PDF report."""

from __future__ import annotations

from nps.metrics import Counts, Difference, nps_with_interval

SMALL_SAMPLE = 30
"""Below this many responses a figure is greyed and flagged as too uncertain to act on."""


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
    return f"95% CI {interval.low:+.1f} to {interval.high:+.1f} · {sample_size(counts)}"


def response_count(part: float, counts: Counts) -> str:
    """'1,234 responses', or 'Σw = 987.6 (weighted)' for a sum of weights."""
    return f"Σw = {part:,.1f} (weighted)" if counts.weighted else f"{part:,} responses"


def share(part: float, counts: Counts) -> str:
    return "–" if counts.n == 0 else f"{100 * part / counts.n:.1f}%"


def format_p(p_value: float | None) -> str:
    if p_value is None:
        return ""
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def describe_change(difference: Difference, label: str) -> str:
    """'+4.2 vs previous period · significant (p = 0.003)': a change is only called a change when significant."""
    if difference.delta is None:
        return f"nothing to compare: no responses in the {label}"
    verdict = "significant" if difference.significant else "not significant"
    p = format_p(difference.p_value)
    return f"{difference.delta:+.1f} vs {label} · {verdict}" + (f" ({p})" if p else "")


def is_small(counts: Counts) -> bool:
    """Too few responses to act on; weighted figures are judged by their effective n."""
    return 0 < counts.n_eff < SMALL_SAMPLE


def small_sample_note(counts: Counts) -> str:
    if counts.weighted:
        return f"Effective n of only {counts.n_eff:.1f}: too uncertain to act on (fewer than {SMALL_SAMPLE})."
    return f"Only {counts.n} responses: too uncertain to act on (fewer than {SMALL_SAMPLE})."
