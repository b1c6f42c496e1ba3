"""The meetings of the coming weeks, published for the reader's own day.

A page built on Monday must still be right on Thursday. So beside what the pages say for the
day of the build, the build publishes for every activity whose days are known the days it meets
from the build's day to the Sunday some weeks on (``present.facets.meeting_window``), and its
first meeting after that. From them the site's script (``assets/meetings.js``) tells, on the
reader's own day in Copenhagen, what :func:`vejviser.present.upcoming.upcoming` would say on
that day, and lists "I dag" and "Denne uge"; a nightly build keeps the window ahead of the readers.

A meeting counts for its whole day, also once it is over: the build knows days, not hours, and
"I dag" lists what happens on the day. Python and the script say the same for every day.

The data is small at 10,000 activities (``bench/bench_meetings.py``): the days of each start
time as a bit mask over the window, the distinct masks and times in tables of their own, the
activities as columns in the directory's order (which is also the order of equal start times),
so that gzip finds the repeats. The words of the lists' entries are in chunks of
:data:`CARD_CHUNK`, fetched only for the entries shown.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from vejviser.enrich.occurrences import danish_holidays, knows_its_days, occurrences, schedule_occurrences
from vejviser.i18n import Messages
from vejviser.model import MONTHS, WEEKDAYS, Activity, Status
from vejviser.present import urls
from vejviser.present.directory import Directory
from vejviser.present.facets import meeting_window, when_facet
from vejviser.present.upcoming import HORIZON_DAYS, SOON_WEEKS
from vejviser.present.views import ActivityView
from vejviser.present.words import clock, weekday_in_words

#: Where each row of the map's words (``site/mapdata.py``) holds its activity's id.
MAP_WORDS_ID = 5
#: Entries of the lists' words per chunk file.
CARD_CHUNK = 200
#: Changed when the data's shape changes, so that a script never misreads another build's data.
VERSION = 1


@dataclass(frozen=True)
class Meetings:
    """One activity's meetings in the window: its start times, each with the days it meets at it."""

    #: ``(HH:MM, mask)``: bit ``i`` of the mask is the ``i``-th day of the window.
    times: tuple[tuple[str, int], ...]
    #: Days its rule names but something stops (a paused month, a cancelled day, a holiday, a pause
    #: until a date, the day it is valid to), for "Ikke i denne uge".
    skipped: int
    #: The first meeting after the window, as (days after the window's last day, ``HH:MM``).
    after: tuple[int, str] | None

    def starts_on(self, day: int) -> str:
        """The first start time on the window's day ``day`` (``""`` when it does not meet)."""
        return min((time for time, mask in self.times if mask >> day & 1), default="")


def _mask(days: Sequence[dt.date], first: dt.date) -> int:
    return sum({1 << (day - first).days for day in days})


def _stops_meetings(activity: Activity, first: dt.date, last: dt.date) -> bool:
    """Whether anything may stop a day its rule names from ``first`` to ``last``: without it its
    meetings there are all its rule's days, and nothing is skipped."""
    s = activity.schedule
    months = {
        MONTHS[(first.month - 1 + n) % 12] for n in range((last.year - first.year) * 12 + last.month - first.month + 1)
    }
    holidays = s.holidays_off and any(
        first <= day <= last for y in {first.year, last.year} for day in danish_holidays(y)
    )
    return (
        activity.status != Status.ACTIVE
        or bool(months & set(s.pause_months))
        or any(first <= day <= last for day in s.cancelled)
        or holidays
        or (activity.paused_until is not None and activity.paused_until > first)
        or (activity.valid_until is not None and activity.valid_until < last)
    )


def meetings_of(activity: Activity, first: dt.date, last: dt.date) -> Meetings:
    """The activity's meetings from ``first`` to ``last``, what stops its rule's days there, and the next one after."""
    found = occurrences(activity, first, last)
    by_time: dict[tuple[int, int], int] = {}
    day_one = first.toordinal()
    for meeting in found:
        start = meeting.start
        time = (start.hour, start.minute)
        by_time[time] = by_time.get(time, 0) | 1 << (start.toordinal() - day_one)
    skipped = 0
    if _stops_meetings(activity, first, last):  # the rule's days as upcoming's "Ikke i denne uge" reads them
        bare = dataclasses.replace(activity.schedule, pause_months=(), cancelled=(), holidays_off=False)
        met = {m.start.date() for m in found}
        named = [m.start.date() for m in schedule_occurrences(bare, first, last)]
        skipped = _mask([day for day in named if day not in met], first)
    # the next meeting: most are within a week or a month, the rest within the horizon
    after, begin = None, 1
    for end in (7, 35, HORIZON_DAYS):
        later = occurrences(activity, last + dt.timedelta(days=begin), last + dt.timedelta(days=end))
        if later:
            after = ((later[0].start.date() - last).days, f"{later[0].start:%H:%M}")
            break
        begin = end + 1
    times = tuple((f"{hour:02d}:{minute:02d}", mask) for (hour, minute), mask in sorted(by_time.items()))
    return Meetings(times, skipped, after)


