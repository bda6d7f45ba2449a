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

from sqlalchemy import Engine
from sqlmodel import Session

from nps import audit, backup, benchmarks, erasure, queries, retention, store, users
from nps.db import PROJECT_ROOT, make_engine, upgrade_schema
from nps.filters import PERIODS, Filters
from nps.importing.pipeline import ImportReport, import_file
from nps.importing.reader import FIELDS, ImportFileError
from nps.metrics import Counts, nps_with_interval
from nps.models import ROLES

DEMO_DIR = PROJECT_ROOT / "data" / "demo"


class CliError(Exception):
    """A failure explained in one line for the person at the terminal."""


def _engine(args: argparse.Namespace) -> Engine:
    engine = make_engine(args.db)
    upgrade_schema(engine)
    return engine


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
        if not sep or field not in FIELDS:
            raise CliError(f"--map takes FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}; got {pair!r}")
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
        f"{report.file} ({report.format}) into {report.survey!r}: {report.rows_read} rows read, "
        f"{verb} {report.imported}, {report.duplicates} duplicates, {report.rejected} rejected, "
        f"{report.excluded} excluded"
    )
    for note in report.notes:
        print(f"  note: {note}")
    for issue in report.errors[:50]:
        print(f"  row {issue.row}, column {issue.column!r}: {issue.reason}")
    if len(report.errors) > 50:
        print(f"  … and {len(report.errors) - 50} more rejected rows (use --json for all)")


def cmd_setup(args: argparse.Namespace) -> None:
    engine = _engine(args)
    print(f"schema up to date on {engine.url.render_as_string(hide_password=True)}")
    with Session(engine) as session:
        loaded = benchmarks.load_reference_into_empty_store(session=session)
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


def analyse_comments(engine: Engine, *, rematch: bool = False, out=sys.stdout) -> None:
    """Search copy, language, themes and sentiment for comments not yet analysed (a step after each import)."""
    from nps.analysis import analyse_pending, rematch_themes

    def progress(step: str, done: int, total: int) -> None:
        print(f"\r  {step}: {done:,} of {total:,}", end="", file=sys.stderr, flush=True)

    report = analyse_pending(engine=engine, progress=progress if sys.stderr.isatty() else None)
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
    survey = args.survey or path.stem
    mapping = _parse_mapping(args.map or [])
    if not mapping:
        mapping = store.survey_mapping(survey, engine=engine) or {}
    dayfirst = True if args.dayfirst else False if args.monthfirst else None
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
        )
    except ImportFileError as error:
        raise CliError(str(error)) from error
    _print_report(report, args.json)
    if report.imported and not report.dry_run:
        analyse_comments(engine, out=sys.stderr if args.json else sys.stdout)


def cmd_analyse(args: argparse.Namespace) -> None:
    engine = _engine(args)
    _authorise(args, "analyst", engine)
    analyse_comments(engine, rematch=args.rematch)


def _figures(counts: Counts) -> dict[str, object]:
    interval = nps_with_interval(counts)
    return {
        "n": counts.n,
        "promoters": counts.promoters,
        "passives": counts.passives,
        "detractors": counts.detractors,
        "nps": None if interval.nps is None else round(interval.nps, 2),
        "ci_low": None if interval.low is None else round(interval.low, 2),
        "ci_high": None if interval.high is None else round(interval.high, 2),
    }


def cmd_stats(args: argparse.Namespace) -> None:
    engine = _engine(args)
    filters = Filters(
        start=args.date_from,
        end=args.date_to,
        surveys=tuple(args.survey or ()),
        include=_parse_where(args.where or []),
        latest_per_respondent=args.latest,
    )
    try:
        result = _figures(queries.summary_counts(filters, engine=engine))
        if args.by:
            frame = queries.counts_by(filters, args.by, engine=engine)
            result["groups"] = [
                {"key": row.key, **_figures(Counts(row.promoters, row.passives, row.detractors))}
                for row in frame.itertuples()
            ]
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
    print(
        f"{label}: NPS {figures['nps']:+.1f} (95% CI {figures['ci_low']:+.1f} to {figures['ci_high']:+.1f}), "
        f"n={figures['n']} ({figures['promoters']} promoters, {figures['passives']} passives, "
        f"{figures['detractors']} detractors)"
    )


def shell_actor() -> str:
    """Who acted from the server's shell without an application login (for the audit trail)."""
    try:
        return f"shell:{getpass.getuser()}"
    except OSError:
        return "shell"


def cmd_users(args: argparse.Namespace) -> None:
    engine = _engine(args)
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
    engine = _engine(args)
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

    imp = commands.add_parser("import", help="import a survey export (analyst)")
    imp.add_argument("file")
    imp.add_argument("--survey", help="survey name (default: the file name)")
    imp.add_argument("--map", nargs="*", metavar="FIELD=COLUMN", help=f"fields: {', '.join(FIELDS)}")
    order = imp.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_true", help="read ambiguous dates as day/month")
    order.add_argument("--monthfirst", action="store_true", help="read ambiguous dates as month/day")
    imp.add_argument("--sheet", help="workbook sheet to read")
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

    demo = commands.add_parser("demo", help="regenerate the demo exports")
    demo.add_argument("--rows", type=int, default=6000)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--out", default=str(DEMO_DIR))
    demo.set_defaults(handler=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
