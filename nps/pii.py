"""Contact details written inside comment text ("+48 600 100 200, call me", "jan@firma.pl") masked for display.

Digits are matched as Unicode decimal digits, so Arabic-Indic (٦٠٠), Persian (۶۰۰), Thai (๖๐๐), full-width
(６００) and ASCII numbers are found alike. Viewers always see comments masked; an admin setting masks them
for everyone. Dates (2026-01-05, 05.01.2026) are left alone.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine
from sqlmodel import Session

from nps import audit
from nps.store import bump_data_version, get_setting, set_setting
from nps.users import role_allows

MASK_FOR_EVERYONE_SETTING = "mask_comment_contacts_for_everyone"
EMAIL_MASK = "[e-mail hidden]"
PHONE_MASK = "[phone hidden]"
CARD_MASK = "[card number hidden]"
MIN_PHONE_DIGITS = 7
CARD_DIGITS = range(13, 20)

_EMAIL = re.compile(r"[\w.+\-]+\s?[@＠]\s?[\w\-]+(?:[.．][\w\-]+)+")
_NUMBER = re.compile(r"(?:[+＋]\s?)?[(（]?\d(?:[\d\s\-‐‑‒–—－.．/()（）]*\d)?")
_DATE = re.compile(r"\d{4}[\-./]\d{1,2}[\-./]\d{1,2}|\d{1,2}[\-./]\d{1,2}[\-./]\d{2,4}")


def _masked_number(match: re.Match[str]) -> str:
    candidate = match.group(0)
    digits = sum(character.isdecimal() for character in candidate)
    if digits < MIN_PHONE_DIGITS or _DATE.fullmatch(candidate.strip()):
        return candidate
    if digits in CARD_DIGITS and not candidate.lstrip().startswith(("+", "＋", "(", "（")):
        return CARD_MASK
    return PHONE_MASK


def mask_contact_details(text: str) -> str:
    """The comment with e-mail addresses, phone numbers and card-like numbers replaced by a visible marker."""
    if not text:
        return text
    return _NUMBER.sub(_masked_number, _EMAIL.sub(EMAIL_MASK, text))


def masks_for_everyone(*, session: Session) -> bool:
    return get_setting(MASK_FOR_EVERYONE_SETTING, session=session) == "1"


def set_mask_for_everyone(enabled: bool, *, session: Session, actor: str) -> None:
    set_setting(MASK_FOR_EVERYONE_SETTING, "1" if enabled else "0", session=session)
    bump_data_version(session=session)
    audit.record("settings.comment_masking", actor=actor, session=session, details={"for_everyone": enabled})


def masking_for_everyone(*, engine: Engine) -> bool:
    with Session(engine) as session:
        return masks_for_everyone(session=session)


def save_mask_for_everyone(enabled: bool, *, engine: Engine, actor: str) -> None:
    """`set_mask_for_everyone` as its own transaction."""
    with Session(engine) as session, session.begin():
        set_mask_for_everyone(enabled, session=session, actor=actor)


def comment_masking_for(role: str | None, *, engine: Engine) -> bool:
    with Session(engine) as session:
        return masks_comments_for(role, session=session)


def masks_comments_for(role: str | None, *, session: Session) -> bool:
    """Viewers never see contact details inside comments; analysts and admins only when the setting says so."""
    return not role_allows(role, "analyst") or masks_for_everyone(session=session)
