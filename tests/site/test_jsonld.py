"""The structured data says what the engine says, in schema.org's own terms.

Every property the JSON-LD writes on an ``Event`` and its ``Schedule``s is checked against
schema.org's definitions (``tests/standards/schemaorg/``, vendored: the tests never go on the
network): it exists, has the type (or a type above it) in its domain, and each value is of a type
in its range. The schedules are then read back on their own (repeatFrequency, byDay, byMonthWeek,
byMonth, exceptDate, startDate, endDate, startTime) and give the engine's meetings.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import available_timezones

import pytest
from dateutil import rrule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import copy_example
from tests.export.test_calendar import DAYS, _one, _schedules, _today
from vejviser.enrich.occurrences import occurrences
from vejviser.i18n import Messages
from vejviser.model import Activity, Frequency, Schedule, Status
from vejviser.present import urls
from vejviser.present.calendars import HORIZON_DAYS
from vejviser.present.directory import Directory
from vejviser.settings import Settings, load_settings
from vejviser.site.jsonld import activity_data
from vejviser.validate.project import validate_project

VOCABULARY = Path(__file__).parents[1] / "standards" / "schemaorg" / "vocabulary.jsonld"
SCHEMA = "https://schema.org/"


def _ids(value) -> list[str]:
    if value is None:
        return []
    return [item["@id"].removeprefix("schema:") for item in (value if isinstance(value, list) else [value])]


class Vocabulary:
    """schema.org's classes (with what they are below), properties (domain and range) and enumeration members."""

    def __init__(self, path: Path):
        graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
        self.parents: dict[str, list[str]] = {}
        self.properties: dict[str, tuple[set[str], set[str]]] = {}
        self.members: dict[str, str] = {}
        for node in graph:
            name = node["@id"].removeprefix("schema:")
            types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            if "rdf:Property" in types:
                domain, value_range = _ids(node.get("schema:domainIncludes")), _ids(node.get("schema:rangeIncludes"))
                self.properties[name] = (set(domain), set(value_range))
            elif "rdfs:Class" in types:
                self.parents[name] = _ids(node.get("rdfs:subClassOf"))
            else:
                self.members[name] = types[0].removeprefix("schema:")

    def above(self, name: str) -> set[str]:
        """The class and every class above it."""
        found, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo += self.parents.get(current, [])
        return found

    def value_types(self, value) -> set[str]:
        """Every schema.org type the JSON value can be read as."""
        if isinstance(value, bool):
            return {"Boolean"}
        if isinstance(value, int):
            return {"Integer", "Number"}
        if isinstance(value, float):
            return {"Number"}
        if isinstance(value, dict):
            return self.above(value["@type"])
        assert isinstance(value, str), value
        types = {"Text"}
        if value.startswith(SCHEMA) and value.removeprefix(SCHEMA) in self.members:
            types |= self.above(self.members[value.removeprefix(SCHEMA)])
        if re.fullmatch(r"https?://\S+", value):
            types.add("URL")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and dt.date.fromisoformat(value):
            types.add("Date")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?", value):
            types.add("DateTime")
        if re.fullmatch(r"\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)?", value):
            types.add("Time")
        if re.fullmatch(r"P(\d+[YMWD])+", value):
            types.add("Duration")
        return types

    def problems(self, thing: dict) -> list[str]:
        """What is wrong with the properties of one typed object, by schema.org's definitions."""
        found = []
        kind = thing["@type"]
        for name, value in thing.items():
            if name.startswith("@"):
                continue
            if name not in self.properties:
                found.append(f"{kind}.{name}: not in the vocabulary (or not in the excerpt: see its README)")
                continue
            domain, value_range = self.properties[name]
            if not domain & self.above(kind):
                found.append(f"{kind}.{name}: its domain is {sorted(domain)}")
            for item in value if isinstance(value, list) else [value]:
                if not self.value_types(item) & value_range:
                    found.append(f"{kind}.{name}: {item!r} is none of {sorted(value_range)}")
        return found


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(VOCABULARY)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("kommune"))


