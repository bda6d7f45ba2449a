"""One measurement in a fresh process, so its peak memory is its own: `python -m bench.child TASK JSON-ARGS`.

Prints one JSON line: {"seconds": wall time of the measured part, "peak_mb": the process's peak RSS, ...}.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    func,
    insert,
    select,
    text,
)
from sqlmodel import Session

from nps.demo import COLUMNS

BENCH_SURVEY = "Bench"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_store(url: str) -> None:
    """An empty, migrated store at `url` (the SQLite file removed, or the PostgreSQL schema recreated)."""
    from nps.db import make_engine, upgrade_schema

    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        admin.dispose()
    engine = make_engine(url)
    upgrade_schema(engine)
    engine.dispose()


def store_state(engine) -> dict[str, int]:
    from nps.models import ImportBatch, Respondent, Response, ResponseDaily
    from nps.store import data_version

    with Session(engine) as session:
        state = {
            table.__name__: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (Response, Respondent, ImportBatch, ResponseDaily)
        }
    state["data_version"] = data_version(engine=engine)
    return state


def task_import(url: str, path: str, fresh: bool = True) -> dict[str, object]:
    """Import the file with the product's own writer; `fresh=False` re-imports into the existing store."""
    from nps.db import make_engine
    from nps.importing.pipeline import import_file

    if fresh:
        fresh_store(url)
    engine = make_engine(url)
    before = store_state(engine)
    started = time.perf_counter()
    size = Path(path).stat().st_size
    report = import_file(Path(path), engine=engine, survey=BENCH_SURVEY, username="bench", max_bytes=max(size, 1))
    seconds = time.perf_counter() - started
    after = store_state(engine)
    engine.dispose()
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "imported": report.imported,
        "duplicates": report.duplicates,
        "rejected": report.rejected,
        "unchanged": before == after,
    }


def _bare_table(metadata: MetaData) -> Table:
    """The export's columns, typed as the store types them, with no index and no constraint but the key."""
    return Table(
        "bare_response",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("survey", String(200)),
        Column("response_id", String(200)),
        Column("customer_id", String(200)),
        Column("email", String(320)),
        Column("name", String(200)),
        Column("responded_at", DateTime),
        Column("responded_on", Date),
        Column("score", Integer),
        Column("comment", Text),
        Column("region", String(200)),
        Column("plan", String(200)),
        Column("channel", String(200)),
        Column("country", String(200)),
    )


def task_reference_sqlite(url: str, path: str) -> dict[str, object]:
    """pandas.read_csv of the file + a bare SQLAlchemy insert() executemany of the same columns."""
    import pandas as pd

    database = Path(url.removeprefix("sqlite:///"))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    from nps.db import make_engine

    engine = make_engine(url)
    metadata = MetaData()
    table = _bare_table(metadata)
    metadata.create_all(engine)
    started = time.perf_counter()
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    stamps = pd.to_datetime(frame["submitted_at"], utc=True).dt.tz_localize(None)
    frame = frame.drop(columns=["submitted_at"]).assign(
        responded_at=stamps.dt.to_pydatetime(), responded_on=stamps.dt.date, score=frame["score"].astype("int64")
    )
    rows = frame.to_dict("records")
    with engine.begin() as connection:
        connection.execute(insert(table), rows)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"seconds": seconds, "peak_mb": peak_mb(), "rows": len(rows)}


def task_reference_postgres(url: str, path: str) -> dict[str, object]:
    """PostgreSQL COPY of the raw columns (text), streamed from the file through psycopg."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    columns = ", ".join(f"{name} text" for name in COLUMNS)
    with psycopg.connect(dsn) as connection:
        connection.execute("DROP TABLE IF EXISTS raw_response")
        connection.execute(f"CREATE TABLE raw_response ({columns})")
        connection.commit()
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            Path(path).open("rb") as source,
            cursor.copy("COPY raw_response FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while block := source.read(1 << 20):
                copy.write(block)
        connection.commit()
        seconds = time.perf_counter() - started
        rows = connection.execute("SELECT count(*) FROM raw_response").fetchone()[0]  # type: ignore[index]
        connection.execute("DROP TABLE raw_response")
        connection.commit()
    return {"seconds": seconds, "peak_mb": peak_mb(), "rows": rows}


def task_index_comments(url: str) -> dict[str, object]:
    """Make comments searchable, as the analysis step does after an import (not an import target)."""
    from nps import search
    from nps.db import make_engine

    engine = make_engine(url)
    started = time.perf_counter()
    indexed = search.index_pending_comments(engine=engine, batch_size=50_000)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"seconds": seconds, "peak_mb": peak_mb(), "indexed": indexed}


REFERENCE_TEXTS = 20_000
"""The models' reference reads at most this many distinct texts and is scaled to all of them."""


