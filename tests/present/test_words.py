"""Records said in words: the schedule's whole rule, as the pages, the book and the sheets print it."""

from __future__ import annotations

import datetime as dt

import pytest

from vejviser.i18n import Messages
from vejviser.model import Frequency, Schedule, Slot
from vejviser.present.words import clock, when_in_words

M = Messages("da", strict=True)
D = dt.date


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        (Schedule(Frequency.WEEKLY, ("tirsdag", "torsdag"), start="10:00", end="12:00"),
         "hver tirsdag og torsdag kl. 10.00–12.00"),
        (Schedule(Frequency.MONTHLY, ("tirsdag",), (1, 3), start="14:00", pause_months=("juli",)),
         "første og tredje tirsdag i måneden fra kl. 14.00, holder pause i juli"),
        (Schedule(Frequency.MONTHLY, ("fredag",), (-1,), start="12:00", end="15:00"),
         "sidste fredag i måneden kl. 12.00–15.00"),
        (Schedule(Frequency.FORTNIGHTLY, ("onsdag",), start="17:30", end="19:30", week_parity="ulige"),
         "hver anden onsdag kl. 17.30–19.30 i ulige uger"),
        (Schedule(Frequency.FORTNIGHTLY, ("tirsdag",), start="13:00", first_date=D(2026, 9, 8)),
         "hver anden tirsdag fra kl. 13.00, første gang 8. september 2026"),
        (Schedule(Frequency.WEEKLY, times=(Slot(("mandag",), "09:00", "10:00"), Slot(("torsdag",), "14:00", "15:00"))),
         "hver mandag kl. 9.00–10.00 og hver torsdag kl. 14.00–15.00"),
        (Schedule(Frequency.WEEKLY, ("søndag",), start="10:00", season_start=D(2026, 9, 6), season_end=D(2027, 5, 30),
                  holidays_off=True),
         "hver søndag fra kl. 10.00, i sæsonen 6. september 2026 til 30. maj 2027, ikke på helligdage"),
        (Schedule(Frequency.DATES, dates=(D(2027, 4, 24), D(2027, 5, 22)), start="08:00", end="14:00"),
         "24. april 2027 og 22. maj 2027 kl. 8.00–14.00"),
        (Schedule(Frequency.BY_APPOINTMENT), "efter aftale"),
    ],
)  # fmt: skip
def test_the_rule_is_said_in_full(schedule, words):
    assert when_in_words(schedule, M) == words


def test_without_times_the_rule_is_said_alone_for_a_sheet_that_prints_the_time_first():
    schedule = Schedule(Frequency.MONTHLY, ("tirsdag",), (2,), start="14:00", end="16:00")
    assert when_in_words(schedule, M, times=False) == "anden tirsdag i måneden"


def test_a_time_of_day_is_written_the_danish_way():
    assert (clock("09:30"), clock("10:00"), clock("23:45")) == ("9.30", "10.00", "23.45")
