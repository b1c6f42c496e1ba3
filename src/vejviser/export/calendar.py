"""The calendars, as iCalendar files (RFC 5545) made with the icalendar library: one for each activity
whose days are known ("Føj til kalender" on its page), and feeds to subscribe to: the whole
directory, each area and each interest, of the listed activities.

Each series of an activity's meetings (:mod:`vejviser.present.calendars`) is one VEVENT: its first
meeting as DTSTART in Europe/Copenhagen (with the zone's VTIMEZONE), its rule as RRULE (every
week, ``INTERVAL=2`` for every other week, ``FREQ=MONTHLY;BYDAY=1TU,3TU`` for weeks of the month),
the days the rule names and the activity skips (cancelled, holidays, paused months) as EXDATE, and
its end as UNTIL. Each date of a list of dates is a VEVENT of its own, which every calendar program
reads (Outlook, for one, ignores RDATE). A calendar says nothing of the record's contacts. DTSTAMP is the
build's day, so two builds on one day write the same files.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, cached_property
from urllib.parse import urlsplit

import icalendar

from vejviser.cache import NO_CACHE, BuildCache
from vejviser.enrich.occurrences import TIMEZONE
from vejviser.i18n import Messages
from vejviser.present import urls
from vejviser.present.calendars import ICAL_DAYS, TZID, Repeat, Series, feeds, series
from vejviser.present.directory import Directory
from vejviser.present.memo import cached_map, directory_version
from vejviser.present.views import ActivityView
from vejviser.present.words import date_in_words

#: Who made the files (RFC 5545's PRODID).
PRODID = "-//Vejviser//Vejviser//DA"
#: The UID's right-hand side when the site's address is not set.
NO_HOST = "vejviser.invalid"
#: Control characters, which RFC 5545 text may not hold (a line break is escaped as ``\n``).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: How a calendar's text ends.
_END = b"END:VCALENDAR\r\n"
#: The name a calendar's head is made with once, to be replaced by each calendar's name.
_MARKER = "VEJVISER-CALENDAR-NAME"


class CalendarWriter:
    """Makes the events and calendars of one directory, on its day.

    :meth:`event` and :meth:`calendar` are the calendars as icalendar's objects. The files are
    joined from the same objects' text, each part serialised once: an activity's title and details
    once for all its events, an event once for every calendar it is in, a calendar's head once
    with only its name put in (``tests/export`` checks that the files are what icalendar writes
    for the whole: icalendar writes each property on lines of its own, in its canonical order).
    """

    def __init__(self, directory: Directory):
        self.directory = directory
        self.settings = directory.settings
        self.messages: Messages = directory.messages
        self.today = directory.today
        self.host = urlsplit(self.settings.site_url).hostname or NO_HOST
        self.stamp = dt.datetime.combine(self.today, dt.time(), tzinfo=dt.UTC)

    # --- as icalendar's objects ------------------------------------------------------------------

    def events(self, view: ActivityView) -> list[icalendar.Event]:
        """One VEVENT for each series of the activity's meetings (none when its days are not known)."""
        return [self.event(view, found) for found in series(view.activity, self.today)]

    def event(self, view: ActivityView, found: Series) -> icalendar.Event:
        event = icalendar.Event()
        self._add_title(event, view)
        self._add_when(event, view, found)
        self._add_details(event, view, self.description(view, found))
        return event

    def calendar(self, name: str, events: list[icalendar.Event]) -> icalendar.Calendar:
        """A whole calendar: its name, the zone, and the events."""
        calendar = self._head(name)
        calendar.add_component(_timezone(self.today.year))
        for event in events:
            calendar.add_component(event)
        return calendar

    def description(self, view: ActivityView, found: Series) -> str:
        """The summary, the schedule's note, how far ahead the calendar goes, and the page's address."""
        m, a = self.messages, view.activity
        lines = [a.summary]
        if a.schedule.note:
            lines.append(a.schedule.note)
        if found.known_until is not None and found.last_day == found.known_until:
            lines.append(m("calendar.known_until", date=date_in_words(found.known_until, m)))
        if self.settings.site_url:
            lines.append(m("calendar.read_more", url=urls.absolute(self.settings.site_url, view.url)))
        return "\n\n".join(lines)

    def _add_title(self, event: icalendar.Event, view: ActivityView) -> None:
        event.add("summary", _text(view.activity.title))

    def _add_when(self, event: icalendar.Event, view: ActivityView, found: Series) -> None:
        event.add("uid", f"{view.id}-{found.key}@{self.host}")
        event.add("dtstamp", self.stamp)
        event.add("dtstart", found.start)
        if found.end is not None:
            event.add("dtend", found.end)
        rule = _rule(found)
        if rule:
            event.add("rrule", rule)
            last = found.last_day
            skipped = [day for day in found.skipped if last is None or day <= last]
            if skipped:
                event.add("exdate", [dt.datetime.combine(day, found.start.time(), tzinfo=TIMEZONE) for day in skipped])

    def _add_details(self, event: icalendar.Event, view: ActivityView, description: str) -> None:
        a = view.activity
        event.add("description", _text(description))
        if self.settings.site_url:
            event.add("url", urls.absolute(self.settings.site_url, view.url))
        if a.venue is not None:
            event.add("location", _text(view.where))
        if a.position is not None:
            event.add("geo", (a.position.lat, a.position.lon))

    def _head(self, name: str) -> icalendar.Calendar:
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        for key, line in _name_lines(name):
            calendar.add(key, line)
        description = icalendar.vText(self.messages("calendar.description", municipality=self.settings.municipality))
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
        # subscribers fetch it again every day (RFC 7986, and the older name Apple's and Microsoft's read)
        calendar.add("refresh-interval", icalendar.vDuration(dt.timedelta(days=1)), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "P1D")
        return calendar

    # --- as the files' text --------------------------------------------------------------------

    def serialised(self, view: ActivityView) -> tuple[bytes, bytes]:
        """The activity's events as iCalendar text, and its calendar file (both empty when its days
        are not known): what :meth:`events` and :meth:`calendar` serialise."""
        found = series(view.activity, self.today)
        if not found:
            return b"", b""
        title = icalendar.Event()
        self._add_title(title, view)
        head = b"BEGIN:VEVENT\r\n" + _inside(title)
        details: dict[str, bytes] = {}
        parts = []
        for one in found:
            description = self.description(view, one)
            if description not in details:
                event = icalendar.Event()
                self._add_details(event, view, description)
                details[description] = _inside(event) + b"END:VEVENT\r\n"
            when = icalendar.Event()
            self._add_when(when, view, one)
            parts.append(head + _inside(when) + details[description])
        events = b"".join(parts)
        return events, self.file(view.activity.title, events)

    def file(self, name: str, events: bytes) -> bytes:
        """A calendar file of events serialised already: what :meth:`calendar` serialises."""
        text, markers = self._head_text
        for marker, line in zip(markers, _property_lines(_name_lines(name)), strict=True):
            text = text.replace(marker, line, 1)
        return text + _timezone_text(self.today.year) + events + _END

    @cached_property
    def _head_text(self) -> tuple[bytes, list[bytes]]:
        """The head of every calendar, named :data:`_MARKER`, up to its first component; and its name's lines."""
        head = self._head(_MARKER).to_ical()
        assert head.endswith(_END)
        return head[: -len(_END)], _property_lines(_name_lines(_MARKER))


