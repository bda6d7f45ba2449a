"""Run Python code in a fresh interpreter and report its peak memory, so an attack's cost is measured, not guessed."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_REPORT = "\nimport re\nprint('PEAK_KB', re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
"""VmHWM, the peak of this process's own memory since its exec: `ru_maxrss` keeps the high-water mark of the
process it was forked from (a pytest that had loaded the language models reported 700 MB for every child)."""


@dataclass(frozen=True)
class Run:
    peak_mb: float
    stdout: str
    stderr: str
    returncode: int


def run_measured(code: str, *, env: dict[str, str] | None = None, timeout: float = 300) -> Run:
    """Run `code` with the project importable; its peak resident memory in MB (Linux /proc)."""
    done = subprocess.run(
        [sys.executable, "-c", code + _REPORT], cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env
    )
    lines = done.stdout.splitlines()
    peak = next((int(line.split()[1]) for line in lines if line.startswith("PEAK_KB")), -1)
    output = "\n".join(line for line in lines if not line.startswith("PEAK_KB"))
    return Run(peak / 1024, output, done.stderr, done.returncode)
