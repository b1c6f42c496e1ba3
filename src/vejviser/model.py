"""Typed records: what the rest of the program sees once a record has passed validation.

Renderers take these frozen objects and never dig in raw dictionaries. Field names
follow the JSON Schema; a barrier nobody answered is ``Answer.UNKNOWN``, never "no".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from vejviser.schema import SchemaIndex, raw_schema

#: The weekdays and months as records write them, Monday and January first (from the schema).
WEEKDAYS: tuple[str, ...] = tuple(raw_schema("activity")["definitions"]["weekday"]["enum"])
MONTHS: tuple[str, ...] = tuple(raw_schema("activity")["definitions"]["month"]["enum"])


class Answer(StrEnum):
    """A barrier answer. Not answered is unknown, never no."""

    YES = "ja"
    NO = "nej"
    UNKNOWN = "ukendt"


class Status(StrEnum):
    """Whether an activity runs. An ended one keeps its page, so that printed links never break."""

    ACTIVE = "aktiv"
    PAUSED = "pause"
    ENDED = "ophørt"


class Form(StrEnum):
    """How an activity takes place: at a venue, at the citizen's home, by phone or online."""

    IN_PERSON = "fremmøde"
    AT_HOME = "hjemme"
    PHONE = "telefon"
    ONLINE = "online"


#: The forms where nobody meets at a venue (in the order the site lists them).
FORMS_WITHOUT_VENUE = (Form.AT_HOME, Form.PHONE, Form.ONLINE)


class Frequency(StrEnum):
    """How often an activity takes place."""

    WEEKLY = "ugentlig"
    FORTNIGHTLY = "hver-anden-uge"
    MONTHLY = "månedlig"
    DATES = "datoer"
    BY_APPOINTMENT = "efter-aftale"


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    town: str


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True)
class Venue:
    name: str
    address: Address
    directions: str = ""
    coordinates: Coordinates | None = None


@dataclass(frozen=True)
class Slot:
    """Days of the week that share one time: ``tirsdag og torsdag 10:00-12:00``."""

    weekdays: tuple[str, ...]
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class Schedule:
    """When an activity happens; times are normalised to ``HH:MM``."""

    frequency: Frequency
    weekdays: tuple[str, ...] = ()
    weeks_of_month: tuple[int, ...] = ()
    dates: tuple[dt.date, ...] = ()
    start: str = ""
    end: str = ""
    pause_months: tuple[str, ...] = ()
    note: str = ""
    #: Every other week: ``lige`` or ``ulige`` ISO weeks, or the weeks counted from ``first_date``.
    week_parity: str = ""
    first_date: dt.date | None = None
    #: Days it does not meet: cancelled ones, and (with ``holidays_off``) Denmark's public holidays.
    cancelled: tuple[dt.date, ...] = ()
    holidays_off: bool = False
    #: The season it runs in, when it has one.
    season_start: dt.date | None = None
    season_end: dt.date | None = None
    #: More than one time (``mandag 10-12 og torsdag 14-16``): one weekday each, in the record's order.
    times: tuple[Slot, ...] = ()

    @property
    def slots(self) -> tuple[Slot, ...]:
        """The days and times the rule applies to: the record's times, or its weekdays at its one time."""
        return self.times or (Slot(self.weekdays, self.start, self.end),)

    @property
    def all_weekdays(self) -> tuple[str, ...]:
        """Every weekday it meets on, in the order of the week."""
        days = {day for slot in self.slots for day in slot.weekdays}
        return tuple(day for day in WEEKDAYS if day in days)

    @property
    def first_start(self) -> str:
        """The earliest start of its times (``""`` when it has none), to sort by."""
        return min((slot.start for slot in self.slots if slot.start), default="")


@dataclass(frozen=True)
class Contact:
    name: str
    consent: bool
    role: str = ""
    phone: str = ""
    email: str = ""
    consent_date: dt.date | None = None

    @property
    def publishable(self) -> bool:
        """Name, phone and e-mail may be published only with the person's consent."""
        return self.consent


