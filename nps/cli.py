"""`python -m nps`: set-up, import, statistics, users and demo data from the command line.

Every write is done on behalf of a user whose role allows it (`--user`/NPS_USER with the password from
NPS_PASSWORD or a prompt), checked here as the app checks it. On failure: one line on stderr, exit 1,
nothing written.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from nps import (
    alerts,
    attributes,
    audit,
    backup,
    benchmarks,
    closed_loop,
    counting,
    digest,
    erasure,
    followups,
    goals,
    invitations,
    outbox,
    retention,
    scope,
    store,
    users,
    weighting,
)
from nps.db import PROJECT_ROOT, StoreUnavailable, open_store
from nps.figures import format_nps
from nps.filters import PERIODS, Filters
from nps.i18n import DEFAULT, LANGUAGES, translations
from nps.importing.date_window import EARLIEST, DateWindow, parse_day
from nps.importing.long_format import LONG_FIELDS
from nps.importing.pipeline import ImportReport, configured_window, import_file
from nps.importing.reader import FIELDS, MAX_BYTES, ImportFileError
from nps.metrics import Counts, nps_with_interval, share_with_interval
from nps.models import ROLES
from nps.periods import COMPARISONS, comparison_range
from nps.scope import Scope
from nps.wording import plural

if TYPE_CHECKING:
    from nps.text.analyser import SharedReader

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
CATEGORY_FIELDS = ("promoters", "passives", "detractors")


class CliError(Exception):
    """A failure explained in one line for the person at the terminal."""


def _engine(args: argparse.Namespace, *, create: bool = False) -> Engine:
    """The store, upgraded; only `setup` and `restore` pass `create` (a mistyped path must not leave an empty
    store behind a read)."""
    try:
        return open_store(args.db, create=create)
    except StoreUnavailable as error:
        raise CliError(str(error)) from error


def _authorise(args: argparse.Namespace, needed: str, engine: Engine) -> str:
    """Check the acting user's password and role; returns the username."""
    username = (args.user or os.environ.get("NPS_USER", "")).strip().lower()
    if not username:
        raise CliError(f"this command needs a user with the {needed} role: pass --user or set NPS_USER")
    password = os.environ.get("NPS_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CliError("set NPS_PASSWORD or run in a terminal to be asked for the password")
        password = getpass.getpass(f"Password for {username}: ")
    with Session(engine) as session:
        user = users.check_password(username, password, session=session)
        role = user.role if user else None
        session.commit()
    if role is None:
        raise CliError("wrong username or password, or the user is deactivated or locked")
    if not users.role_allows(role, needed):
        raise CliError(f"{username} is {role}; this command needs the {needed} role")
    return username


def _read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Repeat: ") != first:
            raise CliError("the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or field not in (*FIELDS, *LONG_FIELDS):
            raise CliError(
                f"--map takes FIELD=COLUMN with FIELD one of {', '.join((*FIELDS, *LONG_FIELDS))}; got {pair!r}"
            )
        mapping[field] = column
    return mapping


def _parse_where(pairs: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    grouped: dict[str, list[str]] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise CliError(f"--where takes ATTRIBUTE=VALUE; got {pair!r}")
        grouped.setdefault(name, []).append(value)
    return tuple((name, tuple(values)) for name, values in grouped.items())


def _print_report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return
    verb = "would import" if report.dry_run else "imported"
    print(
        f"{report.file} ({report.format}) into {report.survey!r}: {plural(report.rows_read, 'row')} read, "
        f"{verb} {plural(report.imported, 'response')}, {plural(report.duplicates, 'duplicate')}, "
        f"{report.rejected:,} rejected, {report.excluded:,} excluded"
    )
    for note in report.notes:
        print(f"  note: {note}")
    if report.in_other_surveys:
        found = plural(len(report.in_other_surveys), "row")
        if report.skipped_other_surveys:
            print(f"  warning: {found} already in another survey, skipped (--skip-other-surveys)")
        else:
            print(
                f"  warning: {found} already in another survey and imported again: they count twice in "
                "all-survey figures (--skip-other-surveys leaves them out)"
            )
    for title, issues in (("rejected", report.errors), ("duplicate", report.duplicate_rows)):
        for issue in issues[:50]:
            column = f", column {issue.column!r}" if issue.column else ""
            print(f"  {title}: row {issue.row}{column}: {issue.reason}")
        if len(issues) > 50:
            print(f"  … and {plural(len(issues) - 50, f'more {title} row')} (use --json for all)")


def cmd_setup(args: argparse.Namespace) -> None:
    engine = _engine(args, create=True)
    print(f"schema up to date on {engine.url.render_as_string(hide_password=True)}")
    loaded = benchmarks.load_reference_into_empty_store(engine=engine)
    if loaded:
        print(f"reference benchmarks: {loaded} loaded from {benchmarks.REFERENCE_CSV.name}")
    if args.demo and store.count_responses(engine=engine) == 0:
        load_demo(engine)


def load_demo(engine: Engine, directory: Path = DEMO_DIR) -> None:
    """Import the bundled demo exports, one survey per file."""
    from nps.demo import SURVEY_FILES

    for survey, file_name in SURVEY_FILES.items():
        report = import_file(directory / file_name, engine=engine, survey=survey, username="demo")
        print(f"demo: {file_name} → {survey!r}: {report.imported} responses")
    analyse_comments(engine)


EARLY_HELPER_BYTES = 5 * 1024 * 1024
"""An import of a file this large starts the analysis helper before importing: its model loading (≈ 2–3 s of
the other core) then overlaps the import instead of delaying the analysis."""


def analyse_comments(
    engine: Engine, *, rematch: bool = False, out=sys.stdout, reader: SharedReader | None = None
) -> None:
    """Search copy, language, themes and sentiment for comments not yet analysed (a step after each import)."""
    from nps.analysis import analyse_pending, rematch_themes

    def progress(step: str, done: int, total: int) -> None:
        print(f"\r  {step}: {done:,} of {total:,}", end="", file=sys.stderr, flush=True)

    report = analyse_pending(
        engine=engine, progress=progress if sys.stderr.isatty() else None, helpers=1, reader=reader
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"analysis: {report.analysed} comments analysed, {report.theme_matches} theme mentions", file=out)
    if rematch:
        print(f"themes re-matched: {rematch_themes(engine=engine)} theme mentions", file=out)


def cmd_import(args: argparse.Namespace) -> None:
    engine = _engine(args)
    username = _authorise(args, "analyst", engine)
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    survey = (args.survey if args.survey is not None else path.stem).strip()
    if not survey:
        raise CliError("--survey needs a name with at least one letter or digit, not only spaces")
    dayfirst = True if args.dayfirst else False if args.monthfirst else None
    if args.kind == "invitations":
        _import_invitations(path, survey, username, dayfirst, args.json, engine)
        return
    mapping = _parse_mapping(args.map or [])
    if not mapping:
        mapping = store.survey_mapping(survey, engine=engine) or {}
    if args.weight:
        mapping["weight"] = args.weight
    try:
        fixed_date = parse_day(args.date) if args.date else None
        window = DateWindow(earliest=parse_day(args.earliest)) if args.earliest else configured_window(engine=engine)
    except ValueError as error:
        raise CliError(f"{error}: --date and --earliest take YYYY-MM-DD") from error
    from nps.text.analyser import SharedReader

    reader = SharedReader(helpers=1)
    if not args.dry_run and path.stat().st_size >= EARLY_HELPER_BYTES:
        reader.start()  # the helper loads its models while the import runs
    try:
        report = import_file(
            path,
            engine=engine,
            survey=survey,
            username=username,
            mapping=mapping or None,
            dayfirst=dayfirst,
            sheet=args.sheet,
            dry_run=args.dry_run,
            fixed_date=fixed_date,
            date_window=window,
            skip_other_surveys=args.skip_other_surveys,
            max_bytes=args.max_mb * 1024 * 1024,
        )
    except ImportFileError as error:
        reader.close()
        raise CliError(str(error)) from error
    _print_report(report, args.json)
    try:
        if report.imported and not report.dry_run:
            out = sys.stderr if args.json else sys.stdout
            analyse_comments(engine, out=out, reader=reader)
            run_alerts([report.batch_id], engine, actor=username, out=out)  # type: ignore[list-item]
    finally:
        reader.close()


def run_alerts(batch_ids: list[int], engine: Engine, *, actor: str, out=None) -> None:
    """After an import and its analysis: one message per matching rule, delivered at once (failures stay queued)."""
    out = out or sys.stdout
    outcomes = alerts.evaluate_import(batch_ids, engine=engine, actor=actor)
    for outcome in outcomes:
        if outcome.matched:
            opened = f", {outcome.follow_ups} follow-ups opened" if outcome.follow_ups else ""
            matched, queued = plural(outcome.matched, "response"), plural(outcome.queued, "message")
            print(f"alert {outcome.rule!r}: {matched}, {queued}{opened}", file=out)
    if any(outcome.queued for outcome in outcomes):
        deliver_outbox(engine, out=out)


def _import_invitations(path: Path, survey: str, username: str, dayfirst: bool | None, as_json: bool, engine) -> None:
    try:
        report = invitations.import_invitations(
            path, engine=engine, survey=survey, username=username, dayfirst=dayfirst
        )
    except ImportFileError as error:
        raise CliError(str(error)) from error
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return
    print(
        f"{report.file} (invitations) into {report.survey!r}: {report.rows_read} rows read, imported "
        f"{report.imported}, {report.duplicates} duplicates, {report.rejected} rejected, "
        f"{report.new_profiles} new profiles"
    )
    for note in report.notes:
        print(f"  note: {note}")
    for issue in report.errors[:50]:
        print(f"  row {issue.row}, column {issue.column!r}: {issue.reason}")


def _rate_figures(row: pd.Series) -> dict[str, object]:
    """invited, delivered, responded and response_rate (responded ÷ delivered, 0–1) with its 95% interval."""
    rate = share_with_interval(int(row["responded"]), int(row["delivered"]))
    return {
        "invited": int(row["invited"]),
        "delivered": int(row["delivered"]),
        "responded": int(row["responded"]),
        "response_rate": None if rate.share is None else round(rate.share, 4),
        "response_rate_ci": None if rate.low is None else [round(rate.low, 4), round(rate.high, 4)],
    }


def cmd_analyse(args: argparse.Namespace) -> None:
    engine = _engine(args)
    _authorise(args, "analyst", engine)
    analyse_comments(engine, rematch=args.rematch)


def _figures(counts: Counts) -> dict[str, object]:
    """n and category counts (sums of weights when weighted), shares, NPS, interval; weighted: n_eff too."""
    interval = nps_with_interval(counts)
    shares = {name: (getattr(counts, name) / counts.n if counts.n else None) for name in CATEGORY_FIELDS}
    return {
        "weighted": counts.weighted,
        "n": round(counts.n, 4) if counts.weighted else counts.n,
        "n_eff": round(counts.n_eff, 2),
        **{
            name: round(getattr(counts, name), 4) if counts.weighted else getattr(counts, name)
            for name in CATEGORY_FIELDS
        },
        "shares": {name: None if share is None else round(share, 4) for name, share in shares.items()},
        "nps": None if interval.nps is None else round(interval.nps, 2),
        "ci_low": None if interval.low is None else round(interval.low, 2),
        "ci_high": None if interval.high is None else round(interval.high, 2),
    }


def cmd_stats(args: argparse.Namespace) -> None:
    engine = _engine(args)
    filters = _view(args, engine)
    try:
        result = _figures(counting.summary_counts(filters, engine=engine))
        if args.by:
            frame = counting.counts_by(filters, args.by, engine=engine)
            result["groups"] = [
                {"key": row.key, **_figures(counting.counts_from_row(row))} for row in frame.itertuples()
            ]
        rates = invitations.response_rate_counts(filters, engine=engine)
        if int(rates.iloc[0]["invited"]):
            result |= _rate_figures(rates.iloc[0])
            if args.by:
                by_key = {
                    row["key"]: row
                    for _, row in invitations.response_rate_counts(filters, engine=engine, by=args.by).iterrows()
                }
                for group in result.get("groups", []):  # type: ignore[attr-defined]
                    if group["key"] in by_key:
                        group |= _rate_figures(by_key[group["key"]])
    except KeyError as error:
        raise CliError(f"{error.args[0]}; known: {', '.join(store.attribute_slots(engine=engine))}") from error
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print_stats_line("all", result)
    for group in result.get("groups", []):  # type: ignore[attr-defined]
        _print_stats_line(str(group["key"]), group)


def _print_stats_line(label: str, figures: dict[str, object]) -> None:
    if figures["nps"] is None:
        print(f"{label}: no responses")
        return
    size = f"weighted, n_eff = {figures['n_eff']:,.1f}" if figures["weighted"] else f"n={figures['n']}"
    shares = figures["shares"]
    print(
        f"{label}: NPS {figures['nps']:+.1f} (95% CI {figures['ci_low']:+.1f} to {figures['ci_high']:+.1f}), "
        f"{size} ({figures['promoters']} promoters, {figures['passives']} passives, "
        f"{figures['detractors']} detractors)"
        if not figures["weighted"]
        else f"{label}: NPS {figures['nps']:+.1f} (95% CI {figures['ci_low']:+.1f} to {figures['ci_high']:+.1f}), "
        f"{size} ({shares['promoters']:.1%} promoters, {shares['passives']:.1%} passives, "  # type: ignore[index]
        f"{shares['detractors']:.1%} detractors)"  # type: ignore[index]
    )
    if figures.get("response_rate") is not None:
        low, high = figures["response_rate_ci"]  # type: ignore[misc]
        print(
            f"  response rate {figures['response_rate']:.1%} (95% CI {low:.1%} to {high:.1%}): "
            f"{figures['responded']} of {figures['delivered']} delivered ({figures['invited']} invited)"
        )


def shell_actor() -> str:
    """Who acted from the server's shell without an application login (for the audit trail)."""
    try:
        return f"shell:{getpass.getuser()}"
    except OSError:
        return "shell"


def cmd_users(args: argparse.Namespace) -> None:
    engine = _engine(args)
    if args.action == "scope":
        _set_scope(args, engine)
        return
    if args.action == "list":
        for user in users.list_users(engine=engine):
            state = "active" if user.active else "deactivated"
            print(f"{user.username}\t{user.role}\t{state}\t{user.name}\t{user.email}")
        return
    bootstrap = args.action == "add" and users.count_users(engine=engine) == 0
    if bootstrap and args.role != "admin":
        raise CliError("the first user must be an admin (--role admin)")
    if bootstrap:
        actor = ""
    elif args.action == "unlock":
        actor = shell_actor()  # whoever can run this shell against the store is trusted with it
    else:
        actor = _authorise(args, "admin", engine)
    with Session(engine) as session:
        try:
            if args.action == "add":
                password = _read_password(f"Password for {args.username}: ")
                name, email = args.name or "", args.email or ""
                if bootstrap:
                    users.create_first_admin(args.username, password, session=session, name=name, email=email)
                else:
                    users.create_user(
                        args.username, password, args.role, session=session, name=name, email=email, actor=actor
                    )
            elif args.action == "set-role":
                users.set_role(args.username, args.role, session=session, actor=actor)
            elif args.action == "set-password":
                users.set_password(args.username, _read_password("New password: "), session=session, actor=actor)
            elif args.action in ("deactivate", "activate"):
                users.set_active(args.username, args.action == "activate", session=session, actor=actor)
            elif args.action == "unlock":
                users.unlock(args.username, session=session, actor=actor)
        except users.UserError as error:
            raise CliError(str(error)) from error
        session.commit()
    print(f"{args.action}: {args.username}")


def cmd_batches(args: argparse.Namespace) -> None:
    engine = _engine(args)
    if args.action == "list":
        for batch in store.list_batches(engine=engine):
            print(
                f"{batch.id}\t{batch.imported_at:%Y-%m-%d %H:%M}\t{batch.username}\t{batch.file_name}\t"
                f"{batch.detected_format}\timported {batch.imported}\tduplicates {batch.duplicates}\t"
                f"rejected {batch.rejected}"
            )
        return
    actor = _authorise(args, "admin", engine)
    with Session(engine) as session:
        try:
            removed = store.delete_batch(args.batch_id, session=session, actor=actor)
        except LookupError as error:
            raise CliError(str(error)) from error
        session.commit()
    print(f"batch {args.batch_id} rolled back: {removed} responses removed")


def cmd_attributes(args: argparse.Namespace) -> None:
    engine = _engine(args)
    if args.action == "list":
        for info in attributes.list_attributes(engine=engine, surveys=args.survey or ()):
            state = "hidden" if info.hidden else "shown"
            slots = ",".join(f"seg_{slot}" for slot in info.slots)
            print(f"{info.name}\t{info.label or '-'}\t{state}\t{slots}\t{', '.join(info.surveys)}")
        return
    actor = _authorise(args, "admin", engine)
    survey = args.survey or None
    try:
        if args.action == "rename":
            changed = attributes.save_label(args.name, args.label, engine=engine, actor=actor, survey=survey)
            print(f"{args.name} shown as {args.label or args.name!r} in {changed} survey(s)")
        else:
            hidden = args.action == "hide"
            changed = attributes.save_hidden(args.name, hidden, engine=engine, actor=actor, survey=survey)
            print(f"{args.name} {'hidden' if hidden else 'shown'} in {changed} survey(s)")
    except (LookupError, ValueError) as error:
        raise CliError(str(error)) from error


def cmd_weights(args: argparse.Namespace) -> None:
    engine = _engine(args)
    if args.action == "show":
        print(json.dumps(weighting.current_weighting(engine=engine), ensure_ascii=False))
        return
    _authorise(args, "analyst", engine)
    if args.action == "clear":
        weighting.clear_weights(engine=engine)
        print("weights cleared: every response weighs 1")
        return
    try:
        if args.csv:
            path = Path(args.csv)
            if not path.is_file():
                raise CliError(f"no such file: {path}")
            shares = weighting.read_shares_csv(path.read_bytes())
        else:
            shares = weighting.parse_shares(args.shares)
        result = weighting.set_target_shares(args.attribute, shares, engine=engine)
    except weighting.WeightingError as error:
        raise CliError(str(error)) from error
    for value, weight in sorted(result.weights.items()):
        print(f"{value}: target share {result.shares[value]:.3f}, weight {weight:.4f}")


def _set_scope(args: argparse.Namespace, engine: Engine) -> None:
    actor = _authorise(args, "admin", engine)
    if args.clear == bool(args.survey or args.where):
        raise CliError("give --clear, or the --survey and/or --where the user is restricted to")
    try:
        wanted = Scope() if args.clear else Scope.of(args.survey or (), _parse_where(args.where or []))
        scope.save_scope(args.username, wanted, engine=engine, actor=actor)
    except (scope.ScopeError, users.UserError) as error:
        raise CliError(str(error)) from error
    print(f"{args.username} sees {wanted.describe()}")


def _user_scope(args: argparse.Namespace, engine: Engine) -> Scope:
    """The scope of the user named by --user/NPS_USER (none named: unrestricted). A read needs no password: a scope
    only narrows what is shown, and whoever runs this shell can read the store anyway."""
    username = (args.user or os.environ.get("NPS_USER", "")).strip().lower()
    if not username:
        return Scope()
    found = scope.user_scope(username, engine=engine)
    if found == scope.NOTHING:
        raise CliError(f"there is no active user {username!r}")
    return found


def _view(args: argparse.Namespace, engine: Engine) -> Filters:
    """The filters shared by the reading commands: --from, --to, --survey, --where (and --latest, --weighted),
    narrowed to the scope of the user named by --user/NPS_USER."""
    asked = Filters(
        start=getattr(args, "date_from", None),
        end=getattr(args, "date_to", None),
        surveys=tuple(args.survey or ()),
        include=_parse_where(args.where or []),
        latest_per_respondent=getattr(args, "latest", False),
        weighted=getattr(args, "weighted", False),
    )
    filters = scope.scoped(asked, _user_scope(args, engine))
    if scope.selects_nothing(filters) and not scope.selects_nothing(asked):
        raise CliError("the surveys or segment values asked for lie outside what this user may see")
    return filters


def cmd_alerts(args: argparse.Namespace) -> None:
    engine = _engine(args)
    if args.action == "list":
        for rule in alerts.list_rules(engine=engine):
            targets = ", ".join(t for t in (rule.mail_to, rule.webhook_url) if t)
            state = "" if rule.active else " (paused)"
            follow = " · opens follow-ups" if rule.create_follow_ups else ""
            print(f"{rule.name}{state}\t{alerts.describe(rule)}\t→ {targets}{follow}")
        return
    actor = _authorise(args, "analyst", engine)
    with Session(engine) as session:
        role = users.get_user(actor, session=session).role
    try:
        if args.action == "add":
            with Session(engine) as session:
                alerts.add_rule(
                    args.name,
                    when=args.when,
                    actor=actor,
                    role=role,
                    session=session,
                    theme=args.theme or "",
                    where=_parse_where(args.where or []),
                    search=args.search or "",
                    mail_to=args.mail_to or (),
                    webhook_url=args.webhook or "",
                    create_follow_ups=args.follow_ups,
                    follow_up_owner=args.owner or "",
                )
                session.commit()
            print(f"alert {args.name!r} added")
        elif args.action == "remove":
            with Session(engine) as session:
                alerts.delete_rule(args.name, role=role, session=session)
                session.commit()
            print(f"alert {args.name!r} removed")
        else:
            outcome = alerts.send_test(args.name, engine=engine, actor=actor, role=role)
            print(f"alert {outcome.rule!r} on the latest import: {outcome.matched} responses match")
            if outcome.queued and deliver_outbox(engine).failed:
                raise CliError("the test message could not be sent; it stays in the outbox")
    except (alerts.AlertError, outbox.OutboxError, followups.FollowUpError, PermissionError) as error:
        raise CliError(str(error)) from error


def _acting_role(actor: str, engine: Engine) -> str:
    with Session(engine) as session:
        return users.get_user(actor, session=session).role


def cmd_goals(args: argparse.Namespace) -> None:
    engine = _engine(args)
    if args.action == "list":
        for goal in goals.list_goals(engine=engine):
            print(f"{goal.id}\t{format_nps(goal.target)}\t{goal.scope()}")
        return
    actor = _authorise(args, "analyst", engine)
    role = _acting_role(actor, engine)
    try:
        if args.action == "set":
            where = _parse_where(args.where or [])
            if len(where) > 1 or any(len(values) > 1 for _, values in where):
                raise CliError("a goal is for one segment: pass --where ATTRIBUTE=VALUE once")
            attribute, values = where[0] if where else ("", ("",))
            goal = goals.save_goal(
                args.value,
                engine=engine,
                actor=actor,
                role=role,
                survey=args.survey or "",
                attribute=attribute,
                value=values[0],
            )
            print(f"goal {goal.id} set: {goal.label()}")
        else:
            goals.delete_goal(args.goal_id, engine=engine, actor=actor, role=role)
            print(f"goal {args.goal_id} removed")
    except (goals.GoalError, PermissionError) as error:
        raise CliError(str(error)) from error


def cmd_events(args: argparse.Namespace) -> None:
    engine = _engine(args)
    if args.action == "list":
        for event in goals.list_events(engine=engine):
            print(f"{event.id}\t{event.day.isoformat()}\t{event.survey or 'all surveys'}\t{event.text}")
        return
    actor = _authorise(args, "analyst", engine)
    role = _acting_role(actor, engine)
    try:
        if args.action == "add":
            event = goals.save_event(
                args.day, args.text, engine=engine, actor=actor, role=role, survey=args.survey or ""
            )
            print(f"event {event.id} added: {event.day.isoformat()} {event.text}")
        else:
            goals.delete_event(args.event_id, engine=engine, actor=actor, role=role)
            print(f"event {args.event_id} removed")
    except (goals.GoalError, PermissionError) as error:
        raise CliError(str(error)) from error


def _comparison_label(comparison: str, window: tuple[date, date] | None, lang: str) -> str | None:
    """'previous period of equal length (2026-01-01 to 2026-01-31)', in the report's language."""
    if window is None:
        return None
    _ = translations(lang).gettext
    labels = {
        "previous": _("previous period of equal length ({range})"),
        "last_year": _("same period last year ({range})"),
    }
    period = _("{start} to {end}").format(start=window[0], end=window[1])
    return labels[comparison].format(range=period) if comparison in labels else None


def cmd_report(args: argparse.Namespace) -> None:
    """A read like `stats`: no sign-in, so comments in it are masked as for a viewer."""
    from nps.report import report_file, view_report

    engine = _engine(args)
    filters = _view(args, engine)
    window = comparison_range(filters.start, filters.end, args.compare)
    comparison = filters.with_period(*window) if window else None
    try:
        report = view_report(
            filters,
            engine=engine,
            period=args.by,
            attribute=args.segment,
            comparison=comparison,
            comparison_label=_comparison_label(args.compare, window, args.lang),
            lang=args.lang,
        )
    except KeyError as error:
        raise CliError(f"{error.args[0]}; known: {', '.join(store.attribute_slots(engine=engine))}") from error
    Path(args.out).write_bytes(report_file(report, args.format))
    print(f"{args.format.upper()} report written to {args.out}")


def cmd_digest(args: argparse.Namespace) -> None:
    engine = _engine(args)
    actor = _authorise(args, "analyst", engine) if args.mail_to else None
    try:
        start, end = digest.parse_since(args.since, date.today() if args.today is None else args.today)
        view = Filters(start, end, tuple(args.survey or ()), _parse_where(args.where or []))
        view = scope.scoped(view, _user_scope(args, engine))
        if scope.selects_nothing(view):
            raise CliError("the surveys or segment values asked for lie outside what this user may see")
        built = digest.build_digest(view, engine=engine)
        if args.out:
            html_body, _, _ = digest.make_files(built, engine=engine, title=f"NPS digest {built.period}", inline=False)
            Path(args.out).write_text(html_body, encoding="utf-8")
            print(f"digest {built.period} written to {args.out}")
            return
        digest.queue_digest(built, args.mail_to, engine=engine, actor=actor or "", force=args.force)
    except KeyError as error:
        raise CliError(f"{error.args[0]}; known: {', '.join(store.attribute_slots(engine=engine))}") from error
    except (digest.DigestError, outbox.OutboxError) as error:
        raise CliError(str(error)) from error
    print(f"digest {built.period} queued for {', '.join(args.mail_to)}")
    if deliver_outbox(engine).failed:
        raise CliError("the digest could not be sent yet; it stays in the outbox and the next 'outbox send' retries")


def cmd_followups(args: argparse.Namespace) -> None:
    engine = _engine(args)
    filters = _view(args, engine)
    try:
        if args.action == "stats":
            figures = closed_loop.closed_loop_figures(filters, engine=engine)
            if args.json:
                print(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
                return
            share = figures.within_sla
            within = "–" if share.share is None else f"{share.share:.0%} ({share.low:.0%}–{share.high:.0%})"
            print(
                f"open {figures.open}, overdue {figures.overdue}, closed {figures.closed}, "
                f"closed within the {figures.sla_hours:g} h SLA {figures.closed_within_sla} = {within}, "
                f"median hours to first contact {figures.median_hours_to_first_contact}, "
                f"to close {figures.median_hours_to_close}"
            )
            return
        choice = closed_loop.QueueChoice(
            owner=args.owner,
            statuses=tuple(args.status or closed_loop.OPEN_STATUSES),
            overdue_only=args.overdue,
        )
        queue, total = closed_loop.follow_up_queue(filters, engine=engine, choice=choice, limit=args.limit)
    except KeyError as error:
        raise CliError(f"{error.args[0]}; known: {', '.join(store.attribute_slots(engine=engine))}") from error
    listed = queue[["response_id", "responded_at", "score", "survey", "status", "owner", "due_at", "overdue"]]
    if args.json:
        print(listed.to_json(orient="records", date_format="iso", force_ascii=False, indent=2))
        return
    for row in listed.itertuples():
        late = "\toverdue" if row.overdue else ""
        print(
            f"{row.response_id}\t{row.score}\t{row.survey}\t{row.status}\t{row.owner or '-'}\t"
            f"due {row.due_at:%Y-%m-%d %H:%M}{late}"
        )
    if total > len(listed):
        print(f"… {total - len(listed)} more (use --limit)")


def deliver_outbox(engine: Engine, *, out=None) -> outbox.DeliveryReport:
    """Send what waits in the outbox and say what happened (failures stay queued for the next run)."""
    out = out or sys.stdout
    report = outbox.deliver_pending(engine=engine)
    print(f"outbox: {report.sent} sent, {report.failed} failed", file=out)
    for reason in report.errors:
        print(f"  {reason}", file=out)
    return report


def cmd_outbox(args: argparse.Namespace) -> None:
    engine = _engine(args)
    if args.action == "list":
        _authorise(args, "admin", engine)
        rows = outbox.outbox_rows(engine=engine, statuses=args.status or ())
        if args.json:
            print(rows.to_json(orient="records", date_format="iso", force_ascii=False, indent=2))
            return
        for row in rows.itertuples():
            reason = f"\t{row.last_error}" if isinstance(row.last_error, str) and row.last_error else ""
            print(f"{row.id}\t{row.status}\t{row.channel}\t{row.target}\t{row.subject}{reason}")
        return
    actor = _authorise(args, "analyst" if args.action == "send" else "admin", engine)
    if args.action == "test":
        try:
            for address in args.to:
                outbox.queue_test_email(address, actor=actor, engine=engine)
        except outbox.OutboxError as error:
            raise CliError(str(error)) from error
    if deliver_outbox(engine).failed:
        raise CliError("some messages could not be sent; they stay in the outbox for the next run")


def cmd_audit(args: argparse.Namespace) -> None:
    engine = _engine(args)
    _authorise(args, "admin", engine)
    query = audit.AuditQuery(since=args.since, username=args.by_user, action=args.audit_action)
    events = audit.list_events(query, engine=engine)
    if args.json:
        rows = [
            {**row, "at": row["at"].isoformat(), "details": json.loads(row["details"])}
            for row in events.to_dict("records")
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in events.itertuples():
        print(f"{row.at:%Y-%m-%d %H:%M:%S}\t{row.username}\t{row.action}\t{row.target}\t{row.affected}\t{row.details}")


def cmd_respondents(args: argparse.Namespace) -> None:
    engine = _engine(args)
    actor = _authorise(args, "admin", engine)
    with Session(engine) as session:
        try:
            profiles, responses = erasure.erase_respondent(
                session=session, actor=actor, email=args.email, customer_id=args.customer
            )
        except erasure.ErasureError as error:
            raise CliError(str(error)) from error
        session.commit()
    report = erasure.ErasureReport(profiles, responses, erasure.scrub_files(engine=engine))
    if args.json:
        print(json.dumps(report.as_json(), indent=2))
        return
    print(f"erased {profiles} respondent profile(s): personal data and comments of {responses} responses removed")
    if not report.files_scrubbed:
        print("note: a reader kept SQLite from checkpointing; old pages stay in the WAL file until its next checkpoint")


def cmd_backup(args: argparse.Namespace) -> None:
    """A read of everything, trusted to whoever runs this shell against the store (as cron does); audited."""
    engine = _engine(args)
    with Session(engine) as session:
        audit.record("backup", actor=shell_actor(), session=session, target=Path(args.file).name)
        session.commit()
    try:
        backup.backup(engine, Path(args.file))
    except backup.BackupError as error:
        raise CliError(str(error)) from error
    print(f"backup written to {args.file}")


def cmd_restore(args: argparse.Namespace) -> None:
    engine = _engine(args, create=True)
    try:
        backup.restore(engine, Path(args.file))
    except backup.BackupError as error:
        raise CliError(str(error)) from error
    with Session(engine) as session:
        audit.record("restore", actor=shell_actor(), session=session, target=Path(args.file).name)
        session.commit()
    responses, accounts = store.count_responses(engine=engine), users.count_users(engine=engine)
    print(f"restored {args.file}: {responses} responses, {accounts} users")


def cmd_retention(args: argparse.Namespace) -> None:
    """Run by a timer as the server's user: trusted to the shell like backup, and audited."""
    engine = _engine(args)
    policy = retention.load_policy(engine=engine)
    result = retention.apply(policy, engine=engine, actor=shell_actor(), dry_run=args.dry_run)
    if args.json:
        print(json.dumps({**result.as_json(), "dry_run": args.dry_run}, indent=2))
        return
    if policy == retention.RetentionPolicy():
        print("no retention period is set (Admin page): nothing to do")
        return
    verb = "would" if args.dry_run else "did"
    print(
        f"retention {verb} erase comments and personal data of {result.comments_erased} responses "
        f"(before {result.comment_cutoff or '-'}), blank {result.profiles_erased} profiles and delete "
        f"{result.responses_deleted} responses (before {result.response_cutoff or '-'})"
    )


def cmd_demo(args: argparse.Namespace) -> None:
    from nps.demo import write_demo_files

    out = Path(args.out)
    for path in write_demo_files(out, rows=args.rows, seed=args.seed):
        print(f"wrote {path}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nps", description="Self-hosted NPS analytics.")
    parser.add_argument("--db", help="database URL (default: DATABASE_URL, else data/nps.db)")
    parser.add_argument("--user", help="act as this user (default: NPS_USER); password from NPS_PASSWORD")
    commands = parser.add_subparsers(dest="command", required=True)

    setup = commands.add_parser("setup", help="create or upgrade the schema")
    setup.add_argument("--demo", action="store_true", help="load the bundled demo data into an empty store")
    setup.set_defaults(handler=cmd_setup)

    imp = commands.add_parser("import", help="import a survey export or an invitation list (analyst)")
    imp.add_argument("file")
    imp.add_argument("--kind", choices=("responses", "invitations"), default="responses")
    imp.add_argument("--survey", help="survey name (default: the file name)")
    imp.add_argument("--map", nargs="*", metavar="FIELD=COLUMN", help=f"fields: {', '.join(FIELDS)}")
    order = imp.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_true", help="read ambiguous dates as day/month")
    order.add_argument("--monthfirst", action="store_true", help="read ambiguous dates as month/day")
    imp.add_argument("--sheet", help="workbook sheet to read")
    imp.add_argument("--weight", metavar="COLUMN", help="a numeric column holding each response's survey weight")
    imp.add_argument("--date", metavar="YYYY-MM-DD", help="one date for every row (a file without dates)")
    imp.add_argument(
        "--earliest",
        metavar="YYYY-MM-DD",
        help=f"reject rows dated before this (default: the admin setting, else {EARLIEST.isoformat()})",
    )
    imp.add_argument(
        "--skip-other-surveys", action="store_true", help="leave out rows already imported into another survey"
    )
    imp.add_argument(
        "--max-mb",
        type=int,
        default=MAX_BYTES // (1024 * 1024),
        help="refuse larger files (default: the upload limit); the file is read into memory whole",
    )
    imp.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_import)

    analyse = commands.add_parser("analyse", help="detect language, themes and tone of new comments (analyst)")
    analyse.add_argument("--rematch", action="store_true", help="also re-match every comment to the themes")
    analyse.set_defaults(handler=cmd_analyse)

    stats = commands.add_parser("stats", help="NPS with n and 95%% interval")
    stats.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="DATE")
    stats.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="DATE")
    stats.add_argument("--survey", action="append", help="survey name (repeatable)")
    stats.add_argument("--where", nargs="*", metavar="ATTRIBUTE=VALUE")
    stats.add_argument("--by", help=f"{' | '.join(PERIODS)} | ATTRIBUTE")
    stats.add_argument("--latest", action="store_true", help="each respondent's latest response only")
    stats.add_argument("--weighted", action="store_true", help="sum response weights; intervals use Kish's n_eff")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=cmd_stats)

    user_cmd = commands.add_parser("users", help="manage users (admin; the first admin needs no login)")
    user_actions = user_cmd.add_subparsers(dest="action", required=True)
    add = user_actions.add_parser("add", help="add a user; the password is read from stdin")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--name")
    add.add_argument("--email")
    user_actions.add_parser("list")
    set_role = user_actions.add_parser("set-role")
    set_role.add_argument("username")
    set_role.add_argument("--role", choices=ROLES, required=True)
    for action in ("set-password", "deactivate", "activate"):
        user_actions.add_parser(action).add_argument("username")
    restrict = user_actions.add_parser(
        "scope", help="restrict a viewer to surveys and/or segment values, or --clear the restriction (admin)"
    )
    restrict.add_argument("username")
    restrict.add_argument("--survey", action="extend", nargs="+", metavar="SURVEY", help="allowed survey(s)")
    restrict.add_argument(
        "--where", action="extend", nargs="+", metavar="ATTRIBUTE=VALUE", help="allowed value(s), e.g. region=Poland"
    )
    restrict.add_argument("--clear", action="store_true", help="the user sees everything again")
    user_actions.add_parser(
        "unlock", help="clear a lock caused by wrong passwords; needs only access to this server's shell (audited)"
    ).add_argument("username")
    user_cmd.set_defaults(handler=cmd_users)

    backup_cmd = commands.add_parser("backup", help="copy the whole store to FILE while the app runs")
    backup_cmd.add_argument("file")
    backup_cmd.set_defaults(handler=cmd_backup)
    restore_cmd = commands.add_parser("restore", help="restore a backup into an EMPTY store")
    restore_cmd.add_argument("file")
    restore_cmd.set_defaults(handler=cmd_restore)

    retention_cmd = commands.add_parser("retention", help="apply the retention periods set on the Admin page")
    retention_actions = retention_cmd.add_subparsers(dest="action", required=True)
    retention_apply = retention_actions.add_parser("apply")
    retention_apply.add_argument("--dry-run", action="store_true", help="report what would be removed")
    retention_apply.add_argument("--json", action="store_true")
    retention_cmd.set_defaults(handler=cmd_retention)

    respondents = commands.add_parser("respondents", help="erase one customer's personal data (admin)")
    respondent_actions = respondents.add_subparsers(dest="action", required=True)
    erase = respondent_actions.add_parser(
        "erase", help="remove name, e-mail, customer id and comments of one person; scores, dates, segments stay"
    )
    who = erase.add_mutually_exclusive_group(required=True)
    who.add_argument("--email")
    who.add_argument("--customer", metavar="ID")
    erase.add_argument("--json", action="store_true")
    respondents.set_defaults(handler=cmd_respondents)

    audit_cmd = commands.add_parser("audit", help="the audit trail (admin)")
    audit_actions = audit_cmd.add_subparsers(dest="action", required=True)
    audit_list = audit_actions.add_parser("list", help="events, newest first")
    audit_list.add_argument("--since", type=date.fromisoformat, metavar="DATE")
    audit_list.add_argument("--user", dest="by_user", metavar="USERNAME", help="only this user's actions")
    audit_list.add_argument("--action", dest="audit_action")
    audit_list.add_argument("--json", action="store_true")
    audit_cmd.set_defaults(handler=cmd_audit)

    batches = commands.add_parser("batches", help="list import batches or roll one back (admin)")
    batch_actions = batches.add_subparsers(dest="action", required=True)
    batch_actions.add_parser("list")
    batch_actions.add_parser("delete").add_argument("batch_id", type=int)
    batches.set_defaults(handler=cmd_batches)

    attribute_cmd = commands.add_parser(
        "attributes", help="segment attributes: list, or rename (display label), hide and show them (admin)"
    )
    attribute_actions = attribute_cmd.add_subparsers(dest="action", required=True)
    attribute_list = attribute_actions.add_parser("list", help="name, label, shown/hidden, slots, surveys")
    attribute_list.add_argument("--survey", action="append", help="only this survey's (repeatable)")
    rename = attribute_actions.add_parser("rename", help="show NAME as LABEL ('' shows the name again)")
    rename.add_argument("name")
    rename.add_argument("label")
    rename.add_argument("--survey", help="only in this survey (default: every survey that has it)")
    for action in ("hide", "show"):
        toggle = attribute_actions.add_parser(action, help=f"{action} NAME in the filters and segment pickers")
        toggle.add_argument("name")
        toggle.add_argument("--survey", help="only in this survey (default: every survey that has it)")
    attribute_cmd.set_defaults(handler=cmd_attributes)

    weights = commands.add_parser("weights", help="post-stratification weights from target shares (analyst)")
    weight_actions = weights.add_subparsers(dest="action", required=True)
    set_shares = weight_actions.add_parser("set", help="weight responses so ATTRIBUTE's shares match the targets")
    set_shares.add_argument("attribute")
    given = set_shares.add_mutually_exclusive_group(required=True)
    given.add_argument("--shares", help="VALUE=SHARE pairs, e.g. Poland=0.3,Germany=0.7")
    given.add_argument("--csv", help="a CSV file with a header, then VALUE,SHARE lines")
    weight_actions.add_parser("clear", help="every response weighs 1 again")
    weight_actions.add_parser("show", help="the target shares in use")
    weights.set_defaults(handler=cmd_weights)
    alert = commands.add_parser("alerts", help="rules that announce matching responses after each import")
    alert_actions = alert.add_subparsers(dest="action", required=True)
    alert_actions.add_parser("list")
    add_alert = alert_actions.add_parser("add", help="define a rule (analyst)")
    add_alert.add_argument("name")
    add_alert.add_argument("--when", required=True, help="e.g. detractor, 'score<=4', 'promoter and negative'")
    add_alert.add_argument("--theme")
    add_alert.add_argument("--where", nargs="*", metavar="ATTRIBUTE=VALUE")
    add_alert.add_argument("--search", metavar="TEXT", help="the comment contains this text")
    add_alert.add_argument("--mail-to", nargs="+", metavar="ADDR")
    add_alert.add_argument("--webhook", metavar="URL", help="Slack or Teams incoming webhook")
    add_alert.add_argument("--follow-ups", action="store_true", help="open a follow-up for each matching response")
    add_alert.add_argument("--owner", help="owner of those follow-ups (an analyst or admin)")
    alert_actions.add_parser("test", help="send the rule's message for the latest import").add_argument("name")
    alert_actions.add_parser("remove").add_argument("name")
    alert.set_defaults(handler=cmd_alerts)

    goal_cmd = commands.add_parser("goals", help="target NPS lines per survey or segment (set/remove: analyst)")
    goal_actions = goal_cmd.add_subparsers(dest="action", required=True)
    goal_actions.add_parser("list", help="id, target and scope of every goal")
    goal_set = goal_actions.add_parser("set", help="add the goal of a scope or change its target")
    goal_set.add_argument("value", type=float, help="target NPS, -100 to 100")
    goal_set.add_argument("--survey", help="only this survey (default: all surveys)")
    goal_set.add_argument("--where", nargs="*", metavar="ATTRIBUTE=VALUE", help="only this segment")
    goal_actions.add_parser("remove").add_argument("goal_id", type=int)
    goal_cmd.set_defaults(handler=cmd_goals)

    event_cmd = commands.add_parser("events", help="dated events drawn on every trend (add/remove: analyst)")
    event_actions = event_cmd.add_subparsers(dest="action", required=True)
    event_actions.add_parser("list", help="id, date, survey and text of every event")
    event_add = event_actions.add_parser("add", help="e.g. events add 2026-03-01 'Price change'")
    event_add.add_argument("day", type=date.fromisoformat, metavar="DATE")
    event_add.add_argument("text")
    event_add.add_argument("--survey", help="only this survey's trends (default: all)")
    event_actions.add_parser("remove").add_argument("event_id", type=int)
    event_cmd.set_defaults(handler=cmd_events)

    report = commands.add_parser("report", help="the view as a PDF report or PPTX slides, with goal and events")
    report.add_argument("--format", choices=("pdf", "pptx"), required=True)
    report.add_argument("--out", required=True, metavar="FILE")
    report.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="DATE")
    report.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="DATE")
    report.add_argument("--survey", action="append", help="survey name (repeatable)")
    report.add_argument("--where", nargs="*", metavar="ATTRIBUTE=VALUE")
    report.add_argument("--latest", action="store_true", help="each respondent's latest response only")
    report.add_argument("--weighted", action="store_true")
    report.add_argument("--by", choices=PERIODS, default="month", help="trend period (default month)")
    report.add_argument("--segment", metavar="ATTRIBUTE", help="compare the segments of this attribute")
    report.add_argument("--compare", choices=tuple(COMPARISONS), default="previous", help="needs --from and --to")
    report.add_argument("--lang", choices=tuple(LANGUAGES), default=DEFAULT, help="report language (default en)")
    report.set_defaults(handler=cmd_report)

    dig = commands.add_parser("digest", help="the periodic digest: by e-mail (analyst) or to an HTML file")
    dig.add_argument("--since", required=True, help="7d, 2w or 1m: the whole days before today")
    dig.add_argument("--survey", action="append", help="survey name (repeatable)")
    dig.add_argument("--where", nargs="*", metavar="ATTRIBUTE=VALUE")
    target = dig.add_mutually_exclusive_group(required=True)
    target.add_argument("--mail-to", nargs="+", metavar="ADDR")
    target.add_argument("--out", metavar="FILE.html")
    dig.add_argument("--force", action="store_true", help="send even if this period's digest already went")
    dig.add_argument("--as-of", dest="today", type=date.fromisoformat, metavar="DATE", help="count DATE as today")
    dig.set_defaults(handler=cmd_digest)

    work = commands.add_parser("followups", help="the follow-up queue, or its closed-loop figures ('followups stats')")
    work.add_argument("action", nargs="?", choices=("list", "stats"), default="list")
    work.add_argument("--owner", help="username; '' for unassigned")
    work.add_argument("--status", action="append", choices=closed_loop.QUEUE_STATUSES, help="repeatable; default open")
    work.add_argument("--overdue", action="store_true")
    work.add_argument("--survey", action="append", help="survey name (repeatable)")
    work.add_argument("--where", nargs="*", metavar="ATTRIBUTE=VALUE")
    work.add_argument("--limit", type=int, default=1000)
    work.add_argument("--json", action="store_true")
    work.set_defaults(handler=cmd_followups)

    mail = commands.add_parser("outbox", help="e-mails and webhook calls: list (admin), send what waits (analyst)")
    mail_actions = mail.add_subparsers(dest="action", required=True)
    listing = mail_actions.add_parser("list", help="newest first, with the reason of each failure")
    listing.add_argument("--status", action="append", choices=("pending", "sending", "sent", "failed"))
    listing.add_argument("--json", action="store_true")
    mail_actions.add_parser("send", help="deliver pending and failed messages (run it from cron)")
    mail_actions.add_parser("test", help="queue and send a test e-mail (admin)").add_argument("to", nargs="+")
    mail.set_defaults(handler=cmd_outbox)

    demo = commands.add_parser("demo", help="regenerate the demo exports")
    demo.add_argument("--rows", type=int, default=6000)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--out", default=str(DEMO_DIR))
    demo.set_defaults(handler=cmd_demo)
    from nps.cli_comments import add_commands  # imports this module: registered once it is loaded

    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except DBAPIError as error:  # the server went away mid-command: one line, not a driver traceback
        detail = str(error.orig or error).strip().splitlines() or ["no answer"]
        print(f"error: the database failed: {detail[0]}", file=sys.stderr)
        return 1
    return 0
