"""The calendars (.ics): read back with icalendar and recurring-ical-events, they hold the engine's meetings.

Every activity's file and every feed of the example municipality, on days chosen for their rules
(a year with 53 ISO weeks, the weeks before summer time, 29 February ahead), is expanded over a
year and compared record by record with :func:`~vejviser.enrich.occurrences.occurrences`; so are
random schedules of every kind (hypothesis), and the whole directory's feed at 1,000 activities.
A calendar says nothing of any contact person, and hostile text reads back as written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import icalendar
import pytest
import recurring_ical_events
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, copy_example
from vejviser.enrich.occurrences import MONTH_NUMBERS, TIMEZONE, WEEKDAY_NUMBERS, danish_holidays, occurrences
from vejviser.export.calendar import CalendarWriter, calendar_files
from vejviser.i18n import Messages
from vejviser.model import Activity, Address, Coordinates, Form, Frequency, Organisation, Schedule, Slot, Status, Venue
from vejviser.present import urls
from vejviser.present.calendars import HORIZON_DAYS, series
from vejviser.present.directory import Directory
from vejviser.settings import Settings, load_settings
from vejviser.site.pages import generate_pages
from vejviser.validate.project import validate_project

D = dt.date
WEEKDAYS = list(WEEKDAY_NUMBERS)
MONTHS = list(MONTH_NUMBERS)
#: A year with 53 ISO weeks ahead (every other week must break at New Year), the weeks before summer
#: time, and a spring with 29 February.
DAYS = [D(2026, 12, 1), D(2027, 3, 15), D(2028, 2, 1)]


@dataclass
class Records:
    activities: list[Activity]
    organisations: list[Organisation] = field(default_factory=list)


def _directory(settings: Settings, activities: list[Activity], today: dt.date) -> Directory:
    return Directory(settings, Records(activities), Messages(settings.language), today)


def _read(content: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def _wall(moment: dt.datetime) -> dt.datetime:
    """A time as the clock in Copenhagen shows it (the zone is checked apart)."""
    assert getattr(moment.tzinfo, "key", str(moment.tzinfo)) == "Europe/Copenhagen", moment
    return moment.replace(tzinfo=None)


def _read_back(content: bytes, first: dt.date, last: dt.date) -> dict[str, list[tuple[dt.datetime, dt.datetime]]]:
    """Each record's meetings from ``first`` to ``last`` (by the page's address), as (start, end) on the clock."""
    calendar = _read(content)
    ends = {str(e["UID"]): "DTEND" in e for e in calendar.walk("VEVENT")}
    found: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for event in recurring_ical_events.of(calendar).between(first, last + dt.timedelta(days=1)):
        start = _wall(event["DTSTART"].dt)
        end = _wall(event["DTEND"].dt) if ends[str(event["UID"])] else start
        found[str(event["URL"])].append((start, end))
    return {url: sorted(meetings) for url, meetings in found.items()}


def _engine(activity: Activity, first: dt.date, last: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(_wall(o.start), _wall(o.end or o.start)) for o in occurrences(activity, first, last)]


def _page(settings: Settings, activity: Activity) -> str:
    return urls.absolute(settings.site_url, urls.url(urls.ACTIVITIES, activity.id))


# --- the example municipality -------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("kommune"))


@pytest.fixture(scope="module", params=DAYS, ids=str)
def built(request, example):
    """The example's directory and calendar files, made on one of :data:`DAYS`."""
    today = request.param
    settings = load_settings(example)
    result = validate_project(settings, today)
    assert result.ok, result.errors
    directory = Directory(settings, result, Messages(settings.language), today)
    return directory, dict(calendar_files(directory))


def test_every_activity_file_reads_back_as_the_engines_meetings_over_a_year(built):
    directory, files = built
    today, last = directory.today, directory.today + dt.timedelta(days=365)
    compared = 0
    for view in directory.views:
        path = urls.calendar_activity(view.id)
        expected = _engine(view.activity, today, last)
        if path not in files:
            assert expected == [], f"{view.id} meets but has no calendar"
            continue
        read = _read_back(files[path], today, last)
        assert read.get(_page(directory.settings, view.activity), []) == expected, view.id
        assert set(read) <= {_page(directory.settings, view.activity)}
        compared += 1
    assert compared >= 40


