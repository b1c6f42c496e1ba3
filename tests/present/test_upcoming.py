"""What a reader is told about when an activity next meets, seen on a chosen day."""

from __future__ import annotations

import datetime as dt

from tests.enrich.test_occurrences import _activity
from vejviser.i18n import Messages
from vejviser.model import Frequency, Status
from vejviser.present.upcoming import SHOWN_MEETINGS, upcoming

D = dt.date
M = Messages("da", strict=True)
TUESDAYS = {"frequency": Frequency.WEEKLY, "weekdays": ("tirsdag",)}


def test_the_next_meeting_is_named_by_weekday_date_and_time_and_the_next_four_are_kept():
    seen = upcoming(_activity(**TUESDAYS), D(2026, 12, 2), M)  # a Wednesday
    assert seen.text == "Næste gang: tirsdag 8. december kl. 10.00"
    assert (seen.note, seen.quiet) == ("", False)
    assert [o.start.date() for o in seen.meetings] == [
        D(2026, 12, 8),
        D(2026, 12, 15),
        D(2026, 12, 22),
        D(2026, 12, 29),
    ]
    assert len(seen.meetings) == SHOWN_MEETINGS


def test_a_meeting_on_the_day_itself_is_the_next_and_next_year_says_its_year():
    assert upcoming(_activity(**TUESDAYS), D(2026, 12, 29), M).text == "Næste gang: tirsdag 29. december kl. 10.00"
    assert upcoming(_activity(**TUESDAYS), D(2026, 12, 30), M).text == "Næste gang: tirsdag 5. januar 2027 kl. 10.00"


def test_a_week_whose_meeting_is_cancelled_says_not_this_week_and_names_the_cancellation():
    activity = _activity(**TUESDAYS, cancelled=(D(2026, 12, 22), D(2026, 12, 23)))
    seen = upcoming(activity, D(2026, 12, 21), M)  # the Monday of that week
    assert (seen.note, seen.text) == ("Ikke i denne uge", "Næste gang: tirsdag 29. december kl. 10.00")
    assert seen.line == "Ikke i denne uge. Næste gang: tirsdag 29. december kl. 10.00"
    assert seen.cancelled == "Aflyst tirsdag 22. december"  # the 23rd is a Wednesday: nothing to cancel


def test_a_holiday_off_in_its_week_is_not_this_week():
    # 2027-03-29 is 2. påskedag, a Monday
    activity = _activity(frequency=Frequency.WEEKLY, weekdays=("mandag",), holidays_off=True)
    seen = upcoming(activity, D(2027, 3, 29), M)
    assert (seen.note, seen.text) == ("Ikke i denne uge", "Næste gang: mandag 5. april kl. 10.00")


def test_a_long_pause_is_marked_quiet_not_shown_as_if_it_met():
    activity = _activity(**TUESDAYS, pause_months=("december", "januar", "februar"))
    seen = upcoming(activity, D(2026, 12, 1), M)
    assert seen.quiet and seen.note == "Ingen møder de næste 5 uger"
    assert seen.text == "Næste gang: tirsdag 2. marts 2027 kl. 10.00"


def test_a_monthly_rule_is_not_quiet_between_its_meetings():
    last_friday = _activity(frequency=Frequency.MONTHLY, weekdays=("fredag",), weeks_of_month=(-1,))
    seen = upcoming(last_friday, D(2027, 1, 30), M)  # the day after the last Friday of January
    assert seen.text == "Næste gang: fredag 26. februar kl. 10.00" and not seen.quiet


def test_a_pause_until_a_day_starts_again_that_day():
    activity = _activity(Status.PAUSED, paused_until=D(2027, 2, 1), **TUESDAYS)
    assert upcoming(activity, D(2026, 12, 1), M).text == "Næste gang: tirsdag 2. februar 2027 kl. 10.00"


def test_no_meeting_at_all_ahead_says_so_and_unknown_days_say_nothing():
    over = _activity(**TUESDAYS, season_end=D(2026, 11, 30))
    assert upcoming(over, D(2026, 12, 1), M).note == "Ingen kommende mødedage"
    for unknown in (
        _activity(frequency=Frequency.BY_APPOINTMENT),
        _activity(frequency=Frequency.FORTNIGHTLY, weekdays=("tirsdag",)),  # without its weeks
        _activity(Status.ENDED, **TUESDAYS),
    ):
        seen = upcoming(unknown, D(2026, 12, 1), M)
        assert (seen.text, seen.note, seen.meetings) == ("", "", ())


def test_several_times_a_week_give_the_nearest_at_its_own_time():
    from vejviser.model import Slot

    times = (Slot(("mandag",), "09:00", "10:00"), Slot(("torsdag",), "14:00", "15:00"))
    activity = _activity(frequency=Frequency.WEEKLY, times=times, start="", end="")
    seen = upcoming(activity, D(2026, 12, 1), M)
    assert seen.text == "Næste gang: torsdag 3. december kl. 14.00"
    assert [f"{o.start:%a %H:%M}" for o in seen.meetings] == ["Thu 14:00", "Mon 09:00", "Thu 14:00", "Mon 09:00"]