def _events(root: Path, today: dt.date) -> list[tuple[Activity, dict]]:
    """Each activity of the example with its page's structured data, as made on ``today``."""
    settings = load_settings(root)
    result = validate_project(settings, today)
    assert result.ok, result.errors
    directory = Directory(settings, result, Messages(), today)
    return [
        (v.activity, activity_data(v.activity, v.organisation, urls.absolute(settings.site_url, v.url), today))
        for v in directory.views
        if v.activity.status != Status.ENDED  # an ended activity's page has no structured data
    ]


def _check(vocabulary: Vocabulary, data: dict) -> list[str]:
    found = vocabulary.problems(data)
    schedules = data.get("eventSchedule", [])
    if schedules:  # schema.org (eventSchedule): the schedules hold the dates, not the event
        found += [f"Event.{key} beside eventSchedule" for key in ("startDate", "endDate") if key in data]
    for schedule in schedules:
        found += vocabulary.problems(schedule)
        # ranges schema.org gives in words
        found += [f"byMonthWeek {w}" for w in schedule.get("byMonthWeek", []) if not 1 <= w <= 5]
        found += [f"byMonth {m}" for m in schedule.get("byMonth", []) if not 1 <= m <= 12]
        if schedule["scheduleTimezone"] not in available_timezones():
            found.append(f"scheduleTimezone {schedule['scheduleTimezone']}")
    return found


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_every_property_on_an_event_and_its_schedules_is_schema_orgs_with_a_value_of_its_range(
    vocabulary, example, today
):
    events = _events(example, today)
    assert [problem for _, data in events for problem in _check(vocabulary, data)] == []
    used = {key for _, data in events for schedule in data.get("eventSchedule", []) for key in schedule}
    assert used >= {"repeatFrequency", "byDay", "byMonthWeek", "byMonth", "exceptDate", "startDate", "endDate",
                    "startTime", "endTime", "scheduleTimezone"}  # fmt: skip


def test_the_checker_refuses_what_schema_org_does_not_define(vocabulary):
    assert vocabulary.problems({"@type": "Schedule", "byMonthWeek": "first"})  # not an Integer
    assert vocabulary.problems({"@type": "Schedule", "byDay": 2})  # not a DayOfWeek, nor text
    assert vocabulary.problems({"@type": "Schedule", "exceptDate": "24. december"})  # not a Date
    assert vocabulary.problems({"@type": "Event", "byDay": "https://schema.org/Monday"})  # not in the domain
    assert vocabulary.problems({"@type": "Schedule", "weekParity": "odd"})  # not a property
    assert vocabulary.problems({"@type": "Schedule", "repeatFrequency": "P2W"}) == []


# --- the schedules read back on their own ---------------------------------------------------------

_DAYS = {name: number for number, name in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                      "Saturday", "Sunday"))}  # fmt: skip
_ICAL = {name: number for number, name in enumerate(("MO", "TU", "WE", "TH", "FR", "SA", "SU"))}


def _weekdays(schedule: dict) -> list[rrule.weekday]:
    """byDay (schema.org's days, or iCalendar's text such as ``-1FR``), with byMonthWeek for a month."""
    found = []
    for day in schedule["byDay"]:
        if day.startswith(SCHEMA):
            weekday = rrule.weekday(_DAYS[day.removeprefix(SCHEMA)])
            weeks = schedule.get("byMonthWeek")
            found += [weekday(week) for week in weeks] if weeks else [weekday]
        else:
            week, name = re.fullmatch(r"(-?\d)([A-Z]{2})", day).groups()
            found.append(rrule.weekday(_ICAL[name], int(week)))
    return found