@dataclass(frozen=True)
class Link:
    url: str
    text: str = ""


@dataclass(frozen=True)
class Accessibility:
    step_free: Answer = Answer.UNKNOWN
    rollator_wheelchair: Answer = Answer.UNKNOWN
    accessible_toilet: Answer = Answer.UNKNOWN
    toilet_help: Answer = Answer.UNKNOWN
    hearing_loop: Answer = Answer.UNKNOWN
    parking: Answer = Answer.UNKNOWN


@dataclass(frozen=True)
class Transport:
    pickup: Answer = Answer.UNKNOWN
    escort: Answer = Answer.UNKNOWN
    public_transport: Answer = Answer.UNKNOWN


@dataclass(frozen=True)
class Welcome:
    host: Answer = Answer.UNKNOWN
    try_first: Answer = Answer.UNKNOWN
    group_size: str = "ukendt"


@dataclass(frozen=True)
class Cost:
    free: Answer = Answer.UNKNOWN
    price_dkk: int | None = None
    price_covers: str = ""
    membership: Answer = Answer.UNKNOWN


@dataclass(frozen=True)
class Signup:
    required: Answer = Answer.UNKNOWN
    how: str = ""


@dataclass(frozen=True)
class Activity:
    """One activity, validated. Enrichment sets ``area`` (given, or from the postcode) and
    ``position`` (the venue's own coordinates, else the geocoding cache's)."""

    id: str
    file: str
    title: str
    summary: str
    organisation: str
    categories: tuple[str, ...]
    form: Form
    schedule: Schedule
    reviewed: dt.date
    description: str = ""
    target_groups: tuple[str, ...] = ()
    venue: Venue | None = None
    area: str | None = None
    position: Coordinates | None = None
    service_area: tuple[str, ...] = ()
    accessibility: Accessibility = Accessibility()
    transport: Transport = Transport()
    welcome: Welcome = Welcome()
    cost: Cost = Cost()
    signup: Signup = Signup()
    contacts: tuple[Contact, ...] = ()
    languages: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    status: Status = Status.ACTIVE
    paused_until: dt.date | None = None
    valid_until: dt.date | None = None

    @property
    def published_contacts(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.publishable)


@dataclass(frozen=True)
class Organisation:
    id: str
    file: str
    name: str
    kind: str
    description: str = ""
    website: str = ""
    contact: Contact | None = None
    address: Address | None = None


@cache
def barrier_fields() -> tuple[tuple[str, str], ...]:
    """Every yes/no/unknown field of the activity schema, derived from the schema."""
    schema = raw_schema("activity")
    fields = []
    for group, node in schema["properties"].items():
        for name, prop in node.get("properties", {}).items():
            if prop.get("$ref") == "#/definitions/answer":
                fields.append((group, name))
    return tuple(fields)


@cache
def forms_asked(group: str, name: str = "") -> frozenset[Form]:
    """The forms of an offer a question (a field, or with no name its group) means something for,
    from the schema's ``x-forms`` (the field's, else its group's; none said: every form)."""
    index = SchemaIndex(raw_schema("activity"))
    forms = (index.info((group, name)).forms if name else ()) or index.info((group,)).forms
    return frozenset(Form(form) for form in forms) if forms else frozenset(Form)


def applies(activity: Activity, group: str, name: str = "") -> bool:
    """Whether a barrier question means anything for this activity's form: no step-free entrance
    or parking for a phone friend, no host at the door for a visiting friend."""
    return activity.form in forms_asked(group, name)


