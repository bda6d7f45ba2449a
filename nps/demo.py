"""Deterministic, realistic NPS survey data: the bundled demo files and the 1,000,000-row bench export.

Everything is drawn with numpy from one seeded generator, so the same seed gives byte-identical files.
The data carries a story a meeting can find (see data/demo/README.md): Poland's delivery crisis in the
summer, Enterprise above Free, Post-support improving after a spring support change, mobile below Web.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = (
    "survey",
    "response_id",
    "customer_id",
    "email",
    "name",
    "submitted_at",
    "score",
    "comment",
    "region",
    "plan",
    "channel",
    "country",
)
SURVEY_FILES = {
    "Relationship NPS": "relationship-nps.csv",
    "Post-support": "post-support.csv",
    "Onboarding": "onboarding.csv",
}
DEMO_START = date(2025, 12, 1)
BENCH_START = date(2024, 12, 1)

SURVEYS = ("Relationship NPS", "Post-support", "Onboarding")
_SURVEY_SHARE = (0.5, 0.3, 0.2)
_SURVEY_BASELINE = (32.0, -8.0, 38.0)

PLANS = ("Free", "Starter", "Pro", "Enterprise")
_PLAN_SHARE = (0.35, 0.30, 0.25, 0.10)
_PLAN_EFFECT = (-10.0, -2.0, 6.0, 16.0)

CHANNELS = ("Web", "iOS", "Android", "Email", "Phone")
_CHANNEL_EFFECT = (4.0, -4.0, -6.0, 1.0, 2.0)
_CHANNEL_SHARE_BY_SURVEY = (
    (0.30, 0.15, 0.15, 0.35, 0.05),
    (0.20, 0.10, 0.10, 0.35, 0.25),
    (0.45, 0.18, 0.17, 0.15, 0.05),
)

REGIONS = ("North America", "UK & Ireland", "DACH", "Poland", "Middle East", "Thailand", "Greater China")
_REGION_SHARE = (0.24, 0.12, 0.14, 0.16, 0.10, 0.10, 0.14)
_REGION_EFFECT = (4.0, 0.0, -3.0, 6.0, 4.0, 8.0, -2.0)
_REGION_UTC_OFFSET_HOURS = (-5.0, 0.0, 1.0, 1.0, 3.5, 7.0, 8.0)
_REGION_COUNTRIES: tuple[tuple[tuple[str, float], ...], ...] = (
    (("US", 0.85), ("CA", 0.15)),
    (("GB", 0.85), ("IE", 0.15)),
    (("DE", 0.65), ("AT", 0.15), ("CH", 0.20)),
    (("PL", 1.0),),
    (("AE", 0.40), ("SA", 0.40), ("QA", 0.10), ("KW", 0.10)),
    (("TH", 1.0),),
    (("CN", 0.80), ("HK", 0.12), ("TW", 0.08)),
)
_REGION_NAMES = ("en", "en", "de", "pl", "ar", "th", "zh")
_NAME_CULTURES = ("en", "de", "pl", "ar", "th", "zh")
_REGION_LANGUAGE = ("en", "en", "en", "pl", "ar", "th", "zh")
_ENGLISH_ELSEWHERE = 0.15

LANGUAGES = ("en", "pl", "th", "ar", "zh")
CATEGORIES = ("detractor", "passive", "promoter")
THEMES = ("price", "support", "delivery", "quality", "app", "billing", "none")

_PASSIVE_SHARE = 0.28
_CUSTOMER_SPREAD = 12.0
_SUPPORT_CHANGE_DAY = 105
_POLAND_SHOCK = 35.0
_POLAND_KNOTS_DAYS = (182.0, 200.0, 274.0, 290.0, 365.0, 500.0)
_POLAND_KNOTS_LEVEL = (0.0, 1.0, 1.0, 0.7, 0.5, 0.0)
_WEEKDAY_VOLUME = (1.15, 1.2, 1.15, 1.1, 0.95, 0.6, 0.55)

_SCORE_WEIGHTS = (
    (0.04, 0.03, 0.05, 0.08, 0.12, 0.25, 0.43, 0, 0, 0, 0),
    (0, 0, 0, 0, 0, 0, 0, 0.45, 0.55, 0, 0),
    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0.52, 0.48),
)
_COMMENT_PROPENSITY = (1.25, 0.8, 0.95)
_OPENER_RATE = 0.35
_CLOSER_RATE = 0.3
_THEME_BASE = (
    (1.6, 1.6, 1.4, 1.4, 1.2, 1.0, 0.5),
    (1.6, 1.0, 1.2, 1.2, 1.2, 0.8, 1.0),
    (1.0, 1.2, 1.2, 1.4, 1.0, 0.6, 1.6),
)
_PASTED_RATE = 0.002

Names = tuple[tuple[str, str], ...]
_PhraseTable = tuple[list[str], np.ndarray, np.ndarray]
_DEMO_DATA = Path(__file__).resolve().parents[1] / "data" / "demo"


def _load(name: str) -> dict:
    """The demo's literal text (verbatims, names) lives in data/demo/ as JSON; the code only draws from it."""
    return json.loads((_DEMO_DATA / name).read_text(encoding="utf-8"))


