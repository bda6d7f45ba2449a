"""Application users: bcrypt hashes, roles, and the credentials shape streamlit-authenticator expects."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import bcrypt
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Engine, case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from nps import audit, i18n
from nps.i18n import N_, TranslatableError
from nps.models import ROLES, AppSetting, User, UserScope, utc_now

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"
FIRST_ADMIN_SETTING = "first_admin"
"""A row only the first administrator's transaction can insert: its primary key makes a second one fail."""
PASSWORD_RULES_TEMPLATE = N_(
    "{min_length} to {max_bytes} bytes (about {max_bytes} plain letters, fewer accented or non-Latin ones), not "
    "only spaces, not your username, not a common password such as 'password1'."
)
PASSWORD_RULES_PARAMS = {"min_length": MIN_PASSWORD_LENGTH, "max_bytes": MAX_PASSWORD_BYTES}
PASSWORD_RULES = PASSWORD_RULES_TEMPLATE.format(**PASSWORD_RULES_PARAMS)
"""The rules as written on every form that sets a password (pages translate the template)."""


class UserError(TranslatableError):
    """A user-management request that cannot be carried out; the message is for the person asking."""


def role_allows(role: str | None, needed: str) -> bool:
    """Roles are ordered viewer < analyst < admin; a higher role may do what a lower one may."""
    return role in ROLE_RANK and ROLE_RANK[role] >= ROLE_RANK[needed]


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").split())


def validate_password(password: str, username: str = "") -> None:
    """PASSWORD_RULES; bcrypt itself refuses more than 72 bytes, so that is checked before hashing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(N_("A password needs at least {length} characters."), length=MIN_PASSWORD_LENGTH)
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise UserError(N_("A password can be at most {length} bytes long (UTF-8)."), length=MAX_PASSWORD_BYTES)
    if not password.strip():
        raise UserError(N_("A password cannot be only spaces."))
    folded = password.strip().casefold()
    if username and username.strip().casefold() in folded:
        raise UserError(N_("A password cannot contain the username."))
    if folded in _common_passwords() or len(set(folded)) <= 2:
        raise UserError(N_("That password is too common or too simple; choose another."))


def hash_password(password: str, username: str = "") -> str:
    validate_password(password, username)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def normalise_email(email: str) -> str:
    """An empty e-mail stays empty; anything else must be a well-formed address (no DNS lookup)."""
    email = email.strip()
    if not email:
        return ""
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise UserError(N_("The e-mail address is not valid: {reason}"), reason=str(error)) from error


def normalise_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise UserError(N_("A username is 2–64 letters, digits, dots, dashes or underscores."))
    return name


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(N_("Role must be one of {roles}."), roles=", ".join(ROLES))


def create_user(
    username: str,
    password: str,
    role: str,
    *,
    session: Session,
    name: str = "",
    email: str = "",
    actor: str = "",
) -> User:
    """A new account; when `actor` (an administrator) chose the password, the user must change it at sign-in."""
    username = normalise_username(username)
    _check_role(role)
    email = normalise_email(email)
    if session.execute(select(User).where(User.username == username)).first():
        raise UserError(N_("The username “{username}” is taken."), username=username)
    user = User(
        username=username,
        name=name.strip() or username,
        email=email,
        password_hash=hash_password(password, username),
        role=role,
        must_change_password=bool(actor) and actor != username,
    )
    session.add(user)
    session.flush()
    audit.record("user.add", actor=actor or username, session=session, target=username, details={"role": role})
    return user


def create_first_admin(username: str, password: str, *, session: Session, name: str = "", email: str = "") -> User:
    """The first administrator, at most once: simultaneous submissions race for one app_setting primary key.

    The key is written before anything is read, so the write lock (SQLite) or the key's row lock (PostgreSQL)
    makes the others wait for the first to commit and then fail on the duplicate key.
    """
    exists = UserError(N_("An administrator already exists; please sign in."))
    session.add(AppSetting(key=FIRST_ADMIN_SETTING, value=normalise_username(username)))
    try:
        session.flush()
    except IntegrityError as error:
        session.rollback()
        raise exists from error
    if session.execute(select(func.count()).select_from(User)).scalar_one() > 0:
        session.rollback()
        raise exists
    return create_user(username, password, "admin", session=session, name=name, email=email)


def get_user(username: str, *, session: Session) -> User:
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar()
    if user is None:
        raise UserError(N_("There is no user “{username}”."), username=username)
    return user


def end_sessions(user: User) -> None:
    """Every cookie and open session of this user issued before now stops working at its next request."""
    user.sessions_valid_after = utc_now()


def set_role(username: str, role: str, *, session: Session, actor: str = audit.SYSTEM_ACTOR) -> None:
    _check_role(role)
    user = get_user(username, session=session)
    if user.role == "admin" and role != "admin" and _active_admins(session) <= 1:
        raise UserError(N_("The last active admin cannot lose the admin role."))
    if role != "viewer" and session.get(UserScope, user.id) is not None:
        raise UserError(
            N_("{username} is restricted to part of the data: clear the restriction first."), username=user.username
        )
    old, user.role = user.role, role
    end_sessions(user)
    session.add(user)
    audit.record("user.role", actor=actor, session=session, target=user.username, details={"from": old, "to": role})


def set_password(username: str, password: str, *, session: Session, actor: str = audit.SYSTEM_ACTOR) -> None:
    """An administrator's reset (the user must choose a new one at sign-in), or the user's own change."""
    user = get_user(username, session=session)
    user.password_hash = hash_password(password, user.username)
    user.failed_logins, user.locked_until = 0, None
    user.must_change_password = actor != user.username
    end_sessions(user)
    session.add(user)
    action = "user.password_change" if actor == user.username else "user.password_reset"
    audit.record(action, actor=actor, session=session, target=user.username)


def change_own_password(username: str, current: str, new: str, *, session: Session) -> bool:
    """A signed-in user's change: the current password is checked first. False when it was wrong (the caller
    commits the counted failure and says so)."""
    if check_password(username, current, session=session) is None:
        return False
    if current == new:
        raise UserError(N_("The new password must differ from the current one."))
    set_password(username, new, session=session, actor=username.strip().lower())
    return True


def set_active(username: str, active: bool, *, session: Session, actor: str = audit.SYSTEM_ACTOR) -> None:
    user = get_user(username, session=session)
    if not active and user.role == "admin" and _active_admins(session) <= 1:
        raise UserError(N_("The last active admin cannot be deactivated."))
    user.active = active
    end_sessions(user)
    session.add(user)
    action = "user.activate" if active else "user.deactivate"
    audit.record(action, actor=actor, session=session, target=user.username)


def unlock(username: str, *, session: Session, actor: str) -> None:
    """Clear a lock wrong passwords caused, without knowing the password (the server shell's way back in)."""
    user = get_user(username, session=session)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    audit.record("user.unlock", actor=actor, session=session, target=user.username)


def _active_admins(session: Session) -> int:
    statement = select(func.count()).select_from(User).where(User.role == "admin", User.active)
    return session.execute(statement).scalar_one()


def count_users(*, engine: Engine) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(User)).scalar_one()


