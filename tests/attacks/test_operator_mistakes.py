"""Operator mistakes get one clear line, never a traceback, and never leave an empty store behind."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from nps.cli import main
from tests.pages.conftest import ROOT

BAD_URLS = {
    "server down": "postgresql://postgres@127.0.0.1:1/test",
    "missing database": "postgresql://postgres@127.0.0.1:5432/no_such_database_here",
    "mysql": "mysql://user@localhost/nps",
    "garbage": "not a url at all",
}


def _cli(*args: str, url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NPS_USER", "NPS_PASSWORD")} | {"DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "nps", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=BAD_URLS.keys())
def test_a_wrong_database_url_is_one_clear_line_in_the_cli(url):
    done = _cli("stats", url=url)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error: ")


def test_stats_on_a_missing_sqlite_path_creates_neither_folder_nor_store(tmp_path):
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    done = _cli("stats", url=f"sqlite:///{target}")
    assert done.returncode != 0 and "setup" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "nonexistent").exists()
    assert _cli("setup", url=f"sqlite:///{target}").returncode == 0
    assert target.is_file()


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=BAD_URLS.keys())
def test_a_wrong_database_url_is_one_clear_message_in_the_app(url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", url)
    import streamlit as st

    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [error.value for error in at.error] and "cannot reach its database" in at.error[0].value


def test_a_blank_survey_name_is_a_clear_cli_error(tmp_path, monkeypatch, capsys):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--db", db, "setup"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["--db", db, "users", "add", "admin", "--role", "admin"]) == 0
    export = tmp_path / "export.csv"
    export.write_text("score,date\n9,2026-01-05\n")
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse battery")
    capsys.readouterr()
    assert main(["--db", db, "import", str(export), "--survey", "   "]) == 1
    assert "--survey needs a name" in capsys.readouterr().err
