"""`goals`, `events` and `report` from the command line: analysts write, viewers are refused, the PPTX and PDF carry
the goal, the events and the charts."""

import io
from datetime import date, timedelta

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from nps.db import make_engine
from tests.factories import add_responses
from tests.store.test_cli import _add_user, _run, db  # noqa: F401 (db is a fixture)


def _seed(db) -> None:  # noqa: F811
    engine = make_engine(db)
    start = date(2026, 1, 5)
    rows = [
        {"score": (10, 9, 8, 3, 10)[i % 5], "day": start + timedelta(days=3 * i), "region": ("Poland", "Chile")[i % 2]}
        for i in range(120)
    ]
    rows[0]["comment"] = "Slow delivery, call me on +48 600 100 200"
    rows[0]["score"] = 2
    add_responses(engine, rows, survey="Support")
    engine.dispose()


def _sign_in(monkeypatch, capsys, db, role):  # noqa: F811
    _add_user(db, monkeypatch, capsys, "admin", "admin", as_admin=False)
    if role != "admin":
        _add_user(db, monkeypatch, capsys, role, role)
    monkeypatch.setenv("NPS_USER", role)
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")


def test_an_analyst_sets_goals_and_events_and_lists_them(db, monkeypatch, capsys):  # noqa: F811
    _seed(db)
    _sign_in(monkeypatch, capsys, db, "analyst")
    assert _run(capsys, "--db", db, "goals", "set", "30")[:2] == (0, "goal 1 set: Goal +30.0 (all responses)\n")
    code, out, _ = _run(capsys, "--db", db, "goals", "set", "-10", "--survey", "Support", "--where", "region=Chile")
    assert code == 0 and "Goal -10.0 (survey Support, region = Chile)" in out
    assert _run(capsys, "--db", db, "goals", "list")[1] == (
        "1\t+30.0\tall responses\n2\t-10.0\tsurvey Support, region = Chile\n"
    )
    assert _run(capsys, "--db", db, "events", "add", "2026-03-02", "Price change")[0] == 0
    assert _run(capsys, "--db", db, "events", "add", "2026-05-04", "App release", "--survey", "Support")[0] == 0
    assert _run(capsys, "--db", db, "events", "list")[1] == (
        "1\t2026-03-02\tall surveys\tPrice change\n2\t2026-05-04\tSupport\tApp release\n"
    )
    assert _run(capsys, "--db", db, "events", "remove", "1")[:2] == (0, "event 1 removed\n")
    assert _run(capsys, "--db", db, "goals", "remove", "2")[:2] == (0, "goal 2 removed\n")
    code, _, err = _run(capsys, "--db", db, "goals", "remove", "2")
    assert code == 1 and err == "error: There is no goal 2.\n"
    code, _, err = _run(capsys, "--db", db, "goals", "set", "30", "--where", "region=Chile", "region=Poland")
    assert code == 1 and "one segment" in err
    monkeypatch.setenv("NPS_USER", "admin")
    trail = _run(capsys, "--db", db, "audit", "list")[1]
    assert trail.count("\tanalyst\tgoal.") == 3 and trail.count("\tanalyst\tevent.") == 3


def test_a_viewer_can_list_but_not_change_goals_or_events(db, monkeypatch, capsys):  # noqa: F811
    _seed(db)
    _sign_in(monkeypatch, capsys, db, "viewer")
    for command in (["goals", "set", "30"], ["events", "add", "2026-03-02", "Price change"], ["events", "remove", "1"]):
        code, _, err = _run(capsys, "--db", db, *command)
        assert code == 1 and err == "error: viewer is viewer; this command needs the analyst role\n"
    assert _run(capsys, "--db", db, "goals", "list")[:2] == (0, "")
    assert _run(capsys, "--db", db, "events", "list")[:2] == (0, "")


def _texts(presentation) -> list[str]:
    return [shape.text_frame.text for slide in presentation.slides for shape in slide.shapes if shape.has_text_frame]


def test_the_pptx_report_carries_the_goal_verdict_the_events_and_the_charts_as_images(
    db,  # noqa: F811
    monkeypatch,
    capsys,
    tmp_path,
):
    _seed(db)
    _sign_in(monkeypatch, capsys, db, "analyst")
    _run(capsys, "--db", db, "goals", "set", "95")
    _run(capsys, "--db", db, "events", "add", "2026-03-02", "Price change <script>alert(1)</script>")
    monkeypatch.delenv("NPS_USER")
    out = tmp_path / "meeting.pptx"
    code, printed, err = _run(
        capsys, "--db", db, "report", "--format", "pptx", "--out", str(out), "--segment", "region", "--lang", "en"
    )
    assert (code, err) == (0, "") and printed == f"PPTX report written to {out}\n"
    presentation = Presentation(io.BytesIO(out.read_bytes()))
    text = "\n".join(_texts(presentation))
    assert "Goal +95.0 not met: the whole 95% interval (" in text
    assert "Goal +95.0 (all responses)" in text
    assert "2026-03-02 · Price change <script>alert(1)</script> · all surveys" in text
    assert "[phone hidden]" in text and "600 100 200" not in text
    pictures = [
        shape for slide in presentation.slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == 3
    assert all(picture.image.content_type == "image/png" and len(picture.image.blob) > 5000 for picture in pictures)
    titles = [slide.shapes[0].text_frame.text for slide in presentation.slides]
    assert titles[:3] == ["NPS overview", "Our NPS", "NPS by month with 95% interval, responses beneath"]
    assert "Events on the trend" in titles and "NPS by region" in titles


def test_the_pdf_report_is_written_and_a_bad_attribute_is_one_line(db, monkeypatch, capsys, tmp_path):  # noqa: F811
    _seed(db)
    out = tmp_path / "report.pdf"
    assert _run(capsys, "--db", db, "report", "--format", "pdf", "--out", str(out), "--by", "quarter")[0] == 0
    assert out.read_bytes().startswith(b"%PDF")
    code, _, err = _run(capsys, "--db", db, "report", "--format", "pdf", "--out", str(out), "--segment", "colour")
    assert code == 1 and err.count("\n") == 1 and "region" in err
