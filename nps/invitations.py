"""Invitation lists: importing who was invited (and whether it reached them), and the response rate they give.

A list is a CSV or workbook as survey tools and CRMs export it: an e-mail and/or a customer id per row, a name, the
sent date, optionally the survey and the delivery status, and any other columns as segments. Each person is the same
profile as in the responses (`nps.importing.pipeline.respondent_keys`). An invitation counts as responded when the
person answered the same survey within RESPONSE_WINDOW_DAYS after it was sent; the response rate is responded ÷
delivered (bounced and unsubscribed invitations did not reach anyone).
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
from sqlalchemy import Engine, and_, case, func, insert, literal, select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from nps.counting import period_start, segment_column, segment_conditions
from nps.filters import PERIODS, Filters
from nps.i18n import N_, CountedText
from nps.importing.dates import choose_reading, date_evidence, parse_dates
from nps.importing.pipeline import respondent_keys
from nps.importing.reader import ImportFileError, RowIssue
from nps.metrics import Z_95, share_with_interval
from nps.models import SEGMENT_SLOTS, ImportBatch, Invitation, Respondent, Response, Survey
from nps.segment_slots import SlotMap
from nps.store import assign_attribute_slots, attribute_slots, bump_data_version, ensure_survey

RESPONSE_WINDOW_DAYS = 30
DELIVERY_STATUSES = ("delivered", "bounced", "unsubscribed")
DELIVERY_WORDS = {
    "": "delivered",
    "delivered": "delivered",
    "sent": "delivered",
    "opened": "delivered",
    "clicked": "delivered",
    "responded": "delivered",
    "bounced": "bounced",
    "bounce": "bounced",
    "hard bounce": "bounced",
    "soft bounce": "bounced",
    "failed": "bounced",
    "unsubscribed": "unsubscribed",
    "opted out": "unsubscribed",
    "unsubscribe": "unsubscribed",
}
FIELD_HEADERS = {
    "email": {"email", "emailaddress", "recipientemail", "recipient", "mail"},
    "customer_id": {"customerid", "customer", "personid", "contactid", "clientid", "externalid", "externalreference"},
    "name": {"name", "fullname", "recipientname", "customername", "contactname"},
    "sent": {"sent", "sentat", "sentdate", "senddate", "sendtime", "invitedat", "invitationdate", "invited", "date"},
    "survey": {"survey", "surveyname"},
    "delivery": {"status", "deliverystatus", "delivery", "emailstatus"},
}


@dataclass
class InvitationReport:
    file: str
    survey: str
    rows_read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    new_profiles: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    segments: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        result = asdict(self)
        result["kind"] = "invitations"
        return result


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def _read_table(data: bytes, file_name: str) -> pd.DataFrame:
    try:
        if file_name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            return pd.read_excel(io.BytesIO(data), engine="calamine", dtype=str).fillna("")
        return pd.read_csv(
            io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=None, engine="python"
        )
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise ImportFileError(
            N_("{file} could not be read as a CSV or Excel invitation list: {problem}"), file=file_name, problem=error
        ) from error


def _columns(table: pd.DataFrame) -> dict[str, str]:
    """Field → column by header name; the first matching column wins."""
    found: dict[str, str] = {}
    for column in table.columns:
        key = _header_key(str(column))
        for name, headers in FIELD_HEADERS.items():
            if name not in found and key in headers:
                found[name] = str(column)
                break
    if "email" not in found and "customer_id" not in found:
        raise ImportFileError(
            N_("An invitation list needs an e-mail or a customer id column (e.g. 'Email', 'Customer ID').")
        )
    if "sent" not in found:
        raise ImportFileError(
            N_("An invitation list needs the date each invitation was sent (e.g. a 'Sent at' column).")
        )
    return found


def _texts(values: pd.Series) -> pd.Series:
    return values.astype(str).str.strip()


def import_invitations(
    source: Path | bytes,
    *,
    engine: Engine,
    survey: str,
    username: str,
    file_name: str | None = None,
    dayfirst: bool | None = None,
) -> InvitationReport:
    """Import one list in one transaction; rows without a person or a readable date are reported, not imported.
    The same invitation (survey, person, sent time) imported again is a duplicate."""
    data = source.read_bytes() if isinstance(source, Path) else source
    file_name = file_name or (source.name if isinstance(source, Path) else "upload.csv")
    table = _read_table(data, file_name)
    columns = _columns(table)
    segments = [str(c) for c in table.columns if str(c) not in columns.values()]
    report = InvitationReport(file=file_name, survey=survey, rows_read=len(table), columns=columns, segments=segments)
    rows = pd.Series(range(2, len(table) + 2), index=table.index)
    emails = _texts(table[columns["email"]]) if "email" in columns else pd.Series("", index=table.index)
    customers = _texts(table[columns["customer_id"]]) if "customer_id" in columns else pd.Series("", index=table.index)
    names = _texts(table[columns["name"]]) if "name" in columns else pd.Series("", index=table.index)
    surveys = _texts(table[columns["survey"]]) if "survey" in columns else pd.Series("", index=table.index)
    surveys = surveys.where(surveys != "", survey)
    delivery_words = _texts(table[columns["delivery"]]).str.casefold() if "delivery" in columns else None
    deliveries = (
        delivery_words.map(DELIVERY_WORDS) if delivery_words is not None else pd.Series("delivered", index=table.index)
    )
    reading = choose_reading(date_evidence(table[columns["sent"]]), dayfirst=dayfirst)
    if reading is None:
        raise ImportFileError(N_("The column {column} does not hold dates."), column=repr(columns["sent"]))
    sent = parse_dates(table[columns["sent"]], reading)

    def reject(mask: pd.Series, column: str, reason: str) -> None:
        report.errors.extend(RowIssue(int(row), column, reason) for row in rows[mask])

    no_person = (emails == "") & (customers == "")
    bad_email = (emails != "") & ~emails.str.contains("@", regex=False)
    reject(no_person, columns.get("email", columns.get("customer_id", "")), "no e-mail and no customer id")
    reject(bad_email & ~no_person, columns.get("email", ""), "not an e-mail address")
    reject(sent.isna() & ~no_person & ~bad_email, columns["sent"], "no readable sent date")
    unknown = deliveries.isna()
    reject(
        unknown & sent.notna() & ~no_person & ~bad_email,
        columns.get("delivery", ""),
        f"delivery status is not one of {', '.join(DELIVERY_STATUSES)}",
    )
    valid = ~(no_person | bad_email | sent.isna() | unknown)
    report.rejected = len(report.errors)
    keys = respondent_keys(
        pa.array(customers.where(customers != "", None), type=pa.string()),
        pa.array(emails.where(emails != "", None), type=pa.string()),
    ).to_pylist()
    frame = pd.DataFrame(
        {
            "key": keys,
            "customer_id": customers,
            "email": emails,
            "name": names,
            "survey": surveys,
            "delivery": deliveries,
            "sent_at": sent.dt.tz_localize(UTC),
        }
    )[valid]
    with Session(engine) as session:
        profiles = _profiles(frame, session=session)
        report.new_profiles = profiles.pop(None, 0)  # type: ignore[call-overload]
        for survey_name, part in frame.groupby("survey", sort=True):
            survey_row = ensure_survey(str(survey_name), session=session)
            batch = ImportBatch(
                survey_id=survey_row.id,  # type: ignore[arg-type]
                file_name=file_name[:500],
                sha256=hashlib.sha256(data).hexdigest(),
                detected_format="invitations",
                username=username,
                rows_read=len(part),
            )
            session.add(batch)
            session.flush()
            assigned = assign_attribute_slots(survey_row.id, segments, session=session, batch_id=batch.id)  # type: ignore[arg-type]
            slots = assigned.slots
            if assigned.overflow:
                report.notes.append(
                    CountedText.ngettext(
                        "{count} columns not kept as segments: a survey has at most {slots} segment attributes and "
                        "“{survey}” uses all of them: {columns}",
                        "{count} columns not kept as segments: a survey has at most {slots} segment attributes and "
                        "“{survey}” uses all of them: {columns}",
                        len(assigned.overflow),
                        count=len(assigned.overflow),
                        slots=SEGMENT_SLOTS,
                        survey=survey_row.name,
                        columns=", ".join(assigned.overflow),
                    )
                )
            existing = set(
                session.execute(
                    select(Invitation.respondent_id, Invitation.sent_at).where(Invitation.survey_id == survey_row.id)
                ).all()
            )
            values = []
            for index, row in part.iterrows():
                respondent_id = profiles[row["key"]]
                sent_at = row["sent_at"].to_pydatetime()
                if (respondent_id, sent_at) in existing:
                    report.duplicates += 1
                    continue
                existing.add((respondent_id, sent_at))
                values.append(
                    {
                        "survey_id": survey_row.id,
                        "batch_id": batch.id,
                        "respondent_id": respondent_id,
                        "sent_at": sent_at,
                        "sent_on": sent_at.date(),
                        "respond_by": sent_at + timedelta(days=RESPONSE_WINDOW_DAYS),
                        "delivery": row["delivery"],
                        **{f"seg_{slot}": (table.at[index, name] or None) for name, slot in slots.items()},
                    }
                )
            if values:
                session.execute(insert(Invitation), values)
            batch.imported, batch.duplicates = len(values), len(part) - len(values)
            batch.rejected = report.rejected
            session.add(batch)
            report.imported += len(values)
        if report.imported:
            bump_data_version(session=session)
            session.commit()
    return report


def _profiles(frame: pd.DataFrame, *, session: Session) -> dict:
    """Profile id per key, creating the missing ones; the count of new profiles under the key None."""
    wanted = frame.drop_duplicates("key")
    known = dict(
        session.execute(select(Respondent.key, Respondent.id).where(Respondent.key.in_(wanted["key"].tolist()))).all()  # type: ignore[attr-defined]
    )
    created = 0
    for row in wanted.itertuples():
        if row.key in known:
            continue
        profile = Respondent(
            key=row.key, customer_id=row.customer_id or None, email=row.email or None, name=row.name or None
        )
        session.add(profile)
        session.flush()
        known[row.key] = profile.id
        created += 1
    return {**known, None: created}


def _conditions(filters: Filters, slots: SlotMap) -> list[ColumnElement[bool]]:
    """The view's period (by sent date), surveys and segments, applied to invitations."""
    conditions: list[ColumnElement[bool]] = []
    if filters.start:
        conditions.append(Invitation.sent_on >= filters.start)
    if filters.end:
        conditions.append(Invitation.sent_on <= filters.end)
    if filters.surveys:
        conditions.append(Invitation.survey_id.in_(select(Survey.id).where(Survey.name.in_(filters.surveys))))  # type: ignore[attr-defined]
    return conditions + segment_conditions(filters, slots, Invitation)


