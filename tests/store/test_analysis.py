"""The analysis step on stored demo comments: language, theme matches in every demo language, sentiment."""

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from nps import analysis
from nps.comments import CommentQuery, list_comments
from nps.demo import _VERBATIMS
from nps.filters import Filters
from nps.models import Response, ResponseTheme, Theme
from tests.factories import add_responses

DEMO_THEME_TO_SEED = {"quality": "product quality", "app": "app/website"}
SCORES = {"detractor": 2, "passive": 7, "promoter": 10}


def demo_rows() -> list[dict]:
    """Every demo verbatim once, with its language and intended theme kept in the region and plan columns."""
    rows = []
    for language, categories in _VERBATIMS.items():
        for category, themes in categories.items():
            for theme, texts in themes.items():
                for text in texts:
                    day = date(2026, 1, 1) + timedelta(days=len(rows) % 120)
                    rows.append(
                        {"score": SCORES[category], "day": day, "comment": text, "region": language, "plan": theme}
                    )
    return rows


@pytest.fixture(scope="module")
def analysed_sqlite(tmp_path_factory):
    from nps.db import make_engine, upgrade_schema

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('analysis') / 'nps.db'}")
    upgrade_schema(engine)
    add_responses(engine, [*demo_rows(), {"score": 8, "day": date(2026, 1, 1)}])
    report = analysis.analyse_pending(engine=engine)
    yield engine, report
    engine.dispose()


def stored(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(
            select(Response.id, Response.comment, Response.language, Response.sentiment, Response.seg_1, Response.seg_2)
        ).all()


def matched(engine) -> dict[int, set[str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(ResponseTheme.response_id, Theme.name).join(Theme, Theme.id == ResponseTheme.theme_id)
        ).all()
    result: dict[int, set[str]] = {}
    for response_id, name in rows:
        result.setdefault(response_id, set()).add(name)
    return result


def test_every_demo_comment_gets_its_language_detected(analysed_sqlite):
    engine, report = analysed_sqlite
    rows = [r for r in stored(engine) if r.comment]
    assert report.analysed == len(rows)
    wrong = [(r.comment, r.language) for r in rows if r.language != r.seg_1]
    assert not wrong


@pytest.mark.parametrize("language", ["en", "pl", "th", "ar", "zh"])
def test_themes_match_the_demo_comments_in_each_language(analysed_sqlite, language):
    engine, _ = analysed_sqlite
    themes = matched(engine)
    rows = [r for r in stored(engine) if r.seg_1 == language]
    themed = [r for r in rows if r.seg_2 != "none"]
    hits = sum(DEMO_THEME_TO_SEED.get(r.seg_2, r.seg_2) in themes.get(r.id, set()) for r in themed)
    assert hits / len(themed) >= 0.8, f"{language}: {hits}/{len(themed)}"
    false_alarms = [r.comment for r in rows if r.seg_2 == "none" and themes.get(r.id)]
    assert not false_alarms


@pytest.mark.parametrize(("text", "theme"), [("快递", "delivery"), ("จัดส่ง", "delivery"), ("dostaw", "delivery")])
def test_delivery_comments_are_themed_inside_unsegmented_and_inflected_text(analysed_sqlite, text, theme):
    engine, _ = analysed_sqlite
    themes = matched(engine)
    rows = [r for r in stored(engine) if r.comment and text in r.comment.lower()]
    assert rows
    assert all(theme in themes.get(r.id, set()) for r in rows)


def test_sentiment_is_stored_for_every_comment_and_leans_with_the_score(analysed_sqlite):
    engine, _ = analysed_sqlite
    with engine.connect() as connection:
        rows = connection.execute(select(Response.score, Response.sentiment, Response.comment_length)).all()
    assert all((s is None) == (length == 0) for _, s, length in rows)
    by_score = Counter()
    for score, sentiment, _ in rows:
        if sentiment is not None:
            by_score[score] += sentiment
    assert by_score[2] < 0 < by_score[10]


def test_a_second_run_finds_nothing_left_to_do(analysed_sqlite):
    engine, _ = analysed_sqlite
    assert analysis.count_pending(engine=engine) == 0
    again = analysis.analyse_pending(engine=engine)
    assert (again.indexed, again.analysed) == (0, 0)


def test_the_theme_dictionary_is_seeded_once_with_the_six_themes(analysed_sqlite):
    engine, _ = analysed_sqlite
    names = {name for name, _ in analysis.theme_dictionary(engine=engine).values()}
    assert names == {
        *("price", "support", "delivery", "product quality", "app/website", "billing"),
        *("place & atmosphere", "ease of use"),
    }
    with Session(engine) as session:
        assert analysis.seed_themes_if_empty(session=session) == 0


def test_analysis_makes_language_a_filter_of_the_explorer(analysed_sqlite):
    engine, _ = analysed_sqlite
    frame = list_comments(Filters(), CommentQuery(languages=("th",)), engine=engine, page_size=500)
    assert len(frame) == sum(1 for r in stored(engine) if r.seg_1 == "th")


def test_a_new_theme_is_matched_after_rematching_and_viewers_cannot_add_one(engine):
    add_responses(engine, [{"score": 3, "day": date(2026, 1, 1), "comment": "Der Gutschein war abgelaufen"}])
    analysis.analyse_pending(engine=engine)
    with Session(engine) as session, pytest.raises(PermissionError):
        analysis.save_theme("vouchers", ["gutschein"], username="vic", role="viewer", session=session)
    with Session(engine) as session:
        analysis.save_theme("vouchers", ["gutschein", "优惠券"], username="ana", role="analyst", session=session)
        session.commit()
    matches = analysis.rematch_themes(engine=engine)
    with engine.connect() as connection:
        names = connection.execute(select(Theme.name).join(ResponseTheme, ResponseTheme.theme_id == Theme.id)).all()
    assert ("vouchers",) in names and matches == len(names)
    with Session(engine) as session, pytest.raises(analysis.ThemeError):
        analysis.save_theme("vouchers", ["x"], username="ana", role="analyst", session=session)


def test_deleting_a_theme_removes_its_matches(engine):
    add_responses(engine, [{"score": 3, "day": date(2026, 1, 1), "comment": "Delivery was late"}])
    analysis.analyse_pending(engine=engine)
    delivery = next(i for i, (name, _) in analysis.theme_dictionary(engine=engine).items() if name == "delivery")
    with Session(engine) as session:
        analysis.delete_theme(delivery, role="admin", session=session)
        session.commit()
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(ResponseTheme)).scalar_one() == 0


def test_keywords_can_be_typed_one_per_line_or_with_any_comma():
    assert analysis.parse_keywords("price\nprices, cena，价格、السعر، ;x") == [
        "price",
        "prices",
        "cena",
        "价格",
        "السعر",
        "x",
    ]


def test_a_theme_defined_by_english_example_phrases_alone_finds_comments_in_other_languages(engine):
    comments = ["Kelner był niemiły i nas ignorował", "服务员态度很差，叫了半天没人理", "Lovely view from the terrace"]
    add_responses(engine, [{"score": 3, "day": date(2026, 1, 1), "comment": text} for text in comments])
    analysis.analyse_pending(engine=engine)
    for theme_id in analysis.theme_dictionary(engine=engine):
        analysis.change_themes(engine=engine, username="ana", role="analyst", delete_id=theme_id)
    analysis.change_themes(
        engine=engine,
        username="ana",
        role="analyst",
        save=("rude staff", [], None),
        examples=["the waiter was rude", "the staff ignored us"],
    )
    assert analysis.rematch_themes(engine=engine) == 2
    with engine.connect() as connection:
        themed = connection.execute(
            select(Response.comment).join(ResponseTheme, ResponseTheme.response_id == Response.id)
        ).scalars()
        assert sorted(themed) == sorted(comments[:2])


def test_example_phrases_are_kept_when_a_save_does_not_mention_them_and_a_theme_needs_keywords_or_examples(engine):
    with Session(engine) as session:
        theme = analysis.save_theme("waiting", [], username="ana", role="analyst", session=session, examples=["queue"])
        theme_id = theme.id
        analysis.save_theme("waiting", ["wait"], username="ana", role="analyst", session=session, theme_id=theme_id)
        session.commit()
    assert analysis.theme_examples(engine=engine) == {theme_id: ["queue"]}
    with Session(engine) as session, pytest.raises(analysis.ThemeError):
        analysis.save_theme("nothing", [" "], username="ana", role="analyst", session=session, examples=[""])
    with Session(engine) as session, pytest.raises(analysis.ThemeError):
        analysis.save_theme("long", [], username="ana", role="analyst", session=session, examples=["x" * 301])


def test_the_seed_themes_are_stored_with_their_example_phrases(analysed_sqlite):
    engine, _ = analysed_sqlite
    names = {theme_id: name for theme_id, (name, _) in analysis.theme_dictionary(engine=engine).items()}
    examples = {names[theme_id]: phrases for theme_id, phrases in analysis.theme_examples(engine=engine).items()}
    assert examples["delivery"] and all(examples[name] for name in names.values())


MIXED = "The delivery was two weeks late and nobody answered my emails. The price, though, is very good value."


def _theme_tones(engine) -> dict[str, float | None]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Theme.name, ResponseTheme.sentiment).join(ResponseTheme, ResponseTheme.theme_id == Theme.id)
        ).all()
    return dict(rows)


