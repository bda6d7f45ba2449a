"""Alert rules: after each import (and its comment analysis), one message per rule listing the new responses it matches.

A rule picks responses the way the comment explorer does (`nps.comments.CommentQuery` on the view's `Filters`):
score and category and tone terms (`--when`), a theme, segment values and a search text. Its message goes to
e-mail addresses and/or a webhook through the outbox; never one message per response. A rule can also open a
follow-up for each response it matches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select
from sqlmodel import Session

from nps import app_links, followups, outbox
from nps.comments import SENTIMENTS, CommentQuery, narrowed_responses
from nps.filters import LANGUAGE_ATTRIBUTE, Filters
from nps.i18n import DEFAULT, N_, TranslatableError, translations
from nps.metrics import Category, classify
from nps.models import AlertRule, FollowUp, ImportBatch, Survey, Theme, utc_now
from nps.store import attribute_slots
from nps.users import role_allows
from nps.wording import plural

MAX_LISTED = 50
"""Responses listed in one message; the rest are counted with a link to see them in the app."""
_SCORE_TERM = re.compile(r"^score\s*(<=|>=|<|>|=|==)\s*(\d{1,2})$")
_COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "=": lambda a, b: a == b,
    "==": lambda a, b: a == b,
}


class AlertError(TranslatableError):
    """A rule that cannot be saved or run; the message is for the person defining it."""


@dataclass(frozen=True)
class Condition:
    scores: tuple[int, ...]
    sentiments: tuple[str, ...]


def parse_when(expression: str) -> Condition:
    """`detractor`, `promoter and negative`, `score<=4`, `category=passive`, `tone=negative`: terms joined by `and`
    or commas; score terms narrow each other, alternatives inside one term are written with `|` (`passive|detractor`).
    """
    scores = set(range(11))
    sentiments: set[str] | None = None
    for term in re.split(r",|\band\b", expression.casefold()):
        term = term.strip().replace(" ", "")
        if not term:
            continue
        term = term.removeprefix("category=").removeprefix("tone=").removeprefix("sentiment=")
        matched = _SCORE_TERM.match(term)
        if matched:
            operator, bound = matched.group(1), int(matched.group(2))
            scores &= {s for s in range(11) if _COMPARE[operator](s, bound)}
            continue
        categories = {c.value for c in Category}
        words = [w.removesuffix("s") if w.removesuffix("s") in categories else w for w in term.split("|")]
        if all(w in categories for w in words):
            scores &= {s for s in range(11) if classify(s) in words}
        elif all(w in SENTIMENTS for w in words):
            sentiments = set(words) if sentiments is None else sentiments & set(words)
        else:
            raise AlertError(
                N_("Cannot read {term}: use detractor, passive, promoter, negative, neutral, positive or score<=N."),
                term=repr(term),
            )
    if not scores:
        raise AlertError(N_("No score satisfies {expression}."), expression=repr(expression))
    return Condition(tuple(sorted(scores)), tuple(sorted(sentiments or ())))


def _where(rule: AlertRule) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(values)) for name, values in json.loads(rule.where_json))


def _where_in_store(rule: AlertRule, *, engine: Engine) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """The rule's segment conditions under the store's spelling of each attribute (attributes are matched as
    imports match them: "Region" is the stored "region"); None while one is in no import yet, so nothing matches."""
    known = {" ".join(name.split()).casefold(): name for name in [*attribute_slots(engine=engine), LANGUAGE_ATTRIBUTE]}
    where = [(known.get(" ".join(name.split()).casefold()), values) for name, values in _where(rule)]
    if any(name is None for name, _ in where):
        return None
    return tuple((str(name), values) for name, values in where)


def _query(rule: AlertRule, *, session: Session) -> CommentQuery:
    condition = parse_when(rule.when_expr)
    theme_ids: tuple[int, ...] = ()
    if rule.theme:
        theme_id = session.execute(select(Theme.id).where(Theme.name == rule.theme)).scalar()
        if theme_id is None:
            raise AlertError(N_("There is no theme {name}."), name=repr(rule.theme))
        theme_ids = (theme_id,)
    return CommentQuery(
        scores=condition.scores if len(condition.scores) < 11 else (),
        sentiments=condition.sentiments,
        theme_ids=theme_ids,
        search=rule.search,
        with_comment=bool(condition.sentiments or theme_ids or rule.search),
    )


def add_rule(
    name: str,
    *,
    when: str,
    actor: str,
    role: str | None,
    session: Session,
    theme: str = "",
    where: Sequence[tuple[str, Sequence[str]]] = (),
    search: str = "",
    mail_to: Sequence[str] = (),
    webhook_url: str = "",
    create_follow_ups: bool = False,
    follow_up_owner: str = "",
) -> AlertRule:
    if not role_allows(role, "analyst"):
        raise PermissionError("Only analysts and admins may define alerts.")
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise AlertError(N_("An alert needs a name of 1–100 characters."))
    if session.execute(select(AlertRule.id).where(AlertRule.name == name)).first():
        raise AlertError(N_("There is already an alert named {name}."), name=repr(name))
    if not mail_to and not webhook_url:
        raise AlertError(N_("An alert needs e-mail addresses or a webhook URL to send to."))
    addresses = ", ".join(outbox.check_addresses(mail_to)) if mail_to else ""
    if webhook_url:
        webhook_url = outbox.check_webhook_url(webhook_url)
    if follow_up_owner:
        followups.check_owner(follow_up_owner, session=session)
    rule = AlertRule(
        name=name,
        when_expr=when.strip(),
        theme=theme.strip(),
        where_json=json.dumps([[attribute, list(values)] for attribute, values in where]),
        search=search.strip(),
        mail_to=addresses,
        webhook_url=webhook_url,
        create_follow_ups=create_follow_ups,
        follow_up_owner=follow_up_owner,
        created_by=actor,
    )
    _query(rule, session=session)
    session.add(rule)
    session.flush()
    return rule


def delete_rule(name: str, *, role: str | None, session: Session) -> None:
    if not role_allows(role, "analyst"):
        raise PermissionError("Only analysts and admins may remove alerts.")
    rule = session.execute(select(AlertRule).where(AlertRule.name == name)).scalar()
    if rule is None:
        raise AlertError(N_("There is no alert named {name}."), name=repr(name))
    session.delete(rule)


def list_rules(*, engine: Engine) -> list[AlertRule]:
    with Session(engine) as session:
        return list(session.execute(select(AlertRule).order_by(AlertRule.name)).scalars())


def describe(rule: AlertRule, lang: str = DEFAULT) -> str:
    """What the rule matches, in `lang` (its `when` expression, theme, segment values and search text are data)."""
    _ = translations(lang).gettext
    parts = [rule.when_expr or _("any response")]
    if rule.theme:
        parts.append(_("theme {theme}").format(theme=rule.theme))
    parts += [
        _("{attribute} in {values}").format(attribute=name, values=", ".join(values)) for name, values in _where(rule)
    ]
    if rule.search:
        parts.append(_("comment contains {text}").format(text=repr(rule.search)))
    return "; ".join(parts)


def matching_responses(rule: AlertRule, batch_ids: Sequence[int], *, engine: Engine) -> pd.DataFrame:
    """The responses of these import batches the rule picks: id, responded_at, score, survey, comment."""
    columns = ["id", "responded_at", "score", "survey", "comment"]
    with Session(engine) as session:
        query = _query(rule, session=session)
    where = _where_in_store(rule, engine=engine)
    if where is None:
        return pd.DataFrame(columns=columns)
    r, conditions = narrowed_responses(Filters(include=where), query, engine=engine)
    statement = (
        select(r.c.id, r.c.responded_at, r.c.score, Survey.name.label("survey"), r.c.comment)
        .join(Survey, Survey.id == r.c.survey_id)
        .where(r.c.batch_id.in_(batch_ids), *conditions)
        .order_by(r.c.score, r.c.id)
    )
    with engine.connect() as connection:
        result = connection.execute(statement)
        return pd.DataFrame(result.all(), columns=columns)


def _slack_escape(text: str) -> str:
    """Slack and Teams read `<…>` as links and mentions: comments are untrusted, so they are escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _message_text(rule: AlertRule, matches: pd.DataFrame, source: str, base: str) -> str:
    lines = [f"Alert {rule.name!r}: {plural(len(matches), 'new response')} from {source} match {describe(rule)}.", ""]
    for row in matches.head(MAX_LISTED).itertuples():
        comment = " ".join(str(row.comment or "(no comment)").split())[:300]
        lines.append(f"#{row.id} · score {row.score} · {row.survey} · {row.responded_at:%Y-%m-%d}: {comment}")
        lines.append(f"  {app_links.follow_up_link(base, int(row.id))}")
    if len(matches) > MAX_LISTED:
        lines.append(f"… and {len(matches) - MAX_LISTED} more: {base}/comments")
    return "\n".join(lines)


