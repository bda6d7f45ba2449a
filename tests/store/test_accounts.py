"""Accounts under attack: weak passwords, parallel guessing, a locked-out only admin, racing first admins, sessions."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import bcrypt
import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from nps import audit, users
from nps.cli import main
from nps.models import User, utc_now

STRONG = "correct horse"


def _add(engine: Engine, username: str = "boss", role: str = "admin") -> None:
    with Session(engine) as session:
        users.create_user(username, STRONG, role, session=session, name=username.title())
        session.commit()


def _user(engine: Engine, username: str = "boss") -> User:
    with Session(engine) as session:
        return session.execute(select(User).where(User.username == username)).scalar_one()


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        (" " * 8, "only spaces"),
        ("12345678", "too common"),
        ("Password1", "too common"),
        ("aaaaaaaaaa", "too simple"),
        ("xxbossxx!", "username"),
        ("é" * 37, "72 bytes"),
        ("short", "at least 8"),
    ],
)
def test_a_weak_or_overlong_password_is_refused_with_the_rule_it_breaks(password, reason):
    with pytest.raises(users.UserError, match=reason):
        users.validate_password(password, "boss")


def test_the_rules_accept_an_ordinary_passphrase():
    users.validate_password("plum orchard 1987", "boss")


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "bo@@example.com", "bo@example..com"])
def test_a_malformed_email_is_refused(engine, email):
    with Session(engine) as session, pytest.raises(users.UserError, match="e-mail"):
        users.create_first_admin("boss", STRONG, session=session, email=email)
    assert users.count_users(engine=engine) == 0


def test_forty_parallel_wrong_passwords_are_all_counted_and_lock_the_account(engine):
    _add(engine)
    with Session(engine) as session:
        user = session.execute(select(User).where(User.username == "boss")).scalar_one()
        user.password_hash = bcrypt.hashpw(STRONG.encode(), bcrypt.gensalt(rounds=4)).decode()
        session.commit()
    start = threading.Barrier(40)

    def guess(number: int) -> bool:
        start.wait()
        with Session(engine) as session:
            found = users.check_password("boss", f"guess number {number}", session=session)
            session.commit()
        return found is not None

    with ThreadPoolExecutor(40) as pool:
        assert not any(pool.map(guess, range(40)))
    user = _user(engine)
    assert user.failed_logins == 40
    assert users.is_locked(user)


def test_the_only_admin_locked_out_by_a_stranger_is_unlocked_from_the_shell_without_a_password(
    tmp_path, monkeypatch, capsys
):
    db = f"sqlite:///{tmp_path / 'shell.db'}"
    assert main(["--db", db, "setup"]) == 0
    monkeypatch.delenv("NPS_USER", raising=False)
    monkeypatch.delenv("NPS_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(STRONG + "\n"))
    assert main(["--db", db, "users", "add", "boss", "--role", "admin"]) == 0
    from nps.db import make_engine

    engine = make_engine(db)
    with Session(engine) as session:
        for _ in range(users.MAX_FAILED_LOGINS):
            users.record_failed_login("boss", session=session)
        session.commit()
    assert users.is_locked(_user(engine))

    assert main(["--db", db, "users", "unlock", "boss"]) == 0
    assert not users.is_locked(_user(engine)) and _user(engine).failed_logins == 0
    events = audit.list_events(audit.AuditQuery(action="user.unlock"), engine=engine)
    assert events.target.tolist() == ["boss"] and events.username[0].startswith("shell")
    engine.dispose()


def test_four_simultaneous_first_admin_submissions_create_one_admin(engine):
    start = threading.Barrier(4)

    def submit(number: int) -> str:
        start.wait()
        try:
            with Session(engine) as session:
                users.create_first_admin(f"admin{number}", STRONG, session=session)
                session.commit()
        except users.UserError as error:
            return str(error)
        return "created"

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(submit, range(4)))
    assert sorted(outcomes) == ["An administrator already exists; please sign in."] * 3 + ["created"]
    assert [u.role for u in users.list_users(engine=engine)] == ["admin"]


def test_a_later_first_admin_attempt_is_refused_even_without_the_race(engine):
    _add(engine, "boss")
    with Session(engine) as session, pytest.raises(users.UserError, match="already exists"):
        users.create_first_admin("mallory", STRONG, session=session)
    assert [u.username for u in users.list_users(engine=engine)] == ["boss"]


@pytest.mark.parametrize(
    "end",
    [
        lambda engine: users.sign_out_everywhere("vera", engine=engine),
        lambda engine: _change(engine, lambda s: users.set_password("vera", "plum orchard 1987", session=s)),
        lambda engine: _change(engine, lambda s: users.set_role("vera", "analyst", session=s, actor="boss")),
        lambda engine: _change(engine, lambda s: users.set_active("vera", False, session=s, actor="boss")),
    ],
    ids=["sign-out", "password reset", "role change", "deactivation"],
)
def test_ending_sessions_refuses_every_sign_in_made_before(engine, end):
    _add(engine, "boss")
    _add(engine, "vera", "viewer")
    signed_in = utc_now() - timedelta(seconds=1)
    assert users.session_user("vera", signed_in, engine=engine) is not None
    end(engine)
    assert users.session_user("vera", signed_in, engine=engine) is None


def _change(engine: Engine, change) -> None:
    with Session(engine) as session:
        change(session)
        session.commit()


def test_an_admin_set_password_must_be_changed_and_the_users_own_choice_clears_that(engine):
    _add(engine, "boss")
    with Session(engine) as session:
        users.create_user("vera", STRONG, "viewer", session=session, actor="boss")
        session.commit()
    assert _user(engine, "vera").must_change_password
    with pytest.raises(users.UserError, match="current password is wrong"):
        users.change_password("vera", "not it at all", "plum orchard 1987", engine=engine)
    assert _user(engine, "vera").failed_logins == 1
    users.change_password("vera", STRONG, "plum orchard 1987", engine=engine)
    vera = _user(engine, "vera")
    assert not vera.must_change_password and vera.failed_logins == 0
    actions = audit.list_events(audit.AuditQuery(username="vera"), engine=engine).action.tolist()
    assert actions == ["user.password_change"]