def _names(entries: list[str | list[str]]) -> Names:
    """A name is its display form, or [display form, Latin form] when the script is not Latin."""
    return tuple((entry, entry) if isinstance(entry, str) else (entry[0], entry[1]) for entry in entries)


_PHRASES = _load("phrases.json")
_VERBATIMS: dict[str, dict[str, dict[str, list[str]]]] = _PHRASES["verbatims"]
_OPENERS: dict[str, list[list[str]]] = _PHRASES["openers"]
_CLOSERS: dict[str, list[list[str]]] = _PHRASES["closers"]
_PASTED: tuple[tuple[str, int | None], ...] = tuple((row["text"], row["score"]) for row in _PHRASES["pasted"])
_SENTENCE_SEPARATOR = {"en": " ", "pl": " ", "th": " ", "ar": " ", "zh": ""}

_NAME_DATA = _load("names.json")
_FIRST_NAMES: dict[str, tuple[Names, Names]] = {
    key: (_names(pair["male"]), _names(pair["female"])) for key, pair in _NAME_DATA["first_names"].items()
}
_LAST_NAMES: dict[str, tuple[Names, Names]] = {
    key: (_names(pair["male"]), _names(pair["female"] or pair["male"]))
    for key, pair in _NAME_DATA["last_names"].items()
}

_NATIVE_SCRIPT_SHARE = {"en": 1.0, "de": 1.0, "pl": 1.0, "ar": 0.65, "th": 0.65, "zh": 0.65}
_FAMILY_NAME_FIRST = {"zh"}
_ASCII_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue", "'": ""})


def _email_slug(latin: str) -> str:
    folded = unicodedata.normalize("NFKD", latin.translate(_ASCII_FOLD))
    return "".join(c for c in folded if c.isascii()).lower()


def _objects(values: Sequence[str]) -> np.ndarray:
    """An object array of Python strings, so that `+` concatenates element-wise."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _take(table: Sequence[str] | np.ndarray | pd.Series, index: np.ndarray) -> pd.Series:
    """`table[index]` as an Arrow-backed text column: no Python string object per row, so 1M rows stay fast."""
    values = pd.array(np.asarray(table, dtype=object), dtype="str")
    return pd.Series(values).take(index).reset_index(drop=True)


def _draw(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One categorical draw per row of `weights` (rows need not sum to 1)."""
    cumulative = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cumulative[:, -1]
    return np.minimum((cumulative <= u[:, None]).sum(axis=1), weights.shape[1] - 1)


def _numbered(prefix: str, count: int) -> pd.Series:
    """`R-000001`-style identifiers, zero-padded to at least six digits."""
    digits = pd.Series(np.arange(1, count + 1)).astype("str").str.zfill(max(6, len(str(count))))
    return prefix + digits


