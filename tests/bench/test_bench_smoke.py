"""`make bench` on 10,000 rows, SQLite only, so the bench cannot rot. Nothing here asserts a timing."""

from bench import run


def test_the_bench_runs_on_a_small_export_and_writes_its_table(tmp_path):
    output = tmp_path / "benchmarks.md"
    options = ["--rows", "10000", "--runs", "1", "--no-postgres", "--no-browser"]
    rows = run.main([*options, "--output", str(output), "--workdir", str(tmp_path)])
    measured = {row.what for row in rows if row.seconds is not None}
    assert any(what.startswith("import the CSV") for what in measured)
    assert any(what.startswith("re-import") for what in measured)
    assert sum(what.startswith("Overview:") for what in measured) == 6
    assert all(row.note != "SOMETHING WAS WRITTEN" for row in rows)
    report = output.read_text()
    assert "| what | db | median | reference | ratio | target | result | note |" in report
    assert "### Machine" in report
