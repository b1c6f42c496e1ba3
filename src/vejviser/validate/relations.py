"""Rules across records: ids, organisations, areas, coordinates and copies.

They run on every record that could be loaded, also one with other errors, from a
few facts taken out of it (:class:`Facts`), so that every problem shows at once and
10,000 records need not be kept in memory.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from vejviser.enrich.areas import area_for
from vejviser.enrich.geocode import GeoCache, address_key
from vejviser.geo import distance_km
from vejviser.ids import id_key
from vejviser.load.yamlfile import Loaded
from vejviser.model import Address, Coordinates, normalise_time
from vejviser.problems import ERROR, WARNING, Problem
from vejviser.schema.checker import suggest
from vejviser.settings import Area, Settings

#: The places relation problems point at; validation keeps only these positions of each record.
RELATION_PATHS = (
    ("organisation",),
    ("title",),
    ("area",),
    ("venue", "address", "postcode"),
    ("venue", "coordinates"),
)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def _clock(value) -> str | None:
    """``10.00`` and ``10:00`` are the same time."""
    try:
        return normalise_time(value) if isinstance(value, str) and value else None
    except ValueError:
        return value


@dataclass(frozen=True)
class Facts:
    """What relation rules need of one activity, read with guards from whatever was written."""

    organisation: str | None = None
    title: str | None = None
    area: str | None = None
    postcode: str | None = None
    lat: float | None = None
    lon: float | None = None
    start: str | None = None
    weekdays: tuple = ()
    #: The venue's address as a geocoding cache key, when the venue has an address and no coordinates.
    address_key: str | None = None

    @classmethod
    def of(cls, data: dict) -> Facts:
        venue = _mapping(data.get("venue"))
        address = _mapping(venue.get("address"))
        point = _mapping(venue.get("coordinates"))
        schedule = _mapping(data.get("schedule"))
        weekdays = schedule.get("weekdays")
        return cls(
            organisation=_text(data.get("organisation")),
            title=_text(data.get("title")),
            area=_text(data.get("area")),
            postcode=_text(address.get("postcode")),
            lat=_number(point.get("lat")),
            lon=_number(point.get("lon")),
            start=_clock(schedule.get("start")),
            weekdays=tuple(str(w) for w in weekdays) if isinstance(weekdays, list) else (),
            address_key=_address_key(address) if not point else None,
        )


#: A pin farther than this from its postcode's centre is pointed out (a mistyped address or coordinate).
FAR_FROM_POSTCODE_KM = 8.0


def _address_key(address: dict) -> str | None:
    street, postcode, town = (address.get(key) for key in ("street", "postcode", "town"))
    if isinstance(street, str) and isinstance(postcode, str) and isinstance(town, str):
        return address_key(Address(street, postcode, town))
    return None


#: The typed record a file becomes: an organisation or an activity.
Record = TypeVar("Record")


@dataclass
class RecordFile(Generic[Record]):
    """One file on its way through validation: what was read, the facts kept, what it became."""

    display: str
    id: str
    loaded: Loaded | None = None
    facts: Facts = field(default_factory=Facts)
    record: Record | None = None
    area: str | None = None
    #: Coordinates from the geocoding cache, for a venue without its own.
    position: Coordinates | None = None


def duplicate_ids(files: Iterable[RecordFile]) -> list[Problem]:
    """Every file whose id another file also has, each named with the others."""
    groups: dict[str, list[RecordFile]] = {}
    for entry in sorted(files, key=lambda f: f.display):
        groups.setdefault(id_key(entry.id), []).append(entry)
    problems = []
    for clash in groups.values():
        for entry in clash if len(clash) > 1 else ():
            others = [_shown(other.display) for other in clash if other is not entry]
            problems.append(Problem.error(entry.display, "relation.duplicate_id", id=entry.id, other=others))
    return problems


def _shown(name: str) -> str:
    """A file name, with any decomposed letters spelt out so that two look-alike names differ."""
    if unicodedata.is_normalized("NFC", name):
        return name
    return f"{unicodedata.normalize('NFC', name)} ({name.encode('unicode_escape').decode()})"


def _add(problems: list[Problem], entry: RecordFile, severity: str, code: str, path: tuple, **params) -> None:
    assert entry.loaded is not None, "relations are checked only between records that could be read"
    problems.append(entry.loaded.problem(entry.display, severity, code, path, **params))


def _add_at_key(problems: list[Problem], entry: RecordFile, severity: str, code: str, path: tuple, **params) -> None:
    """As :func:`_add`, placed at the field's name: for a value that spans several lines."""
    _add(problems, entry, severity, code, path, key=True, **params)


