"""The public survey files the tests read, vendored in tests/realdata with their SOURCES.md (or NPS_REALDATA_DIR).

A missing file fails the test rather than skipping it: a skipped real-data test would hide a gap.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def realdata_dir() -> Path:
    configured = os.environ.get("NPS_REALDATA_DIR")
    return Path(configured) if configured else ROOT / "tests" / "realdata"


def realdata_file(name: str) -> Path:
    path = realdata_dir() / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: tests/realdata is part of the repository")
    return path