def _responded() -> ColumnElement[bool]:
    """The invitation's person answered its survey within the window after it was sent."""
    return (
        select(Response.id)
        .where(
            Response.respondent_id == Invitation.respondent_id,
            Response.survey_id == Invitation.survey_id,
            Response.responded_at >= Invitation.sent_at,
            Response.responded_at <= Invitation.respond_by,
        )
        .exists()
    )


RATE_COLUMNS = ["invited", "delivered", "responded"]


def response_rate_counts(filters: Filters, *, engine: Engine, by: str | None = None) -> pd.DataFrame:
    """invited, delivered and responded (delivered invitations answered), overall or per `by` (a segment attribute
    or a period: week, month, quarter of the sent date); a `key` column when grouped."""
    slots = attribute_slots(engine=engine)
    delivered = Invitation.delivery == "delivered"
    counts = [
        func.count().label("invited"),
        func.sum(case((delivered, 1), else_=0)).label("delivered"),
        func.sum(case((and_(delivered, _responded()), 1), else_=0)).label("responded"),
    ]
    where = and_(literal(True), *_conditions(filters, slots))
    if by is None:
        statement = select(*counts).where(where)
        columns = RATE_COLUMNS
    else:
        key = (
            period_start(Invitation.sent_on, by, engine.dialect.name)
            if by in PERIODS
            else segment_column(by, slots, Invitation)
        )
        statement = select(key.label("key"), *counts).where(where).group_by(key).order_by(key)
        columns = ["key", *RATE_COLUMNS]
    with engine.connect() as connection:
        frame = pd.DataFrame(connection.execute(statement).all(), columns=columns)
    frame[RATE_COLUMNS] = frame[RATE_COLUMNS].fillna(0).astype(int)
    return frame