def test_every_feed_reads_back_record_by_record_as_the_engines_meetings(built):
    directory, files = built
    settings, today = directory.settings, directory.today
    last = today + dt.timedelta(days=365)
    feeds = [(urls.CALENDAR_ALL, directory.current)]
    feeds += [(urls.calendar_area(a.id), directory.where(lambda v, a=a: a.id in directory.areas[v.id]))
              for a in settings.areas]  # fmt: skip
    feeds += [(urls.calendar_category(t.id), directory.where(lambda v, t=t: t.id in v.activity.categories))
              for t in settings.categories]  # fmt: skip
    assert set(files) == {path for path, _ in feeds} | {p for p in files if p.startswith("kalender/aktiviteter/")}
    for path, views in feeds:
        read = _read_back(files[path], today, last)
        expected = {_page(settings, v.activity): _engine(v.activity, today, last) for v in views}
        assert read == {url: meetings for url, meetings in expected.items() if meetings}, path


def test_the_example_shows_every_kind_of_rule_in_its_calendars(built):
    directory, files = built
    rules = "".join(
        line
        for content in files.values()
        for line in content.decode().replace("\r\n ", "").splitlines()
        if line.startswith(("RRULE", "EXDATE"))
    )
    for part in ("FREQ=WEEKLY;", "INTERVAL=2", "FREQ=MONTHLY", "BYDAY=1", "BYDAY=-1", "UNTIL=", "EXDATE"):
        assert part in rules, part


def test_a_file_and_a_link_exactly_where_there_is_something_to_add(built):
    directory, files = built
    pages = {page.path: page.body for page in generate_pages(directory).pages}
    kinds = set()
    for view in directory.views:
        a = view.activity
        has_file = urls.calendar_activity(a.id) in files
        link = f'href="../../{quote(urls.calendar_activity(a.id))}"'
        assert (link in pages[urls.path(urls.ACTIVITIES, a.id)]) == has_file, a.id
        if not has_file:
            kinds.add(a.status if a.status == Status.ENDED else a.schedule.frequency)
            if a.schedule.frequency == Frequency.FORTNIGHTLY and a.status != Status.ENDED:
                assert not (a.schedule.week_parity or a.schedule.first_date)
    assert {Status.ENDED, Frequency.BY_APPOINTMENT} <= kinds


def test_each_calendar_has_what_rfc_5545_asks_and_what_calendar_programs_read(built):
    directory, files = built
    stamp = dt.datetime.combine(directory.today, dt.time(), tzinfo=dt.UTC)
    positioned = {_page(directory.settings, v.activity) for v in directory.views if v.activity.position}
    for path, content in files.items():
        assert content.endswith(b"END:VCALENDAR\r\n") and b"\n" not in content.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in content.split(b"\r\n")), path  # folded lines
        calendar = _read(content)
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"] and calendar["CALSCALE"] == "GREGORIAN"
        assert calendar["METHOD"] == "PUBLISH" and calendar["NAME"] == calendar["X-WR-CALNAME"]
        [zone] = calendar.walk("VTIMEZONE")
        assert zone["TZID"] == "Europe/Copenhagen"
        uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
        assert len(uids) == len(set(uids)) and all(uid.endswith("@vejviser.example") for uid in uids)
        for event in calendar.walk("VEVENT"):
            assert event["DTSTAMP"].dt == stamp
            assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
            assert str(event["URL"]).startswith("https://vejviser.example/aktiviteter/")
            assert (str(event["URL"]) in positioned) == ("GEO" in event)
            if "RRULE" in event and "UNTIL" in event["RRULE"]:  # in UTC (RFC 5545, 3.3.10)
                assert all(until.utcoffset() == dt.timedelta(0) for until in event["RRULE"]["UNTIL"])
                assert re.search(r"UNTIL=\d{8}T\d{6}Z", event["RRULE"].to_ical().decode())


def test_a_subscription_feed_without_meetings_is_still_a_valid_calendar(built):
    directory, files = built
    writer = CalendarWriter(directory)
    empty = _read(writer.file("Tom", b""))
    assert empty.walk("VEVENT") == [] and empty.walk("VTIMEZONE")


def test_two_builds_on_one_day_write_the_same_files(built):
    directory, files = built
    assert dict(calendar_files(directory)) == files


def test_the_files_joined_from_parts_serialised_once_are_what_icalendar_writes_for_the_whole(built):
    directory, files = built
    writer = CalendarWriter(directory)
    every = []
    for view in directory.views:
        events = writer.events(view)
        every += events
        text, own = writer.serialised(view)
        assert text == b"".join(event.to_ical() for event in events), view.id
        if events:
            whole = writer.calendar(view.activity.title, events).to_ical()
            assert own == whole == files[urls.calendar_activity(view.id)]
    assert len(every) > 20
    name = "Et langt navn, med komma; semikolon \\ og æøå, der skal foldes over flere linjer " * 2
    assert writer.file(name, b"".join(event.to_ical() for event in every)) == writer.calendar(name, every).to_ical()


