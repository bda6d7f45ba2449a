"""Apply the offline text analytics to stored comments: search copy, language, theme matches, sentiment.

A separate step after an import, never inside the import's transaction: the sentiment model needs about
3 s per 10,000 comments. Each batch is its own transaction and marks its responses done (language set),
so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, Select, bindparam, delete, func, insert, select, text, update
from sqlmodel import Session

from nps import audit, search
from nps.claims import analysis_turn, claim, still_pending, take_writer_turn
from nps.i18n import N_, TranslatableError
from nps.models import Response, ResponseTheme, Theme, utc_now
from nps.store import bump_data_version
from nps.text import ANALYSED_CHARS
from nps.text.analyser import CommentAnalyser, SharedReader
from nps.text.language import UNKNOWN
from nps.text.themes import SEED_EXAMPLES, SEED_THEMES, ThemeMatcher
from nps.users import role_allows

ANALYSIS_BATCH = 2_000
MAX_EXAMPLE_CHARS = 300
"""An example phrase is a sentence, as the comments are compared sentence by sentence."""

Progress = Callable[[str, int, int], None]
"""Called with (step, done, total); step is "search", "analysis" or "themes"."""


@dataclass(frozen=True)
class AnalysisReport:
    indexed: int
    analysed: int
    theme_matches: int
    failed: int = 0
    """Comments the models could not analyse: marked done with language "unknown" so the others go on."""


def seed_themes_if_empty(*, session: Session, username: str = "system") -> int:
    """Fill the theme dictionary with the seed themes when it has none; returns how many were added."""
    take_writer_turn(session)
    if session.execute(select(func.count()).select_from(Theme)).scalar_one():
        return 0
    for name, keywords in SEED_THEMES.items():
        session.add(
            Theme(
                name=name,
                keywords_json=json.dumps(list(keywords), ensure_ascii=False),
                examples_json=json.dumps(SEED_EXAMPLES.get(name, []), ensure_ascii=False),
                updated_by=username,
            )
        )
    session.flush()
    return len(SEED_THEMES)


def theme_dictionary(*, engine: Engine) -> dict[int, tuple[str, list[str]]]:
    """Theme id → (name, keywords), in name order."""
    with Session(engine) as session:
        rows = session.execute(select(Theme.id, Theme.name, Theme.keywords_json).order_by(Theme.name)).all()
    return {theme_id: (name, json.loads(raw)) for theme_id, name, raw in rows}


def theme_examples(*, engine: Engine) -> dict[int, list[str]]:
    """Theme id → its example phrases (matched by meaning; empty for keyword-only themes)."""
    with Session(engine) as session:
        rows = session.execute(select(Theme.id, Theme.examples_json)).all()
    return {theme_id: json.loads(raw or "[]") for theme_id, raw in rows}


def theme_matcher(*, engine: Engine) -> tuple[ThemeMatcher, dict[str, int]]:
    """The stored dictionary as a matcher (keywords and example phrases) and theme name → id."""
    themes = theme_dictionary(engine=engine)
    examples = theme_examples(engine=engine)
    matcher = ThemeMatcher(
        {name: keywords for name, keywords in themes.values()},
        examples={name: examples.get(theme_id, []) for theme_id, (name, _) in themes.items()},
    )
    return matcher, {name: theme_id for theme_id, (name, _) in themes.items()}


REMATCH_MEMO_TEXTS = 200_000
"""Distinct comments whose themes by meaning a re-match remembers across batches before starting afresh."""


def _theme_rows(
    ids: Sequence[int],
    texts: Sequence[str],
    languages: Sequence[str | None],
    tones: Sequence[float | None],
    matcher: ThemeMatcher,
    by_name: dict,
    memo: dict,
) -> list[dict[str, int | float | None]]:
    """Theme matches with each theme's tone in the comment (`tones`: the comments' own, as stored)."""
    if len(memo) > REMATCH_MEMO_TEXTS:
        memo.clear()
    languages = [None if lang == UNKNOWN else lang for lang in languages]
    matches = matcher.match_all_with_tones(texts, languages, tones, memo)
    return [
        {"response_id": rid, "theme_id": by_name[name], "sentiment": tone}
        for rid, found in zip(ids, matches, strict=True)
        for name, tone in found.items()
    ]


def _pending() -> Select:
    """Comments not analysed yet, each cut to the ANALYSED_CHARS the models read (in SQL: a 21 MB comment stays put)."""
    prefix = func.substr(Response.comment, 1, ANALYSED_CHARS)
    return select(Response.id, prefix, Response.survey_id).where(
        Response.comment_length > 0, Response.language.is_(None)
    )


def count_pending(*, engine: Engine) -> int:
    """Responses with a comment that the analysis has not yet seen."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(_pending().subquery())).scalar_one())


