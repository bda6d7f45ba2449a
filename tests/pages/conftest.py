"""AppTest fixtures: a seeded temporary store per test and pages run as a given role."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import bcrypt
import pytest
import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from nps.db import make_engine, upgrade_schema
from nps.models import ROLES, User

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse"


@cache
def _password_hash() -> str:
    return bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()


@pytest.fixture
def app_engine(tmp_path, monkeypatch) -> Iterator[Engine]:
    """A migrated SQLite store with one user per role (username = role), used by the pages under test."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("NPS_COOKIE_KEY", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    engine = make_engine(url)
    upgrade_schema(engine)
    with Session(engine) as session:
        for role in ROLES:
            session.add(User(username=role, name=role.title(), password_hash=_password_hash(), role=role))
        session.commit()
    yield engine
    engine.dispose()
    st.cache_data.clear()
    st.cache_resource.clear()


def page_as(page: str, role: str | None, *, timeout: float = 60) -> AppTest:
    """A page file run on its own, logged in as the user named after `role` (None: nobody logged in)."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=timeout)
    if role is not None:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = role
        at.session_state["name"] = role.title()
        at.session_state["roles"] = [role]
    return at
