"""`python -m nps comments` and `themes` on SQLite and PostgreSQL: every match, its tone and themes, masked by role."""

import json
from datetime import date

import pytest
from sqlalchemy import insert, select, update
from sqlmodel import Session

from nps import search, users
from nps.cli import main
from nps.comments import theme_stats
from nps.filters import Filters
from nps.models import FollowUp, Response, ResponseTag, ResponseTheme, Theme
from tests.factories import add_responses

ROWS = [
    # comment, score, day, region, language, tone score, themes
    ("The courier was late again, call me +48 600 100 200", 2, date(2026, 1, 5), "Poland", "en", -0.6, ["delivery"]),
    ("Great staff, fast delivery", 10, date(2026, 1, 6), "Poland", "en", 0.7, ["delivery", "support"]),
    ("Price is too high", 5, date(2026, 2, 1), "Germany", "en", -0.4, ["price"]),
    ("Dostawa była szybka", 9, date(2026, 2, 2), "Poland", "pl", 0.5, ["delivery"]),
    ("ok", 8, date(2026, 2, 3), "Germany", "en", 0.0, []),
    ("\x1b[31mred\x1b[0m alert", 7, date(2026, 2, 4), "Germany", "en", 0.05, []),
]


@pytest.fixture
def db(engine, monkeypatch) -> str:
    """The store with six analysed responses (tone and themes set as the analysis would), an admin and a viewer."""
    monkeypatch.delenv("NPS_USER", raising=False)
    monkeypatch.delenv("NPS_PASSWORD", raising=False)
    add_responses(
        engine,
        [{"score": s, "day": d, "comment": c, "region": region} for c, s, d, region, *_ in ROWS],
        segments=("region",),
    )
    with Session(engine) as session:
        ids = dict(session.execute(select(Response.comment, Response.id)).all())
        themes = {}
        for name in ("delivery", "price", "support"):
            theme = Theme(name=name, keywords_json=json.dumps([name]), updated_by="t")
            session.add(theme)
            session.flush()
            themes[name] = theme.id
        for comment, _, _, _, language, tone, names in ROWS:
            session.execute(
                update(Response).where(Response.id == ids[comment]).values(language=language, sentiment=tone)
            )
            for name in names:
                session.execute(insert(ResponseTheme).values(response_id=ids[comment], theme_id=themes[name]))
        session.execute(insert(ResponseTag).values(response_id=ids[ROWS[0][0]], tag="vip", created_by="admin"))
        session.add(FollowUp(response_id=ids[ROWS[0][0]], status="contacted", owner="admin", updated_by="admin"))
        users.create_first_admin("admin", "correct horse 1", session=session)
        users.create_user("vera", "correct horse 2", "viewer", session=session, actor="admin")
        session.commit()
    search.index_pending_comments(engine=engine)
    return engine.url.render_as_string(hide_password=False)


def _json(capsys, *args: str):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_each_theme_carries_the_tone_of_what_the_comment_says_about_it(db, engine, capsys):
    with Session(engine) as session:
        delivery = session.execute(select(Theme.id).where(Theme.name == "delivery")).scalar_one()
        session.execute(update(ResponseTheme).where(ResponseTheme.theme_id == delivery).values(sentiment=0.7))
        session.commit()
    first = _json(capsys, "--db", db, "comments", "--json")[1]
    assert first["tone"]["label"] == "negative"
    assert first["themes"] == [{"name": "delivery", "tone": {"label": "positive", "score": 0.7}}]
    main(["--db", db, "comments"])
    assert "themes: delivery (positive)" in capsys.readouterr().out


def test_comments_json_lists_every_match_detractors_first_with_tone_themes_tags_and_follow_up(db, capsys):
    listed = _json(capsys, "--db", db, "comments", "--json")
    assert [r["score"] for r in listed] == [5, 2, 7, 8, 9, 10]
    first = listed[1]
    assert first["comment"].startswith("The courier was late again") and first["language"] == "en"
    assert first["tone"] == {"label": "negative", "score": -0.6}
    assert first["themes"] == [{"name": "delivery", "tone": first["tone"]}]  # no tone of its own: the comment's
    assert first["tags"] == ["vip"]
    assert first["follow_up"]["status"] == "contacted" and first["follow_up"]["owner"] == "admin"
    assert listed[3]["tone"]["label"] == "neutral" and listed[3]["follow_up"] is None
    assert {r["response_id"] for r in listed} == set(range(1, 7))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "2026-02-01"], [5, 7, 8, 9]),
        (["--to", "2026-01-31"], [2, 10]),
        (["--where", "region=Poland"], [2, 9, 10]),
        (["--search", "dostaw"], [9]),
        (["--theme", "delivery"], [2, 9, 10]),
        (["--theme", "delivery", "--tone", "positive"], [9, 10]),
        (["--tone", "negative", "--tone", "neutral"], [5, 2, 7, 8]),
        (["--category", "promoter", "--where", "region=Poland"], [9, 10]),
    ],
)
def test_comments_narrow_by_period_segment_search_theme_tone_and_category(db, capsys, args, expected):
    assert [r["score"] for r in _json(capsys, "--db", db, "comments", "--json", *args)] == expected


