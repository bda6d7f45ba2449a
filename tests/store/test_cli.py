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


def _as_analyst(db, monkeypatch, capsys):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")


def test_a_file_without_dates_imports_with_the_date_option(db, monkeypatch, capsys):
    from tests.realdata import realdata_file

    _as_analyst(db, monkeypatch, capsys)
    prep_air = str(realdata_file("zzzbitz_prepbench_case_122_input_02.csv"))
    code, _, err = _run(capsys, "--db", db, "import", prep_air, "--survey", "Prep Air")
    assert code == 1 and "one date for every row" in err
    code, out, _ = _run(capsys, "--db", db, "import", prep_air, "--survey", "Prep Air", "--date", "2024-03-01")
    assert code == 0 and "imported 184 responses" in out and "every response dated 2024-03-01" in out
    stats = json.loads(_run(capsys, "--db", db, "stats", "--json")[1])
    assert (stats["n"], stats["nps"]) == (184, 21.2)
    code, _, err = _run(capsys, "--db", db, "import", prep_air, "--date", "1 March")
    assert code == 1 and "YYYY-MM-DD" in err


def test_the_report_counts_in_words_and_lists_each_duplicate(db, monkeypatch, capsys, tmp_path):
    _as_analyst(db, monkeypatch, capsys)
    export = tmp_path / "export.csv"
    export.write_text(CSV + "R3,c@example.com,2026-02-06T10:00:00Z,8,Fine,NA\n")
    code, out, _ = _run(capsys, "--db", db, "import", str(export), "--survey", "S")
    assert code == 0
    assert "5 rows read, imported 3 responses, 1 duplicate, 1 rejected" in out
    assert "duplicate: row 6: same response as row 4" in out


def test_rows_already_in_another_survey_are_warned_about_and_skipped_on_request(db, monkeypatch, capsys, tmp_path):
    _as_analyst(db, monkeypatch, capsys)
    export = tmp_path / "export.csv"
    export.write_text(CSV)
    _run(capsys, "--db", db, "import", str(export), "--survey", "First")
    code, out, _ = _run(capsys, "--db", db, "import", str(export), "--survey", "Second", "--dry-run")
    assert code == 0 and "warning: 3 rows already in another survey" in out
    code, out, _ = _run(capsys, "--db", db, "import", str(export), "--survey", "Second", "--skip-other-surveys")
    assert "imported 0 responses" in out and "skipped" in out
    assert json.loads(_run(capsys, "--db", db, "stats", "--json", "--survey", "Second")[1])["n"] == 0


def test_rows_dated_in_the_future_or_before_the_window_are_rejected_with_a_reason(db, monkeypatch, capsys, tmp_path):
    _as_analyst(db, monkeypatch, capsys)
    export = tmp_path / "export.csv"
    export.write_text(
        "response_id,submitted_at,score\n"
        "R1,2026-01-05T10:00:00Z,10\n"
        "R2,2099-01-06T10:00:00Z,2\n"
        "R3,0001-01-01T00:00:00Z,8\n"
        "R4,1985-06-01T00:00:00Z,8\n"
    )
    code, out, _ = _run(capsys, "--db", db, "import", str(export), "--survey", "S", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["imported"], report["rejected"]) == (1, 3)
    reasons = {issue["row"]: issue["reason"] for issue in report["errors"]}
    assert reasons[3].startswith("date 2099-01-06 is in the future")
    assert "before 1990-01-01" in reasons[4] and "before 1990-01-01" in reasons[5]
    assert any("1 row dated in the future rejected" in note for note in report["notes"])
    assert any("2 rows dated before 1990-01-01 rejected" in note for note in report["notes"])
    out = _run(capsys, "--db", db, "import", str(export), "--survey", "S", "--earliest", "1980-01-01", "--json")[1]
    assert json.loads(out)["imported"] == 1


def test_a_file_over_the_size_limit_is_refused_unless_the_limit_is_raised(db, monkeypatch, capsys, tmp_path):
    """The upload limit (200 MB) is the command line's default too; a company importing a bigger export raises it."""
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    export = tmp_path / "export.csv"
    rows = (f"X{n},,2026-01-{1 + n % 28:02d}T10:00:00Z,9,{'x' * 500},Poland\n" for n in range(2_200))
    export.write_text(CSV + "".join(rows))
    code, _, err = _run(capsys, "--db", db, "import", str(export), "--survey", "S", "--max-mb", "1")
    assert code == 1 and "over the 1 MB limit" in err
    assert json.loads(_run(capsys, "--db", db, "stats", "--json")[1])["n"] == 0
    code, out, _ = _run(capsys, "--db", db, "import", str(export), "--survey", "S", "--max-mb", "2", "--json")
    assert code == 0 and json.loads(out)["imported"] > 2_000