# --- privacy and hostile text -----------------------------------------------------------------


def _unfolded(content: bytes) -> str:
    """The text of a calendar as a reader's program shows it: lines unfolded, escapes undone."""
    text = content.decode("utf-8").replace("\r\n ", "")
    return text.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def _contacts(root: Path) -> list[dict]:
    found = []
    for path in sorted((root / "activities").glob("*.yaml")) + sorted((root / "organisations").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += data.get("contacts", []) + ([data["contact"]] if "contact" in data else [])
    return found


def test_no_contact_person_is_in_any_calendar_whether_or_not_they_agreed(built, example):
    _, files = built
    contacts = _contacts(example)
    assert any(c["consent"] == "ja" for c in contacts) and any(c["consent"] != "ja" for c in contacts)
    texts = {path: _unfolded(content) for path, content in files.items()}
    for contact in contacts:
        words = contact["name"].split()  # a name of one word ("Caféen") is a place's, and in titles
        patterns = [re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)] if len(words) > 1 else []
        if contact.get("email"):
            patterns.append(re.compile(re.escape(contact["email"]), re.IGNORECASE))
        if contact.get("phone"):
            digits = re.sub(r"\D", "", contact["phone"])[-8:]
            patterns.append(re.compile(r"[\s.-]*".join(digits)))
        for pattern in patterns:
            assert [path for path, text in texts.items() if pattern.search(text)] == [], pattern.pattern


def _one(settings: Settings, today: dt.date, **fields) -> Activity:
    base = {
        "id": "fjendtlig",
        "file": "activities/fjendtlig.yaml",
        "title": "X",
        "summary": "X",
        "organisation": "o",
        "categories": ("motion",),
        "form": Form.IN_PERSON,
        "schedule": Schedule(Frequency.WEEKLY, weekdays=("tirsdag",), start="10:00", end="12:00"),
        "reviewed": today,
        "area": settings.areas[0].id,
    }
    return Activity(**{**base, **fields})


