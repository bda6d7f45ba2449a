"""`python -m nps comments` and `python -m nps themes`: what customers wrote, its tone and themes, for scripts.

Reads only, through the same filtered responses as the pages. Contact details inside comments are masked as the
pages mask them for the acting user's role (`--user`, password from NPS_PASSWORD); without a user, as for a
viewer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date

import pandas as pd
from sqlalchemy import Engine, desc, literal, select
from sqlmodel import Session

from nps import comments, pii, users
from nps.cli import CliError, _authorise, _engine, _view
from nps.comment_summary import CommentSummary, summarise_comments
from nps.comments import CATEGORIES, SENTIMENTS, CommentQuery
from nps.counting import category_rank
from nps.models import Response
from nps.store import attribute_slots
from nps.text.sentiment import sentiment_label
from nps.text.summary import excerpt
from nps.theme_suggestions import suggest_themes

LIST_CHUNK = 1_000
"""Responses looked up in detail per query: every match is printed, a page at a time."""


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register `comments` and `themes` on the main parser's sub-commands."""
    listing = commands.add_parser(
        "comments", help="every matching response with its comment, language, tone, themes, tags and follow-up"
    )
    _add_view_arguments(listing)
    listing.add_argument("--search", metavar="TEXT", help="the comment contains this text (any language)")
    listing.add_argument("--theme", action="append", metavar="NAME", help="mentions this theme (repeatable: any)")
    listing.add_argument("--category", action="append", choices=CATEGORIES, help="score category (repeatable)")
    listing.add_argument("--tone", action="append", choices=SENTIMENTS, help="estimated tone (repeatable: any)")
    listing.add_argument("--summary", action="store_true", help="the most representative comments per tone instead")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_piped(cmd_comments))

    themes = commands.add_parser(
        "themes", help="themes with mentions, coverage and NPS impact; 'suggest': groups of comments no theme covers"
    )
    themes.add_argument("action", nargs="?", choices=("list", "suggest"), default="list")
    _add_view_arguments(themes)
    themes.add_argument("--json", action="store_true")
    themes.set_defaults(handler=_piped(cmd_themes))


def _piped(handler: Callable[[argparse.Namespace], None]) -> Callable[[argparse.Namespace], None]:
    """The handler, ending quietly when the reader of its output stops early (`| head`)."""

    def run(args: argparse.Namespace) -> None:
        try:
            handler(args)
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    return run


def _add_view_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="DATE")
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="DATE")
    parser.add_argument("--survey", action="append", help="survey name (repeatable)")
    parser.add_argument("--where", nargs="*", metavar="ATTRIBUTE=VALUE")


def reader_role(args: argparse.Namespace, engine: Engine) -> str | None:
    """The acting user's role when one is named (password checked), else None: masked as for a viewer."""
    if not (args.user or os.environ.get("NPS_USER", "")).strip():
        return None
    username = _authorise(args, "viewer", engine)
    with Session(engine) as session:
        return users.get_user(username, session=session).role


def _query(args: argparse.Namespace, engine: Engine) -> CommentQuery:
    by_name = {name: theme_id for theme_id, (name, _) in _themes(engine).items()}
    unknown = [name for name in args.theme or () if name not in by_name]
    if unknown:
        raise CliError(f"no theme called {unknown[0]!r}; known: {', '.join(sorted(by_name)) or 'none'}")
    return CommentQuery(
        theme_ids=tuple(by_name[name] for name in args.theme or ()),
        sentiments=tuple(args.tone or ()),
        categories=tuple(args.category or ()),
        search=(args.search or "").strip(),
    )


def _themes(engine: Engine) -> dict[int, tuple[str, list[str]]]:
    from nps.analysis import theme_dictionary

    return theme_dictionary(engine=engine)


