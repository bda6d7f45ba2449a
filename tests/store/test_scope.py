"""A viewer restricted to region Poland reads only Poland's responses, through every kind of read, on both databases."""

import io
import json

import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from nps import audit, comments, counting, queries, search, store, users
from nps.cli import main
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.response_export import export_rows
from nps.scope import NOTHING, Scope, ScopeError, clear_scope, save_scope, scoped, set_scope, user_scope

EXPORT = (
    "response_id,customer_id,email,name,submitted_at,score,comment,region\n"
    "P1,C-1,pola@example.com,Pola,2026-01-05T10:00:00Z,2,Kurier spóźniony,Poland\n"
    "P2,C-1,pola@example.com,Pola,2026-02-05T10:00:00Z,9,Teraz dobrze,Poland\n"
    "P3,C-2,piotr@example.com,Piotr,2026-02-06T10:00:00Z,10,Super obsługa,Poland\n"
    "G1,C-3,greta@example.com,Greta,2026-01-07T10:00:00Z,1,Lieferung zu spät,Germany\n"
    "G2,C-1,pola@example.com,Pola,2026-03-07T10:00:00Z,0,Berlin office was rude,Germany\n"
).encode()
POLAND = Scope(segments=(("region", ("Poland",)),))


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def store_with_regions(engine: Engine) -> Engine:
    with Session(engine) as session:
        for name, role in (("boss", "admin"), ("vera", "viewer"), ("ana", "analyst")):
            users.create_user(name, "correct horse", role, session=session)
        session.commit()
    import_file(EXPORT, engine=engine, survey="Relationship", username="boss")
    import_file(EXPORT.replace(b"P1,", b"X1,"), engine=engine, survey="Support", username="boss")
    search.index_pending_comments(engine=engine)
    return engine


def _restrict(engine: Engine, username: str = "vera", scope: Scope = POLAND) -> None:
    save_scope(username, scope, engine=engine, actor="boss")


def test_a_restricted_viewer_reads_only_her_region_in_counts_lists_and_exports(store_with_regions):
    engine = store_with_regions
    _restrict(engine)
    scope = user_scope("vera", engine=engine)
    assert scope == POLAND
    view = scoped(Filters(), scope)

    assert counting.summary_counts(view, engine=engine).n == 6
    assert set(counting.counts_by(view, "region", engine=engine)["key"]) == {"Poland"}
    latest = scoped(Filters(latest_per_respondent=True), scope)  # Pola answered later in Germany: still counted
    assert counting.summary_counts(latest, engine=engine).n == 2
    page = comments.list_comments(view, comments.CommentQuery(), engine=engine)
    assert len(page) == 6 and not page["comment"].str.contains("Berlin|Lieferung").any()
    berlin = comments.CommentQuery(search="Berlin")
    assert len(comments.list_comments(Filters(), berlin, engine=engine)) == 2
    assert comments.list_comments(view, berlin, engine=engine).empty
    assert comments.count_comments(view, berlin, engine=engine).n == 0
    exported = pd.concat(list(export_rows(view, engine=engine, reveal_people=True)))
    assert set(exported["region"]) == {"Poland"} and len(exported) == 6
    assert queries.attribute_values_in("region", view, engine=engine) == ["Poland"]
    assert queries.date_bounds(view, engine=engine)[1].isoformat() == "2026-02-06"


def test_a_restricted_viewer_sees_a_customers_profile_without_their_answers_elsewhere(store_with_regions):
    engine = store_with_regions
    _restrict(engine)
    view = scoped(Filters(), user_scope("vera", engine=engine))
    people = comments.list_respondents(view, engine=engine)
    pola = int(people.loc[people["name"] == "Pola", "respondent_id"].iloc[0])
    greta = comments.list_respondents(Filters(), engine=engine, search="greta")["respondent_id"].iloc[0]

    profile = comments.respondent_profile(pola, view, engine=engine)
    assert profile is not None and set(profile.responses["comment"]) == {"Kurier spóźniony", "Teraz dobrze"}
    assert comments.respondent_profile(int(greta), view, engine=engine) is None
    assert len(comments.respondent_profile(pola, Filters(), engine=engine).responses) == 6
    berlin = int(comments.list_comments(Filters(), comments.CommentQuery(search="Berlin"), engine=engine)["id"][0])
    assert queries.comments_by_id([berlin], view, engine=engine).empty


