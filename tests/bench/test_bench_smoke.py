"""`make bench` on 10,000 rows, SQLite only, browser included, so the bench cannot rot. Nothing here asserts a
timing."""

from argparse import Namespace

from bench import run


def test_the_bench_runs_on_a_small_export_and_writes_its_table(tmp_path):
    output = tmp_path / "benchmarks.md"
    options = ["--rows", "10000", "--runs", "1", "--no-postgres"]
    rows = run.main([*options, "--output", str(output), "--workdir", str(tmp_path)])
    measured = {row.what for row in rows if row.seconds is not None}
    assert any(what.startswith("import the CSV") for what in measured)
    assert any(what.startswith("re-import") for what in measured)
    assert sum(what.startswith("Overview:") for what in measured) == 6
    assert any(what.startswith("import → insight: full comment analysis") for what in measured)
    assert any(what.startswith("file → full insight") for what in measured)
    real = [row for row in rows if row.what.startswith("full comment analysis of the real labelled comments")]
    assert real and real[0].note.startswith("5,141 comments") and real[0].note.endswith("0 failed")
    assert all(row.note != "SOMETHING WAS WRITTEN" for row in rows)
    browser = [row for row in rows if row.what.startswith("Chromium:")]
    assert browser and all(row.seconds is not None for row in browser), [row.note for row in browser]
    report = output.read_text()
    assert "| what | db | median | reference | ratio | target | result | note |" in report
    assert "### Machine" in report


def test_each_kind_of_run_replaces_only_its_own_section_of_the_report(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text("# Benchmarks\n\nHow to read.\n\n<!-- bench:results -->\n## Results of an older run\nold table\n")
    row = run.Row("import the CSV", "PostgreSQL", 1.0, "≤ 6 s", 6.0)
    run.write_report(path, "", "python -m bench.run", [row], {"cores": "2"}, [])
    run.write_report(path, "postgres-only", "python -m bench.run --postgres-only", [row], {}, ["a note"])
    run.write_report(path, "", "python -m bench.run --runs 1", [row], {}, [])
    text = path.read_text()
    assert text.startswith("# Benchmarks\n\nHow to read.\n\n")
    assert "old table" not in text and "python -m bench.run`" not in text
    assert text.count("<!-- bench:results -->") == 1 and "python -m bench.run --runs 1" in text
    assert text.count("<!-- bench:results:postgres-only -->") == 1 and "a note" in text


def test_the_ten_million_run_has_the_postgresql_targets_of_the_issue():
    targets = run.targets_for(10_000_000)
    assert targets.import_seconds["PostgreSQL"] == 90.0 and targets.import_mb == 1536.0
    assert (targets.whole_year, targets.search) == (0.25, 0.5)
    arguments = Namespace(rows=10_000_000, runs=1, postgres_only=True, no_postgres=False, no_analysis=False)
    assert run.command_line(Namespace(**vars(arguments), no_browser=False)).endswith("--postgres-only")