def test_one_comment_can_be_negative_about_one_theme_and_positive_about_another_after_analysis_and_rematch(
    engine,
):
    add_responses(engine, [{"score": 6, "day": date(2026, 1, 1), "comment": MIXED}])
    analysis.analyse_pending(engine=engine)
    analysed = _theme_tones(engine)
    assert analysed["delivery"] < 0 < 0.5 <= analysed["price"]
    analysis.rematch_themes(engine=engine)
    assert _theme_tones(engine) == pytest.approx(analysed, abs=1e-3)


def test_an_analysis_given_a_reader_reads_through_it_and_leaves_it_open(tmp_path):
    from nps.db import make_engine, upgrade_schema
    from nps.text.analyser import read_texts

    class CountingReader:
        def __init__(self) -> None:
            self.texts = 0
            self.closed = False

        def __call__(self, texts, meaning=None):
            self.texts += len(texts)
            return read_texts(texts, meaning)

        def close(self) -> None:
            self.closed = True

    engine = make_engine(f"sqlite:///{tmp_path / 'nps.db'}")
    upgrade_schema(engine)
    add_responses(engine, [{"score": 3, "day": date(2026, 1, 2), "comment": "Delivery was late again"}])
    reader = CountingReader()
    report = analysis.analyse_pending(engine=engine, reader=reader)  # type: ignore[arg-type]
    engine.dispose()
    assert report.analysed == 1 and reader.texts == 1 and not reader.closed