def _store_results(session: Session, values: list[dict], theme_rows: list[dict[str, int | float | None]]) -> None:
    """Language and tone of the batch's responses and their theme matches, in a few statements per batch."""
    ids = [value["rid"] for value in values]
    session.execute(delete(ResponseTheme).where(ResponseTheme.response_id.in_(ids)))  # type: ignore[attr-defined]
    if session.connection().dialect.name != "postgresql":
        if theme_rows:
            session.execute(insert(ResponseTheme), theme_rows)
        session.connection().execute(_SET_VALUES, values)
        return
    if theme_rows:
        session.execute(
            _PG_INSERT_THEMES,
            {
                "rids": [row["response_id"] for row in theme_rows],
                "tids": [row["theme_id"] for row in theme_rows],
                "sents": [row.get("sentiment") for row in theme_rows],
            },
        )
    session.execute(
        _PG_SET_VALUES,
        {"ids": ids, "langs": [value["lang"] for value in values], "sents": [value["sent"] for value in values]},
    )


_SET_VALUES = (
    update(Response)
    .where(Response.id == bindparam("rid"))
    .values(language=bindparam("lang"), sentiment=bindparam("sent"))
)
_PG_SET_VALUES = text(
    "UPDATE response SET language = v.language, sentiment = v.sentiment "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:langs AS varchar[]), CAST(:sents AS double precision[])) "
    "AS v(id, language, sentiment) WHERE response.id = v.id"
)
"""One statement per batch on PostgreSQL: an executemany of 2,000 updates is 2,000 round trips."""
_PG_INSERT_THEMES = text(
    "INSERT INTO response_theme (response_id, theme_id, sentiment) "
    "SELECT * FROM unnest(CAST(:rids AS integer[]), CAST(:tids AS integer[]), CAST(:sents AS double precision[]))"
)


def analyse_pending(
    *,
    engine: Engine,
    progress: Progress | None = None,
    batch_size: int = ANALYSIS_BATCH,
    helpers: int = 0,
    reader: SharedReader | None = None,
) -> AnalysisReport:
    """Make new comments searchable, then detect language, match themes and estimate sentiment for them.

    `helpers` processes share the models' work on batches with many new texts (the command line uses one, so
    both cores work; the app uses none, and keeps one copy of the models). A `reader` given by the caller (its
    helpers perhaps started early, `SharedReader.start`) is used instead and left running.

    Concurrent runs share the work: on PostgreSQL each claims its batches with SKIP LOCKED; on SQLite they take
    turns (`analysis_turn`), so a run that waited finds the other's comments done.
    """
    with analysis_turn(engine):
        indexed = search.index_pending_comments(
            engine=engine, progress=(lambda done, total: progress("search", done, total)) if progress else None
        )
        with Session(engine) as session:
            if seed_themes_if_empty(session=session):
                bump_data_version(session=session)
            session.commit()
        matcher, by_name = theme_matcher(engine=engine)
        shared = reader or SharedReader(helpers)
        analyser = CommentAnalyser(matcher, shared)
        try:
            done, matches, failed = _analyse_batches(engine, analyser, by_name, batch_size, progress)
        finally:
            if reader is None:
                shared.close()
    return AnalysisReport(indexed=indexed, analysed=done, theme_matches=matches, failed=failed)


def _analyse_batches(
    engine: Engine, analyser: CommentAnalyser, by_name: dict[str, int], batch_size: int, progress: Progress | None
) -> tuple[int, int, int]:
    """(analysed, theme matches, failed) over every pending comment, one claimed batch per transaction."""
    total = count_pending(engine=engine)
    done = matches = failed = 0
    last_id = 0
    while True:
        with Session(engine) as session:
            rows = session.execute(
                claim(_pending().where(Response.id > last_id).order_by(Response.id).limit(batch_size), session)
            ).all()
            if not rows:
                break
            ids = [rid for rid, _, _ in rows]
            result = analyser.analyse([comment or "" for _, comment, _ in rows], [survey for _, _, survey in rows])
            mine = still_pending(ids, session)
            values = [
                {"rid": rid, "lang": lang, "sent": sent}
                for rid, lang, sent in zip(ids, result.languages, result.sentiments, strict=True)
                if rid in mine
            ]
            theme_rows = [
                {"response_id": rid, "theme_id": by_name[name], "sentiment": tone}
                for rid, tones in zip(ids, result.theme_tones, strict=True)
                if rid in mine
                for name, tone in tones.items()
            ]
            if values:
                _store_results(session, values, theme_rows)
                bump_data_version(session=session)
            session.commit()
        last_id = ids[-1]
        done += len(values)
        matches += len(theme_rows)
        failed += result.failed
        if progress:
            progress("analysis", done, total)
    return done, matches, failed


