from datetime import date

import pytest
from sqlmodel import Session

from nps import counting, queries, store, users
from nps.filters import LANGUAGE_ATTRIBUTE, Filters
from nps.metrics import Counts
from tests.factories import add_responses

JAN, FEB, APR = date(2026, 1, 15), date(2026, 2, 10), date(2026, 4, 2)


def _seed(engine):
    add_responses(
        engine,
        [
            {"score": 10, "day": JAN, "region": "Poland", "plan": "Pro", "comment": "Świetna obsługa"},
            {"score": 9, "day": JAN, "region": "Poland", "plan": "Free"},
            {"score": 3, "day": FEB, "region": "Thailand", "plan": "Pro", "comment": "ส่งช้ามาก"},
            {"score": 7, "day": FEB, "region": "NA", "plan": "Pro"},
            {"score": 0, "day": APR, "region": "Thailand", "plan": "Free", "comment": "太贵了"},
        ],
    )


def test_the_data_version_grows_with_every_write(engine):
    before = store.data_version(engine=engine)
    _seed(engine)
    assert store.data_version(engine=engine) == before + 1
    _seed(engine)
    assert store.data_version(engine=engine) == before + 2


def test_summary_counts_are_aggregated_in_sql_with_filters(engine):
    _seed(engine)
    assert counting.summary_counts(Filters(), engine=engine) == Counts(promoters=2, passives=1, detractors=2)
    in_q1 = Filters(start=date(2026, 1, 1), end=date(2026, 3, 31))
    assert counting.summary_counts(in_q1, engine=engine).n == 4
    poland = Filters(include=(("region", ("Poland",)),))
    assert counting.summary_counts(poland, engine=engine) == Counts(promoters=2)
    not_thailand = Filters(exclude=(("region", ("Thailand",)),))
    assert counting.summary_counts(not_thailand, engine=engine).n == 3


def test_the_region_code_na_is_a_value_not_a_missing_one(engine):
    _seed(engine)
    assert counting.summary_counts(Filters(include=(("region", ("NA",)),)), engine=engine).n == 1


def test_end_dates_are_inclusive_calendar_days(engine):
    _seed(engine)
    assert counting.summary_counts(Filters(start=FEB, end=FEB), engine=engine).n == 2


def test_counts_by_month_and_quarter_start_on_the_first_day(engine):
    _seed(engine)
    months = counting.counts_by(Filters(), "month", engine=engine)
    assert months["key"].tolist() == ["2026-01-01", "2026-02-01", "2026-04-01"]
    assert months["n"].tolist() == [2, 2, 1]
    quarters = counting.counts_by(Filters(), "quarter", engine=engine)
    assert quarters["key"].tolist() == ["2026-01-01", "2026-04-01"]
    assert quarters["n"].tolist() == [4, 1]


def test_weeks_start_on_monday(engine):
    add_responses(engine, [{"score": 9, "day": date(2026, 3, 8)}, {"score": 9, "day": date(2026, 3, 9)}])
    weeks = counting.counts_by(Filters(), "week", engine=engine)
    assert weeks["key"].tolist() == ["2026-03-02", "2026-03-09"]


def test_counts_by_attribute_group_missing_values_as_not_set(engine):
    _seed(engine)
    add_responses(engine, [{"score": 5, "day": JAN}])
    by_region = counting.counts_by(Filters(), "region", engine=engine).set_index("key")
    assert by_region.loc["Thailand", "detractors"] == 2
    assert by_region.loc["(not set)", "n"] == 1
    assert counting.counts_by(Filters(), LANGUAGE_ATTRIBUTE, engine=engine)["n"].sum() == 6


def test_unknown_attributes_are_refused(engine):
    with pytest.raises(KeyError):
        counting.counts_by(Filters(), "shoe size", engine=engine)


def test_latest_per_respondent_keeps_only_each_respondents_newest_response(engine):
    with Session(engine) as session:
        from nps.models import Respondent

        person = Respondent(key="id:c1", customer_id="C1")
        session.add(person)
        session.commit()
        person_id = person.id
    add_responses(
        engine,
        [
            {"score": 0, "day": JAN, "respondent_id": person_id},
            {"score": 10, "day": FEB, "respondent_id": person_id},
            {"score": 8, "day": FEB},
        ],
    )
    latest = Filters(latest_per_respondent=True)
    assert counting.summary_counts(latest, engine=engine) == Counts(promoters=1, passives=1)
    assert counting.summary_counts(Filters(), engine=engine).n == 3