def check_activities(
    entries: list[RecordFile], organisation_ids: set[str], settings: Settings, cache: GeoCache
) -> list[Problem]:
    """Problems between activities and the organisations, areas and map of the municipality.

    Sets ``entry.area`` to the area each activity belongs to, and ``entry.position`` to the
    cached coordinates of a venue without its own, for enrichment.
    """
    problems: list[Problem] = []
    seen: dict[tuple, RecordFile] = {}
    known_postcodes = sorted({p for area in settings.areas for p in area.postcodes})
    known_areas = {area.id for area in settings.areas}
    for entry in sorted(entries, key=lambda e: e.display):
        facts = entry.facts
        add = functools.partial(_add, problems, entry)
        add_at_key = functools.partial(_add_at_key, problems, entry)

        organisation = facts.organisation
        if organisation is not None and organisation not in organisation_ids:
            guess = suggest(organisation, sorted(organisation_ids))
            add(ERROR, "relation.unknown_organisation", ("organisation",), organisation=organisation, suggestion=guess)
        point = _place(entry, settings, cache, add, add_at_key)
        _assign_area(entry, settings, point, add, add_at_key, known_postcodes, known_areas)
        if facts.organisation and facts.title:
            key = (facts.organisation, " ".join(facts.title.casefold().split()), facts.start, facts.weekdays)
            if key in seen:
                add(WARNING, "relation.possible_copy", ("title",), other=seen[key].display)
            else:
                seen[key] = entry
    return problems


def _place(entry: RecordFile, settings: Settings, cache: GeoCache, add, add_at_key) -> tuple[float, float] | None:
    """Where the venue is, from its own coordinates or the cache, checked; None if unknown or outside."""
    facts = entry.facts
    if facts.lat is not None and facts.lon is not None:
        if settings.bounds.contains(facts.lat, facts.lon):
            point = (facts.lat, facts.lon)
        else:
            swapped = settings.bounds.contains(facts.lon, facts.lat)
            code = "relation.swapped_coordinates" if swapped else "relation.outside_bounds"
            add(ERROR, code, ("venue", "coordinates"), lat=facts.lat, lon=facts.lon)
            return None
    elif facts.address_key is not None:
        cached = cache.entries.get(facts.address_key)
        if cached is None:
            add_at_key(WARNING, "relation.no_position", ("venue", "address"), cache=settings.geocoding.cache)
            return None
        if not settings.bounds.contains(cached.lat, cached.lon):
            at, cache_file = ("venue", "address"), settings.geocoding.cache
            add_at_key(ERROR, "relation.cached_outside_bounds", at, lat=cached.lat, lon=cached.lon, cache=cache_file)
            return None
        entry.position = cached
        point = (cached.lat, cached.lon)
    else:
        return None
    centre = settings.postcode(facts.postcode) if facts.postcode else None
    if centre is not None and (km := distance_km(point, (centre.lat, centre.lon))) > FAR_FROM_POSTCODE_KM:
        shown = f"{km:.1f}".replace(".", ",")
        pin = _pin_path(facts)
        add_at_key(WARNING, "relation.far_from_postcode", pin, km=shown, postcode=centre.postcode, town=centre.name)
    return point


def _pin_path(facts: Facts) -> tuple:
    """Where a problem with the pin is shown: at the coordinates, or at the address they came from."""
    return ("venue", "coordinates") if facts.lat is not None else ("venue", "address")


def _assign_area(entry: RecordFile, settings: Settings, point, add, add_at_key, known_postcodes, known_areas) -> None:
    """The activity's area: the one it names, else its postcode's, else (when the postcode has
    several) the one whose polygon holds its pin. A pin in another area's polygon is pointed out."""
    facts = entry.facts
    shapes = settings.area_shapes
    in_polygon = shapes.area_at(*point) if shapes is not None and point is not None else None
    given = facts.area if facts.area in known_areas else None
    if facts.postcode is not None and (facts.area is None or given is not None):
        answer = area_for(settings, facts.postcode, given)
        entry.area = answer.area
        candidates = [a.id for a in settings.areas_for_postcode(facts.postcode)]
        if answer.problem == "relation.postcode_ambiguous" and in_polygon in candidates:
            entry.area = in_polygon  # the pin decides between the postcode's areas
        elif answer.problem == "relation.area_postcode_mismatch":
            postcodes = list(_area(settings, given).postcodes)
            add(WARNING, answer.problem, ("area",), postcode=facts.postcode, area=given, postcodes=postcodes)
        elif answer.problem:
            at = ("venue", "address", "postcode")
            add(ERROR, answer.problem, at, postcode=facts.postcode, known=known_postcodes, areas=candidates)
    if shapes is None or point is None:
        return
    if in_polygon is None:
        add_at_key(WARNING, "relation.pin_outside_areas", _pin_path(facts))
    elif entry.area is not None and in_polygon != entry.area:
        found, area = _area(settings, in_polygon).name, _area(settings, entry.area).name
        add_at_key(WARNING, "relation.pin_in_other_area", _pin_path(facts), found=found, area=area)


def _area(settings: Settings, area_id: str | None) -> Area:
    """An area whose id came from the settings (named and known, a postcode's, or a polygon's)."""
    area = settings.area(area_id) if area_id is not None else None
    assert area is not None, f"no area {area_id!r} in the settings"
    return area
