"""Fixtures that build small worlds: a temporary directory with settings and a few records."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "examples"
#: The examples are written against this day, so that "stale" and "future" stay put.
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A copy of tests/examples/world: settings, two organisations, one valid activity."""
    root = tmp_path / "world"
    shutil.copytree(EXAMPLES / "world", root)
    return root
