"""Invitation lists: one profile per person across lists and responses, and the response rate pandas computes."""

import random
from datetime import datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from nps import invitations, store
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.importing.reader import ImportFileError
from nps.models import ImportBatch, Invitation, Respondent

START = datetime(2026, 3, 2, 9)


def _files(tmp_path):
    """An invitation list (with bounces, unsubscribes, upper-case e-mails) and the survey export that followed."""
    rng = random.Random(13)
    invites, answers = [], []
    for person in range(240):
        email = f"person{person}@example.com"
        sent = START + timedelta(days=rng.randrange(0, 20), hours=rng.randrange(0, 8))
        status = rng.choices(["delivered", "bounced", "unsubscribed", ""], weights=[70, 12, 8, 10])[0]
        region = rng.choice(["EU", "US", "APAC"])
        invites.append(
            {
                "Email": email.upper() if person % 7 == 0 else email,
                "Name": f"P {person}",
                "Sent at": sent,
                "Delivery status": status,
                "Region": region,
            }
        )
        chance = {"EU": 0.6, "US": 0.3, "APAC": 0.45}[region]
        if status in ("delivered", "") and rng.random() < chance:
            lag = rng.choice([timedelta(hours=5), timedelta(days=3), timedelta(days=45), -timedelta(days=2)])
            answers.append(
                {
                    "response_id": f"R{person}",
                    "email": email,
                    "submitted_at": sent + lag,
                    "score": rng.randrange(0, 11),
                    "region": region,
                }
            )
    for stranger in range(15):
        answers.append(
            {
                "response_id": f"S{stranger}",
                "email": f"walkin{stranger}@example.com",
                "submitted_at": START + timedelta(days=3),
                "score": 9,
                "region": "EU",
            }
        )
    invite_frame, answer_frame = pd.DataFrame(invites), pd.DataFrame(answers)
    invite_path, answer_path = tmp_path / "invitations.csv", tmp_path / "responses.csv"
    invite_frame.assign(**{"Sent at": invite_frame["Sent at"].dt.strftime("%Y-%m-%d %H:%M")}).to_csv(
        invite_path, index=False
    )
    answer_frame.assign(submitted_at=answer_frame["submitted_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")).to_csv(
        answer_path, index=False
    )
    return invite_path, answer_path


def _pandas_rates(invite_path, answer_path) -> pd.DataFrame:
    invites = pd.read_csv(invite_path, keep_default_na=False, parse_dates=["Sent at"])
    answers = pd.read_csv(answer_path, keep_default_na=False)
    answers["submitted_at"] = pd.to_datetime(answers["submitted_at"]).dt.tz_localize(None)
    invites["email"] = invites["Email"].str.lower()
    invites["delivered"] = invites["Delivery status"].isin(["delivered", ""])
    merged = invites.merge(answers[["email", "submitted_at"]], on="email", how="left")
    merged["hit"] = (merged["submitted_at"] >= merged["Sent at"]) & (
        merged["submitted_at"] <= merged["Sent at"] + timedelta(days=invitations.RESPONSE_WINDOW_DAYS)
    )
    invites["responded"] = invites["email"].isin(merged.loc[merged["hit"], "email"]) & invites["delivered"]
    return invites


def test_the_response_rate_equals_what_pandas_computes_overall_and_per_segment(engine, tmp_path):
    invite_path, answer_path = _files(tmp_path)
    report = invitations.import_invitations(invite_path, engine=engine, survey="Relationship", username="ana")
    assert (report.imported, report.rejected) == (240, 0)
    import_file(answer_path, engine=engine, survey="Relationship", username="ana")
    expected = _pandas_rates(invite_path, answer_path)

    overall = invitations.response_rate_counts(Filters(), engine=engine).iloc[0]
    assert (overall["invited"], overall["delivered"], overall["responded"]) == (
        len(expected),
        int(expected["delivered"].sum()),
        int(expected["responded"].sum()),
    )
    by_region = invitations.response_rate_counts(Filters(), engine=engine, by="Region").set_index("key")
    wanted = expected.groupby("Region").agg(delivered=("delivered", "sum"), responded=("responded", "sum"))
    assert by_region[["delivered", "responded"]].astype(int).sort_index().equals(wanted.astype(int).sort_index())
    rates = invitations.with_rates(by_region.reset_index()).set_index("key")
    assert rates.loc["EU", "response_rate"] == pytest.approx(
        wanted.loc["EU", "responded"] / wanted.loc["EU", "delivered"]
    )


def test_a_person_is_one_profile_across_lists_and_responses_and_a_reimport_adds_nothing(engine, tmp_path):
    invite_path, answer_path = _files(tmp_path)
    import_file(answer_path, engine=engine, survey="Relationship", username="ana")
    with Session(engine) as session:
        before = session.execute(select(func.count()).select_from(Respondent)).scalar_one()
    first = invitations.import_invitations(invite_path, engine=engine, survey="Relationship", username="ana")
    again = invitations.import_invitations(invite_path, engine=engine, survey="Relationship", username="ana")
    with Session(engine) as session:
        after = session.execute(select(func.count()).select_from(Respondent)).scalar_one()
    answered = pd.read_csv(answer_path)["email"].str.startswith("person").sum()
    assert after - before == first.new_profiles == 240 - answered
    assert (again.imported, again.duplicates, again.new_profiles) == (0, 240, 0)


def test_bounced_and_unsubscribed_are_listed_and_bad_rows_are_reported(engine, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "Customer ID,Email,Sent,Status\n"
        "C1,a@example.com,2026-03-02,delivered\n"
        "C2,b@example.com,2026-03-02,bounced\n"
        "C3,,2026-03-02,unsubscribed\n"
        ",,2026-03-02,delivered\n"
        "C5,not-an-address,2026-03-02,delivered\n"
        "C6,f@example.com,yesterday-ish,delivered\n"
        "C7,g@example.com,2026-03-02,exploded\n"
    )
    report = invitations.import_invitations(path, engine=engine, survey="S", username="ana")
    assert (report.imported, report.rejected) == (3, 4)
    assert sorted(issue.row for issue in report.errors) == [5, 6, 7, 8]
    listed = invitations.undelivered(Filters(), engine=engine)
    assert sorted(listed["delivery"]) == ["bounced", "unsubscribed"]
    assert sorted(listed["customer_id"]) == ["C2", "C3"]


def test_a_list_without_a_person_or_a_date_column_is_refused(engine, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Name,Sent\nAna,2026-03-02\n")
    with pytest.raises(ImportFileError, match="e-mail or a customer id"):
        invitations.import_invitations(path, engine=engine, survey="S", username="ana")


def test_rolling_back_an_invitation_batch_removes_its_invitations_and_the_people_only_it_named(engine, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Email,Sent,Plan\na@example.com,2026-03-02,Pro\nb@example.com,2026-03-02,Free\n")
    invitations.import_invitations(path, engine=engine, survey="S", username="ana")
    with Session(engine) as session:
        batch_id = session.execute(select(ImportBatch.id)).scalar_one()
        store.delete_batch(batch_id, session=session)
        session.commit()
        assert session.execute(select(func.count()).select_from(Invitation)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(Respondent)).scalar_one() == 0
