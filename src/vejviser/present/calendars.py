"""When an activity meets, as the rules a calendar keeps: one series per time of its schedule, worked
out once from the occurrence engine for the ``.ics`` files and for the structured data (JSON-LD).

A series is a rule (every week, every other week, a week of the month, or one date) from its first
meeting on or after the day of the build, the end of a pause or the start of the season, up to the
season's end or the day the record is valid to. What the rule names but the engine leaves out is
listed day by day: cancelled days and public holidays (``left_out``), and the days in paused months
(``paused``). Holidays and paused months come back every year, so those are listed up to a horizon
(``known_until``), beyond which a calendar should not go on.

Every other week in even or odd ISO weeks is said as every second week from its first meeting,
which every calendar program reads (a yearly rule by week numbers is read by few). A year with 53
weeks breaks that count (week 53 and the next week 1 are both odd), so the series ends with week 53
and another begins in the new year. The calendars' subscription feeds are listed here too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from vejviser.enrich.occurrences import (
    MONTH_NUMBERS,
    TIMEZONE,
    WEEKDAY_NUMBERS,
    Occurrence,
    knows_its_days,
    occurrences,
)
from vejviser.i18n import Messages
from vejviser.model import Activity, Frequency
from vejviser.present import urls
from vejviser.present.facets import areas_of
from vejviser.present.views import ActivityView
from vejviser.settings import Settings

#: How far ahead (days) the exceptions that come back every year are listed: holidays, paused months.
HORIZON_DAYS = 366
#: Every month, January (1) first.
ALL_MONTHS = tuple(range(1, 13))
#: The zone every time is told in, by its name in the IANA database (iCalendar's TZID, schema.org's scheduleTimezone).
TZID = TIMEZONE.key
#: The weekdays as iCalendar writes them (RFC 5545 and schema.org's ``byDay`` text), Monday first.
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Repeat(StrEnum):
    """How a series repeats."""

    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    #: One date of a record's list of dates.
    ONCE = "once"


@dataclass(frozen=True)
class Series:
    """One rule of an activity's meetings, as a calendar event or a schema.org ``Schedule`` says it."""

    #: Unique within the activity and the same from build to build: ``0`` (the first time of the
    #: schedule), ``1-2027`` (its second time, from the ISO year 2027), ``0-20261203`` (a date).
    key: str
    repeat: Repeat
    #: The first meeting (Europe/Copenhagen) and its end, the same day (``None`` when the record gives no end).
    start: dt.datetime
    end: dt.datetime | None
    #: Monday is 0.
    weekdays: tuple[int, ...] = ()
    #: For a monthly rule: 1 to 4, or -1 for the last.
    weeks_of_month: tuple[int, ...] = ()
    #: The last day a meeting may fall on (``None``: no end).
    until: dt.date | None = None
    #: The months it meets in.
    months: tuple[int, ...] = ALL_MONTHS
    #: Days the rule names in the months it meets, from ``start`` on, that are cancelled or holidays.
    left_out: tuple[dt.date, ...] = ()
    #: Days the rule names in the months it pauses, from ``start`` to ``known_until``.
    paused: tuple[dt.date, ...] = ()
    #: The last day whose exceptions are all listed, when they come back every year (holidays, paused
    #: months); ``None`` when every exception is listed.
    known_until: dt.date | None = None

    @property
    def last_day(self) -> dt.date | None:
        """The last day a calendar may show a meeting on: ``until``, or ``known_until`` when sooner."""
        given = [day for day in (self.until, self.known_until) if day is not None]
        return min(given) if given else None

    @property
    def skipped(self) -> tuple[dt.date, ...]:
        """Every day the rule names and the activity does not meet, in order."""
        return tuple(sorted({*self.left_out, *self.paused}))


_REPEAT = {
    Frequency.WEEKLY: Repeat.WEEKLY,
    Frequency.FORTNIGHTLY: Repeat.FORTNIGHTLY,
    Frequency.MONTHLY: Repeat.MONTHLY,
}


def series(activity: Activity, today: dt.date) -> tuple[Series, ...]:
    """The activity's meetings from ``today`` on as series, one or more per time of its schedule;
    none when its days are not known (by arrangement, every other week without its weeks), it has
    ended, or it meets no more within the horizon."""
    schedule = activity.schedule
    if not knows_its_days(schedule):
        return ()
    found: list[Series] = []
    for number, slot in enumerate(schedule.slots):
        if not slot.start:
            continue
        one_time = dataclasses.replace(schedule, times=(), weekdays=slot.weekdays, start=slot.start, end=slot.end)
        single = dataclasses.replace(activity, schedule=one_time)
        if schedule.frequency == Frequency.DATES and schedule.dates:
            meetings = occurrences(single, today, schedule.dates[-1])
            found += [_once(f"{number}-{o.start:%Y%m%d}", o) for o in meetings]
        elif schedule.frequency != Frequency.DATES:
            found += _repeating(single, str(number), today)
    return tuple(found)


