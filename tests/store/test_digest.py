"""The digest: arrives through a real SMTP server with the Overview's figures, escaped comments, inline charts and
the PDF; the same period is not sent twice unless forced."""

import random
from datetime import date, datetime, timedelta

from nps import counting
from nps.db import make_engine
from nps.figures import describe_interval, format_nps
from nps.filters import Filters
from nps.metrics import nps
from tests.store.test_cli import _add_user, _run, db  # noqa: F401 (db is a fixture)

HOSTILE = "<script>alert(1)</script> the courier was rude"


def _export(path) -> None:
    rng = random.Random(5)
    lines = ["response_id,email,submitted_at,score,comment,region"]
    for index in range(160):
        day = date(2026, 2, 16) + timedelta(days=index % 14)
        score = (
            rng.choice([0, 3, 5, 6, 7, 8, 9, 10, 10]) if day < date(2026, 2, 23) else rng.choice([2, 6, 8, 9, 10, 10])
        )
        comment = HOSTILE if index == 153 else rng.choice(["Delivery was late and support slow", "Great prices", ""])
        score = 1 if index == 153 else score  # the newest detractor comment of the period
        lines.append(
            f"R{index},p{index}@example.com,{datetime(day.year, day.month, day.day, 10):%Y-%m-%dT%H:%M:%SZ},"
            f"{score},{comment},{rng.choice(['EU', 'US'])}"
        )
    path.write_text("\n".join(lines) + "\n")


def test_a_digest_arrives_with_the_overview_figures_and_is_not_sent_twice(
    db,  # noqa: F811
    monkeypatch,
    capsys,
    tmp_path,
    smtp_server,
):
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    export = tmp_path / "export.csv"
    _export(export)
    assert _run(capsys, "--db", db, "import", str(export), "--survey", "S")[0] == 0
    args = ("--db", db, "digest", "--since", "7d", "--as-of", "2026-03-02", "--mail-to", "board@example.com")
    code, _, err = _run(capsys, *args)
    assert code == 0, err
    assert len(smtp_server.received) == 1
    message = smtp_server.received[0]
    assert message["Subject"] == "NPS digest 2026-02-23 to 2026-03-01"
    html = message.get_body(preferencelist=("html",)).get_content()
    counts = counting.summary_counts(Filters(date(2026, 2, 23), date(2026, 3, 1)), engine=make_engine(db))
    assert counts.n == 77  # days 7–13 of the 14-day cycle
    assert format_nps(nps(counts)) in html and describe_interval(counts) in html
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt; the courier was rude" in html
    images = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 2 and all(f"cid:{part['Content-ID'].strip('<>')}" in html for part in images)
    pdfs = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1 and pdfs[0].get_content().startswith(b"%PDF")
    code, _, err = _run(capsys, *args)
    assert code == 1 and "already sent" in err and len(smtp_server.received) == 1
    code, _, _ = _run(capsys, *args, "--force")
    assert code == 0 and len(smtp_server.received) == 2


def test_a_digest_can_be_written_to_an_html_file_without_a_login(db, monkeypatch, capsys, tmp_path):  # noqa: F811
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    export = tmp_path / "export.csv"
    _export(export)
    _run(capsys, "--db", db, "import", str(export), "--survey", "S")
    monkeypatch.delenv("NPS_USER")
    out_file = tmp_path / "digest.html"
    code, _, err = _run(capsys, "--db", db, "digest", "--since", "1w", "--as-of", "2026-03-02", "--out", str(out_file))
    assert code == 0, err
    html = out_file.read_text()
    assert html.count("data:image/png;base64,") == 2 and "&lt;script&gt;" in html
