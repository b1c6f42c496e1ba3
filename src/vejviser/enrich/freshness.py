"""How long ago a record was confirmed, and whether it is stale or should leave the lists."""

from __future__ import annotations

import datetime as dt


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 if not yet a month)."""
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def is_stale(reviewed: dt.date, today: dt.date, stale_after_months: int) -> bool:
    """Not confirmed for ``stale_after_months`` months or more: the page carries a notice."""
    return months_between(reviewed, today) >= stale_after_months


def is_hidden(reviewed: dt.date, today: dt.date, hide_after_months: int) -> bool:
    """Not confirmed for so long that the activity leaves the public lists."""
    return months_between(reviewed, today) >= hide_after_months


#: How a record stands, most urgent first: hidden from the lists, showing a notice, due within a month, fine.
STATES = ("hidden", "stale", "due", "current")
#: A record is due to be confirmed this many months before it goes stale.
DUE_MONTHS_BEFORE_STALE = 1


def due_after_months(stale_after_months: int) -> int:
    """From how many months without confirmation a record is due: a month before it goes stale."""
    return max(stale_after_months - DUE_MONTHS_BEFORE_STALE, 0)


def state_of(months: int, stale_after_months: int, hide_after_months: int) -> str:
    """One of :data:`STATES` for a record confirmed ``months`` months ago."""
    if months >= hide_after_months:
        return "hidden"
    if months >= stale_after_months:
        return "stale"
    if months >= due_after_months(stale_after_months):
        return "due"
    return "current"
