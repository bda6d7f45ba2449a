"""The comment explorer, theme statistics, respondents, profiles and the promoters list on both databases."""

from datetime import date

import pytest
from sqlalchemy import select, update
from sqlmodel import Session

from nps import analysis, comments, followups
from nps.comments import CommentQuery
from nps.filters import Filters
from nps.models import Respondent, ResponseTheme, Theme
from tests.factories import add_responses


@pytest.fixture
def store_with_people(engine):
    with Session(engine) as session:
        session.add(Respondent(key="anna", email="anna@example.com", name="Anna Nowak"))
        session.add(Respondent(key="ben", email=None, name="Ben"))
        session.commit()
    add_responses(
        engine,
        [
            {"score": 10, "day": date(2026, 1, 1), "comment": "Great delivery", "respondent_id": 1, "region": "PL"},
            {"score": 3, "day": date(2026, 2, 1), "comment": "Delivery late again!", "respondent_id": 1},
            {"score": 9, "day": date(2026, 1, 5), "comment": '=HYPERLINK("http://x")', "respondent_id": 2},
            {"score": 7, "day": date(2026, 1, 10), "comment": "ok"},
            {"score": 5, "day": date(2026, 1, 20)},
            {"score": 0, "day": date(2026, 1, 15), "comment": "Support never answered my three emails"},
        ],
    )
    analysis.analyse_pending(engine=engine)
    return engine


def ids(frame) -> list[int]:
    return [int(i) for i in frame["id"]]


def test_detractors_come_first_then_newest(store_with_people):
    frame = comments.list_comments(Filters(), CommentQuery(), engine=store_with_people)
    assert ids(frame) == [2, 6, 4, 3, 1]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("newest", [2, 6, 4, 3, 1]), ("score_low", [6, 2, 4, 3, 1]), ("longest", [6, 3, 2, 1, 4])],
)
def test_sorting_by_date_score_and_length(store_with_people, sort, expected):
    assert ids(comments.list_comments(Filters(), CommentQuery(sort=sort), engine=store_with_people)) == expected


def test_pages_do_not_overlap(store_with_people):
    pages = [
        ids(comments.list_comments(Filters(), CommentQuery(), engine=store_with_people, page=p, page_size=2))
        for p in range(3)
    ]
    assert pages == [[2, 6], [4, 3], [1]]