def test_score_distribution_lists_every_score(engine):
    _seed(engine)
    distribution = counting.score_distribution(Filters(), engine=engine)
    assert distribution["score"].tolist() == list(range(11))
    assert distribution["n"].sum() == 5
    assert distribution.set_index("score").loc[10, "n"] == 1


def test_comment_count_and_attribute_values(engine):
    _seed(engine)
    assert counting.comment_count(Filters(), engine=engine) == 3
    assert counting.attribute_values("region", engine=engine) == ["Poland", "Thailand", "NA"]
    assert queries.date_bounds(Filters(), engine=engine) == (JAN, APR)


def test_attribute_slots_are_stable_and_bounded_per_survey(engine):
    with Session(engine) as session:
        one = store.ensure_survey("One", session=session).id
        two = store.ensure_survey("Two", session=session).id
        first = store.assign_attribute_slots(one, ["region", "plan"], session=session).slots
        again = store.assign_attribute_slots(one, ["plan", "channel"], session=session).slots
        many = store.assign_attribute_slots(one, [f"col{i}" for i in range(30)], session=session)
        other = store.assign_attribute_slots(two, [f"col{i}" for i in range(16)], session=session)
        session.commit()
    assert again["plan"] == first["plan"]
    assert again["channel"] not in first.values()
    assert len(many.slots) == 16 - 3
    assert many.overflow == [f"col{i}" for i in range(13, 30)]
    assert len(other.slots) == 16 and not other.overflow


def test_users_are_created_with_a_bcrypt_hash_and_roles_are_checked(engine):
    with Session(engine) as session:
        users.create_user("Ada", "correct horse", "admin", session=session, name="Ada L")
        session.commit()
    listed = users.list_users(engine=engine)
    assert [u.username for u in listed] == ["ada"]
    assert listed[0].password_hash.startswith("$2")
    credentials = users.authenticator_credentials(engine=engine)
    assert credentials["usernames"]["ada"]["roles"] == ["admin"]
    with Session(engine) as session, pytest.raises(users.UserError):
        users.create_user("ada", "another one", "viewer", session=session)
    with Session(engine) as session, pytest.raises(users.UserError):
        users.create_user("bob", "short", "viewer", session=session)
    with Session(engine) as session, pytest.raises(users.UserError):
        users.set_role("ada", "viewer", session=session)


def test_a_deactivated_user_cannot_log_in_and_loses_its_role_at_once(engine):
    with Session(engine) as session:
        users.create_user("admin", "correct horse", "admin", session=session)
        users.create_user("vera", "correct horse", "viewer", session=session)
        session.commit()
        users.set_active("vera", False, session=session)
        session.commit()
    assert "vera" not in users.authenticator_credentials(engine=engine)["usernames"]
    assert users.current_role("vera", engine=engine) is None
    assert users.current_role("admin", engine=engine) == "admin"


def test_the_cookie_key_is_generated_once_and_kept(engine):
    first = store.cookie_key(engine=engine)
    assert len(first) >= 32
    assert store.cookie_key(engine=engine) == first


def test_role_order_lets_higher_roles_do_what_lower_ones_may():
    assert users.role_allows("admin", "analyst")
    assert users.role_allows("analyst", "viewer")
    assert not users.role_allows("viewer", "analyst")
    assert not users.role_allows(None, "viewer")


def test_five_wrong_passwords_lock_an_account_until_a_password_reset(engine):
    with Session(engine) as session:
        users.create_user("admin", "correct horse", "admin", session=session)
        users.create_user("vera", "correct horse", "viewer", session=session)
        session.commit()
    for _ in range(users.MAX_FAILED_LOGINS - 1):
        with Session(engine) as session:
            assert users.check_password("vera", "wrong one", session=session) is None
            session.commit()
    with Session(engine) as session:
        assert users.check_password("vera", "correct horse", session=session).username == "vera"
        session.commit()
    for _ in range(users.MAX_FAILED_LOGINS):
        with Session(engine) as session:
            users.check_password("vera", "wrong one", session=session)
            session.commit()
    with Session(engine) as session:
        assert users.check_password("vera", "correct horse", session=session) is None
        session.commit()
    locked_hash = users.authenticator_credentials(engine=engine)["usernames"]["vera"]["password"]
    assert locked_hash != users.list_users(engine=engine)[1].password_hash
    with Session(engine) as session:
        users.set_password("vera", "a new password", session=session)
        session.commit()
    with Session(engine) as session:
        assert users.check_password("vera", "a new password", session=session) is not None
