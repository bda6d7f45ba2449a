"""Scoped users: what a user may read, kept per user and applied to every read as a narrowing of its Filters.

A scope is survey names plus (attribute name, allowed values) pairs. `scoped(filters, scope)` is the one place it
meets a read: surveys are intersected, each pair is intersected with the view's own pair of that attribute (or
added), and an empty intersection selects nothing (an empty period), never everything. Administrators are never
scoped; a scope is set on viewers only, because analysts import and edit across the whole store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Engine, delete, select
from sqlmodel import Session

from nps import audit
from nps.filters import LANGUAGE_ATTRIBUTE, Filters
from nps.i18n import N_, TranslatableError
from nps.models import Survey, User, UserScope, utc_now
from nps.store import attribute_slots_in, bump_data_version

SCOPABLE_ROLES = ("viewer",)
NOTHING_START = date(9000, 1, 1)
NOTHING_END = date(1900, 1, 1)
"""A period that ends before it starts: a Filters with it selects no response on any table (responses, the
daily roll-up, invitations), with no special case in the queries."""


class ScopeError(TranslatableError):
    """A scope that cannot be set, in words for the admin."""


@dataclass(frozen=True)
class Scope:
    """Empty means unrestricted. `segments` pairs must all match (like `Filters.include`)."""

    surveys: tuple[str, ...] = ()
    segments: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def restricted(self) -> bool:
        return bool(self.surveys or self.segments)

    def describe(self) -> str:
        parts = [f"surveys: {', '.join(self.surveys)}"] if self.surveys else []
        parts += [f"{name} = {' or '.join(values)}" for name, values in self.segments]
        return "; ".join(parts) or "everything"

    def as_json(self) -> str:
        return json.dumps(
            {"surveys": list(self.surveys), "segments": [[name, list(values)] for name, values in self.segments]},
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Scope:
        data = json.loads(text)
        return cls.of(data.get("surveys", ()), [(name, values) for name, values in data.get("segments", ())])

    @classmethod
    def of(cls, surveys: object = (), segments: object = ()) -> Scope:
        """A normalised scope: names trimmed, duplicates dropped, one pair per attribute (values merged)."""
        merged: dict[str, list[str]] = {}
        for name, values in segments:  # type: ignore[attr-defined]
            bucket = merged.setdefault(str(name).strip(), [])
            bucket += [str(v) for v in values if str(v) not in bucket]
        if any(not name or not values for name, values in merged.items()):
            raise ScopeError(N_("Every segment restriction needs an attribute and at least one value."))
        names = tuple(dict.fromkeys(str(s).strip() for s in surveys if str(s).strip()))  # type: ignore[attr-defined]
        return cls(names, tuple((name, tuple(values)) for name, values in merged.items()))


UNRESTRICTED = Scope()
NOTHING = Scope(surveys=("",))
"""The scope of nobody in particular (no signed-in user, an unknown or deactivated account): reads select nothing."""


def selects_nothing(filters: Filters) -> bool:
    return filters.start is not None and filters.end is not None and filters.start > filters.end


def _nothing(filters: Filters) -> Filters:
    return replace(filters, start=NOTHING_START, end=NOTHING_END)


def scoped(filters: Filters, scope: Scope) -> Filters:
    """`filters` narrowed to what `scope` allows; a view asking only for what lies outside selects nothing."""
    if not scope.restricted:
        return filters
    if scope == NOTHING:
        return _nothing(filters)
    surveys = filters.surveys
    if scope.surveys:
        surveys = tuple(s for s in filters.surveys if s in scope.surveys) if filters.surveys else scope.surveys
        if not surveys:
            return _nothing(filters)
    include = dict(filters.include)
    for name, allowed in scope.segments:
        wanted = tuple(v for v in include[name] if v in allowed) if name in include else allowed
        if not wanted:
            return _nothing(filters)
        include[name] = wanted
    return replace(filters, surveys=surveys, include=tuple(include.items()))


def user_scope(username: str | None, *, engine: Engine) -> Scope:
    """What `username` may read now: unrestricted for an admin or a user without a scope, NOTHING for no user,
    an unknown one or a deactivated one."""
    if not username:
        return NOTHING
    with Session(engine) as session:
        user = session.execute(select(User).where(User.username == username.strip().lower())).scalar()
        if user is None or not user.active:
            return NOTHING
        if user.role == "admin":
            return UNRESTRICTED
        row = session.get(UserScope, user.id)
    return Scope.from_json(row.scope_json) if row else UNRESTRICTED


def scopes_by_user(*, engine: Engine) -> dict[str, Scope]:
    """Every stored scope by username, for the Admin page's list."""
    with Session(engine) as session:
        statement = select(User.username, UserScope.scope_json).join(UserScope, UserScope.user_id == User.id)
        rows = session.execute(statement)
        return {username: Scope.from_json(text) for username, text in rows}


def _user(username: str, session: Session) -> User:
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar()
    if user is None:
        raise ScopeError(N_("There is no user {name}."), name=repr(username))
    return user


def _check_names(scope: Scope, session: Session) -> None:
    """A mistyped survey or attribute would silently hide everything (or, for an attribute, fail every read)."""
    attributes = {*attribute_slots_in(session=session), LANGUAGE_ATTRIBUTE}
    unknown = [name for name, _ in scope.segments if name not in attributes]
    if unknown:
        raise ScopeError(
            N_("No segment attribute is called {names}; known: {known}."),
            names=", ".join(unknown),
            known=", ".join(sorted(attributes)),
        )
    surveys = set(session.execute(select(Survey.name)).scalars())
    missing = [name for name in scope.surveys if name not in surveys]
    if missing:
        raise ScopeError(N_("No survey is called {names}."), names=", ".join(missing))


def set_scope(username: str, scope: Scope, *, session: Session, actor: str) -> None:
    """Restrict a viewer to `scope` (an unrestricted scope clears it); audited without the values themselves."""
    user = _user(username, session)
    if not scope.restricted:
        clear_scope(username, session=session, actor=actor)
        return
    if user.role not in SCOPABLE_ROLES:
        raise ScopeError(
            N_(
                "{name} is {role}: only viewers can be restricted (analysts import and edit across all data, "
                "admins manage it). Make the user a viewer first."
            ),
            name=user.username,
            role=user.role,
        )
    _check_names(scope, session)
    row = session.get(UserScope, user.id) or UserScope(user_id=user.id, scope_json="")  # type: ignore[arg-type]
    row.scope_json, row.updated_by, row.updated_at = scope.as_json(), actor[:64], utc_now()
    session.add(row)
    bump_data_version(session=session)
    audit.record(
        "user.scope",
        actor=actor,
        session=session,
        target=user.username,
        details={"scope": scope.describe()},
    )


def clear_scope(username: str, *, session: Session, actor: str) -> bool:
    """The user reads everything their role allows again; False when there was no scope."""
    user = _user(username, session)
    removed = session.execute(delete(UserScope).where(UserScope.user_id == user.id)).rowcount  # type: ignore[arg-type]
    if removed:
        bump_data_version(session=session)
        audit.record("user.scope_clear", actor=actor, session=session, target=user.username)
    return bool(removed)


def save_scope(username: str, scope: Scope, *, engine: Engine, actor: str) -> None:
    """`set_scope` (or clear, for an unrestricted scope) as its own transaction."""
    with Session(engine) as session, session.begin():
        set_scope(username, scope, session=session, actor=actor)
