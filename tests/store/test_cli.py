"""`python -m nps` as an operator uses it: one-line errors, exit status, roles checked on every write."""

import json

import pytest

from nps.cli import main

CSV = (
    "response_id,email,submitted_at,score,comment,region\n"
    "R1,a@example.com,2026-01-05T10:00:00Z,10,Great,Poland\n"
    "R2,b@example.com,2026-01-06T10:00:00Z,2,Slow delivery,Poland\n"
    "R3,c@example.com,2026-02-06T10:00:00Z,8,Fine,NA\n"
    "R4,d@example.com,2026-02-07T10:00:00Z,11,Out of range,NA\n"
)


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.delenv("NPS_USER", raising=False)
    monkeypatch.delenv("NPS_PASSWORD", raising=False)
    assert main(["--db", url, "setup"]) == 0
    return url


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _add_user(db, monkeypatch, capsys, name, role, *, as_admin=True):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("correct horse\n"))
    if as_admin:
        monkeypatch.setenv("NPS_USER", "admin")
        monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    return _run(capsys, "--db", db, "users", "add", name, "--role", role)


def test_the_first_user_must_be_an_admin_and_needs_no_login(db, monkeypatch, capsys):
    code, _, err = _add_user(db, monkeypatch, capsys, "vera", "viewer", as_admin=False)
    assert code == 1 and "first user must be an admin" in err
    code, out, _ = _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    assert code == 0 and "admin" in out


def test_later_users_need_an_admin_login(db, monkeypatch, capsys):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    code, _, err = _add_user(db, monkeypatch, capsys, "vera", "viewer", as_admin=False)
    assert code == 1 and "--user" in err
    code, _, _ = _add_user(db, monkeypatch, capsys, "vera", "viewer")
    assert code == 0
    assert "vera\tviewer\tactive" in _run(capsys, "--db", db, "users", "list")[1]


def test_a_viewer_cannot_import_and_nothing_is_written(db, monkeypatch, capsys, tmp_path):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    _add_user(db, monkeypatch, capsys, "vera", "viewer")
    export = tmp_path / "export.csv"
    export.write_text(CSV)
    monkeypatch.setenv("NPS_USER", "vera")
    code, _, err = _run(capsys, "--db", db, "import", str(export), "--survey", "S")
    assert code == 1
    assert err.startswith("error: vera is viewer") and err.count("\n") == 1
    assert json.loads(_run(capsys, "--db", db, "stats", "--json")[1])["n"] == 0


def test_a_wrong_password_is_refused(db, monkeypatch, capsys, tmp_path):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    export = tmp_path / "export.csv"
    export.write_text(CSV)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "wrong password")
    code, _, err = _run(capsys, "--db", db, "import", str(export))
    assert code == 1 and "wrong username or password" in err


def test_import_json_and_stats_json_agree(db, monkeypatch, capsys, tmp_path):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    export = tmp_path / "export.csv"
    export.write_text(CSV)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    code, out, _ = _run(capsys, "--db", db, "import", str(export), "--survey", "S", "--json")
    report = json.loads(out)
    assert code == 0
    assert {k: report[k] for k in ("rows_read", "imported", "duplicates", "rejected")} == {
        "rows_read": 4,
        "imported": 3,
        "duplicates": 0,
        "rejected": 1,
    }
    assert report["errors"][0]["row"] == 5 and report["errors"][0]["column"] == "score"
    stats = json.loads(_run(capsys, "--db", db, "stats", "--json", "--by", "region")[1])
    assert (stats["n"], stats["nps"]) == (3, 0.0)
    assert stats["ci_low"] < 0 < stats["ci_high"]
    assert [g["key"] for g in stats["groups"]] == ["NA", "Poland"]
    january = json.loads(
        _run(capsys, "--db", db, "stats", "--json", "--to", "2026-01-31", "--where", "region=Poland")[1]
    )
    assert (january["n"], january["promoters"], january["detractors"]) == (2, 1, 1)


def test_an_unknown_attribute_is_a_one_line_error(db, capsys):
    code, _, err = _run(capsys, "--db", db, "stats", "--by", "shoe size")
    assert code == 1 and err.startswith("error: unknown segment attribute")


def test_a_missing_file_is_a_one_line_error(db, monkeypatch, capsys):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    code, _, err = _run(capsys, "--db", db, "import", "/nonexistent.csv")
    assert code == 1 and "no such file" in err
