"""How figures are written, the same on screen, in meeting mode and in the PDF report.

Every function takes the reader's `lang` (English by default): numbers in the locale's separators, words from
the catalogue.
"""

from __future__ import annotations

import math
import re

from nps.i18n import DEFAULT, format_number, format_share, translations
from nps.metrics import Counts, Difference, NpsInterval, nps_with_interval

DEFAULT_MINIMUM_N = 30
"""Below this many responses a figure is greyed, flagged as too uncertain and never tested; an admin can
change it (`store.minimum_n`)."""
_TOO_FEW = re.compile(r"too few responses to test \(n < (\d+)\)")


def format_points(value: float, lang: str = DEFAULT) -> str:
    """Signed, one decimal, and never "-0.0" for a value that rounds to zero."""
    rounded = round(value, 1) + 0.0
    return f"{rounded:+.1f}" if lang == DEFAULT else format_number(rounded, lang, signed=True)


def format_nps(value: float | None, lang: str = DEFAULT) -> str:
    return "–" if value is None else format_points(value, lang)


def _count(value: float, lang: str, decimals: int = 0) -> str:
    if lang == DEFAULT:
        return f"{value:,.{decimals}f}"
    return format_number(value, lang, decimals=decimals)


def _signed(value: float, lang: str) -> str:
    """As the English text always wrote an interval bound or a change (`-0.0` included); localised otherwise."""
    return f"{value:+.1f}" if lang == DEFAULT else format_points(value, lang)


def _plain(value: float, lang: str, decimals: int = 0) -> str:
    """Without thousands separators in English, as these notes always wrote their small counts."""
    return f"{value:.{decimals}f}" if lang == DEFAULT else format_number(value, lang, decimals=decimals)


def size_figure(counts: Counts, lang: str = DEFAULT) -> str:
    """'1,234', or 'weighted, n_eff = 987.6' for weighted counts: for a table cell headed n."""
    _ = translations(lang).gettext
    if counts.weighted:
        return _("weighted, n_eff = {n_eff}").format(n_eff=_count(counts.n_eff, lang, 1))
    return _count(counts.n, lang)


def sample_size(counts: Counts, lang: str = DEFAULT) -> str:
    """'n = 1,234', or 'weighted, n_eff = 987.6' for weighted counts: written next to every figure."""
    return size_figure(counts, lang) if counts.weighted else f"n = {_count(counts.n, lang)}"


def describe_interval(counts: Counts, lang: str = DEFAULT) -> str:
    """'95% CI +28.3 to +36.5 · n = 1,234': every NPS shown carries its interval and n (n_eff when weighted)."""
    _ = translations(lang).gettext
    interval = nps_with_interval(counts)
    if interval.low is None or interval.high is None:
        return _("no responses")
    return _("95% CI {low} to {high}{note} · {size}").format(
        low=_signed(interval.low, lang),
        high=_signed(interval.high, lang),
        note=adjusted_centre_note(interval, lang),
        size=sample_size(counts, lang),
    )


def adjusted_centre_note(interval: NpsInterval, lang: str = DEFAULT) -> str:
    """With few responses the adjusted-Wald interval is centred away from the observed NPS, which can then lie
    outside it (1 promoter: +100 observed, interval −48.5…+98.5). Said in words so the two do not look at odds."""
    if interval.nps is None or interval.low is None or interval.high is None:
        return ""
    if interval.low <= interval.nps <= interval.high:
        return ""
    _ = translations(lang).gettext
    return _(
        ", centred on the adjusted estimate {centre} (observed {observed} lies outside: too few responses)"
    ).format(centre=format_points(interval.centre or 0.0, lang), observed=format_points(interval.nps, lang))


def response_count(part: float, counts: Counts, lang: str = DEFAULT) -> str:
    """'1,234 responses', or 'Σw = 987.6 (weighted)' for a sum of weights."""
    translated = translations(lang)
    if counts.weighted:
        return translated.gettext("Σw = {total} (weighted)").format(total=_count(part, lang, 1))
    return translated.ngettext("{count} response", "{count} responses", int(part)).format(count=_count(part, lang))


def share(part: float, counts: Counts, lang: str = DEFAULT) -> str:
    if counts.n == 0:
        return "–"
    return f"{100 * part / counts.n:.1f}%" if lang == DEFAULT else format_share(part / counts.n, lang)


def format_p(p_value: float | None, lang: str = DEFAULT) -> str:
    """Empty when no test was made (None, or NaN once it has passed through a DataFrame)."""
    if p_value is None or math.isnan(p_value):
        return ""
    if p_value < 0.001:
        return "p < " + (format_number(0.001, lang, decimals=3) if lang != DEFAULT else "0.001")
    return "p = " + (format_number(p_value, lang, decimals=3) if lang != DEFAULT else f"{p_value:.3f}")


def describe_change(difference: Difference, label: str, lang: str = DEFAULT) -> str:
    """'+4.2 vs previous period · significant (p = 0.003)': a change is only called a change when significant."""
    _ = translations(lang).gettext
    if difference.delta is None:
        return _("nothing to compare: no responses in the {label}").format(label=label)
    delta = _signed(difference.delta, lang)
    if difference.too_small:
        return _("{delta} vs {label} · too few responses to test").format(delta=delta, label=label)
    p = format_p(difference.p_value, lang)
    if difference.significant:
        text = _("{delta} vs {label} · significant").format(delta=delta, label=label)
    else:
        text = _("{delta} vs {label} · not significant").format(delta=delta, label=label)
    return text + (f" ({p})" if p else "")


def segment_marker(marker: str, lang: str = DEFAULT) -> str:
    """A segment's marker against the rest (`SegmentResult.marker`, empty when no difference) in words."""
    _ = translations(lang).gettext
    too_few = _TOO_FEW.fullmatch(marker)
    if too_few:
        return _("too few responses to test (n < {minimum_n})").format(minimum_n=_count(int(too_few[1]), lang))
    names = {
        "": _("no significant difference"),
        "no significant difference": _("no significant difference"),
        "above the rest": _("above the rest"),
        "below the rest": _("below the rest"),
    }
    return names.get(marker, marker)


def is_small(counts: Counts, *, minimum_n: int = DEFAULT_MINIMUM_N) -> bool:
    """Too few responses to act on; weighted figures are judged by their effective n."""
    return 0 < counts.n_eff < minimum_n


def small_sample_note(counts: Counts, *, minimum_n: int = DEFAULT_MINIMUM_N, lang: str = DEFAULT) -> str:
    _ = translations(lang).gettext
    if counts.weighted:
        return _(
            "Effective n of only {n_eff}: too uncertain to act on (fewer than {minimum_n}); "
            "no significance test is made."
        ).format(n_eff=_plain(counts.n_eff, lang, 1), minimum_n=_plain(minimum_n, lang))
    return _(
        "Only {count} responses: too uncertain to act on (fewer than {minimum_n}); no significance test is made."
    ).format(count=_plain(counts.n, lang), minimum_n=_plain(minimum_n, lang))