def normalise_time(text: str) -> str:
    """``8.30`` or ``8:30`` -> ``08:30``."""
    if not text:
        return ""
    hours, minutes = text.replace(".", ":").split(":")
    return f"{int(hours):02d}:{minutes}"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _contact(data: dict) -> Contact:
    return Contact(
        name=data["name"],
        consent=data["consent"] == Answer.YES,
        role=data.get("role", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        consent_date=_date(data.get("consent_date")),
    )


def _address(data: dict) -> Address:
    return Address(data["street"], data["postcode"], data["town"])


def _answers(cls, data: dict | None):
    return cls(**{key: Answer(value) if key in _ANSWER_KEYS else value for key, value in (data or {}).items()})


_ANSWER_KEYS = frozenset(name for _, name in barrier_fields())


def schedule_from_data(s: dict) -> Schedule:
    """The typed schedule of a record's ``schedule`` that passed the schema."""
    return Schedule(
        frequency=Frequency(s["frequency"]),
        weekdays=tuple(s.get("weekdays", ())),
        weeks_of_month=tuple(s.get("weeks_of_month", ())),
        dates=tuple(sorted(dt.date.fromisoformat(d) for d in s.get("dates", ()))),
        start=normalise_time(s.get("start", "")),
        end=normalise_time(s.get("end", "")),
        pause_months=tuple(s.get("pause_months", ())),
        note=s.get("note", ""),
        week_parity=s.get("week_parity", ""),
        first_date=_date(s.get("first_date")),
        cancelled=tuple(sorted(dt.date.fromisoformat(d) for d in s.get("cancelled", ()))),
        holidays_off=s.get("holidays_off") == Answer.YES,
        season_start=_date(s.get("season_start")),
        season_end=_date(s.get("season_end")),
        times=tuple(
            Slot((t["weekday"],), normalise_time(t["start"]), normalise_time(t.get("end", "")))
            for t in s.get("times", ())
        ),
    )


def activity_from_data(record_id: str, file: str, data: dict) -> Activity:
    """Build the typed activity from data that passed schema and content checks."""
    schedule = schedule_from_data(data["schedule"])
    venue = None
    if "venue" in data:
        v = data["venue"]
        c = v.get("coordinates")
        venue = Venue(
            name=v["name"],
            address=_address(v["address"]),
            directions=v.get("directions", ""),
            coordinates=Coordinates(float(c["lat"]), float(c["lon"])) if c else None,
        )
    cost = dict(data.get("cost", {}))
    if cost.get("price_dkk") is not None:
        cost["price_dkk"] = int(cost["price_dkk"])  # 20.0 is a valid integer in JSON Schema
    return Activity(
        id=record_id,
        file=file,
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        description=data.get("description", ""),
        organisation=data["organisation"],
        categories=tuple(data["categories"]),
        target_groups=tuple(data.get("target_groups", ())),
        form=Form(data["form"]),
        schedule=schedule,
        venue=venue,
        area=data.get("area"),
        service_area=tuple(data.get("service_area", ())),
        accessibility=_answers(Accessibility, data.get("accessibility")),
        transport=_answers(Transport, data.get("transport")),
        welcome=_answers(Welcome, data.get("welcome")),
        cost=_answers(Cost, cost),
        signup=_answers(Signup, data.get("signup")),
        contacts=tuple(_contact(c) for c in data.get("contacts", ())),
        languages=tuple(data.get("languages", ())),
        links=tuple(Link(link["url"], link.get("text", "")) for link in data.get("links", ())),
        status=Status(data.get("status", Status.ACTIVE)),
        paused_until=_date(data.get("paused_until")),
        reviewed=dt.date.fromisoformat(data["reviewed"]),
        valid_until=_date(data.get("valid_until")),
    )


def organisation_from_data(record_id: str, file: str, data: dict) -> Organisation:
    return Organisation(
        id=record_id,
        file=file,
        name=data["name"].strip(),
        kind=data["kind"],
        description=data.get("description", ""),
        website=data.get("website", ""),
        contact=_contact(data["contact"]) if "contact" in data else None,
        address=_address(data["address"]) if "address" in data else None,
    )