def test_hostile_text_is_escaped_by_the_library_and_reads_back_as_written(example):
    settings, today = load_settings(example), DAYS[0]
    title = 'Strik, kaffe; og \\ en skråstreg\nNy linje "citat" æøå ' + "😀" * 30 + "\x07\x1b[31m"
    summary = "Linje et\r\nlinje to;\\n er ikke et linjeskift, men to tegn\tmed tabulator."
    venue = Venue("Huset; stuen, bagved", Address("Vej 1\\2", "2750", "Ballerup"), coordinates=Coordinates(55.7, 12.3))
    activity = _one(settings, today, title=title, summary=summary, venue=venue, position=Coordinates(55.7, 12.3))
    directory = _directory(settings, [activity], today)
    files = dict(calendar_files(directory))
    content = files[urls.calendar_activity(activity.id)]
    writer, [view] = CalendarWriter(directory), directory.views
    assert content == writer.calendar(title, writer.events(view)).to_ical()  # the parts joined are the whole
    assert re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", content) is None  # no control character gets in
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    calendar = _read(content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title.replace("\x07", "").replace("\x1b", "")
    # icalendar takes a calendar's NAME for an unknown property and reads it back with its escapes:
    # it is written escaped as the SUMMARY is, which reads back as written
    for name in ("NAME", "X-WR-CALNAME"):
        assert calendar[name].to_ical() == event["SUMMARY"].to_ical()
    # written as RFC 5545 says: the backslash before the n escaped, the line break as \n
    assert rb"Linje et\nlinje to\;\\n er ikke et linjeskift\, men" in content.replace(b"\r\n ", b"")
    if int(icalendar.__version__.split(".")[0]) >= 7:  # icalendar 6 reads "\\n" back as a line break
        assert str(event["DESCRIPTION"]).startswith(summary.replace("\r", "") + "\n\n")
    assert str(event["LOCATION"]) == "Huset; stuen, bagved, Vej 1\\2, 2750 Ballerup"
    assert event["GEO"].latitude == 55.7 and event["GEO"].longitude == 12.3


# --- random schedules, read back ----------------------------------------------------------------

_clock = st.sampled_from(["00:30", "02:30", "09:00", "10:00", "13:30", "19:00", "23:45"])


@st.composite
def _schedules(draw, today: dt.date) -> dict:
    """An activity's fields: every kind of rule, with pauses, cancellations, holidays and seasons."""
    near = st.integers(min_value=-30, max_value=420).map(lambda n: today + dt.timedelta(days=n))
    frequency = draw(st.sampled_from([Frequency.WEEKLY, Frequency.FORTNIGHTLY, Frequency.MONTHLY, Frequency.DATES]))
    schedule: dict = {"frequency": frequency, "weekdays": tuple(draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1,
                                                                             max_size=3, unique=True)))}  # fmt: skip
    if frequency == Frequency.MONTHLY:
        weeks = st.lists(st.sampled_from([1, 2, 3, 4, -1]), min_size=1, max_size=2, unique=True)
        schedule["weeks_of_month"] = tuple(draw(weeks))
    if frequency == Frequency.FORTNIGHTLY:
        if draw(st.booleans()):
            schedule["week_parity"] = draw(st.sampled_from(["lige", "ulige"]))
        else:
            schedule["first_date"] = draw(near)
    if frequency == Frequency.DATES:
        schedule["weekdays"] = ()
        schedule["dates"] = tuple(sorted(draw(st.lists(near, min_size=1, max_size=10, unique=True))))
    pauses = st.sampled_from([(), ("juli",), ("december", "januar"), ("juni", "juli", "august"), ("marts",)])
    schedule["pause_months"] = draw(pauses | st.lists(st.sampled_from(MONTHS), max_size=3, unique=True).map(tuple))
    schedule["cancelled"] = tuple(sorted(draw(st.lists(near, max_size=5, unique=True))))
    schedule["holidays_off"] = draw(st.booleans())
    if draw(st.booleans()):
        schedule["season_start"] = draw(near)
    if draw(st.booleans()):
        schedule["season_end"] = draw(near)
    schedule["start"], schedule["end"] = draw(_clock), draw(st.sampled_from(["", "23:59"]))
    if frequency != Frequency.DATES and draw(st.booleans()):  # several times, each with its weekday
        days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=2, max_size=3, unique=True))
        schedule["times"] = tuple(Slot((day,), draw(_clock), draw(st.sampled_from(["", "23:59"]))) for day in days)
        schedule.update(weekdays=(), start="", end="")
    status = draw(st.sampled_from([Status.ACTIVE, Status.ACTIVE, Status.ACTIVE, Status.PAUSED, Status.ENDED]))
    return {
        "schedule": Schedule(**schedule),
        "status": status,
        "paused_until": draw(near) if status == Status.PAUSED and draw(st.booleans()) else None,
        "valid_until": draw(st.none() | near),
    }


#: Days to make calendars on: before the change to summer time, the week-53 year, before 29 February.
_today = st.sampled_from([D(2027, 3, 20), D(2026, 12, 28), D(2028, 2, 25), D(2027, 10, 20)]) | st.dates(
    min_value=D(2026, 1, 1), max_value=D(2030, 12, 31)
)


@pytest.fixture(scope="module")
def world_settings(tmp_path_factory) -> Settings:
    return load_settings(copy_example(tmp_path_factory.mktemp("kommune")))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), today=_today)
def test_random_schedules_read_back_from_their_file_as_the_engines_meetings(world_settings, data, today):
    activity = _one(world_settings, today, **data.draw(_schedules(today)))
    files = dict(calendar_files(_directory(world_settings, [activity], today)))
    last = today + dt.timedelta(days=365)
    expected = _engine(activity, today, last)
    path = urls.calendar_activity(activity.id)
    if not expected:  # then nothing to add, or only from after the year
        assert all(found.start.date() > last for found in series(activity, today))
        assert (path in files) == bool(series(activity, today))
        return
    read = _read_back(files[path], today, last)
    assert read == {_page(world_settings, activity): expected}