def test_contact_details_are_masked_unless_an_analyst_or_admin_signs_in(db, capsys, monkeypatch):
    first = _json(capsys, "--db", db, "comments", "--json", "--category", "detractor")[1]["comment"]
    assert "600 100 200" not in first and "[phone hidden]" in first
    monkeypatch.setenv("NPS_USER", "vera")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse 2")
    assert "[phone hidden]" in _json(capsys, "--db", db, "comments", "--json", "--category", "detractor")[1]["comment"]
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse 1")
    assert "600 100 200" in _json(capsys, "--db", db, "comments", "--json", "--category", "detractor")[1]["comment"]
    monkeypatch.setenv("NPS_PASSWORD", "wrong")
    assert main(["--db", db, "comments"]) == 1
    assert "wrong username or password" in capsys.readouterr().err


def test_plain_output_is_one_line_per_response_without_terminal_control_codes(db, capsys):
    assert main(["--db", db, "comments", "--tone", "neutral"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.count("\t") == 7 for line in lines)
    assert "\x1b" not in "".join(lines) and "[31mred" in lines[0]


def test_an_unknown_theme_or_attribute_is_one_line_on_stderr(db, capsys):
    assert main(["--db", db, "comments", "--theme", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "known: delivery, price, support" in err
    assert main(["--db", db, "comments", "--where", "planet=Mars"]) == 1
    assert "known: region" in capsys.readouterr().err


def test_themes_json_gives_mentions_coverage_and_the_pages_impact_interval(db, engine, capsys):
    result = _json(capsys, "--db", db, "themes", "--json")
    assert (result["comments"], result["themed_comments"], result["coverage"]) == (6, 4, round(4 / 6, 4))
    by_name = {t["theme"]: t for t in result["themes"]}
    assert by_name["delivery"]["mentions"] == 3 and by_name["delivery"]["coverage"] == 0.5
    page = theme_stats(Filters(), engine=engine).set_index("theme")
    for name, row in by_name.items():
        assert row["impact"] == round(page.loc[name, "impact"], 2)
        assert row["impact_low"] == round(page.loc[name, "impact_low"], 2)
        assert row["impact_high"] == round(page.loc[name, "impact_high"], 2)
    poland = _json(capsys, "--db", db, "themes", "--json", "--where", "region=Poland")
    assert (poland["comments"], {t["theme"]: t["mentions"] for t in poland["themes"]}["delivery"]) == (3, 3)


def test_themes_suggest_groups_comments_no_theme_covers_with_a_name_size_share_and_masked_quotes(engine, capsys):
    texts = ["Parcel locker full again, call 600 100 200", "The parcel locker was full", "Parcel locker broken again"]
    add_responses(engine, [{"score": 2, "day": date(2026, 3, 1), "comment": t} for t in texts * 2])
    db = engine.url.render_as_string(hide_password=False)
    suggestions = _json(capsys, "--db", db, "themes", "suggest", "--json")
    assert sum(s["size"] for s in suggestions) == 6 and all(s["size"] >= 3 for s in suggestions)
    assert all(s["detractor_share"] == 1.0 and s["quotes"] and s["keywords"] for s in suggestions)
    assert not any("600 100 200" in q for s in suggestions for q in s["quotes"])


def test_comments_summary_counts_each_tone_and_quotes_collapse_duplicates(engine, capsys, monkeypatch):
    monkeypatch.delenv("NPS_USER", raising=False)
    texts = ["Delivery was late, call 600 100 200"] + ["Great service!"] * 3 + ["great service"] + ["0"] * 4
    add_responses(engine, [{"score": 9, "day": date(2026, 3, 1), "comment": t} for t in texts])
    with Session(engine) as session:
        for rid in range(1, len(texts) + 1):
            tone = -0.5 if rid == 1 else 0.0 if rid > 5 else 0.6
            session.execute(update(Response).where(Response.id == rid).values(language="en", sentiment=tone))
        session.commit()
    db = engine.url.render_as_string(hide_password=False)
    summary = _json(capsys, "--db", db, "comments", "--summary", "--json")
    tones = {g["tone"]: g for g in summary["tones"]}
    assert summary["comments"] == 9 and {t: g["comments"] for t, g in tones.items()} == {
        "negative": 1,
        "neutral": 4,
        "positive": 4,
    }
    assert [(q["identical"], q["stands_for"]) for q in tones["positive"]["quotes"]] == [(4, 4)]
    assert tones["neutral"]["quotes"] == []
    assert "[phone hidden]" in tones["negative"]["quotes"][0]["text"]