def with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Adds response_rate (0–1) and its 95% Wilson interval to counts from `response_rate_counts`."""
    intervals = [
        share_with_interval(int(r), int(d)) for r, d in zip(counts["responded"], counts["delivered"], strict=True)
    ]
    return counts.assign(
        response_rate=[i.share for i in intervals],
        rate_low=[i.low for i in intervals],
        rate_high=[i.high for i in intervals],
    )


@dataclass(frozen=True)
class RateGap:
    """The segments with the highest and lowest response rate and whether their gap is beyond chance."""

    highest: str
    lowest: str
    difference: float
    significant: bool


def response_rate_gap(groups: pd.DataFrame, *, minimum_delivered: int = 30) -> RateGap | None:
    """Two-proportion z test between the highest and lowest rate, Bonferroni-corrected for every pair of segments;
    a significant gap means the NPS may be biased towards the segments that answer more."""
    usable = with_rates(groups[groups["delivered"] >= minimum_delivered])
    if len(usable) < 2:
        return None
    ordered = usable.sort_values("response_rate")
    low, high = ordered.iloc[0], ordered.iloc[-1]
    pooled = (low["responded"] + high["responded"]) / (low["delivered"] + high["delivered"])
    variance = pooled * (1 - pooled) * (1 / low["delivered"] + 1 / high["delivered"])
    difference = float(high["response_rate"] - low["response_rate"])
    if variance <= 0:
        return RateGap(str(high["key"]), str(low["key"]), difference, False)
    z = difference / math.sqrt(variance)
    pairs = len(usable) * (len(usable) - 1) / 2
    p_value = math.erfc(abs(z) / math.sqrt(2)) * pairs
    return RateGap(str(high["key"]), str(low["key"]), difference, p_value < 0.05 and abs(z) > Z_95)


def undelivered(filters: Filters, *, engine: Engine, limit: int = 5000) -> pd.DataFrame:
    """Bounced and unsubscribed invitations with the person's contact, newest first."""
    slots = attribute_slots(engine=engine)
    statement = (
        select(
            Invitation.delivery,
            Invitation.sent_at,
            Survey.name.label("survey"),
            Respondent.email,
            Respondent.customer_id,
            Respondent.name,
        )
        .join(Survey, Survey.id == Invitation.survey_id)
        .join(Respondent, Respondent.id == Invitation.respondent_id)
        .where(Invitation.delivery != "delivered", *_conditions(filters, slots))
        .order_by(Invitation.sent_at.desc())  # type: ignore[attr-defined]
        .limit(limit)
    )
    with engine.connect() as connection:
        result = connection.execute(statement)
        return pd.DataFrame(result.all(), columns=list(result.keys()))