def list_users(*, engine: Engine) -> list[User]:
    with Session(engine) as session:
        return list(session.execute(select(User).order_by(User.username)).scalars())


@cache
def _unmatchable_hash() -> str:
    """A bcrypt hash no typed password matches: stands in for a locked account's own hash."""
    return bcrypt.hashpw(secrets.token_bytes(32), bcrypt.gensalt(rounds=4)).decode()


def is_locked(user: User, now: datetime | None = None) -> bool:
    return user.locked_until is not None and user.locked_until > (now or utc_now())


def authenticator_credentials(*, engine: Engine) -> dict[str, dict[str, dict[str, object]]]:
    """Active users in the shape streamlit-authenticator takes; deactivated users cannot log in.

    A locked account stays listed with a hash nothing matches, so its attempts are still counted.
    """
    users = [user for user in list_users(engine=engine) if user.active]
    return {
        "usernames": {
            user.username: {
                "name": user.name,
                "email": user.email,
                "password": _unmatchable_hash() if is_locked(user) else user.password_hash,
                "roles": [user.role],
                "stored_failed_logins": user.failed_logins,
            }
            for user in users
        }
    }


def record_failed_login(username: str, *, session: Session) -> bool | None:
    """Count a wrong password in one UPDATE (parallel attempts cannot lose a count); True if the account is
    now locked (from the fifth in a row, for LOCK_MINUTES), None for an unknown username."""
    count = User.failed_logins + 1
    statement = (
        update(User)
        .where(User.username == username.strip().lower())
        .values(
            failed_logins=count,
            locked_until=case(
                (count >= MAX_FAILED_LOGINS, utc_now() + timedelta(minutes=LOCK_MINUTES)), else_=User.locked_until
            ),
        )
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    )
    failures = session.execute(statement).scalar()
    if failures is None:
        return None
    return failures >= MAX_FAILED_LOGINS