#: The build cache's kind for each activity's serialised events and calendar file.
SERIALISED = "ics"


def _serialised(found: object) -> tuple[bytes, bytes]:
    """A cached activity's events and calendar, if they have the shape :meth:`CalendarWriter.serialised` gives."""
    if not isinstance(found, tuple) or len(found) != 2 or not all(isinstance(part, bytes) for part in found):
        raise TypeError("not an activity's calendar")
    return found[0], found[1]


def calendar_files(directory: Directory, build_cache: BuildCache = NO_CACHE) -> list[tuple[str, bytes]]:
    """Every calendar file of the site as (site path, content): one for each activity that has
    meetings to add, then the feeds (the whole directory, each area, each interest). Each activity's
    events come from ``build_cache`` where they were made of the same view by the same code on the same day."""
    writer = CalendarWriter(directory)
    m = directory.messages
    # each activity's events are made and serialised once, on every core when there are many
    made: dict[str, bytes] = {}
    files = []
    serialised = cached_map(build_cache, SERIALISED, writer.serialised, directory.views, lambda view: view,
                            directory_version(directory), frozenset(), _serialised)  # fmt: skip
    for view, (events, own) in zip(directory.views, serialised, strict=True):
        made[view.id] = events
        if own:
            files.append((urls.calendar_activity(view.id), own))
    municipality = directory.settings.municipality
    for feed in feeds(directory.settings, directory.current, m):
        name = m("calendar.feed_name", name=feed.label, municipality=municipality)
        files.append((feed.path, writer.file(name, b"".join(made[view.id] for view in feed.views))))
    return files