@dataclass(frozen=True)
class AlertOutcome:
    rule: str
    matched: int
    queued: int
    follow_ups: int


def _announce(rule: AlertRule, matches: pd.DataFrame, source: str, *, actor: str, session: Session, test: bool) -> int:
    base = app_links.base_url(session=session)
    text = _message_text(rule, matches, source, base)
    subject = f"{'Test: ' if test else ''}NPS alert {rule.name}: {plural(len(matches), 'new response')}"
    queued = 0
    if rule.mail_to:
        message = outbox.build_email(rule.mail_to.split(", "), subject, text)
        outbox.queue_email(message, purpose="alert", actor=actor, session=session)
        queued += 1
    if rule.webhook_url:
        body = {"text": f"*{_slack_escape(subject)}*\n{_slack_escape(text)}"}
        outbox.queue_webhook(rule.webhook_url, body, subject=subject, purpose="alert", actor=actor, session=session)
        queued += 1
    return queued


def _open_follow_ups(rule: AlertRule, ids: Sequence[int], *, actor: str, session: Session) -> int:
    started = set(session.execute(select(FollowUp.response_id).where(FollowUp.response_id.in_(ids))).scalars())  # type: ignore[attr-defined]
    opened = 0
    for response_id in ids:
        if response_id in started:
            continue
        followups.update_follow_up(
            response_id,
            actor=actor,
            role="analyst",
            session=session,
            status="new",
            owner=rule.follow_up_owner or None,
            notify=False,
        )
        opened += 1
    return opened