def record_successful_login(username: str, *, session: Session) -> None:
    session.execute(
        update(User)
        .where(User.username == username.strip().lower())
        .values(failed_logins=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )


def check_password(username: str, password: str, *, session: Session) -> User | None:
    """The active, unlocked user with this password, else None; a wrong password is counted."""
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar()
    if user is None or not user.active or is_locked(user):
        if user is not None and user.active:
            record_failed_login(user.username, session=session)
        return None
    if not bcrypt.checkpw(password.encode(), user.password_hash.encode()):
        record_failed_login(user.username, session=session)
        return None
    record_successful_login(user.username, session=session)
    return user


def session_user(username: str, signed_in_at: datetime | None, *, engine: Engine) -> User | None:
    """The user as stored now if a sign-in made at `signed_in_at` is still valid, checked on every request:
    None once the account is deactivated or its sessions were ended after that moment."""
    with Session(engine) as session:
        user = session.execute(select(User).where(User.username == username)).scalar()
    if user is None or not user.active:
        return None
    ended = user.sessions_valid_after
    if signed_in_at is not None and ended is not None and signed_in_at <= ended:
        return None
    return user


def add_user(
    username: str, password: str, role: str, *, engine: Engine, name: str = "", email: str = "", actor: str = ""
) -> None:
    """Create an account as its own transaction (an `actor` other than the user means a password to change)."""
    with Session(engine) as session, session.begin():
        create_user(username, password, role, session=session, name=name, email=email, actor=actor)


def add_first_admin(username: str, password: str, *, engine: Engine, name: str = "", email: str = "") -> None:
    """`create_first_admin` as its own transaction."""
    with Session(engine) as session, session.begin():
        create_first_admin(username, password, session=session, name=name, email=email)


def change_user(
    username: str,
    *,
    engine: Engine,
    actor: str = audit.SYSTEM_ACTOR,
    role: str | None = None,
    password: str | None = None,
    active: bool | None = None,
    unlocked: bool = False,
) -> None:
    """One administrator's change to an account (role, password, active, unlock), as its own transaction."""
    with Session(engine) as session, session.begin():
        if role is not None:
            set_role(username, role, session=session, actor=actor)
        if password is not None:
            set_password(username, password, session=session, actor=actor)
        if active is not None:
            set_active(username, active, session=session, actor=actor)
        if unlocked:
            unlock(username, session=session, actor=actor)


def change_password(username: str, current: str, new: str, *, engine: Engine) -> None:
    """A user's change of their own password, as its own transaction; a wrong current password is counted."""
    with Session(engine) as session, session.begin():
        changed = change_own_password(username, current, new, session=session)
    if not changed:
        raise UserError(N_("The current password is wrong."))


def set_language(username: str, language: str, *, engine: Engine) -> None:
    """Save the user's interface language ("" to follow the browser), as its own transaction."""
    if language and language not in i18n.LANGUAGES:
        raise UserError(N_("Unknown interface language “{language}”."), language=language)
    with Session(engine) as session, session.begin():
        get_user(username, session=session).language = language


def record_login_outcome(username: str, *, succeeded: bool, engine: Engine) -> bool:
    """Count a wrong password or clear the count after a sign-in; True when the account is now locked."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        if succeeded:
            record_successful_login(username, session=session)
            return False
        return bool(record_failed_login(username, session=session))


def sign_out_everywhere(username: str, *, engine: Engine) -> None:
    """Signing out ends this user's other sessions and copied cookies too."""
    with Session(engine) as session:
        session.execute(
            update(User)
            .where(User.username == username.strip().lower())
            .values(sessions_valid_after=utc_now())
            .execution_options(synchronize_session=False)
        )
        session.commit()


def current_role(username: str, *, engine: Engine) -> str | None:
    """The role stored now, so a role change or deactivation applies at once, not at the next login."""
    user = session_user(username, None, engine=engine)
    return user.role if user else None
