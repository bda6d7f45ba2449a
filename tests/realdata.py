"""The shared public survey files: ../shared/realdata beside the clone (as in CI), or NPS_REALDATA_DIR.

A missing file fails the test rather than skipping it: a skipped real-data test would hide a gap.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def realdata_dir() -> Path:
    configured = os.environ.get("NPS_REALDATA_DIR")
    return Path(configured) if configured else ROOT.parent / "shared" / "realdata"


def realdata_file(name: str) -> Path:
    path = realdata_dir() / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: put shared/realdata beside the clone or set NPS_REALDATA_DIR")
    return path
