"""Application users: bcrypt hashes, roles, and the credentials shape streamlit-authenticator expects."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from functools import cache

import bcrypt
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from nps.models import ROLES, User, utc_now

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}


class UserError(ValueError):
    """A user-management request that cannot be carried out; the message is for the person asking."""


def role_allows(role: str | None, needed: str) -> bool:
    """Roles are ordered viewer < analyst < admin; a higher role may do what a lower one may."""
    return role in ROLE_RANK and ROLE_RANK[role] >= ROLE_RANK[needed]


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise UserError(f"A password can be at most {MAX_PASSWORD_BYTES} bytes long.")


def hash_password(password: str) -> str:
    validate_password(password)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def normalise_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise UserError("A username is 2–64 letters, digits, dots, dashes or underscores.")
    return name


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(f"Role must be one of {', '.join(ROLES)}.")


def create_user(username: str, password: str, role: str, *, session: Session, name: str = "", email: str = "") -> User:
    username = normalise_username(username)
    _check_role(role)
    if session.execute(select(User).where(User.username == username)).first():
        raise UserError(f"The username {username!r} is taken.")
    user = User(
        username=username,
        name=name.strip() or username,
        email=email.strip(),
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    session.flush()
    return user


def get_user(username: str, *, session: Session) -> User:
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar()
    if user is None:
        raise UserError(f"There is no user {username!r}.")
    return user


def set_role(username: str, role: str, *, session: Session) -> None:
    _check_role(role)
    user = get_user(username, session=session)
    if user.role == "admin" and role != "admin" and _active_admins(session) <= 1:
        raise UserError("The last active admin cannot lose the admin role.")
    user.role = role
    session.add(user)


def set_password(username: str, password: str, *, session: Session) -> None:
    user = get_user(username, session=session)
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)


def set_active(username: str, active: bool, *, session: Session) -> None:
    user = get_user(username, session=session)
    if not active and user.role == "admin" and _active_admins(session) <= 1:
        raise UserError("The last active admin cannot be deactivated.")
    user.active = active
    session.add(user)


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


def record_failed_login(username: str, *, session: Session) -> User | None:
    """Count a wrong password; the fifth in a row locks the account for LOCK_MINUTES."""
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar()
    if user is None:
        return None
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.locked_until = utc_now() + timedelta(minutes=LOCK_MINUTES)
    session.add(user)
    return user


def record_successful_login(username: str, *, session: Session) -> None:
    user = get_user(username, session=session)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)


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


def current_role(username: str, *, engine: Engine) -> str | None:
    """The role stored now, so a role change or deactivation applies at once, not at the next login."""
    with Session(engine) as session:
        user = session.execute(select(User).where(User.username == username)).scalar()
    if user is None or not user.active:
        return None
    return user.role


def add_user(username: str, password: str, role: str, *, engine: Engine, name: str = "", email: str = "") -> None:
    """Create an account as its own transaction."""
    with Session(engine) as session, session.begin():
        create_user(username, password, role, session=session, name=name, email=email)


def change_user(
    username: str, *, engine: Engine, role: str | None = None, password: str | None = None, active: bool | None = None
) -> None:
    """One administrator's change to an account (role, password, active), as its own transaction."""
    with Session(engine) as session, session.begin():
        if role is not None:
            set_role(username, role, session=session)
        if password is not None:
            set_password(username, password, session=session)
        if active is not None:
            set_active(username, active, session=session)


def record_login_outcome(username: str, *, succeeded: bool, engine: Engine) -> bool:
    """Count a wrong password or clear the count after a sign-in; True when the account is now locked."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        if succeeded:
            record_successful_login(username, session=session)
            return False
        user = record_failed_login(username, session=session)
        return user is not None and is_locked(user)
