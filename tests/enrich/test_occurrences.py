"""The occurrence engine: the concrete days and times an activity meets, read two ways.

Each rule is checked on days chosen by hand (the third Tuesday, the last week of a month, summer
time, 29 February, a pause over New Year, a holiday) and, for random schedules, against an
independent reading of the same rule: an iCalendar event (RRULE, RDATE, EXDATE) expanded by
icalendar and recurring-ical-events.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vejviser.enrich.occurrences import (
    MONTH_NUMBERS,
    PARITY_WEEKS,
    TIMEZONE,
    WEEKDAY_NUMBERS,
    danish_holidays,
    knows_its_days,
    occurrences,
)
from vejviser.model import Activity, Form, Frequency, Schedule, Slot, Status

WEEKDAYS = list(WEEKDAY_NUMBERS)
MONTHS = list(MONTH_NUMBERS)


def _activity(status: Status = Status.ACTIVE, paused_until=None, valid_until=None, **schedule) -> Activity:
    schedule.setdefault("start", "10:00")
    schedule.setdefault("end", "12:00")
    return Activity(
        id="x",
        file="activities/x.yaml",
        title="X",
        summary="X",
        organisation="o",
        categories=("motion",),
        form=Form.IN_PERSON,
        schedule=Schedule(**schedule),
        reviewed=dt.date(2026, 11, 1),
        status=status,
        paused_until=paused_until,
        valid_until=valid_until,
    )


def _days(activity: Activity, first: dt.date, last: dt.date) -> list[dt.date]:
    return [o.start.date() for o in occurrences(activity, first, last)]


D = dt.date


def test_weekly_meets_on_each_of_its_weekdays_at_its_time_in_copenhagen():
    found = occurrences(
        _activity(frequency=Frequency.WEEKLY, weekdays=("tirsdag", "torsdag")), D(2026, 12, 1), D(2026, 12, 10)
    )
    assert [o.start.date() for o in found] == [D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 8), D(2026, 12, 10)]
    assert found[0].start == dt.datetime(2026, 12, 1, 10, 0, tzinfo=TIMEZONE)
    assert found[0].end == dt.datetime(2026, 12, 1, 12, 0, tzinfo=TIMEZONE)


def test_the_time_is_the_same_on_the_clock_in_summer_and_winter_time():
    found = occurrences(_activity(frequency=Frequency.WEEKLY, weekdays=("søndag",)), D(2027, 3, 21), D(2027, 4, 4))
    assert [o.start.hour for o in found] == [10, 10, 10]
    assert [o.start.utcoffset() for o in found] == [dt.timedelta(hours=1), dt.timedelta(hours=2), dt.timedelta(hours=2)]
    autumn = occurrences(_activity(frequency=Frequency.WEEKLY, weekdays=("søndag",)), D(2027, 10, 24), D(2027, 10, 31))
    assert [o.start.utcoffset() for o in autumn] == [dt.timedelta(hours=2), dt.timedelta(hours=1)]


def test_monthly_by_week_of_the_month_the_third_and_the_last():
    third = _activity(frequency=Frequency.MONTHLY, weekdays=("tirsdag",), weeks_of_month=(3,))
    assert _days(third, D(2026, 12, 1), D(2027, 2, 28)) == [D(2026, 12, 15), D(2027, 1, 19), D(2027, 2, 16)]
    last = _activity(frequency=Frequency.MONTHLY, weekdays=("tirsdag",), weeks_of_month=(-1,))
    # December 2026 has five Tuesdays: the last is the fifth, 29 December
    assert _days(last, D(2026, 12, 1), D(2027, 1, 31)) == [D(2026, 12, 29), D(2027, 1, 26)]
    first_and_third = _activity(frequency=Frequency.MONTHLY, weekdays=("tirsdag",), weeks_of_month=(1, 3))
    assert _days(first_and_third, D(2026, 12, 1), D(2026, 12, 31)) == [D(2026, 12, 1), D(2026, 12, 15)]


def test_every_other_week_in_odd_weeks_follows_the_week_numbers_also_over_a_53_week_year():
    odd = _activity(frequency=Frequency.FORTNIGHTLY, weekdays=("tirsdag",), week_parity="ulige")
    # 2026 has a week 53 (28 December), and week 1 of 2027 is odd too: two weeks in a row
    assert _days(odd, D(2026, 12, 1), D(2027, 1, 20)) == [
        D(2026, 12, 1),
        D(2026, 12, 15),
        D(2026, 12, 29),
        D(2027, 1, 5),
        D(2027, 1, 19),
    ]
    even = _activity(frequency=Frequency.FORTNIGHTLY, weekdays=("tirsdag",), week_parity="lige")
    assert _days(even, D(2026, 12, 1), D(2027, 1, 20)) == [D(2026, 12, 8), D(2026, 12, 22), D(2027, 1, 12)]
    assert all(day.isocalendar().week % 2 == 0 for day in _days(even, D(2026, 1, 1), D(2027, 12, 31)))


def test_every_other_week_from_a_first_date_starts_that_day_and_counts_on_from_it():
    """ "Første gang" is the first meeting: a new group starting in January has none in December."""
    fortnight = _activity(frequency=Frequency.FORTNIGHTLY, weekdays=("onsdag",), first_date=D(2027, 1, 13))
    assert _days(fortnight, D(2026, 12, 1), D(2027, 2, 28)) == [
        D(2027, 1, 13),
        D(2027, 1, 27),
        D(2027, 2, 10),
        D(2027, 2, 24),
    ]
    # a first date long past still names the weeks
    assert _days(fortnight, D(2031, 3, 1), D(2031, 3, 31)) == [D(2031, 3, 5), D(2031, 3, 19)]


def test_every_other_week_without_its_weeks_names_no_day():
    unknown = _activity(frequency=Frequency.FORTNIGHTLY, weekdays=("tirsdag",))
    assert not knows_its_days(unknown.schedule)
    assert occurrences(unknown, D(2026, 12, 1), D(2027, 1, 31)) == []


def test_dates_are_met_on_those_days_also_29_february():
    dates = _activity(frequency=Frequency.DATES, dates=(D(2028, 2, 28), D(2028, 2, 29), D(2028, 3, 1)))
    assert _days(dates, D(2028, 2, 29), D(2028, 12, 31)) == [D(2028, 2, 29), D(2028, 3, 1)]
    weekly = _activity(frequency=Frequency.WEEKLY, weekdays=("tirsdag",))
    assert D(2028, 2, 29) in _days(weekly, D(2028, 2, 1), D(2028, 3, 31))


def test_a_pause_over_new_year_leaves_out_december_and_january():
    winter = _activity(frequency=Frequency.WEEKLY, weekdays=("tirsdag",), pause_months=("december", "januar"))
    assert _days(winter, D(2026, 11, 20), D(2027, 2, 10)) == [D(2026, 11, 24), D(2027, 2, 2), D(2027, 2, 9)]


def test_cancelled_days_and_public_holidays_are_left_out():
    # Thursdays around Easter 2027: skærtorsdag 25 March and Kristi himmelfartsdag 6 May are holidays;
    # 8 April is cancelled, and so is 6 May (a cancelled date on a holiday)
    thursday = _activity(
        frequency=Frequency.WEEKLY, weekdays=("torsdag",), holidays_off=True, cancelled=(D(2027, 4, 8), D(2027, 5, 6))
    )
    assert {D(2027, 3, 25), D(2027, 5, 6)} <= danish_holidays(2027)
    expected = [D(2027, 3, 18), D(2027, 4, 1), D(2027, 4, 15), D(2027, 4, 22), D(2027, 4, 29), D(2027, 5, 13)]
    assert _days(thursday, D(2027, 3, 18), D(2027, 5, 13)) == expected
    working = dataclasses.replace(thursday, schedule=dataclasses.replace(thursday.schedule, holidays_off=False))
    assert _days(working, D(2027, 3, 18), D(2027, 5, 13)) == sorted([*expected, D(2027, 3, 25)])


def test_a_pause_a_season_the_last_valid_day_and_an_end_bound_the_meetings():
    weekly = {"frequency": Frequency.WEEKLY, "weekdays": ("mandag",)}
    paused = _activity(Status.PAUSED, paused_until=D(2027, 2, 1), **weekly)
    assert _days(paused, D(2026, 12, 1), D(2027, 2, 15)) == [D(2027, 2, 1), D(2027, 2, 8), D(2027, 2, 15)]
    assert _days(_activity(Status.PAUSED, **weekly), D(2026, 12, 1), D(2027, 2, 15)) == []
    season = _activity(season_start=D(2027, 1, 4), season_end=D(2027, 1, 18), **weekly)
    assert _days(season, D(2026, 12, 1), D(2027, 3, 1)) == [D(2027, 1, 4), D(2027, 1, 11), D(2027, 1, 18)]
    until = _activity(valid_until=D(2026, 12, 14), **weekly)
    assert _days(until, D(2026, 12, 1), D(2027, 3, 1)) == [D(2026, 12, 7), D(2026, 12, 14)]
    assert _days(_activity(Status.ENDED, **weekly), D(2026, 12, 1), D(2027, 3, 1)) == []
    assert _days(_activity(frequency=Frequency.BY_APPOINTMENT), D(2026, 12, 1), D(2027, 3, 1)) == []


# --- the independent reading: the same rule as an iCalendar event ------------------------------

_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _as_calendar(activity: Activity, window_start: dt.date) -> icalendar.Calendar:
    """The activity as one VEVENT per time (slot) of its schedule."""
    calendar = icalendar.Calendar()
    for number, slot in enumerate(activity.schedule.slots):
        calendar.add_component(_as_event(activity, slot, number, window_start))
    return calendar


def _as_event(activity: Activity, slot: Slot, number: int, window_start: dt.date) -> icalendar.Event:
    """One time of the activity as a VEVENT whose DTSTART lies before the window (so that only the rule counts)."""
    s = activity.schedule
    time = dt.time.fromisoformat(slot.start)
    days = [_ICAL_DAYS[WEEKDAY_NUMBERS[name]] for name in slot.weekdays]
    allowed = [n for name, n in MONTH_NUMBERS.items() if name not in s.pause_months]
    event = icalendar.Event()
    event.add("uid", f"x-{number}@vejviser")
    rule: dict = {"BYMONTH": allowed}
    if s.frequency == Frequency.DATES:
        first = min(s.dates)
        event.add("dtstart", dt.datetime.combine(first, time, tzinfo=TIMEZONE))
        for day in s.dates[1:]:
            event.add("rdate", dt.datetime.combine(day, time, tzinfo=TIMEZONE))
        excluded = [day for day in s.dates if day.month not in allowed]
        rule = {}
    else:
        anchor = window_start - dt.timedelta(days=400)
        if s.frequency == Frequency.FORTNIGHTLY and s.first_date:
            anchor = s.first_date  # the same weeks, counted from a first day before the window
            while anchor >= window_start:
                anchor -= dt.timedelta(weeks=2)
        event.add("dtstart", dt.datetime.combine(anchor, time, tzinfo=TIMEZONE))
        excluded = [anchor]  # DTSTART always counts in iCalendar; the engine has no such first day
        if s.frequency == Frequency.WEEKLY:
            rule.update(FREQ="WEEKLY", BYDAY=days)
        elif s.frequency == Frequency.MONTHLY:
            rule.update(FREQ="MONTHLY", BYDAY=[f"{n}{d}" for d in days for n in s.weeks_of_month])
        elif s.week_parity:
            rule.update(FREQ="YEARLY", BYWEEKNO=list(PARITY_WEEKS[s.week_parity]), BYDAY=days)
        else:
            rule.update(FREQ="WEEKLY", INTERVAL=2, WKST="MO", BYDAY=days)
        event.add("rrule", rule)
    excluded += list(s.cancelled)
    if s.holidays_off:
        excluded += [
            day for year in range(window_start.year - 2, window_start.year + 3) for day in danish_holidays(year)
        ]
    for day in excluded:
        event.add("exdate", dt.datetime.combine(day, time, tzinfo=TIMEZONE))
    return event


def _read_back(activity: Activity, first: dt.date, last: dt.date) -> list[dt.datetime]:
    s = activity.schedule
    counted_from = s.first_date if s.frequency == Frequency.FORTNIGHTLY and not s.week_parity else None
    lower = max([first, activity.paused_until or first, s.season_start or first, counted_from or first])
    upper = min([last, activity.valid_until or last, activity.schedule.season_end or last])
    if activity.status == Status.ENDED or upper < lower:
        return []
    events = recurring_ical_events.of(_as_calendar(activity, first)).between(lower, upper + dt.timedelta(days=1))
    return sorted(event["DTSTART"].dt for event in events)


_dates = st.dates(min_value=D(2025, 1, 1), max_value=D(2029, 12, 31))


@st.composite
def _schedules(draw) -> Activity:
    frequency = draw(st.sampled_from([Frequency.WEEKLY, Frequency.FORTNIGHTLY, Frequency.MONTHLY, Frequency.DATES]))
    weekdays = tuple(draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True)))
    schedule: dict = {"frequency": frequency, "weekdays": weekdays}
    if frequency == Frequency.MONTHLY:
        schedule["weeks_of_month"] = tuple(
            draw(st.lists(st.sampled_from([1, 2, 3, 4, -1]), min_size=1, max_size=2, unique=True))
        )
    if frequency == Frequency.FORTNIGHTLY:
        if draw(st.booleans()):
            schedule["week_parity"] = draw(st.sampled_from(["lige", "ulige"]))
        else:
            schedule["first_date"] = draw(_dates)
    if frequency == Frequency.DATES:
        schedule["weekdays"] = ()
        schedule["dates"] = tuple(sorted(draw(st.lists(_dates, min_size=1, max_size=12, unique=True))))
    schedule["pause_months"] = tuple(draw(st.lists(st.sampled_from(MONTHS), max_size=3, unique=True)))
    schedule["cancelled"] = tuple(sorted(draw(st.lists(_dates, max_size=4, unique=True))))
    schedule["holidays_off"] = draw(st.booleans())
    clock = st.sampled_from(["00:30", "02:30", "09:00", "10:00", "13:30", "19:00", "23:45"])
    schedule["start"] = draw(clock)
    if frequency != Frequency.DATES and draw(st.booleans()):  # several times, each with its weekday
        days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=2, max_size=3, unique=True))
        schedule["times"] = tuple(Slot((day,), draw(clock)) for day in days)
        schedule.update(weekdays=(), start="")
    status = draw(st.sampled_from([Status.ACTIVE, Status.ACTIVE, Status.PAUSED, Status.ENDED]))
    paused_until = draw(_dates) if status == Status.PAUSED else None
    return _activity(status, paused_until=paused_until, valid_until=draw(st.none() | _dates), **schedule)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(activity=_schedules(), first=_dates, length=st.integers(min_value=0, max_value=400))
def test_the_engine_agrees_with_icalendar_and_recurring_ical_events(activity, first, length):
    last = first + dt.timedelta(days=length)
    engine = [o.start for o in occurrences(activity, first, last)]
    assert engine == _read_back(activity, first, last)
    assert all(o.start.tzinfo is TIMEZONE for o in occurrences(activity, first, last))


@pytest.mark.parametrize("start", ["02:30"])
def test_a_time_that_the_change_to_summer_time_skips_still_meets_that_day(start):
    sunday = _activity(frequency=Frequency.WEEKLY, weekdays=("søndag",), start=start, end="")
    (meeting,) = occurrences(sunday, D(2027, 3, 28), D(2027, 3, 28))
    assert meeting.start.date() == D(2027, 3, 28) and meeting.end is None