def matching_responses(filters, query: CommentQuery, *, engine: Engine) -> Iterator[pd.DataFrame]:
    """Every response the view and query select, detractors first and newest first, LIST_CHUNK at a time."""
    r, conditions = comments.narrowed_responses(filters, query, engine=engine)
    statement = (
        select(r.c.id)
        .where(literal(True), *conditions)
        .order_by(category_rank(r.c.score), desc(r.c.responded_at), desc(r.c.id))
    )
    with engine.connect() as connection:
        ids = list(connection.execute(statement).scalars())
    slots = attribute_slots(engine=engine)
    for start in range(0, len(ids), LIST_CHUNK):
        chunk = ids[start : start + LIST_CHUNK]
        details = comments.comment_details(chunk, engine=engine, slots=slots)
        with engine.connect() as connection:
            found = select(Response.id, Response.external_id).where(Response.id.in_(chunk))  # type: ignore[union-attr]
            external = dict(connection.execute(found).all())
        yield details.assign(external_id=details["id"].map(external))


def _tone(score: float | None) -> dict[str, object] | None:
    label = sentiment_label(None if score is None or pd.isna(score) else float(score))
    return None if label is None else {"label": label, "score": round(float(score), 3)}  # type: ignore[arg-type]


def response_record(row: pd.Series, *, masked: bool) -> dict[str, object]:
    """One response as the command prints it; each theme with the tone of what the comment says about it."""
    tone = _tone(row["sentiment"])
    comment = row["comment"] if isinstance(row["comment"], str) else ""
    status = row["follow_up"] if isinstance(row["follow_up"], str) else None
    return {
        "response_id": int(row["id"]),
        "external_id": row["external_id"] if isinstance(row["external_id"], str) else None,
        "responded_at": comments.as_utc_text(row["responded_at"]),
        "survey": row["survey"],
        "score": int(row["score"]),
        "category": row["category"],
        "comment": pii.mask_contact_details(comment) if masked else comment,
        "language": row["language"] if isinstance(row["language"], str) else None,
        "tone": tone,
        "themes": [{"name": name, "tone": _tone(theme_tone)} for name, theme_tone in row["theme_tones"].items()],
        "tags": list(row["tags"]),
        "follow_up": None
        if status is None
        else {"status": status, "owner": row["owner"] or None, "due_on": comments.as_utc_text(row["due_on"]) or None},
    }


def _theme_text(theme: dict) -> str:
    tone = theme["tone"]
    return terminal_text(theme["name"]) + (f" ({tone['label']})" if tone else "")


