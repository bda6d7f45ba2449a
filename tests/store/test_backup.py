"""Backup while running, restore into a new empty store: the same figures and the same users, on both databases."""

import io
import json
import sqlite3
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from nps.cli import main
from nps.db import make_engine, upgrade_schema

EXPORT = (
    "response_id,email,submitted_at,score,comment,region\n"
    "R1,a@example.com,2026-01-05T10:00:00Z,10,Świetnie,Poland\n"
    "R2,b@example.com,2026-01-06T10:00:00Z,2,太慢了,Poland\n"
    "R3,c@example.com,2026-02-06T10:00:00Z,8,Fine,Germany\n"
)


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def empty_store(engine, tmp_path, request) -> Iterator[Engine]:
    """A second, new store of the same kind as `engine`."""
    if engine.dialect.name == "sqlite":
        other = make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
        upgrade_schema(other)
        yield other
        other.dispose()
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"nps_restore_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    other = make_engine(admin_url.rsplit("/", 1)[0] + f"/{name}")
    upgrade_schema(other)
    yield other
    other.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _seed(engine: Engine, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert _run(capsys, "--db", _url(engine), "users", "add", "boss", "--role", "admin")[0] == 0
    monkeypatch.setenv("NPS_USER", "boss")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    monkeypatch.setattr("sys.stdin", io.StringIO("battery staple\n"))
    assert _run(capsys, "--db", _url(engine), "users", "add", "vera", "--role", "viewer")[0] == 0
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    assert _run(capsys, "--db", _url(engine), "import", str(export), "--survey", "S")[0] == 0


def _state(engine: Engine, capsys) -> tuple[dict, str]:
    stats = json.loads(_run(capsys, "--db", _url(engine), "stats", "--json", "--by", "region")[1])
    return stats, _run(capsys, "--db", _url(engine), "users", "list")[1]


def test_backup_then_restore_into_an_empty_store_gives_the_same_figures_and_users(
    engine, empty_store, tmp_path, monkeypatch, capsys
):
    _seed(engine, tmp_path, monkeypatch, capsys)
    before = _state(engine, capsys)
    file = tmp_path / "store.backup"

    code, _, err = _run(capsys, "--db", _url(engine), "backup", str(file))
    assert code == 0, err
    code, out, err = _run(capsys, "--db", _url(empty_store), "restore", str(file))
    assert code == 0, err
    assert "3 responses, 2 users" in out

    assert _state(empty_store, capsys) == before
    assert before[0]["n"] == 3 and "vera\tviewer" in before[1]
    monkeypatch.setenv("NPS_USER", "boss")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    code, out, _ = _run(capsys, "--db", _url(empty_store), "audit", "list", "--json")
    assert [event["action"] for event in json.loads(out)][:2] == ["restore", "backup"]


def test_restore_refuses_a_store_that_is_not_empty(engine, tmp_path, monkeypatch, capsys):
    _seed(engine, tmp_path, monkeypatch, capsys)
    file = tmp_path / "store.backup"
    assert _run(capsys, "--db", _url(engine), "backup", str(file))[0] == 0
    code, _, err = _run(capsys, "--db", _url(engine), "restore", str(file))
    assert code == 1 and "not empty" in err and err.count("\n") == 1


def test_restore_refuses_a_backup_with_a_newer_schema(sqlite_engine, tmp_path, monkeypatch, capsys):
    _seed(sqlite_engine, tmp_path, monkeypatch, capsys)
    file = tmp_path / "store.backup"
    assert _run(capsys, "--db", _url(sqlite_engine), "backup", str(file))[0] == 0
    with sqlite3.connect(file) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    target = tmp_path / "new.db"
    code, _, err = _run(capsys, "--db", f"sqlite:///{target}", "restore", str(file))
    assert code == 1 and "newer than this code" in err


def test_backup_never_overwrites_a_file(sqlite_engine, tmp_path, capsys):
    file = tmp_path / "exists.backup"
    file.write_text("precious")
    code, _, err = _run(capsys, "--db", _url(sqlite_engine), "backup", str(file))
    assert code == 1 and "exists already" in err and file.read_text() == "precious"