def test_holidays_and_paused_months_are_listed_to_the_horizon_and_the_rule_stops_there(world_settings):
    today = D(2026, 11, 2)
    schedule = Schedule(Frequency.WEEKLY, weekdays=("mandag",), start="10:00", holidays_off=True,
                        pause_months=("december", "januar"), cancelled=(D(2027, 3, 1),))  # fmt: skip
    activity = _one(world_settings, today, schedule=schedule)
    [found] = series(activity, today)
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    assert found.known_until == horizon == found.last_day
    assert D(2027, 3, 29) in found.left_out and D(2027, 3, 1) in found.left_out  # 2. påskedag; cancelled
    assert D(2027, 3, 29) in danish_holidays(2027)
    assert found.start.date() == today and found.paused[0] == D(2026, 12, 7) and found.paused[-1] == D(2027, 1, 25)
    assert all(day.month in (12, 1) for day in found.paused)
    content = dict(calendar_files(_directory(world_settings, [activity], today)))[urls.calendar_activity(activity.id)]
    [event] = _read(content).walk("VEVENT")
    until = event["RRULE"]["UNTIL"][0]
    assert until.astimezone(TIMEZONE).date() == horizon
    assert "3. november 2027" in str(event["DESCRIPTION"])  # the reader is told how far it goes


def test_a_cancelled_day_years_ahead_is_listed_without_working_out_every_meeting_until_then(world_settings):
    """A year typed as 9999 in a cancelled day: the file still lists every cancelled day (the rule has no
    end), and the build neither spends minutes on it nor, for every other week, runs past the year 9999."""
    today = D(2026, 11, 2)
    far = (D(2040, 3, 6), D(9999, 12, 28))  # both Tuesdays
    weekly = Schedule(Frequency.WEEKLY, weekdays=("tirsdag",), start="10:00", cancelled=(*far[::-1], D(2026, 12, 1)))
    [found] = series(_one(world_settings, today, schedule=weekly), today)
    assert found.last_day is None and found.left_out == (D(2026, 12, 1), *far)
    activity = _one(world_settings, today, schedule=weekly)
    content = dict(calendar_files(_directory(world_settings, [activity], today)))[urls.calendar_activity(activity.id)]
    [event] = _read(content).walk("VEVENT")
    excluded = {when.dt.date() for line in [event["EXDATE"]] for when in line.dts}
    assert excluded == {D(2026, 12, 1), *far}
    even = Schedule(Frequency.FORTNIGHTLY, weekdays=("tirsdag",), start="10:00", week_parity="lige",
                    cancelled=(D(9999, 6, 1),))  # fmt: skip
    found = series(_one(world_settings, today, schedule=even), today)
    assert 1 <= len(found) <= 2 and found[0].start.date() == D(2026, 11, 10)  # week 46


# --- the whole directory at 1,000 activities -------------------------------------------------------


def _varied(activities: list[Activity], today: dt.date) -> list[Activity]:
    """The synthetic activities with their schedules going round the kinds of rule."""
    day = today + dt.timedelta(days=10)
    kinds = [
        {"holidays_off": True, "cancelled": (day,)},
        {"frequency": Frequency.FORTNIGHTLY, "week_parity": "ulige"},
        {"frequency": Frequency.FORTNIGHTLY, "first_date": day},
        {"frequency": Frequency.MONTHLY, "weeks_of_month": (1, 3)},
        {"frequency": Frequency.MONTHLY, "weeks_of_month": (-1,)},
        {"frequency": Frequency.DATES, "weekdays": (), "dates": tuple(day + dt.timedelta(weeks=n) for n in range(12))},
        {"pause_months": ("december", "januar"), "season_end": today + dt.timedelta(days=200)},
        {"weekdays": (), "start": "", "end": "", "times": (Slot(("mandag",), "10:00", "12:00"),
                                                           Slot(("torsdag",), "14:00", "16:00"))},
    ]  # fmt: skip
    return [
        dataclasses.replace(a, schedule=dataclasses.replace(a.schedule, **kinds[i % len(kinds)]))
        for i, a in enumerate(activities)
    ]


def test_the_whole_directory_at_1000_activities_reads_back_as_the_engines_meetings(tmp_path):
    spec = importlib.util.spec_from_file_location("make_synthetic", REPO / "scripts" / "make_synthetic.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    synthetic.make(1000, tmp_path / "synthetic")
    today = DAYS[0]
    settings = load_settings(tmp_path / "synthetic")
    result = validate_project(settings, today)
    assert result.ok and len(result.activities) == 1000
    directory = Directory(settings, Records(_varied(result.activities, today), result.organisations),
                          Messages(), today)  # fmt: skip
    files = dict(calendar_files(directory))
    assert len(directory.current) == 1000
    last = today + dt.timedelta(days=365)
    read = _read_back(files[urls.CALENDAR_ALL], today, last)
    expected = {_page(settings, v.activity): _engine(v.activity, today, last) for v in directory.current}
    assert read == {url: meetings for url, meetings in expected.items() if meetings}
    assert sum(map(len, read.values())) > 30_000
