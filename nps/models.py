"""Every table of the store, in one module.

Segment attributes are arbitrary export columns. Each survey gives each of its attribute names one of SEGMENT_SLOTS
plain text columns on `response` (see `SurveyAttribute`): slot k means one attribute in one survey and another in
the next, so the limit is SEGMENT_SLOTS per survey, not per store, and a filter or a group-by is an ordinary column
on SQLite and PostgreSQL alike, with no join and no JSON path. A survey's columns beyond its slots, and technical
noise (IP address, coordinates, durations), are kept verbatim in `response.extra` (JSON) but are not segments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

SEGMENT_SLOTS = 16
ROLES = ("viewer", "analyst", "admin")
FOLLOW_UP_STATUSES = ("new", "contacted", "resolved", "no action")


def utc_now() -> datetime:
    """Every datetime in the store is timezone-aware UTC (SQLModel's UTCDateTime refuses naive ones)."""
    return datetime.now(UTC)


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(max_length=200)
    email: str = Field(default="", max_length=320)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=16)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utc_now)
    failed_logins: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    """Consecutive wrong passwords; reset by a successful sign-in or a password reset."""
    locked_until: datetime | None = None
    sessions_valid_after: datetime | None = None
    """Sign-in cookies and sessions started before this moment are refused (sign-out, password or role change)."""
    must_change_password: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    """Set when an administrator chose the password: the user picks their own at the next sign-in."""
    language: str = Field(default="", max_length=8, sa_column_kwargs={"server_default": ""})
    """The interface language the user chose ("" = follow the browser)."""


class Survey(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    created_at: datetime = Field(default_factory=utc_now)
    mapping_json: str | None = Field(default=None, sa_column=Column(Text))
    """The last confirmed column mapping for this survey's files, reused on the next import."""


class ImportBatch(SQLModel, table=True):
    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    file_name: str = Field(max_length=500)
    sha256: str = Field(index=True, max_length=64)
    detected_format: str = Field(max_length=64)
    username: str = Field(max_length=64)
    imported_at: datetime = Field(default_factory=utc_now)
    rows_read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    excluded: int = 0
    report_json: str | None = Field(default=None, sa_column=Column(Text))
    """Rejected rows and notes as JSON, so the report can be downloaded again later."""


class Respondent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True, max_length=320)
    """Normalised customer id or e-mail: how two files recognise the same customer."""
    customer_id: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utc_now)


