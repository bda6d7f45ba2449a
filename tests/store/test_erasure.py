"""Erasing one customer: their words and identity leave every table and the database files; figures stay."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from nps import audit, counting, erasure, followups, search, users
from nps.cli import main
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.models import ResponseTheme, Theme
from nps.response_export import export_rows

EMAIL = "erin.erasable@example.com"
NAME = "Erin Erasable"
CUSTOMER = "CUST-4242"
COMMENT = "Zażółć gęślą jaźń zadzwońcie 600100200 proszę"
FOLDED = search.fold_for_search(COMMENT)
NOTE = "Rozmowa z Erin o reklamacji"
KEPT_COMMENT = "Great support from the Warsaw team"
EXPORT = (
    "response_id,customer_id,email,name,submitted_at,score,comment,region,ip_address\n"
    f"R1,{CUSTOMER},{EMAIL},{NAME},2026-01-05T10:00:00Z,3,{COMMENT},Poland,203.0.113.77\n"
    f"R2,{CUSTOMER},{EMAIL},{NAME},2026-02-05T10:00:00Z,6,{COMMENT} again,Poland,203.0.113.77\n"
    f"R3,C-2,kept@example.com,Kept Person,2026-01-06T10:00:00Z,10,{KEPT_COMMENT},Germany,198.51.100.1\n"
).encode()
SECRETS = [EMAIL, NAME, CUSTOMER, COMMENT, FOLDED, NOTE, "203.0.113.77"]


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _seed(engine: Engine) -> None:
    with Session(engine) as session:
        users.create_user("boss", "correct horse", "admin", session=session)
        session.commit()
    import_file(EXPORT, engine=engine, survey="Relationship", username="boss")
    search.index_pending_comments(engine=engine)
    with Session(engine) as session:
        theme = Theme(name="Support", keywords_json='["support"]')
        session.add(theme)
        session.flush()
        for response_id in (1, 2, 3):
            session.add(ResponseTheme(response_id=response_id, theme_id=theme.id))
        followups.update_follow_up(1, actor="boss", role="admin", session=session, status="contacted", note=NOTE)
        followups.update_follow_up(1, actor="boss", role="admin", session=session, note=NOTE + " (2)")
        session.commit()


def _cli(capsys, monkeypatch, engine: Engine, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("NPS_USER", "boss")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["--db", _url(engine), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _every_text_value(engine: Engine) -> str:
    """Every text column of every table, as a dump would show them."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all()
            columns = [
                (table, row[1])
                for table in tables
                for row in connection.exec_driver_sql(f'PRAGMA table_info("{table}")')
            ]
        else:
            columns = connection.execute(
                text(
                    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
                    "AND data_type IN ('text', 'character varying')"
                )
            ).all()
        values = []
        for table, column in columns:
            values += [str(v) for v in connection.exec_driver_sql(f'SELECT "{column}" FROM "{table}"').scalars()]
    return "\n".join(values)


def test_erasing_by_email_removes_the_person_everywhere_and_keeps_every_figure(engine, capsys, monkeypatch):
    _seed(engine)
    before_stats = json.loads(_cli(capsys, monkeypatch, engine, "stats", "--json", "--by", "region")[1])
    assert [secret for secret in SECRETS if secret not in _every_text_value(engine)] == []

    code, out, err = _cli(capsys, monkeypatch, engine, "respondents", "erase", "--email", EMAIL.upper(), "--json")

    assert code == 0, err
    assert json.loads(out) == {"respondents": 1, "responses": 2, "files_scrubbed": True}
    assert json.loads(_cli(capsys, monkeypatch, engine, "stats", "--json", "--by", "region")[1]) == before_stats
    dump = _every_text_value(engine)
    assert [secret for secret in SECRETS if secret in dump] == []
    assert KEPT_COMMENT in dump and "kept@example.com" in dump
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM response_theme")).scalar_one() == 1
        assert connection.execute(text("SELECT sum(comments) FROM response_daily WHERE slot = 0")).scalar_one() == 1
    events = audit.list_events(audit.AuditQuery(action="respondent.erase"), engine=engine)
    assert events[["username", "affected"]].values.tolist() == [["boss", 2]]
    assert EMAIL not in events.details[0] and "erin" not in events.to_csv().lower()


def test_erasing_leaves_neither_the_email_nor_the_comment_in_the_sqlite_files(sqlite_engine, capsys, monkeypatch):
    _seed(sqlite_engine)
    path = Path(sqlite_engine.url.database)
    files = [path, path.with_name(path.name + "-wal")]

    def raw() -> bytes:
        return b"".join(file.read_bytes() for file in files if file.exists())

    with sqlite_engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert EMAIL.encode() in raw() and COMMENT.encode() in raw()

    assert _cli(capsys, monkeypatch, sqlite_engine, "respondents", "erase", "--customer", CUSTOMER)[0] == 0

    leftovers = [secret for secret in SECRETS if secret.encode() in raw()]
    assert leftovers == []


def test_erasing_an_unknown_person_says_so_and_changes_nothing(engine, capsys, monkeypatch):
    _seed(engine)
    code, _, err = _cli(capsys, monkeypatch, engine, "respondents", "erase", "--email", "nobody@example.com")
    assert code == 1 and "no respondent" in err
    assert audit.list_events(audit.AuditQuery(action="respondent.erase"), engine=engine).empty


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_an_admin_may_erase(engine, capsys, monkeypatch, role):
    _seed(engine)
    with Session(engine) as session:
        users.create_user(role, "battery staple", role, session=session)
        session.commit()
    monkeypatch.setenv("NPS_USER", role)
    monkeypatch.setenv("NPS_PASSWORD", "battery staple")
    code = main(["--db", _url(engine), "respondents", "erase", "--email", EMAIL])
    assert code == 1 and "needs the admin role" in capsys.readouterr().err


def test_erasing_also_blanks_segment_values_that_are_the_persons_email_name_or_customer_id(engine):
    export = (
        "response_id,customer_id,email,name,submitted_at,score,region,contact,account\n"
        f"R1,{CUSTOMER},{EMAIL},{NAME},2026-01-05T10:00:00Z,3,Poland, {EMAIL.upper()} ,{CUSTOMER}\n"
        f"R2,{CUSTOMER},{EMAIL},{NAME},2026-02-05T10:00:00Z,6,Poland,{NAME},Key account\n"
        "R3,C-2,kept@example.com,Kept Person,2026-01-06T10:00:00Z,10,Germany,kept@example.com,Key account\n"
    ).encode()
    import_file(export, engine=engine, survey="Relationship", username="boss")
    with Session(engine) as session:
        erasure.erase_respondent(session=session, actor="boss", email=EMAIL)
        session.commit()

    rows = export_rows(Filters(), engine=engine, reveal_people=True)
    frame = pd.concat(list(rows)).set_index("response_id")
    assert pd.isna(frame.loc["R1", "contact"]) and pd.isna(frame.loc["R1", "account"])
    assert pd.isna(frame.loc["R2", "contact"]) and frame.loc["R2", "account"] == "Key account"
    assert frame.loc["R1", "region"] == "Poland"
    assert frame.loc["R3", "contact"] == "kept@example.com"
    assert "(not set)" in set(counting.counts_by(Filters(), "contact", engine=engine)["key"])
    dump = _every_text_value(engine)
    assert [secret for secret in (EMAIL, NAME, CUSTOMER) if secret.lower() in dump.lower()] == []
