"""Four imports at once (each followed by its analysis, as the CLI does) on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from sqlalchemy import func, select
from sqlmodel import Session

from nps.models import Response, ResponseTheme, Survey
from nps.search import comment_search
from tests.pages.conftest import ROOT

PASSWORD = "correct horse battery"
COMMENTS = ["Dostawa była bardzo wolna", "Great price but slow app", "客服很好", "The courier was late again"]


def _cli(url: str, *args: str, stdin: str | None = None, user: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("NPS_USER", "NPS_PASSWORD")} | {"DATABASE_URL": url}
    if user:
        env |= {"NPS_USER": user, "NPS_PASSWORD": PASSWORD}
    process = subprocess.Popen(
        [sys.executable, "-m", "nps", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if stdin is not None:
        process.stdin.write(stdin)
    process.stdin.close()
    return process


def _export(tmp_path, number: int):
    lines = ["response_id,date,score,comment"]
    lines += [
        f"F{number}-{row},2026-01-{1 + row % 28:02d},{row % 11},{COMMENTS[row % 4]} {number}-{row}"
        for row in range(300)
    ]
    path = tmp_path / f"export{number}.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_four_simultaneous_imports_into_a_new_survey_all_succeed_and_analyse_each_comment_once(engine, tmp_path):
    url = engine.url.render_as_string(hide_password=False)
    adding = _cli(url, "users", "add", "admin", "--role", "admin", stdin=PASSWORD + "\n")
    assert adding.wait(timeout=120) == 0, adding.stderr.read()
    runs = [_cli(url, "import", str(_export(tmp_path, n)), "--survey", "Launch", user="admin") for n in range(4)]
    outputs = [(run.wait(timeout=600), run.stdout.read(), run.stderr.read()) for run in runs]
    for code, out, err in outputs:
        assert "Traceback" not in err and code == 0, err
        assert "imported 300 responses," in out
    analysed = sum(int(re.search(r"analysis: (\d+) comments analysed", out).group(1)) for _, out, _ in outputs)
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Survey)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(Response)).scalar_one() == 1200
        assert session.execute(select(func.count()).where(Response.language.is_(None))).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(comment_search)).scalar_one() == 1200
        assert session.execute(select(func.count()).select_from(ResponseTheme)).scalar_one() > 0
    assert analysed == 1200