def task_analyse(url: str) -> dict[str, object]:
    """The full analysis after an import (search copy, language, themes, tone), as the CLI runs it; its reference
    is the models alone over the distinct texts (warm, one call), scaled from at most REFERENCE_TEXTS of them."""
    from nps.analysis import analyse_pending, theme_matcher
    from nps.db import make_engine
    from nps.models import Response
    from nps.text import ANALYSED_CHARS
    from nps.text.analyser import read_texts

    engine = make_engine(url)
    started = time.perf_counter()
    report = analyse_pending(engine=engine, helpers=1)
    seconds = time.perf_counter() - started
    with engine.connect() as connection:
        prefix = func.substr(Response.comment, 1, ANALYSED_CHARS)
        texts = connection.execute(select(prefix).where(Response.comment_length > 0).distinct()).scalars().all()
    distinct = list(dict.fromkeys(text.strip() for text in texts if text and text.strip()))
    sample = distinct[:REFERENCE_TEXTS]
    matcher, _ = theme_matcher(engine=engine)
    began = time.perf_counter()
    read_texts(sample, matcher.meaning)
    matcher.match_many(sample)
    reference = (time.perf_counter() - began) * len(distinct) / max(len(sample), 1)
    engine.dispose()
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "analysed": report.analysed,
        "indexed": report.indexed,
        "failed": report.failed,
        "distinct_texts": len(distinct),
        "reference_seconds": reference,
    }


EVAL_COMMENTS = Path(__file__).resolve().parent.parent / "data" / "eval" / "comments.csv"


def task_real_comments(url: str) -> dict[str, object]:
    """Import the 5,141 labelled public comments of data/eval into a fresh store (scores unrelated to their
    labels, one survey) and time the full analysis as the CLI runs it (search copy, language, tone, themes,
    written to the store), once the models are loaded: in this process and in the helper process, which
    `python -m nps import` starts while the import runs."""
    import pandas as pd

    from nps.analysis import analyse_pending
    from nps.db import make_engine
    from nps.importing.pipeline import import_file
    from nps.text.analyser import SharedReader, warm_models
    from nps.text.themes import default_matcher

    fresh_store(url)
    corpus = pd.read_csv(EVAL_COMMENTS, keep_default_na=False, dtype=str)
    export = pd.DataFrame(
        {
            "Respondent ID": corpus["id"],
            "Date": [f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(len(corpus))],
            "Score": [i * 7 % 11 for i in range(len(corpus))],
            "Comment": corpus["text"],
        }
    )
    engine = make_engine(url)
    imported = import_file(
        export.to_csv(index=False).encode(), engine=engine, survey="Eval", username="bench", file_name="eval.csv"
    )
    warm_models(default_matcher())  # a fresh store's themes are the seed themes: the same Thai dictionary
    reader = SharedReader(1)
    reader.start(wait=True)
    started = time.perf_counter()
    report = analyse_pending(engine=engine, reader=reader)
    seconds = time.perf_counter() - started
    reader.close()
    engine.dispose()
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "imported": imported.imported,
        "analysed": report.analysed,
        "failed": report.failed,
    }


TASKS = {
    "analyse": task_analyse,
    "real_comments": task_real_comments,
    "import": task_import,
    "reference_sqlite": task_reference_sqlite,
    "reference_postgres": task_reference_postgres,
    "index_comments": task_index_comments,
}


def main() -> None:
    task, arguments = sys.argv[1], json.loads(sys.argv[2])
    result = TASKS[task](**arguments)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