def test_filters_narrow_by_category_score_theme_follow_up_and_global_period(store_with_people):
    engine = store_with_people
    assert ids(comments.list_comments(Filters(), CommentQuery(categories=("promoter",)), engine=engine)) == [3, 1]
    assert ids(comments.list_comments(Filters(), CommentQuery(scores=(7,)), engine=engine)) == [4]
    delivery = next(i for i, (n, _) in analysis.theme_dictionary(engine=engine).items() if n == "delivery")
    assert ids(comments.list_comments(Filters(), CommentQuery(theme_ids=(delivery,)), engine=engine)) == [2, 1]
    january = Filters(start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert ids(comments.list_comments(january, CommentQuery(with_comment=False), engine=engine)) == [5, 6, 4, 3, 1]
    with Session(engine) as session:
        followups.update_follow_up(2, actor="ana", role="analyst", session=session, status="contacted")
        followups.add_tag(6, "vip", actor="ana", role="analyst", session=session)
        session.commit()
    assert ids(comments.list_comments(Filters(), CommentQuery(follow_up=("contacted",)), engine=engine)) == [2]
    assert 2 not in ids(comments.list_comments(Filters(), CommentQuery(follow_up=("none",)), engine=engine))
    assert ids(comments.list_comments(Filters(), CommentQuery(tags=("vip",)), engine=engine)) == [6]
    counts = comments.count_comments(Filters(), CommentQuery(), engine=engine)
    assert (counts.detractors, counts.passives, counts.promoters) == (2, 1, 2)


def test_a_card_carries_segments_themes_and_contact(store_with_people):
    frame = comments.comment_details([1], engine=store_with_people)
    row = frame.iloc[0]
    assert row["segments"] == {"region": "PL"}
    assert "delivery" in row["themes"]
    assert (row["name"], row["email"], row["category"]) == ("Anna Nowak", "anna@example.com", "promoter")


def test_theme_stats_give_mentions_by_category_and_impact(store_with_people):
    stats = comments.theme_stats(Filters(), engine=store_with_people).set_index("theme")
    delivery = stats.loc["delivery"]
    assert (delivery["mentions"], delivery["detractors"], delivery["promoters"]) == (2, 1, 1)
    assert delivery["detractor_share"] == pytest.approx(1 / 2)
    assert delivery["impact"] == pytest.approx(100 * (2 - 3) / 6 - (-25.0))
    assert delivery["impact_low"] < delivery["impact"] < delivery["impact_high"]


def test_theme_stats_count_the_tone_of_each_mention_of_the_theme_not_of_the_whole_comment(store_with_people):
    with Session(store_with_people) as session:
        delivery = session.execute(select(Theme.id).where(Theme.name == "delivery")).scalar_one()
        first, second = session.execute(
            select(ResponseTheme.response_id).where(ResponseTheme.theme_id == delivery)
        ).scalars()
        for response_id, tone in ((first, -0.6), (second, 0.05)):
            session.execute(
                update(ResponseTheme)
                .where(ResponseTheme.theme_id == delivery, ResponseTheme.response_id == response_id)
                .values(sentiment=tone)
            )
        session.commit()
    stats = comments.theme_stats(Filters(), engine=store_with_people).set_index("theme")
    assert stats.loc["delivery", "negative_share"] == pytest.approx(1 / 2)
    assert stats.loc["delivery", "positive_share"] == 0


def test_theme_trend_counts_mentions_per_month(store_with_people):
    trend = comments.theme_trend(Filters(), engine=store_with_people)
    delivery = trend[trend["theme"] == "delivery"]
    assert list(delivery["key"]) == ["2026-01-01", "2026-02-01"]
    assert list(delivery["mentions"]) == [1, 1]


def test_respondents_sort_by_latest_score_and_profile_lists_every_response(store_with_people):
    people = comments.list_respondents(Filters(), engine=store_with_people, sort="latest_score_low")
    assert list(people["respondent_id"]) == [1, 2]
    assert list(people["latest_score"]) == [3, 9]
    assert list(people["responses"]) == [2, 1]
    profile = comments.respondent_profile(1, Filters(), engine=store_with_people)
    assert list(profile.responses["score"]) == [10, 3]
    assert comments.respondent_profile(99, Filters(), engine=store_with_people) is None


def test_promoters_list_keeps_contactable_promoters_with_a_comment(store_with_people):
    promoters = comments.promoters_list(Filters(), engine=store_with_people)
    assert list(promoters["email"]) == ["anna@example.com"]
    assert list(promoters["comment"]) == ["Great delivery"]


def test_the_respondent_count_matches_the_list_under_the_filters(store_with_people):
    everyone = comments.count_respondents(Filters(), engine=store_with_people)
    assert everyone == len(comments.list_respondents(Filters(), engine=store_with_people)) == 2
    january_5 = Filters(date(2026, 1, 5), date(2026, 1, 5))
    assert comments.count_respondents(january_5, engine=store_with_people) == 1


@pytest.mark.parametrize(
    ("search", "expected"),
    [("nowak", [1]), ("ANNA@EXAMPLE", [1]), ("ben", [2]), ("C-77", [2]), ("%", []), ("nobody", [])],
)
def test_respondents_are_found_by_name_email_or_customer_id(store_with_people, search, expected):
    with Session(store_with_people) as session:
        ben = session.get(Respondent, 2)
        ben.customer_id = "C-77"
        session.add(ben)
        session.commit()
    found = comments.list_respondents(Filters(), engine=store_with_people, search=search)
    assert list(found["respondent_id"]) == expected
    assert comments.count_respondents(Filters(), engine=store_with_people, search=search) == len(expected)


def test_respondents_sort_by_name_and_by_number_of_responses(store_with_people):
    with Session(store_with_people) as session:
        anna = session.get(Respondent, 1)
        anna.name = "Zofia Nowak"
        session.add(anna)
        session.commit()
    by_name = comments.list_respondents(Filters(), engine=store_with_people, sort="name")
    assert list(by_name["name"]) == ["Ben", "Zofia Nowak"]
    by_responses = comments.list_respondents(Filters(), engine=store_with_people, sort="responses")
    assert list(by_responses["responses"]) == [2, 1]
    assert "customer_id" in by_name.columns
