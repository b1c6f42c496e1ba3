"""When an activity really meets: its schedule as the concrete dates and times it happens.

One function, :func:`occurrences`, from an activity and a range of days to its meetings in
Europe/Copenhagen, in time order. The recurrence is python-dateutil's ``rrule`` (RFC 5545's
rules, so the calendars the site publishes say the same); what stops a meeting is then left
out: a paused month, a cancelled day, a public holiday (the ``holidays`` package's Danish
calendar) when the record says it holds off, a pause until a date, the season and the day the
record is valid to, and an ended activity, which never meets.

Times are wall-clock times: "10.00" is ten o'clock on every day, in summer time and in winter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil import rrule

from vejviser.model import MONTHS, WEEKDAYS, Activity, Frequency, Schedule, Slot, Status

#: Where every time of the directory is told.
TIMEZONE = ZoneInfo("Europe/Copenhagen")
#: The schema's weekdays (Monday first) and months (January first), as rrule's and the calendar's numbers.
WEEKDAY_NUMBERS = {name: number for number, name in enumerate(WEEKDAYS)}
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
#: ISO week numbers (1 to 53) of "lige uger" and "ulige uger".
PARITY_WEEKS = {"lige": tuple(range(2, 54, 2)), "ulige": tuple(range(1, 54, 2))}


@dataclass(frozen=True, order=True)
class Occurrence:
    """One meeting: when it starts and (if the record says) when it ends, in Europe/Copenhagen."""

    start: dt.datetime
    end: dt.datetime | None = None


def knows_its_days(schedule: Schedule) -> bool:
    """Whether the schedule names concrete days: by arrangement does not, nor every other week
    without its weeks (``lige``/``ulige`` or a first date)."""
    if schedule.frequency == Frequency.BY_APPOINTMENT:
        return False
    if schedule.frequency == Frequency.FORTNIGHTLY:
        return bool(schedule.week_parity or schedule.first_date)
    return True


def occurrences(activity: Activity, first: dt.date, last: dt.date) -> list[Occurrence]:
    """Every meeting of ``activity`` on the days ``first`` to ``last`` (both included), in time order."""
    if activity.status == Status.ENDED:
        return []
    if activity.status == Status.PAUSED and activity.paused_until is None:
        return []  # paused with no day to start again
    begin = max([first, *_given(activity.paused_until)])
    end = min([last, *_given(activity.valid_until)])
    return schedule_occurrences(activity.schedule, begin, end)


def schedule_occurrences(schedule: Schedule, first: dt.date, last: dt.date, cancelled: bool = True) -> list[Occurrence]:
    """The meetings the schedule's rule names from ``first`` to ``last``, whatever the record's status;
    ``cancelled=False`` keeps the days the record cancels (to check that they are meeting days)."""
    if not knows_its_days(schedule):
        return []
    begin = max([first, *_given(schedule.season_start, _first_meeting(schedule))])
    end = min([last, *_given(schedule.season_end)])
    if end < begin:
        return []
    paused = {MONTH_NUMBERS[month] for month in schedule.pause_months}
    left_out = set(schedule.cancelled) if cancelled else set()
    meetings = []
    for slot in schedule.slots:
        if not slot.start:
            continue
        days = _days(_rule_of(schedule, slot), begin, end)
        kept = [day for day in days if day.month not in paused and day not in left_out]
        if schedule.holidays_off:
            kept = [day for day in kept if day not in danish_holidays(day.year)]
        meetings += [_at(slot, day) for day in kept]
    return sorted(meetings)


def _first_meeting(schedule: Schedule) -> dt.date | None:
    """Every other week from a first date: that is its first meeting, nothing before it."""
    if schedule.frequency == Frequency.FORTNIGHTLY and not schedule.week_parity:
        return schedule.first_date
    return None


@dataclass(frozen=True)
class _Rule:
    """The parts of a schedule that name its days (many activities share one: its days are worked out once)."""

    frequency: Frequency
    weekdays: tuple[str, ...]
    weeks_of_month: tuple[int, ...]
    dates: tuple[dt.date, ...]
    week_parity: str
    first_date: dt.date | None


def _rule_of(s: Schedule, slot: Slot) -> _Rule:
    return _Rule(s.frequency, slot.weekdays, s.weeks_of_month, s.dates, s.week_parity, s.first_date)


def _given(*days: dt.date | None) -> list[dt.date]:
    return [day for day in days if day is not None]


@lru_cache(maxsize=4096)
def _days(schedule: _Rule, begin: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """The days the rule names from ``begin`` to ``end``, before anything stops one."""
    if schedule.frequency == Frequency.DATES:
        return tuple(day for day in schedule.dates if begin <= day <= end)
    weekdays = [WEEKDAY_NUMBERS[name] for name in schedule.weekdays]
    start, until = dt.datetime.combine(begin, dt.time()), dt.datetime.combine(end, dt.time())
    if schedule.frequency == Frequency.MONTHLY:
        by_day = [rrule.weekday(day, week) for day in weekdays for week in schedule.weeks_of_month]
        rule = rrule.rrule(rrule.MONTHLY, byweekday=by_day, dtstart=start, until=until)
    elif schedule.frequency == Frequency.FORTNIGHTLY and schedule.week_parity:
        weeks = PARITY_WEEKS[schedule.week_parity]
        # RFC 5545 allows week numbers in a yearly rule only; the calendars say the same
        rule = rrule.rrule(rrule.YEARLY, byweekday=weekdays, byweekno=weeks, dtstart=start, until=until)
    elif schedule.frequency == Frequency.FORTNIGHTLY:
        assert schedule.first_date is not None  # knows_its_days
        # the weeks counted from the first date's week: start on a Monday of one of them
        monday = schedule.first_date - dt.timedelta(days=schedule.first_date.weekday())
        weeks_between = (begin - monday).days // 7
        anchor = dt.datetime.combine(monday + dt.timedelta(weeks=weeks_between - weeks_between % 2), dt.time())
        rule = rrule.rrule(rrule.WEEKLY, interval=2, byweekday=weekdays, wkst=rrule.MO, dtstart=anchor, until=until)
    else:
        rule = rrule.rrule(rrule.WEEKLY, byweekday=weekdays, dtstart=start, until=until)
    return tuple(moment.date() for moment in rule if moment.date() >= begin)


@cache
def danish_holidays(year: int) -> frozenset[dt.date]:
    """Denmark's public holidays in ``year`` (the ``holidays`` package's calendar)."""
    return frozenset(holidays.country_holidays("DK", years=year))


def _at(slot: Slot, day: dt.date) -> Occurrence:
    start = dt.datetime.combine(day, dt.time.fromisoformat(slot.start), tzinfo=TIMEZONE)
    if not slot.end:
        return Occurrence(start)
    end = dt.datetime.combine(day, dt.time.fromisoformat(slot.end), tzinfo=TIMEZONE)
    return Occurrence(start, end)
