"""Segment slots per survey: many surveys with many attributes each stay filterable and groupable, a rollback frees
a survey's unused attributes, and admins rename or hide attributes (audited)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from sqlalchemy import select
from sqlmodel import Session

from nps import attributes, audit, counting, store
from nps.cli import main
from nps.filters import Filters
from nps.importing.pipeline import import_file
from nps.metrics import classify
from nps.models import ResponseDaily, SurveyAttribute

SURVEYS = 20
PER_SURVEY = 10
NAMES = [f"attr{index:02d}" for index in range(30)]


def _survey_names(index: int) -> list[str]:
    """Ten of the thirty names, a different window per survey, so one name sits in different slots."""
    return [NAMES[(index * 7 + offset * (1 + index % 3)) % len(NAMES)] for offset in range(PER_SURVEY)]


def _frame(index: int) -> pd.DataFrame:
    names = list(dict.fromkeys(_survey_names(index)))
    rows = []
    for row in range(12):
        record = {
            "response_id": f"S{index}-R{row}",
            "submitted_at": f"2026-0{1 + row % 3}-{10 + row:02d}T10:00:00Z",
            "score": (row * 3 + index) % 11,
        }
        for position, name in enumerate(names):
            record[name] = "" if (row + position) % 5 == 0 else f"v{(row + position + index) % 3}"
        rows.append(record)
    return pd.DataFrame(rows)


@pytest.fixture
def twenty_surveys(engine):
    expected = []
    for index in range(SURVEYS):
        frame = _frame(index)
        report = import_file(
            frame.to_csv(index=False).encode(),
            engine=engine,
            survey=f"Survey {index:02d}",
            username="ana",
            file_name="f.csv",
        )
        assert report.imported == len(frame)
        assert not any("not offered as segments" in note for note in report.notes)
        expected.append(frame.assign(survey=f"Survey {index:02d}"))
    return engine, pd.concat(expected, ignore_index=True)


def _expected_counts(frame: pd.DataFrame, key: pd.Series) -> dict[str, tuple[int, int, int]]:
    categories = frame["score"].map(lambda score: classify(int(score)).value)
    result = {}
    for value, part in categories.groupby(key.fillna("(not set)").replace("", "(not set)")):
        result[str(value)] = ((part == "promoter").sum(), (part == "passive").sum(), (part == "detractor").sum())
    return result


def _got(frame: pd.DataFrame) -> dict[str, tuple[int, int, int]]:
    return {row.key: (row.promoters, row.passives, row.detractors) for row in frame.itertuples()}


def _without_rollup(monkeypatch):
    monkeypatch.setattr(counting, "rollup_rows", lambda *args, **kwargs: None)


def test_twenty_surveys_with_ten_attributes_each_are_all_filterable_and_groupable(twenty_surveys, monkeypatch):
    engine, frame = twenty_surveys
    slots = store.attribute_slots(engine=engine)
    assert sorted(slots) == sorted({name for index in range(SURVEYS) for name in _survey_names(index)})
    assert any(len(set(slots[name].values())) > 1 for name in slots), "one name should sit in different slots"
    assert slots.shared_slots, "one slot should hold different attributes in different surveys"
    for from_base_table in (False, True):
        if from_base_table:
            _without_rollup(monkeypatch)
        for name in slots:
            values = frame[name] if name in frame else pd.Series(pd.NA, index=frame.index)
            grouped = counting.counts_by(Filters(), name, engine=engine)
            assert _got(grouped) == _expected_counts(frame, values), name
            chosen = values == "v1"
            counts = counting.summary_counts(Filters(include=((name, ("v1",)),)), engine=engine)
            picked = frame[chosen.fillna(False)]
            expected = _expected_counts(picked, pd.Series("x", index=picked.index))
            assert (counts.promoters, counts.passives, counts.detractors) == expected.get("x", (0, 0, 0)), name
            excluded = counting.summary_counts(Filters(exclude=((name, ("v1",)),)), engine=engine)
            assert excluded.n == len(frame) - int(chosen.fillna(False).sum()), name
            two = Filters(surveys=("Survey 03", "Survey 04"), include=((name, ("v0", "v2")),))
            in_two = frame["survey"].isin(two.surveys) & values.isin(["v0", "v2"]).fillna(False)
            assert counting.summary_counts(two, engine=engine).n == int(in_two.sum()), name


def test_two_attributes_at_once_read_each_from_its_own_slot(twenty_surveys):
    engine, frame = twenty_surveys
    first, second = _survey_names(5)[:2]
    filters = Filters(include=((first, ("v0",)),), exclude=((second, ("v2",)),))
    wanted = (frame[first] == "v0") & ~(frame[second] == "v2").fillna(False)
    assert counting.summary_counts(filters, engine=engine).n == int(wanted.fillna(False).sum())
    picked = frame[(frame[first] == "v0").fillna(False)]
    grouped = counting.counts_by(Filters(include=((first, ("v0",)),)), second, engine=engine)
    assert _got(grouped) == _expected_counts(picked, picked[second])


def _csv(columns: dict[str, list[str]], start: int = 0) -> bytes:
    rows = len(next(iter(columns.values())))
    frame = pd.DataFrame(
        {
            "response_id": [f"R{start + row}" for row in range(rows)],
            "submitted_at": [f"2026-01-{10 + row:02d}T10:00:00Z" for row in range(rows)],
            "score": [(row * 4) % 11 for row in range(rows)],
            **columns,
        }
    )
    return frame.to_csv(index=False).encode()


def _survey_attributes(engine, survey: str) -> dict[str, int]:
    with Session(engine) as session:
        survey_id = store.ensure_survey(survey, session=session).id
        rows = session.execute(select(SurveyAttribute).where(SurveyAttribute.survey_id == survey_id)).scalars()
        return {row.name: row.slot for row in rows}


def test_a_rolled_back_batch_frees_the_attributes_no_other_batch_of_its_survey_uses(engine):
    import_file(_csv({"region": ["PL", "DE"], "plan": ["Pro", "Free"]}), engine=engine, survey="S", username="a")
    second = import_file(
        _csv({"plan": ["Pro", "Pro"], "channel": ["web", "app"]}, start=10), engine=engine, survey="S", username="a"
    )
    import_file(_csv({"channel": ["web", "web"]}, start=20), engine=engine, survey="Other", username="a")
    assert set(_survey_attributes(engine, "S")) == {"region", "plan", "channel"}
    channel_slot = _survey_attributes(engine, "S")["channel"]

    store.roll_back_batch(second.batch_id, engine=engine, actor="admin")

    assert set(_survey_attributes(engine, "S")) == {"region", "plan"}
    assert set(_survey_attributes(engine, "Other")) == {"channel"}
    with Session(engine) as session:
        left = session.execute(
            select(ResponseDaily.slot).where(ResponseDaily.slot == channel_slot, ResponseDaily.survey_id == 1)
        ).first()
    assert left is None
    assert counting.counts_by(Filters(), "channel", engine=engine).set_index("key")["n"].to_dict() == {
        "web": 2,
        "(not set)": 2,
    }
    import_file(_csv({"tier": ["gold", "gold"]}, start=30), engine=engine, survey="S", username="a")
    assert _survey_attributes(engine, "S")["tier"] == channel_slot
    tiers = counting.counts_by(Filters(surveys=("S",)), "tier", engine=engine).set_index("key")["n"].to_dict()
    assert tiers == {"gold": 2, "(not set)": 2}


def test_a_survey_with_seven_attributes_gets_seven_after_other_surveys_took_fourteen_slots(engine):
    for index in range(5):
        columns = {f"col{index}_{k}": ["x", "y"] for k in range(3)}
        import_file(_csv(columns), engine=engine, survey=f"Old {index}", username="a")
    report = import_file(_csv({f"new{k}": ["a", "b"] for k in range(7)}), engine=engine, survey="New", username="a")
    assert not any("not offered" in note for note in report.notes)
    assert len(_survey_attributes(engine, "New")) == 7


def test_a_survey_beyond_its_sixteen_slots_says_so_and_keeps_the_rest_with_the_response(engine):
    report = import_file(_csv({f"c{k:02d}": ["a", "b"] for k in range(18)}), engine=engine, survey="Wide", username="a")
    (note,) = [note for note in report.notes if "not offered as segments" in note]
    assert note.startswith("2 columns") and "at most 16" in note and "c16, c17" in note


def test_the_filters_offer_only_the_chosen_surveys_attributes_and_admins_rename_or_hide_them(engine):
    import_file(_csv({"region": ["PL", "DE"], "plan": ["Pro", "Free"]}), engine=engine, survey="A", username="a")
    import_file(_csv({"Region ": ["TH", "TH"], "store": ["X", "Y"]}), engine=engine, survey="B", username="a")
    assert list(attributes.offered_attributes(("A",), engine=engine)) == ["plan", "region"]
    assert list(attributes.offered_attributes(("B",), engine=engine)) == ["region", "store"]
    assert list(attributes.offered_attributes(engine=engine)) == ["plan", "region", "store"]
    assert counting.counts_by(Filters(), "region", engine=engine).set_index("key")["n"].to_dict() == {
        "DE": 1,
        "PL": 1,
        "TH": 2,
    }
    attributes.save_label("region", "Country", engine=engine, actor="admin")
    attributes.save_hidden("store", True, engine=engine, actor="admin")
    assert attributes.offered_attributes(("B",), engine=engine) == {"region": "Country"}
    attributes.save_hidden("store", False, engine=engine, actor="admin", survey="B")
    assert "store" in attributes.offered_attributes(engine=engine)
    with pytest.raises(LookupError, match="no segment attribute"):
        attributes.save_label("nothing", "X", engine=engine, actor="admin")
    events = audit.list_events(audit.AuditQuery(), engine=engine)
    assert {"attribute.rename", "attribute.hide", "attribute.show"} <= set(events["action"])


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_lists_renames_hides_and_shows_attributes_for_admins_only(tmp_path, monkeypatch, capsys):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.delenv("NPS_USER", raising=False)
    monkeypatch.delenv("NPS_PASSWORD", raising=False)
    assert main(["--db", db, "setup"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert _cli(capsys, "--db", db, "users", "add", "admin", "--role", "admin")[0] == 0
    monkeypatch.setenv("NPS_USER", "admin")
    monkeypatch.setenv("NPS_PASSWORD", "correct horse")
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert _cli(capsys, "--db", db, "users", "add", "ana", "--role", "analyst")[0] == 0
    export = tmp_path / "e.csv"
    export.write_bytes(_csv({"region": ["PL", "DE"], "plan": ["Pro", "Free"]}))
    assert _cli(capsys, "--db", db, "import", str(export), "--survey", "A")[0] == 0

    code, out, _ = _cli(capsys, "--db", db, "attributes", "list")
    assert code == 0 and "plan\t-\tshown\tseg_" in out and "region\t-\tshown" in out

    monkeypatch.setenv("NPS_USER", "ana")
    code, _, err = _cli(capsys, "--db", db, "attributes", "rename", "region", "Country")
    assert code == 1 and "needs the admin role" in err

    monkeypatch.setenv("NPS_USER", "admin")
    assert _cli(capsys, "--db", db, "attributes", "rename", "region", "Country")[0] == 0
    assert _cli(capsys, "--db", db, "attributes", "hide", "plan", "--survey", "A")[0] == 0
    out = _cli(capsys, "--db", db, "attributes", "list", "--survey", "A")[1]
    assert "region\tCountry\tshown" in out and "plan\t-\thidden" in out
    code, _, err = _cli(capsys, "--db", db, "attributes", "show", "plan", "--survey", "Nope")
    assert code == 1 and "no survey named 'Nope'" in err
    assert _cli(capsys, "--db", db, "attributes", "show", "plan")[0] == 0
    out = _cli(capsys, "--db", db, "audit", "list")[1]
    assert "attribute.rename" in out and "attribute.hide" in out and "attribute.show" in out
