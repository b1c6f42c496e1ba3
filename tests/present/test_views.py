"""Which activities the lists, the map and the book show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.enrich.test_occurrences import _activity
from vejviser.model import Frequency
from vejviser.present.views import listed
from vejviser.settings import load_settings

SETTINGS = load_settings(Path(__file__).resolve().parents[2])
D = dt.date


def test_an_activity_whose_season_is_over_leaves_the_lists_and_comes_back_with_the_next_season():
    summer = _activity(frequency=Frequency.WEEKLY, weekdays=("tirsdag",), season_end=D(2027, 8, 31))
    assert listed(summer, SETTINGS, D(2027, 8, 31))
    assert not listed(summer, SETTINGS, D(2027, 9, 1))
    assert listed(summer, SETTINGS, D(2026, 12, 1))  # before it: shown, with its first meeting ahead