def test_a_survey_scope_and_a_view_outside_it_select_nothing(store_with_regions):
    engine = store_with_regions
    _restrict(engine, scope=Scope(surveys=("Support",)))
    scope = user_scope("vera", engine=engine)
    assert counting.summary_counts(scoped(Filters(), scope), engine=engine).n == 5
    assert queries.surveys_in(scoped(Filters(), scope), engine=engine) == ["Support"]
    outside = scoped(Filters(surveys=("Relationship",)), scope)
    assert counting.summary_counts(outside, engine=engine).n == 0
    assert counting.counts_by(outside, "month", engine=engine).empty
    assert queries.surveys_in(outside, engine=engine) == []


def test_admins_are_never_restricted_and_nobody_signed_in_reads_nothing(store_with_regions):
    engine = store_with_regions
    assert user_scope("boss", engine=engine) == Scope()
    assert user_scope(None, engine=engine) == NOTHING
    assert user_scope("nobody", engine=engine) == NOTHING
    with Session(engine) as session:
        for username in ("boss", "ana"):
            with pytest.raises(ScopeError, match="only viewers"):
                set_scope(username, POLAND, session=session, actor="boss")
        with pytest.raises(ScopeError, match="No segment attribute"):
            set_scope("vera", Scope(segments=(("regoin", ("Poland",)),)), session=session, actor="boss")
        with pytest.raises(ScopeError, match="No survey"):
            set_scope("vera", Scope(surveys=("Nope",)), session=session, actor="boss")


def test_a_restricted_viewer_cannot_be_promoted_until_the_restriction_is_cleared(store_with_regions):
    engine = store_with_regions
    _restrict(engine)
    with Session(engine) as session, pytest.raises(users.UserError, match="clear the restriction"):
        users.set_role("vera", "analyst", session=session, actor="boss")
    with Session(engine) as session:
        assert clear_scope("vera", session=session, actor="boss")
        users.set_role("vera", "analyst", session=session, actor="boss")
        session.commit()
    assert user_scope("vera", engine=engine) == Scope()


def test_setting_and_clearing_a_scope_is_audited_and_makes_cached_reads_stale(store_with_regions):
    engine = store_with_regions
    version = store.data_version(engine=engine)
    _restrict(engine)
    _restrict(engine, scope=Scope())
    assert store.data_version(engine=engine) == version + 2
    events = audit.list_events(audit.AuditQuery(username="boss"), engine=engine)
    assert events["action"].head(2).tolist() == ["user.scope_clear", "user.scope"]
    assert (events["target"].head(2) == "vera").all()
    assert "region = Poland" in events["details"].iloc[1]


def _cli(capsys, monkeypatch, engine: Engine, user: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("NPS_USER", user)
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["--db", _url(engine), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_sets_a_scope_as_admin_only_and_applies_it_to_the_users_reads(store_with_regions, capsys, monkeypatch):
    engine = store_with_regions
    code, _, err = _cli(capsys, monkeypatch, engine, "ana", "users", "scope", "vera", "--where", "region=Poland")
    assert code == 1 and "needs the admin role" in err
    code, out, err = _cli(capsys, monkeypatch, engine, "boss", "users", "scope", "vera", "--where", "region=Poland")
    assert code == 0, err
    assert "region = Poland" in out

    code, out, err = _cli(capsys, monkeypatch, engine, "vera", "stats", "--json", "--by", "region")
    assert code == 0, err
    figures = json.loads(out)
    assert figures["n"] == 6 and [group["key"] for group in figures["groups"]] == ["Poland"]
    code, _, err = _cli(capsys, monkeypatch, engine, "vera", "stats", "--where", "region=Germany")
    assert code == 1 and "outside what this user may see" in err
    code, out, _ = _cli(capsys, monkeypatch, engine, "boss", "stats", "--json")
    assert json.loads(out)["n"] == 10

    assert _cli(capsys, monkeypatch, engine, "boss", "users", "scope", "vera", "--clear")[0] == 0
    assert json.loads(_cli(capsys, monkeypatch, engine, "vera", "stats", "--json")[1])["n"] == 10
