"""What a reader is told about when an activity next meets: "Næste gang: tirsdag 5. januar kl. 10.00",
"Ikke i denne uge", "Ingen møder de næste 4 uger".

Worked out from the occurrence engine for the day of the build; the site's script says the same
from the published occurrence data for the reader's own day, with the same words (the
catalogue's ``next.*`` texts), so a page built on Monday is still right on Thursday.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from vejviser.enrich.occurrences import Occurrence, knows_its_days, occurrences, schedule_occurrences
from vejviser.i18n import Messages
from vejviser.model import WEEKDAYS, Activity, Status
from vejviser.present.words import clock, weekday_in_words

#: How far ahead the next meeting is looked for.
HORIZON_DAYS = 366
#: With no meeting within this many weeks an activity is marked as quiet, not shown as if it met.
SOON_WEEKS = 5
#: How many coming meetings a sheet lists.
SHOWN_MEETINGS = 4


@dataclass(frozen=True)
class Upcoming:
    """An activity's coming meetings from one day, and what the reader is told about them."""

    #: The next meetings, at most :data:`SHOWN_MEETINGS`.
    meetings: tuple[Occurrence, ...] = ()
    #: "Næste gang: ..." (empty when its days are not known: by arrangement, ended, no weeks given).
    text: str = ""
    #: "Ikke i denne uge", "Ingen møder de næste 4 uger" or "Ingen kommende mødedage".
    note: str = ""
    #: No meeting within :data:`SOON_WEEKS` weeks.
    quiet: bool = False
    #: "Aflyst: torsdag 24. december og torsdag 31. december" (the coming cancelled meeting days).
    cancelled: str = ""
    #: The rule names a day before the last of :attr:`meetings` that is not met (a pause, a cancelled
    #: day, a holiday): the meetings say more than the rule.
    gaps: bool = False

    @property
    def next(self) -> Occurrence | None:
        return self.meetings[0] if self.meetings else None

    @property
    def line(self) -> str:
        """The note and the next meeting as one line: ``Ikke i denne uge. Næste gang: ...``."""
        return ". ".join(part for part in (self.note, self.text) if part)


def day_in_words(day: dt.date, today: dt.date, messages: Messages) -> str:
    """``tirsdag 5. januar``, with the year when it is not this year's."""
    weekday = weekday_in_words(WEEKDAYS[day.weekday()], messages)
    month = messages(f"month.{day.month}")
    if day.year == today.year:
        return messages("next.day", weekday=weekday, day=day.day, month=month)
    return messages("next.day_year", weekday=weekday, day=day.day, month=month, year=day.year)


def upcoming(activity: Activity, today: dt.date, messages: Messages) -> Upcoming:
    """What to say about ``activity``'s next meetings, seen on ``today``."""
    if activity.status == Status.ENDED or not knows_its_days(activity.schedule):
        return Upcoming()
    coming = occurrences(activity, today, today + dt.timedelta(days=HORIZON_DAYS))
    if not coming:
        return Upcoming(note=messages("next.none"), quiet=True)
    first = coming[0]
    text = messages(
        "next.meeting", day=day_in_words(first.start.date(), today, messages), time=clock(f"{first.start:%H:%M}")
    )
    quiet = first.start.date() > today + dt.timedelta(weeks=SOON_WEEKS)
    if quiet:
        note = messages("next.none_soon", weeks=SOON_WEEKS)
    elif _skips_this_week(activity, today, coming):
        note = messages("next.not_this_week")
    else:
        note = ""
    shown = tuple(coming[:SHOWN_MEETINGS])
    gaps = len(_bare(activity, today, shown[-1].start.date())) > len(shown)
    return Upcoming(shown, text, note, quiet, _cancelled(activity, today, messages), gaps)


def _bare(activity: Activity, first: dt.date, last: dt.date) -> list[Occurrence]:
    """The days the rule names, before pauses, cancellations and holidays leave any out."""
    bare = dataclasses.replace(activity.schedule, pause_months=(), cancelled=(), holidays_off=False)
    return schedule_occurrences(bare, first, last)


def _cancelled(activity: Activity, today: dt.date, messages: Messages) -> str:
    """The cancelled days ahead that would have been meetings, in words."""
    schedule = activity.schedule
    ahead = [day for day in schedule.cancelled if today <= day <= today + dt.timedelta(days=HORIZON_DAYS)]
    if not ahead:
        return ""
    meets = dataclasses.replace(activity, schedule=dataclasses.replace(schedule, cancelled=()))
    days = sorted({o.start.date() for day in ahead for o in occurrences(meets, day, day)})
    if not days:
        return ""
    return messages("next.cancelled", days=messages.join([day_in_words(d, today, messages) for d in days], "_and"))


def _skips_this_week(activity: Activity, today: dt.date, coming: list[Occurrence]) -> bool:
    """Its rule names a day in the rest of this week (to Sunday), and none of them is met:
    a cancelled day, a holiday, a pause month or a pause that has not ended yet."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    if any(o.start.date() <= sunday for o in coming):
        return False
    return bool(_bare(activity, today, sunday))