def rematch_themes(*, engine: Engine, progress: Progress | None = None, batch_size: int = 10_000) -> int:
    """Recompute every theme match after the dictionary changed; returns the number of matches.

    Comments not yet analysed are matched too (without a language, so inflection rules of all languages apply).
    Themes with example phrases need each distinct comment's sentences encoded again (the vectors are not
    stored), which costs about as much as the tone estimate did.
    """
    matcher, by_name = theme_matcher(engine=engine)
    with engine.connect() as connection:
        total = int(connection.execute(select(func.count()).where(Response.comment_length > 0)).scalar_one())
    with Session(engine) as session:
        session.execute(delete(ResponseTheme))
        session.commit()
    done = matches = 0
    last_id = 0
    memo: dict = {}
    while True:
        with Session(engine) as session:
            rows = session.execute(
                select(
                    Response.id,
                    func.substr(Response.comment, 1, ANALYSED_CHARS).label("comment"),
                    Response.language,
                    Response.sentiment,
                )
                .where(Response.comment_length > 0, Response.id > last_id)
                .order_by(Response.id)
                .limit(batch_size)
            ).all()
            if not rows:
                bump_data_version(session=session)
                session.commit()
                break
            theme_rows = _theme_rows(
                [r.id for r in rows],
                [r.comment or "" for r in rows],
                [r.language for r in rows],
                [r.sentiment for r in rows],
                matcher,
                by_name,
                memo,
            )
            if theme_rows:
                session.execute(insert(ResponseTheme), theme_rows)
            session.commit()
        last_id = rows[-1].id
        done += len(rows)
        matches += len(theme_rows)
        if progress:
            progress("themes", done, total)
    return matches


class ThemeError(TranslatableError):
    """A theme edit that cannot be saved; the message is for the person editing."""


def _require_writer(role: str | None) -> None:
    if not role_allows(role, "analyst"):
        raise PermissionError("Only analysts and admins may change the theme dictionary.")


def parse_keywords(raw: str) -> list[str]:
    """Keywords typed one per line or separated by commas (Chinese and Arabic commas too)."""
    for separator in ("，", "、", "،", ";", "\n"):
        raw = raw.replace(separator, ",")
    return list(dict.fromkeys(k.strip() for k in raw.split(",") if k.strip()))


def save_theme(
    name: str,
    keywords: Sequence[str],
    *,
    username: str,
    role: str | None,
    session: Session,
    theme_id: int | None = None,
    examples: Sequence[str] | None = None,
) -> Theme:
    """Create a theme, or rename / re-key an existing one; run `rematch_themes` afterwards.

    examples: phrases matched by meaning in any language (None keeps the theme's current ones).
    """
    _require_writer(role)
    name = " ".join(name.split())
    keywords = [k.strip() for k in keywords if k and k.strip()]
    if not name or len(name) > 100:
        raise ThemeError(N_("A theme needs a name of at most 100 characters."))
    clash = session.execute(select(Theme).where(Theme.name == name)).scalar()
    if clash is not None and clash.id != theme_id:
        raise ThemeError(N_("A theme called {name} exists already."), name=repr(name))
    theme = session.get(Theme, theme_id) if theme_id is not None else Theme(name=name, keywords_json="[]")
    if theme is None:
        raise ThemeError(N_("That theme no longer exists."))
    if examples is not None:
        kept = [e.strip() for e in examples if e and e.strip()]
        if any(len(example) > MAX_EXAMPLE_CHARS for example in kept):
            raise ThemeError(N_("An example phrase can have at most {count} characters."), count=MAX_EXAMPLE_CHARS)
        theme.examples_json = json.dumps(list(dict.fromkeys(kept)), ensure_ascii=False)
    if not keywords and theme.examples_json in ("", "[]"):
        raise ThemeError(N_("A theme needs at least one keyword, phrase or example phrase."))
    theme.name = name
    theme.keywords_json = json.dumps(list(dict.fromkeys(keywords)), ensure_ascii=False)
    theme.updated_by = username
    theme.updated_at = utc_now()
    session.add(theme)
    session.flush()
    bump_data_version(session=session)
    audit.record(
        "theme.save",
        actor=username,
        session=session,
        target=name,
        details={
            "theme_id": theme.id,
            "new": theme_id is None,
            "keywords": len(keywords),
            "examples": len(json.loads(theme.examples_json)),
        },
    )
    return theme


def change_themes(
    *,
    engine: Engine,
    username: str,
    role: str | None,
    save: tuple[str, Sequence[str], int | None] | None = None,
    delete_id: int | None = None,
    examples: Sequence[str] | None = None,
) -> None:
    """Save (name, keywords, id or None for a new theme) with its example phrases (None: keep them), or delete
    one theme, as its own transaction."""
    with Session(engine) as session, session.begin():
        if save is not None:
            name, keywords, theme_id = save
            save_theme(
                name, keywords, username=username, role=role, session=session, theme_id=theme_id, examples=examples
            )
        if delete_id is not None:
            delete_theme(delete_id, role=role, session=session, actor=username)


def delete_theme(theme_id: int, *, role: str | None, session: Session, actor: str = audit.SYSTEM_ACTOR) -> None:
    _require_writer(role)
    name = session.execute(select(Theme.name).where(Theme.id == theme_id)).scalar() or ""
    unlinked = session.execute(delete(ResponseTheme).where(ResponseTheme.theme_id == theme_id)).rowcount
    session.execute(delete(Theme).where(Theme.id == theme_id))
    bump_data_version(session=session)
    audit.record("theme.delete", actor=actor, session=session, target=name, affected=unlinked)