def _rule(found: Series) -> dict | None:
    """The series' RRULE (``None`` for a single date)."""
    if found.repeat == Repeat.ONCE:
        return None
    days = [ICAL_DAYS[number] for number in found.weekdays]
    rule: dict = {"FREQ": "MONTHLY" if found.repeat == Repeat.MONTHLY else "WEEKLY"}
    if found.repeat == Repeat.FORTNIGHTLY:
        rule.update(INTERVAL=2, WKST="MO")  # the weeks counted from DTSTART's, Monday to Sunday
    if found.repeat == Repeat.MONTHLY:
        rule["BYDAY"] = [f"{week}{day}" for day in days for week in found.weeks_of_month]
    else:
        rule["BYDAY"] = days
    last = found.last_day
    if last is not None:  # with a DTSTART in a zone, UNTIL is in UTC (RFC 5545, 3.3.10)
        rule["UNTIL"] = dt.datetime.combine(last, dt.time(23, 59, 59), tzinfo=TIMEZONE).astimezone(dt.UTC)
    return rule


def _text(text: str) -> str:
    """Text without control characters (the validator refuses them in a record already)."""
    return _CONTROL.sub("", text)


def _name_lines(name: str) -> list[tuple[str, icalendar.vText]]:
    """A calendar's name as RFC 7986 and the older programs read it. icalendar takes these properties
    for unknown ones, which it would not escape: they are given as text."""
    text = icalendar.vText(_text(name))
    return [("name", text), ("x-wr-calname", text)]


def _property_lines(properties: list[tuple[str, icalendar.vText]]) -> list[bytes]:
    """Each property of a calendar as icalendar writes it, folded (by the length of its name too),
    after the line break before it."""
    calendar = icalendar.Calendar()
    for key, value in properties:
        calendar.add(key, value)
    lines = re.split(rb"\r\n(?! )", b"\r\n" + _inside(calendar))[1:-1]  # a folded line goes on after "\r\n "
    assert len(lines) == len(properties)
    return [b"\r\n" + line for line in lines]


def _inside(component: icalendar.Component) -> bytes:
    """A component's property lines, without its BEGIN and END lines."""
    text = component.to_ical()
    begin, end = f"BEGIN:{component.name}\r\n".encode(), f"END:{component.name}\r\n".encode()
    assert text.startswith(begin) and text.endswith(end)
    return text[len(begin) : -len(end)]


@cache
def _timezone(year: int) -> icalendar.Timezone:
    """Europe/Copenhagen as a VTIMEZONE, with its changes from the build's year and ten years on."""
    return icalendar.Timezone.from_tzinfo(TIMEZONE, TZID, dt.date(year, 1, 1), dt.date(year + 10, 1, 1))


@cache
def _timezone_text(year: int) -> bytes:
    return _timezone(year).to_ical()