def terminal_text(text: str) -> str:
    """One line without control characters: a comment cannot move the cursor or recolour the terminal."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text).strip()


def _line(record: dict) -> str:
    tone = record["tone"]
    follow_up = record["follow_up"]
    return "\t".join(
        [
            str(record["response_id"]),
            str(record["score"]),
            record["language"] or "-",
            f"{tone['label']} {tone['score']:+.2f}" if tone else "-",
            "themes: " + (", ".join(_theme_text(theme) for theme in record["themes"]) or "-"),
            "tags: " + (", ".join(terminal_text(t) for t in record["tags"]) or "-"),
            "follow-up: " + (follow_up["status"] if follow_up else "-"),
            terminal_text(record["comment"]),
        ]
    )


def cmd_comments(args: argparse.Namespace) -> None:
    engine = _engine(args)
    filters = _view(args, engine)
    masked = pii.comment_masking_for(reader_role(args, engine), engine=engine)
    query = _query(args, engine)
    try:
        if args.summary:
            _print_summary(summarise_comments(filters, query, engine=engine), masked, args.json)
            return
        chunks = matching_responses(filters, query, engine=engine)
        if args.json:
            records = [response_record(row, masked=masked) for chunk in chunks for _, row in chunk.iterrows()]
            print(json.dumps(records, ensure_ascii=False, indent=2))
            return
        for chunk in chunks:
            for _, row in chunk.iterrows():
                print(_line(response_record(row, masked=masked)))
    except KeyError as error:
        raise CliError(f"{error.args[0]}; known: {', '.join(attribute_slots(engine=engine))}") from error


def _print_summary(summary: CommentSummary, masked: bool, as_json: bool) -> None:
    shown = summary.masked() if masked else summary
    if as_json:
        print(json.dumps(shown.as_json(), ensure_ascii=False, indent=2))
        return
    sampled = f" (the newest {shown.read:,} read)" if shown.read < shown.comments else ""
    print(f"{shown.comments:,} comments{sampled}")
    for group in shown.tones:
        print(f"{group.tone}: {group.comments:,} comments")
        for quote in group.quotes:
            print(f"  {quote.stands_for:>6,}×  {terminal_text(excerpt(quote.text))}  (response {quote.response_id})")


def _theme_records(filters, engine: Engine) -> dict[str, object]:
    stats = comments.theme_stats(filters, engine=engine)
    everything = comments.count_comments(filters, CommentQuery(), engine=engine).n
    themed = comments.count_comments(filters, CommentQuery(theme_ids=tuple(_themes(engine))), engine=engine).n
    records = []
    for row in stats.itertuples():
        records.append(
            {
                "theme": row.theme,
                "mentions": int(row.mentions),
                "coverage": round(row.mentions / everything, 4) if everything else None,
                "detractors": int(row.detractors),
                "passives": int(row.passives),
                "promoters": int(row.promoters),
                "detractor_share": _rounded(row.detractor_share, 4),
                "theme_nps": _rounded(row.theme_nps, 2),
                "impact": _rounded(row.impact, 2),
                "impact_low": _rounded(row.impact_low, 2),
                "impact_high": _rounded(row.impact_high, 2),
                "significant": bool(row.significant),
                "negative_share": _rounded(row.negative_share, 4),
                "positive_share": _rounded(row.positive_share, 4),
            }
        )
    return {
        "comments": everything,
        "themed_comments": themed,
        "coverage": round(themed / everything, 4) if everything else None,
        "themes": records,
    }


def _rounded(value: object, digits: int) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), digits)  # type: ignore[arg-type]


def _print_suggestions(args: argparse.Namespace, engine: Engine, filters) -> None:
    """Discovered groups of comments no theme covers, each with a name, size, detractor share and quotes."""
    masked = pii.comment_masking_for(reader_role(args, engine), engine=engine)
    found = [
        {**theme.__dict__, "quotes": [pii.mask_contact_details(q) if masked else q for q in theme.quotes]}
        for theme in suggest_themes(filters, engine=engine)
    ]
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for theme in found:
        keywords = ", ".join(terminal_text(k) for k in theme["keywords"])
        print(
            f"{terminal_text(theme['name'])}\t{theme['size']} comments\t{theme['detractor_share']:.0%} from detractors"
        )
        print(f"  keywords: {keywords}")
        for quote in theme["quotes"]:
            print(f"  “{terminal_text(excerpt(quote, 160))}”")


def cmd_themes(args: argparse.Namespace) -> None:
    engine = _engine(args)
    filters = _view(args, engine)
    try:
        if args.action == "suggest":
            _print_suggestions(args, engine, filters)
            return
        result = _theme_records(filters, engine)
    except KeyError as error:
        raise CliError(f"{error.args[0]}; known: {', '.join(attribute_slots(engine=engine))}") from error
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    coverage = result["coverage"]
    print(
        f"{result['themed_comments']:,} of {result['comments']:,} comments mention a theme"
        + (f" ({coverage:.1%})" if coverage is not None else "")
    )
    for t in result["themes"]:  # type: ignore[attr-defined]
        impact = (
            "impact –"
            if t["impact"] is None
            else f"impact {t['impact']:+.2f} (95% CI {t['impact_low']:+.2f} to {t['impact_high']:+.2f})"
        )
        cover = "" if t["coverage"] is None else f" ({t['coverage']:.1%} of comments)"
        tone = (
            ""
            if t["negative_share"] is None
            else f"\t{t['negative_share']:.0%} negative, {t['positive_share']:.0%} positive about it"
        )
        print(f"{terminal_text(t['theme'])}\t{t['mentions']:,} mentions{cover}\t{impact}{tone}")