def next_meeting(found: tuple[Series, ...]) -> Occurrence | None:
    """The first meeting of the series."""
    starts = sorted((s.start, s.end) for s in found)
    return Occurrence(*starts[0]) if starts else None


def _once(key: str, meeting: Occurrence) -> Series:
    return Series(key, Repeat.ONCE, meeting.start, meeting.end, until=meeting.start.date())


def _repeating(activity: Activity, key: str, today: dt.date) -> list[Series]:
    """The series of one time of a repeating schedule (several for every other week over a 53-week year)."""
    s = activity.schedule
    every_year = bool(s.pause_months) or s.holidays_off
    ends = [day for day in (s.season_end, activity.valid_until) if day is not None]
    until = min(ends) if ends else None
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    last = horizon if until is None else min(horizon, until)
    meetings = occurrences(activity, today, last)
    if not meetings:
        return []
    met = {o.start.date() for o in meetings}
    if every_year or s.cancelled:  # the days the rule names, before anything stops one
        bare_rule = dataclasses.replace(s, pause_months=(), cancelled=(), holidays_off=False)
        bare = dataclasses.replace(activity, schedule=bare_rule)
        # from the same first day as the meetings: the engine expands a rule shared by many records once
        named = [o.start.date() for o in occurrences(bare, today, last)]
        # every cancelled day is listed, however far ahead: those after the horizon one by one (a year
        # typed as 9999 is not a reason to work out every meeting until then)
        named += sorted(day for day in s.cancelled if last < day and (until is None or day <= until)
                        and occurrences(bare, day, day))  # fmt: skip
    else:
        named = sorted(met)
    paused = {MONTH_NUMBERS[month] for month in s.pause_months}
    weekdays = tuple(sorted(WEEKDAY_NUMBERS[day] for day in s.weekdays))
    found: list[Series] = []
    begin = meetings[0].start.date()
    while True:
        # every other week by parity: the count holds to the end of the next year of 53 weeks
        boundary = _end_of_long_year(begin) if s.week_parity else None
        end = min(day for day in (boundary, until) if day is not None) if (boundary or until) else None
        inside = [o for o in meetings if begin <= o.start.date() and (end is None or o.start.date() <= end)]
        if not inside:
            break
        first = inside[0].start.date()
        skipped = [day for day in named if first <= day and (end is None or day <= end) and day not in met]
        found.append(
            Series(
                key if not found else f"{key}-{first.isocalendar().year}",
                _REPEAT[s.frequency],
                inside[0].start,
                inside[0].end,
                weekdays,
                s.weeks_of_month if s.frequency == Frequency.MONTHLY else (),
                end,
                tuple(month for month in ALL_MONTHS if month not in paused),
                tuple(day for day in skipped if day.month not in paused),
                tuple(day for day in skipped if day.month in paused),
                horizon if every_year else None,
            )
        )
        if boundary is None or (until is not None and until <= boundary):
            break
        begin = boundary + dt.timedelta(days=1)
    return found


def _end_of_long_year(day: dt.date) -> dt.date:
    """The Sunday that ends week 53 of the first ISO year with 53 weeks, from ``day``'s ISO year on."""
    year = day.isocalendar().year
    while dt.date(year, 12, 28).isocalendar().week != 53:  # 28 December always lies in the year's last week
        year += 1
    return dt.date.fromisocalendar(year, 53, 7)


# --- the subscription feeds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    """A calendar to subscribe to: its kind (``all``, ``urls.AREAS``, ``urls.CATEGORIES``), its name,
    its file on the site and the activities in it."""

    kind: str
    label: str
    path: str
    views: tuple[ActivityView, ...]

    @property
    def url(self) -> str:
        """Its address relative to the site root, percent-encoded."""
        return quote(self.path)


def feeds(settings: Settings, current: list[ActivityView], messages: Messages) -> list[Feed]:
    """The whole directory's listed activities, then each area's, then each interest's."""
    found = [Feed("all", messages("calendar.feed_all"), urls.CALENDAR_ALL, tuple(current))]
    for area in settings.areas:
        views = tuple(v for v in current if area.id in areas_of(v.activity, settings))
        found.append(Feed(urls.AREAS, area.name, urls.calendar_area(area.id), views))
    for term in settings.categories:
        views = tuple(v for v in current if term.id in v.activity.categories)
        found.append(Feed(urls.CATEGORIES, term.label, urls.calendar_category(term.id), views))
    return found