def _read_schedule(schedule: dict, last: dt.date) -> list[dt.datetime]:
    """The starts of the meetings a schema.org Schedule names up to ``last``, on the clock in Copenhagen."""
    start = dt.date.fromisoformat(schedule["startDate"])
    until = min(last, dt.date.fromisoformat(schedule.get("endDate", last.isoformat())))
    time = dt.time.fromisoformat(schedule["startTime"])
    if "repeatFrequency" not in schedule:
        days = [start] if start <= until else []
    else:
        frequency, interval = {"P1W": (rrule.WEEKLY, 1), "P2W": (rrule.WEEKLY, 2), "P1M": (rrule.MONTHLY, 1)}[
            schedule["repeatFrequency"]
        ]
        rule = rrule.rrule(frequency, interval=interval, wkst=rrule.MO, byweekday=_weekdays(schedule),
                           bymonth=schedule.get("byMonth"), dtstart=dt.datetime.combine(start, dt.time()),
                           until=dt.datetime.combine(until, dt.time()))  # fmt: skip
        days = [moment.date() for moment in rule]
    skipped = {dt.date.fromisoformat(day) for day in schedule.get("exceptDate", [])}
    return [dt.datetime.combine(day, time) for day in days if day not in skipped]


def _agrees(activity: Activity, data: dict, today: dt.date) -> None:
    last = today + dt.timedelta(days=HORIZON_DAYS)
    read = sorted(moment for schedule in data.get("eventSchedule", []) for moment in _read_schedule(schedule, last))
    engine = [o.start.replace(tzinfo=None) for o in occurrences(activity, today, last)]
    assert read == engine, activity.id
    assert all(s["scheduleTimezone"] == "Europe/Copenhagen" for s in data.get("eventSchedule", []))


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_example_schedules_read_back_as_the_engines_meetings_to_the_horizon(example, today):
    events = _events(example, today)
    for activity, data in events:
        _agrees(activity, data, today)
    assert sum("eventSchedule" in data for _, data in events) >= 40


@pytest.fixture(scope="module")
def example_settings(example) -> Settings:
    return load_settings(example)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), today=_today)
def test_random_schedules_read_back_as_the_engines_meetings(vocabulary, example_settings, data, today):
    activity = _one(example_settings, today, **data.draw(_schedules(today)))
    structured = activity_data(activity, None, "https://vejviser.example/aktiviteter/x/", today)
    assert _check(vocabulary, structured) == []
    _agrees(activity, structured, today)


def test_the_last_friday_is_said_in_icalendars_words_and_the_first_and_third_by_week_of_the_month(example_settings):
    today = DAYS[0]
    last = _one(example_settings, today, schedule=Schedule(Frequency.MONTHLY, weekdays=("fredag",),
                                                           weeks_of_month=(-1,), start="14:00"))  # fmt: skip
    [schedule] = activity_data(last, None, "", today)["eventSchedule"]
    assert schedule["byDay"] == ["-1FR"] and "byMonthWeek" not in schedule
    first_third = _one(example_settings, today, schedule=Schedule(Frequency.MONTHLY, weekdays=("tirsdag",),
                                                                  weeks_of_month=(1, 3), start="10:00",
                                                                  pause_months=("juli",)))  # fmt: skip
    [schedule] = activity_data(first_third, None, "", today)["eventSchedule"]
    assert schedule["byDay"] == ["https://schema.org/Tuesday"] and schedule["byMonthWeek"] == [1, 3]
    assert schedule["repeatFrequency"] == "P1M" and schedule["byMonth"] == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]


def test_by_arrangement_and_every_other_week_without_its_weeks_have_no_schedule(example_settings):
    today = DAYS[0]
    for schedule in (Schedule(Frequency.BY_APPOINTMENT),
                     Schedule(Frequency.FORTNIGHTLY, weekdays=("tirsdag",), start="10:00")):  # fmt: skip
        assert "eventSchedule" not in activity_data(_one(example_settings, today, schedule=schedule), None, "", today)