def meeting_place(view: ActivityView, messages: Messages) -> str:
    """Where a list entry says it happens (as the cards do): the venue, the area it serves, or online."""
    if view.where:
        return view.where
    if view.serves:
        return view.serves  # its words follow the form: "Kommer hjem til dig i ...", "Over telefonen, ..."
    return messages("form.online")


@dataclass(frozen=True)
class Plan:
    """The meetings of every activity whose days are known, in the directory's order, for one build."""

    first: dt.date
    last: dt.date
    rows: list[tuple[ActivityView, Meetings]]

    def on(self, day: dt.date) -> list[tuple[ActivityView, str]]:
        """The listed activities that meet on ``day``, with the time they start, by start time
        (equal times in the directory's order)."""
        offset = (day - self.first).days
        if not 0 <= offset <= (self.last - self.first).days:
            return []
        starts = [(view, meetings.starts_on(offset)) for view, meetings in self.rows if view.listed]
        return sorted(((view, start) for view, start in starts if start), key=lambda entry: entry[1])

    def data(self, messages: Messages, map_ids: Sequence[str] = ()) -> dict:
        """The data the script reads (see the module's docstring); ``map_ids``: the map's rows' activities."""
        times = sorted({t for _, m in self.rows for t, _ in m.times} | {m.after[1] for _, m in self.rows if m.after})
        time_number = {time: number for number, time in enumerate(times)}
        masks: dict[int, int] = {0: 0}

        def number(mask: int) -> int:
            return masks.setdefault(mask, len(masks))

        meets = [[n for time, mask in m.times for n in (number(mask), time_number[time])] for _, m in self.rows]
        skipped = [number(m.skipped) for _, m in self.rows]
        after = [[m.after[0], time_number[m.after[1]]] if m.after else 0 for _, m in self.rows]
        size = ((self.last - self.first).days + 8) // 8
        row_of = {view.id: row for row, (view, _) in enumerate(self.rows)}
        when = when_facet(messages)
        return {
            "version": VERSION,
            "from": self.first.isoformat(),
            "until": self.last.isoformat(),
            "horizon": HORIZON_DAYS,
            "soon_weeks": SOON_WEEKS,
            "texts": {key: messages(key) for key in messages.texts if key.startswith(("next.", "today.", "week."))},
            "months": [messages(f"month.{n}") for n in range(1, 13)],
            "weekdays": [weekday_in_words(day, messages) for day in WEEKDAYS],
            "when": {"key": when.key, "label": when.label, "values": [list(v) for v in when.values]},
            "times": [[int(t[:2]) * 60 + int(t[3:]), clock(t)] for t in times],
            "masks": [_b64(mask, size) for mask in masks],
            "ids": [view.id for view, _ in self.rows],
            "meets": meets,
            "skipped": skipped,
            "after": after,
            "hidden": [row for row, (view, _) in enumerate(self.rows) if not view.listed],
            "map": _steps([row_of.get(id_, -1) for id_ in map_ids]),
            "chunk": CARD_CHUNK,
        }

    def cards(self, messages: Messages) -> list[list[list[str] | None]]:
        """The lists' words of each row (title, address, where), in chunks; none for an unlisted one."""
        words = [[v.activity.title, v.url, meeting_place(v, messages)] if v.listed else None for v, _ in self.rows]
        return [words[start : start + CARD_CHUNK] for start in range(0, len(words), CARD_CHUNK)]

    def files(self, messages: Messages, map_ids: Sequence[str] = ()) -> list[tuple[str, str]]:
        """The site's files: the data, and the words in chunks."""
        files = [(urls.MEETINGS, _compact(self.data(messages, map_ids)))]
        files += [(urls.meeting_cards(n), _compact(chunk)) for n, chunk in enumerate(self.cards(messages))]
        return files


def _b64(mask: int, size: int) -> str:
    """A mask as base64url without padding, least significant byte first."""
    return base64.urlsafe_b64encode(mask.to_bytes(size, "little")).decode("ascii").rstrip("=")


def _steps(rows: list[int]) -> list[int]:
    """Row numbers as steps from the one before (0: no row), so that an increasing list is mostly 1s."""
    steps, before = [], -1
    for row in rows:
        if row < 0:
            steps.append(0)
        else:
            steps.append(row - before)
            before = row
    return steps


def _compact(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def plan(directory: Directory) -> Plan:
    """The meetings of the directory's activities whose days are known, from the day of the build."""
    first, last = meeting_window(directory.today)
    views = [v for v in directory.views if v.activity.status != Status.ENDED and knows_its_days(v.activity.schedule)]
    return Plan(first, last, [(view, meetings_of(view.activity, first, last)) for view in views])