def evaluate_import(batch_ids: Sequence[int], *, engine: Engine, actor: str) -> list[AlertOutcome]:
    """Run every active rule on the responses of one import (its batches): one message per rule that matches."""
    if not batch_ids:
        return []
    outcomes = []
    with Session(engine) as session:
        files = session.execute(select(ImportBatch.file_name).where(ImportBatch.id.in_(batch_ids))).scalars()  # type: ignore[attr-defined]
        source = f"the import of {', '.join(sorted(set(files)))}"
        rules = list(session.execute(select(AlertRule).where(AlertRule.active).order_by(AlertRule.name)).scalars())
        for rule in rules:
            matches = matching_responses(rule, batch_ids, engine=engine)
            if matches.empty:
                outcomes.append(AlertOutcome(rule.name, 0, 0, 0))
                continue
            queued = _announce(rule, matches, source, actor=actor, session=session, test=False)
            opened = (
                _open_follow_ups(rule, [int(i) for i in matches["id"]], actor=actor, session=session)
                if rule.create_follow_ups
                else 0
            )
            outcomes.append(AlertOutcome(rule.name, len(matches), queued, opened))
        session.commit()
    return outcomes


def send_test(name: str, *, engine: Engine, actor: str, role: str | None) -> AlertOutcome:
    """Send the rule's message for the latest import, marked as a test; opens no follow-up."""
    if not role_allows(role, "analyst"):
        raise PermissionError("Only analysts and admins may test alerts.")
    with Session(engine) as session:
        rule = session.execute(select(AlertRule).where(AlertRule.name == name)).scalar()
        if rule is None:
            raise AlertError(N_("There is no alert named {name}."), name=repr(name))
        latest = session.execute(
            select(ImportBatch.id, ImportBatch.file_name)
            .where(ImportBatch.detected_format != "invitations")
            .order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())  # type: ignore[attr-defined]
            .limit(1)
        ).first()
        if latest is None:
            raise AlertError(N_("Nothing has been imported yet to test the alert on."))
        matches = matching_responses(rule, [latest.id], engine=engine)
        queued = 0
        if not matches.empty:
            source = f"the latest import ({latest.file_name}, {utc_now():%Y-%m-%d})"
            queued = _announce(rule, matches, source, actor=actor, session=session, test=True)
        outcome = AlertOutcome(rule.name, len(matches), queued, 0)
        session.commit()
    return outcome


def save_rule(name: str, *, engine: Engine, **fields: object) -> None:
    """`add_rule` as its own transaction (the Alerts page's unit of work)."""
    with Session(engine) as session, session.begin():
        add_rule(name, session=session, **fields)  # type: ignore[arg-type]


def remove_rule(name: str, *, role: str | None, engine: Engine) -> None:
    """`delete_rule` as its own transaction."""
    with Session(engine) as session, session.begin():
        delete_rule(name, role=role, session=session)