class SurveyAttribute(SQLModel, table=True):
    """A segment attribute of one survey and the `response.seg_N` (and `invitation.seg_N`) column holding its values
    in that survey's rows. The same name in several surveys is one attribute to the filters, whatever its slots."""

    __tablename__ = "survey_attribute"
    __table_args__ = (
        UniqueConstraint("survey_id", "slot", name="uq_survey_attribute_slot"),
        UniqueConstraint("survey_id", "name", name="uq_survey_attribute_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    name: str = Field(max_length=200)
    slot: int
    label: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    """What the interface shows instead of the name ("" = the name); set by an administrator."""
    hidden: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    """Left out of the filters and segment pickers (still imported, exported and erasable)."""
    created_by_batch: int | None = None
    """→ import_batch.id of the file that brought it (None for stores migrated from global slots)."""
    created_at: datetime = Field(default_factory=utc_now)


class Response(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("survey_id", "dedup_key", name="uq_response_survey_dedup"),
        Index("ix_response_day_score", "responded_on", "score", "survey_id").ddl_if(dialect="postgresql"),
        Index(
            "ix_response_day_segments",
            "responded_on",
            "score",
            "survey_id",
            *[f"seg_{slot}" for slot in range(1, SEGMENT_SLOTS + 1)],
        ).ddl_if(dialect="sqlite"),
        Index("ix_response_respondent_day", "respondent_id", "responded_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int
    """→ survey.id; like batch_id and respondent_id not a declared foreign key: only the import writer sets them
    and `store.delete_batch` removes responses first, and per-row checks cost most of a bulk import (migration 0006)."""
    batch_id: int
    """→ import_batch.id"""
    respondent_id: int | None = None
    """→ respondent.id"""
    external_id: str | None = Field(default=None, max_length=200)
    dedup_key: str = Field(max_length=200)
    """`id:<response id>` when the export has one, else `fp:<hash of respondent, time, score, comment>`."""
    responded_at: datetime
    responded_on: date
    """The UTC calendar day of `responded_at`, stored apart so period filters and group-bys use an index."""
    score: int
    comment: str | None = Field(default=None, sa_column=Column(Text))
    comment_length: int = 0
    language: str | None = Field(default=None, max_length=16)
    sentiment: float | None = None
    """−1…1 estimate from the offline sentiment model; None without a comment."""
    weight: float | None = None
    """The response's survey weight (an import column, or post-stratification shares); None counts as 1."""
    extra: str | None = Field(default=None, sa_column=Column(Text))
    """JSON of export columns kept but not used as segments (noise, overflow)."""
    seg_1: str | None = Field(default=None, max_length=200)
    seg_2: str | None = Field(default=None, max_length=200)
    seg_3: str | None = Field(default=None, max_length=200)
    seg_4: str | None = Field(default=None, max_length=200)
    seg_5: str | None = Field(default=None, max_length=200)
    seg_6: str | None = Field(default=None, max_length=200)
    seg_7: str | None = Field(default=None, max_length=200)
    seg_8: str | None = Field(default=None, max_length=200)
    seg_9: str | None = Field(default=None, max_length=200)
    seg_10: str | None = Field(default=None, max_length=200)
    seg_11: str | None = Field(default=None, max_length=200)
    seg_12: str | None = Field(default=None, max_length=200)
    seg_13: str | None = Field(default=None, max_length=200)
    seg_14: str | None = Field(default=None, max_length=200)
    seg_15: str | None = Field(default=None, max_length=200)
    seg_16: str | None = Field(default=None, max_length=200)


class ResponseDaily(SQLModel, table=True):
    """Responses per day, survey and value of one segment attribute, counted by score: the Overview's fast path.

    `slot` 0 (value "") counts every response; slot N counts by `response.seg_N`, "" standing for not set, for the
    surveys whose `survey_attribute` rows use slot N (a survey has no rows for a slot it does not use).
    Every writer of `response` keeps it in step inside its own transaction (see `nps.rollup`).
    """

    __tablename__ = "response_daily"
    __table_args__ = (Index("ix_response_daily_slot_day", "slot", "day"),)

    survey_id: int = Field(foreign_key="survey.id", primary_key=True)
    slot: int = Field(primary_key=True)
    value: str = Field(primary_key=True, max_length=200)
    day: date = Field(primary_key=True)
    score_0: int = 0
    score_1: int = 0
    score_2: int = 0
    score_3: int = 0
    score_4: int = 0
    score_5: int = 0
    score_6: int = 0
    score_7: int = 0
    score_8: int = 0
    score_9: int = 0
    score_10: int = 0
    comments: int = 0
    """Responses with a comment."""


class Theme(SQLModel, table=True):
    """A CX theme: a name plus keywords or phrases in any language (JSON list), and example phrases (JSON list)
    that match comments by meaning across languages."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    keywords_json: str = Field(sa_column=Column(Text, nullable=False))
    examples_json: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    updated_by: str = Field(default="", max_length=64)
    updated_at: datetime = Field(default_factory=utc_now)


class ResponseTheme(SQLModel, table=True):
    """Materialised theme matches, recomputed when themes change or comments arrive."""

    __tablename__ = "response_theme"
    __table_args__ = (Index("ix_response_theme_theme", "theme_id", "response_id"),)

    response_id: int = Field(foreign_key="response.id", primary_key=True)
    theme_id: int = Field(foreign_key="theme.id", primary_key=True)
    sentiment: float | None = None
    """The tone of the comment's sentences about this theme (NULL: read the comment's own tone)."""


class ResponseTag(SQLModel, table=True):
    __tablename__ = "response_tag"
    __table_args__ = (Index("ix_response_tag_tag", "tag", "response_id"),)

    response_id: int = Field(foreign_key="response.id", primary_key=True)
    tag: str = Field(primary_key=True, max_length=100)
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now)


class FollowUp(SQLModel, table=True):
    """Close-the-loop state of one response; its history lives in FollowUpEvent."""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", unique=True)
    status: str = Field(default="new", max_length=16, index=True)
    owner: str = Field(default="", max_length=64)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    due_on: date | None = None
    updated_by: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=utc_now)


class FollowUpEvent(SQLModel, table=True):
    __tablename__ = "follow_up_event"

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    field: str = Field(max_length=32)
    old_value: str | None = Field(default=None, sa_column=Column(Text))
    new_value: str | None = Field(default=None, sa_column=Column(Text))
    changed_by: str = Field(max_length=64)
    changed_at: datetime = Field(default_factory=utc_now)


class Benchmark(SQLModel, table=True):
    """A competitor or industry NPS with its provenance; counts when the source gives them."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16)
    """`competitor`, `industry` or `overall`."""
    industry: str = Field(default="", max_length=100)
    nps: float
    period: str = Field(default="", max_length=50)
    year: int | None = None
    source_title: str = Field(default="", max_length=500)
    source_url: str = Field(default="", max_length=1000)
    population: str = Field(default="", max_length=500)
    method: str = Field(default="", max_length=500)
    n: int | None = None
    promoters: int | None = None
    passives: int | None = None
    detractors: int | None = None
    created_by: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utc_now)


class AppSetting(SQLModel, table=True):
    """Small key/value facts of the installation: the data version, generated secrets."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(sa_column=Column(Text, nullable=False))


class OutboxMessage(SQLModel, table=True):
    """An e-mail or webhook call waiting to be delivered, delivered, or failed with its reason.

    Every message the product sends goes through here, so a failure is kept and retried instead of lost; a delivery
    run claims a message (status `sending`) before sending it, so two runs never send the same one.
    """

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    """`email` or `webhook`."""
    target: str = Field(sa_column=Column(Text, nullable=False))
    """Comma-separated addresses, or the webhook URL."""
    subject: str = Field(default="", max_length=500)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    """The whole RFC 5322 message for an e-mail; the JSON body for a webhook."""
    purpose: str = Field(default="", max_length=32)
    dedup_key: str | None = Field(default=None, unique=True, max_length=200)
    """Set for messages that must exist once, such as the digest of one period."""
    status: str = Field(default="pending", max_length=16, index=True)
    """`pending`, `sending`, `sent` or `failed` (failed ones are retried)."""
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_by: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utc_now)
    last_attempt_at: datetime | None = None
    sent_at: datetime | None = None


class InvitationSegments(SQLModel):
    """The segment slots of an invitation, the same per-survey attribute → `seg_N` mapping as `response`."""

    seg_1: str | None = Field(default=None, max_length=200)
    seg_2: str | None = Field(default=None, max_length=200)
    seg_3: str | None = Field(default=None, max_length=200)
    seg_4: str | None = Field(default=None, max_length=200)
    seg_5: str | None = Field(default=None, max_length=200)
    seg_6: str | None = Field(default=None, max_length=200)
    seg_7: str | None = Field(default=None, max_length=200)
    seg_8: str | None = Field(default=None, max_length=200)
    seg_9: str | None = Field(default=None, max_length=200)
    seg_10: str | None = Field(default=None, max_length=200)
    seg_11: str | None = Field(default=None, max_length=200)
    seg_12: str | None = Field(default=None, max_length=200)
    seg_13: str | None = Field(default=None, max_length=200)
    seg_14: str | None = Field(default=None, max_length=200)
    seg_15: str | None = Field(default=None, max_length=200)
    seg_16: str | None = Field(default=None, max_length=200)


class Invitation(InvitationSegments, table=True):
    """One survey invitation sent to one person (a profile shared with their responses).

    It counts as responded when that person answered the same survey within the response window after it was sent.
    """

    __table_args__ = (
        UniqueConstraint("survey_id", "respondent_id", "sent_at", name="uq_invitation_survey_person_sent"),
        Index("ix_invitation_survey_day", "survey_id", "sent_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id")
    batch_id: int = Field(foreign_key="import_batch.id", index=True)
    respondent_id: int = Field(foreign_key="respondent.id", index=True)
    sent_at: datetime
    sent_on: date
    respond_by: datetime
    """The end of the response window (sent_at + RESPONSE_WINDOW_DAYS), stored so matching is a plain comparison."""
    delivery: str = Field(default="delivered", max_length=16)
    """`delivered`, `bounced` or `unsubscribed`; only delivered invitations count towards the response rate."""


class AlertRule(SQLModel, table=True):
    """Which newly imported responses to announce, to whom, and whether to open follow-ups for them."""

    __tablename__ = "alert_rule"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    when_expr: str = Field(default="", max_length=500)
    """Score, category and tone terms, e.g. `detractor`, `score<=4`, `negative`, joined by `and`."""
    theme: str = Field(default="", max_length=100)
    where_json: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    """Segment conditions as JSON [[attribute, [values]], …]."""
    search: str = Field(default="", max_length=200)
    mail_to: str = Field(default="", sa_column=Column(Text, nullable=False))
    """Comma-separated addresses."""
    webhook_url: str = Field(default="", max_length=1000)
    create_follow_ups: bool = False
    follow_up_owner: str = Field(default="", max_length=64)
    active: bool = True
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now)


class AuditEvent(SQLModel, table=True):
    """Who did what, when, to how many rows: append-only (database triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_username", "username", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, index=True)
    username: str = Field(max_length=64)
    action: str = Field(max_length=64)
    target: str = Field(default="", max_length=200)
    affected: int = 0
    details: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    """JSON of what changed, never the content that was erased."""


class Goal(SQLModel, table=True):
    """A target NPS for the whole company, one survey, one segment (attribute = value) or a survey's segment."""

    __table_args__ = (UniqueConstraint("survey", "attribute", "value", name="uq_goal_scope"),)

    id: int | None = Field(default=None, primary_key=True)
    survey: str = Field(default="", max_length=200)
    """'' for every survey."""
    attribute: str = Field(default="", max_length=200)
    """'' for every segment; else the segment attribute whose `value` the goal is for."""
    value: str = Field(default="", max_length=200)
    target: float
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now)


class TrendEvent(SQLModel, table=True):
    """A dated event drawn on every trend ("price change", "app release"); its text is user input, shown inert."""

    __tablename__ = "trend_event"

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    text: str = Field(max_length=200)
    survey: str = Field(default="", max_length=200)
    """'' for an event that concerns every survey."""
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now)


class UserScope(SQLModel, table=True):
    """What one user may read: survey names and (attribute, allowed values) pairs, as JSON (see `nps.scope`).

    Kept by attribute name, not storage column, so it survives changes to how attribute values are stored.
    """

    __tablename__ = "user_scope"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    scope_json: str = Field(sa_column=Column(Text, nullable=False))
    updated_by: str = Field(default="", max_length=64)
    updated_at: datetime = Field(default_factory=utc_now)
