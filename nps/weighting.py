"""Post-stratification: response weights that make one attribute's shares match known target shares.

An analyst whose sample over-represents a region gives the region shares of the customer base; every response
of value v then weighs target(v) / observed(v), so the weighted shares equal the targets. The observed shares
are those of the whole store (every survey, every date), recomputed after each import while a weighting is set.
Weights from an import column (`--weight`) live in the same `response.weight`; setting shares replaces them.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass

from sqlalchemy import Engine, case, func, select, update
from sqlmodel import Session

from nps.counting import segment_column
from nps.i18n import N_, CountedText, TranslatableError
from nps.models import Response
from nps.store import attribute_slots_in, bump_data_version, get_setting, set_setting

WEIGHTING_KEY = "weighting"
NOT_SET_LABEL = "(not set)"
SHARE_TOLERANCE = 0.005


class WeightingError(TranslatableError):
    """Target shares that cannot be applied; the message is for the person giving them."""


@dataclass(frozen=True)
class Weighting:
    attribute: str
    shares: dict[str, float]
    weights: dict[str, float]
    """value → the weight each of its responses got."""


def parse_shares(text: str) -> dict[str, float]:
    """'Poland=0.3,Germany=0.7' (or percentages '30%') → {value: share}."""
    shares: dict[str, float] = {}
    for part in (p for p in text.split(",") if p.strip()):
        value, sep, share = part.rpartition("=")
        if not sep or not value.strip():
            raise WeightingError(
                N_("shares are VALUE=SHARE pairs separated by commas; got {part}"), part=repr(part.strip())
            )
        shares[value.strip()] = _share(share)
    return shares


def read_shares_csv(data: bytes) -> dict[str, float]:
    """A two-column CSV (value, share) with a header line."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    if len(rows) < 2 or any(len(row) < 2 for row in rows[1:] if row):
        raise WeightingError(N_("the shares file needs a header line, then one VALUE,SHARE line per value"))
    return {row[0].strip(): _share(row[1]) for row in rows[1:] if row and row[0].strip()}


def _share(text: str) -> float:
    raw = text.strip()
    try:
        value = float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
    except ValueError:
        raise WeightingError(N_("{share} is not a share (write 0.3 or 30%)"), share=repr(raw)) from None
    if not math.isfinite(value) or value <= 0:
        raise WeightingError(N_("a target share must be above 0; got {share}"), share=repr(raw))
    return value


def _observed(attribute: str, session: Session) -> dict[str, int]:
    column = segment_column(attribute, attribute_slots_in(session=session))
    key = func.coalesce(column, NOT_SET_LABEL)
    return {value: int(n) for value, n in session.execute(select(key, func.count()).group_by(key)).all()}


def _apply(attribute: str, shares: dict[str, float], session: Session) -> Weighting:
    total_share = sum(shares.values())
    if abs(total_share - 1) > SHARE_TOLERANCE:
        raise WeightingError(
            N_("target shares must add up to 1 (100%); these add up to {total}"), total=f"{total_share:.3f}"
        )
    try:
        observed = _observed(attribute, session)
    except KeyError:
        raise WeightingError(N_("there is no attribute {attribute}"), attribute=repr(attribute)) from None
    if not observed:
        raise WeightingError(N_("there are no responses to weight"))
    missing = sorted(set(observed) - set(shares))
    if missing:
        raise WeightingError(
            N_("every value of {attribute} needs a target share; missing: {values}"),
            attribute=attribute,
            values=", ".join(missing),
        )
    unseen = sorted(set(shares) - set(observed))
    if unseen:
        raise WeightingError(
            N_("no response has {attribute} = {values}: its share cannot be reached"),
            attribute=attribute,
            values=", ".join(unseen),
        )
    n = sum(observed.values())
    weights = {value: (shares[value] / total_share) / (count / n) for value, count in observed.items()}
    column = segment_column(attribute, attribute_slots_in(session=session))
    per_value = case(
        *((func.coalesce(column, NOT_SET_LABEL) == value, weight) for value, weight in weights.items()),
        else_=None,
    )
    session.execute(update(Response).values(weight=per_value))
    set_setting(WEIGHTING_KEY, json.dumps({"attribute": attribute, "shares": shares}), session=session)
    bump_data_version(session=session)
    return Weighting(attribute, shares, weights)


def set_target_shares(attribute: str, shares: dict[str, float], *, engine: Engine) -> Weighting:
    """Weight every response so `attribute`'s shares become `shares` (a unit of work); replaces any weights."""
    with Session(engine) as session, session.begin():
        return _apply(attribute, shares, session)


def reapply(*, session: Session) -> str | None:
    """Recompute the post-stratification weights after new responses arrived (inside the import's transaction).

    When the new responses make the shares unreachable (a value without a target share), weighting is switched
    off rather than the import refused; the returned note says so.
    """
    raw = get_setting(WEIGHTING_KEY, session=session)
    if not raw:
        return None
    setting = json.loads(raw)
    try:
        _apply(setting["attribute"], setting["shares"], session)
    except WeightingError as error:
        _clear(session)
        return CountedText(
            N_("weighting by {attribute} switched off: {error}"), attribute=setting["attribute"], error=str(error)
        )
    return None


def _clear(session: Session) -> None:
    session.execute(update(Response).values(weight=None))
    set_setting(WEIGHTING_KEY, "", session=session)
    bump_data_version(session=session)


def clear_weights(*, engine: Engine) -> None:
    """Every response weighs 1 again and no target shares are kept."""
    with Session(engine) as session, session.begin():
        _clear(session)


def current_weighting(*, engine: Engine) -> dict | None:
    """{'attribute': …, 'shares': {…}} while target shares are set, else None."""
    with Session(engine) as session:
        raw = get_setting(WEIGHTING_KEY, session=session)
    return json.loads(raw) if raw else None
