"""`make bench`: the scale measurements of issue 8 (see bench/run.py and docs/benchmarks.md)."""