def _build_names(rng: np.random.Generator, culture: np.ndarray, female: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Display names in the customer's script (sometimes romanised) and the Latin slug for their e-mail."""
    names = np.empty(len(culture), dtype=object)
    slugs = np.empty(len(culture), dtype=object)
    native = rng.random(len(culture))
    first_pick = rng.random(len(culture))
    last_pick = rng.random(len(culture))
    for code, key in enumerate(_NAME_CULTURES):
        for gender in (0, 1):
            rows = np.flatnonzero((culture == code) & (female == bool(gender)))
            if rows.size == 0:
                continue
            firsts, lasts = _FIRST_NAMES[key][gender], _LAST_NAMES[key][gender]
            fi = (first_pick[rows] * len(firsts)).astype(np.int64)
            li = (last_pick[rows] * len(lasts)).astype(np.int64)
            first_native, first_latin = (_objects([f[i] for f in firsts]) for i in (0, 1))
            last_native, last_latin = (_objects([f[i] for f in lasts]) for i in (0, 1))
            latin = first_latin[fi] + " " + last_latin[li]
            if key in _FAMILY_NAME_FIRST:
                in_script = last_native[li] + first_native[fi]
            else:
                in_script = first_native[fi] + " " + last_native[li]
            names[rows] = np.where(native[rows] < _NATIVE_SCRIPT_SHARE[key], in_script, latin)
            first_slug = _objects([_email_slug(f[1]) for f in firsts])
            last_slug = _objects([_email_slug(f[1]) for f in lasts])
            slugs[rows] = first_slug[fi] + "." + last_slug[li]
    return names, slugs


def _poland_shock(day: np.ndarray) -> np.ndarray:
    """0 before June, 1 through the summer delivery crisis, partly recovered in the autumn."""
    return np.interp(day, _POLAND_KNOTS_DAYS, _POLAND_KNOTS_LEVEL)


def _post_support_trend(day: np.ndarray) -> np.ndarray:
    """Flat until the spring support change, then a steady climb of 45 points over eight months."""
    return 45.0 * np.clip((day - _SUPPORT_CHANGE_DAY) / 240.0, 0.0, 1.0)


def _flatten(groups: dict[tuple[int, ...], Sequence[str]], shape: tuple[int, ...]) -> _PhraseTable:
    """Phrases in one list (index 0 is the empty phrase) with the offset and count of each group."""
    texts = [""]
    offsets = np.zeros(shape, dtype=np.int64)
    counts = np.zeros(shape, dtype=np.int64)
    for key, options in groups.items():
        offsets[key] = len(texts)
        counts[key] = len(options)
        texts.extend(options)
    return texts, offsets, counts


def _pick(rng: np.random.Generator, offsets: np.ndarray, counts: np.ndarray) -> np.ndarray:
    return offsets + (rng.random(len(offsets)) * counts).astype(np.int64)


def _theme_weights(
    category: np.ndarray,
    survey: np.ndarray,
    channel: np.ndarray,
    plan: np.ndarray,
    poland_shock: np.ndarray,
) -> np.ndarray:
    """Which CX theme a comment is about, shaped by the segment so that the story shows in the words."""
    t = {name: i for i, name in enumerate(THEMES)}
    weights = np.asarray(_THEME_BASE)[category].copy()
    unhappy = category < 2
    weights[survey == SURVEYS.index("Post-support"), t["support"]] *= 5.0
    mobile = np.isin(channel, [CHANNELS.index("iOS"), CHANNELS.index("Android")])
    weights[mobile & unhappy, t["app"]] *= 3.0
    weights[plan == PLANS.index("Free"), t["price"]] *= 1.8
    enterprise = plan == PLANS.index("Enterprise")
    weights[enterprise, t["billing"]] *= 1.5
    weights[enterprise, t["price"]] *= 0.6
    onboarding = survey == SURVEYS.index("Onboarding")
    weights[onboarding, t["app"]] *= 1.6
    weights[onboarding, t["quality"]] *= 1.3
    weights[:, t["delivery"]] *= np.where(unhappy, 1.0 + 14.0 * poland_shock, 1.0)
    return weights


def _pasted_rows(
    rng: np.random.Generator, category: np.ndarray, has_comment: np.ndarray
) -> list[tuple[int, np.ndarray]]:
    """Rare rows whose comment is something pasted (markup, a formula, a phone number), per kind."""
    per_kind = max(1, round(int(has_comment.sum()) * _PASTED_RATE / len(_PASTED)))
    taken = np.zeros(len(category), dtype=bool)
    chosen: list[tuple[int, np.ndarray]] = []
    for kind, (_, wanted) in enumerate(_PASTED):
        fits = has_comment & ~taken
        if wanted is not None:
            fits &= category == wanted
        candidates = np.flatnonzero(fits)
        if candidates.size == 0:
            continue
        rows = rng.choice(candidates, size=min(per_kind, candidates.size), replace=False)
        taken[rows] = True
        chosen.append((kind, rows))
    return chosen


def _comments(
    rng: np.random.Generator,
    language: np.ndarray,
    category: np.ndarray,
    theme: np.ndarray,
    has_comment: np.ndarray,
) -> pd.Series:
    """Opener + theme sentence + closer in the customer's language, joined the way that language writes."""
    shape = (len(LANGUAGES), len(CATEGORIES))
    sentences, s_off, s_cnt = _flatten(
        {
            (li, ci, ti): _VERBATIMS[lang][cat][theme_name]
            for li, lang in enumerate(LANGUAGES)
            for ci, cat in enumerate(CATEGORIES)
            for ti, theme_name in enumerate(THEMES)
        },
        (*shape, len(THEMES)),
    )
    pasted_at = len(sentences)
    sentences.extend(text for text, _ in _PASTED)
    sep = _SENTENCE_SEPARATOR
    openers, o_off, o_cnt = _flatten(
        {(li, ci): [o + sep[lang] for o in _OPENERS[lang][ci]] for li, lang in enumerate(LANGUAGES) for ci in range(3)},
        shape,
    )
    closers, c_off, c_cnt = _flatten(
        {(li, ci): [sep[lang] + c for c in _CLOSERS[lang][ci]] for li, lang in enumerate(LANGUAGES) for ci in range(3)},
        shape,
    )
    rows = np.flatnonzero(has_comment)
    lang, cat = language[rows], category[rows]
    body = np.zeros(len(language), dtype=np.int64)
    opener = np.zeros_like(body)
    closer = np.zeros_like(body)
    body[rows] = _pick(rng, s_off[lang, cat, theme[rows]], s_cnt[lang, cat, theme[rows]])
    with_opener = rng.random(rows.size) < _OPENER_RATE
    opener[rows] = np.where(with_opener, _pick(rng, o_off[lang, cat], o_cnt[lang, cat]), 0)
    with_closer = rng.random(rows.size) < _CLOSER_RATE
    closer[rows] = np.where(with_closer, _pick(rng, c_off[lang, cat], c_cnt[lang, cat]), 0)
    for kind, pasted in _pasted_rows(rng, category, has_comment):
        body[pasted] = pasted_at + kind
        opener[pasted] = 0
        closer[pasted] = 0
    return _take(openers, opener) + _take(sentences, body) + _take(closers, closer)


def _iso_timestamps(start: date, days: int, seconds: np.ndarray) -> pd.Series:
    """`2026-03-04T13:22:11Z` strings, assembled from a table of dates and a table of clock times."""
    dates = np.datetime_as_string(np.datetime64(start, "D") + np.arange(days), unit="D")
    clock = np.datetime_as_string(np.datetime64("2000-01-01T00:00:00") + np.arange(86400), unit="s")
    day_part = _take(np.strings.add(dates, "T"), seconds // 86400)
    return day_part + _take(np.strings.add(np.strings.slice(clock, 11, None), "Z"), seconds % 86400)


def _daily_volume(start: date, days: int) -> np.ndarray:
    """Weekday-heavy weekly rhythm with a dip over the Christmas holidays."""
    offsets = np.arange(days)
    weekday = (start.weekday() + offsets) % 7
    volume = np.asarray(_WEEKDAY_VOLUME)[weekday]
    dates = np.datetime64(start, "D") + offsets
    month = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day_of_month = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    holiday = ((month == 12) & (day_of_month >= 24)) | ((month == 1) & (day_of_month == 1))
    volume[holiday] *= 0.6
    return volume / volume.sum()


def generate_responses(
    rows: int,
    *,
    seed: int = 7,
    start: date = DEMO_START,
    days: int = 365,
    comment_rate: float = 0.6,
) -> pd.DataFrame:
    """A realistic export of `rows` NPS responses over `days` days from `start`, sorted by time.

    The same arguments always give the same frame. Event days are offsets from `start`, so the story
    (the support change on day 105, Poland's delivery crisis from day 182) moves with it.
    """
    if rows < 1:
        raise ValueError("rows must be at least 1")
    rng = np.random.default_rng(seed)
    n_customers = max(1, rows // 3)

    c_region = rng.choice(len(REGIONS), size=n_customers, p=_REGION_SHARE)
    countries = [code for options in _REGION_COUNTRIES for code, _ in options]
    c_country = np.zeros(n_customers, dtype=np.int64)
    for r, options in enumerate(_REGION_COUNTRIES):
        members = np.flatnonzero(c_region == r)
        first = countries.index(options[0][0])
        shares = [share for _, share in options]
        c_country[members] = first + rng.choice(len(options), size=members.size, p=shares)
    c_plan = rng.choice(len(PLANS), size=n_customers, p=_PLAN_SHARE)
    c_female = rng.random(n_customers) < 0.5
    c_culture = np.asarray([_NAME_CULTURES.index(key) for key in _REGION_NAMES])[c_region]
    home_language = np.asarray([LANGUAGES.index(code) for code in _REGION_LANGUAGE])[c_region]
    c_language = np.where(rng.random(n_customers) < _ENGLISH_ELSEWHERE, 0, home_language)
    c_mood = rng.normal(0.0, _CUSTOMER_SPREAD, n_customers)
    c_activity = rng.gamma(2.0, 1.0, n_customers)
    names, slugs = _build_names(rng, c_culture, c_female)
    c_number = np.arange(1, n_customers + 1)
    c_email = (
        pd.Series(slugs, dtype="str")
        + "."
        + pd.Series(c_number).astype("str")
        + np.where(c_number % 3 == 0, "@example.org", "@example.com")
    )

    extra = rng.choice(n_customers, size=max(0, rows - n_customers), p=c_activity / c_activity.sum())
    customer = np.concatenate([np.arange(min(rows, n_customers)), extra])
    region = c_region[customer]

    day = rng.choice(days, size=rows, p=_daily_volume(start, days))
    evening = rng.random(rows) < 0.3
    local_hour = np.where(evening, rng.normal(20.0, 1.5, rows), rng.normal(13.0, 3.0, rows))
    utc_hour = np.clip(local_hour, 6.0, 23.99) - np.asarray(_REGION_UTC_OFFSET_HOURS)[region]
    seconds = day * 86400 + (utc_hour * 3600).astype(np.int64)
    seconds = np.where(seconds < 0, seconds + 86400, seconds)
    seconds = np.where(seconds >= days * 86400, seconds - 86400, seconds)
    order = np.argsort(seconds, kind="stable")
    customer, region, seconds = customer[order], region[order], seconds[order]
    day = (seconds // 86400).astype(float)

    survey = rng.choice(len(SURVEYS), size=rows, p=_SURVEY_SHARE)
    channel = _draw(rng, np.asarray(_CHANNEL_SHARE_BY_SURVEY)[survey])
    plan = c_plan[customer]
    poland_shock = np.where(region == REGIONS.index("Poland"), _poland_shock(day), 0.0)

    target = (
        np.asarray(_SURVEY_BASELINE)[survey]
        + np.where(survey == SURVEYS.index("Post-support"), _post_support_trend(day), 0.0)
        + np.asarray(_PLAN_EFFECT)[plan]
        + np.asarray(_CHANNEL_EFFECT)[channel]
        + np.asarray(_REGION_EFFECT)[region]
        - _POLAND_SHOCK * poland_shock
        + c_mood[customer]
    ) / 100.0
    limit = 1.0 - _PASSIVE_SHARE - 0.02
    target = np.clip(target, -limit, limit)
    promoter = (1.0 - _PASSIVE_SHARE + target) / 2.0
    detractor = (1.0 - _PASSIVE_SHARE - target) / 2.0
    category = _draw(rng, np.column_stack([detractor, np.full(rows, _PASSIVE_SHARE), promoter]))
    score = _draw(rng, np.asarray(_SCORE_WEIGHTS, dtype=float)[category])

    comment_probability = np.clip(comment_rate * np.asarray(_COMMENT_PROPENSITY)[category], 0.0, 1.0)
    has_comment = rng.random(rows) < comment_probability
    theme = _draw(rng, _theme_weights(category, survey, channel, plan, poland_shock))

    return pd.DataFrame(
        {
            "survey": _take(SURVEYS, survey),
            "response_id": _numbered("R-", rows),
            "customer_id": _numbered("C-", n_customers).take(customer).reset_index(drop=True),
            "email": c_email.take(customer).reset_index(drop=True),
            "name": _take(names, customer),
            "submitted_at": _iso_timestamps(start, days, seconds),
            "score": score.astype(np.int64),
            "comment": _comments(rng, c_language[customer], category, theme, has_comment),
            "region": _take(REGIONS, region),
            "plan": _take(PLANS, plan),
            "channel": _take(CHANNELS, channel),
            "country": _take(countries, c_country[customer]),
        },
        columns=list(COLUMNS),
    )


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def write_demo_files(out_dir: Path, rows: int = 6000, seed: int = 7) -> list[Path]:
    """One CSV per survey, without the `survey` column: the survey is named when the file is imported."""
    frame = generate_responses(rows, seed=seed)
    return [
        _write_csv(frame[frame["survey"] == survey].drop(columns="survey"), Path(out_dir) / file_name)
        for survey, file_name in SURVEY_FILES.items()
    ]


def generate_bench_export(path: Path, rows: int = 1_000_000, seed: int = 11) -> Path:
    """One large generic export (all surveys, `survey` kept as a column) over two years, ~40% comments."""
    frame = generate_responses(rows, seed=seed, start=BENCH_START, days=730, comment_rate=0.4)
    return _write_csv(frame, Path(path))


def demo_quarter(submitted_at: pd.Series, start: date = DEMO_START) -> pd.Series:
    """Quarter of the demo year (1 = the first three months from `start`), from the UTC timestamps."""
    when = pd.to_datetime(submitted_at, utc=True)
    months = (when.dt.year - start.year) * 12 + (when.dt.month - start.month)
    return months // 3 + 1
