"""The day a directory is made for: today in Copenhagen, unless ``VEJVISER_TODAY`` names another.

A site says what happens "i dag" and when an activity next meets, so the day matters more than
the machine's clock: a build at 00:30 in Copenhagen is already tomorrow's, whatever zone the
machine runs in. ``VEJVISER_TODAY=2027-01-05`` makes a build (and its tests) for a chosen day.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

#: The variable that names the day of a build, as ``YYYY-MM-DD``.
TODAY_VARIABLE = "VEJVISER_TODAY"
#: Where the directory's days begin and end.
HOME_ZONE = ZoneInfo("Europe/Copenhagen")


def today() -> dt.date:
    """``VEJVISER_TODAY`` when it is set, else the date in Copenhagen now."""
    given = os.environ.get(TODAY_VARIABLE, "").strip()
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise ValueError(f"{TODAY_VARIABLE}={given!r} is not a date (YYYY-MM-DD)") from None
    return dt.datetime.now(HOME_ZONE).date()
