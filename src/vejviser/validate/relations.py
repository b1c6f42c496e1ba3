"""Rules across records: ids, organisations, areas, coordinates and copies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vejviser.enrich.areas import area_for
from vejviser.ids import id_key
from vejviser.load.yamlfile import Loaded
from vejviser.model import Activity
from vejviser.problems import Problem, format_path
from vejviser.settings import Settings
from vejviser.validate.schema_rules import suggest


@dataclass
class RecordFile:
    """One file on its way through validation: what was read and what it became."""

    display: str
    id: str
    loaded: Loaded | None = None
    record: object | None = None


#: The places relation problems point at; validation keeps only these positions of each record.
RELATION_PATHS = (("organisation",), ("title",), ("area",), ("venue", "address", "postcode"), ("venue", "coordinates"))


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
    import unicodedata

    if unicodedata.is_normalized("NFC", name):
        return name
    return f"{unicodedata.normalize('NFC', name)} ({name.encode('unicode_escape').decode()})"


def _at(entry: RecordFile, path: tuple, severity: str, code: str, **params) -> Problem:
    line, column = entry.loaded.position(path) if entry.loaded else (0, 0)
    make = Problem.error if severity == "error" else Problem.warning
    return make(entry.display, code, line=line, column=column, field=format_path(path), **params)


def check_activities(entries: list[RecordFile], organisation_ids: set[str], settings: Settings) -> list[Problem]:
    """Problems between activities and the organisations, areas and map of the municipality."""
    problems: list[Problem] = []
    seen: dict[tuple, RecordFile] = {}
    known_postcodes = sorted({p for area in settings.areas for p in area.postcodes})
    for entry in sorted(entries, key=lambda e: e.display):
        activity: Activity = entry.record
        if activity.organisation not in organisation_ids:
            problems.append(_at(entry, ("organisation",), "error", "relation.unknown_organisation",
                                organisation=activity.organisation,
                                suggestion=suggest(activity.organisation, sorted(organisation_ids))))  # fmt: skip
        if activity.venue is not None:
            postcode = activity.venue.address.postcode
            answer = area_for(settings, postcode, activity.area)
            if answer.problem:
                area = settings.area(activity.area) if activity.area else None
                path = (
                    ("area",)
                    if answer.problem == "relation.area_postcode_mismatch"
                    else ("venue", "address", "postcode")
                )
                severity = "warning" if answer.problem == "relation.area_postcode_mismatch" else "error"
                problems.append(_at(entry, path, severity, answer.problem, postcode=postcode,
                                    known=known_postcodes, area=activity.area,
                                    postcodes=list(area.postcodes) if area else [],
                                    areas=[a.id for a in settings.areas_for_postcode(postcode)]))  # fmt: skip
            point = activity.venue.coordinates
            if point is not None and not settings.bounds.contains(point.lat, point.lon):
                code = ("relation.swapped_coordinates" if settings.bounds.contains(point.lon, point.lat)
                        else "relation.outside_bounds")  # fmt: skip
                problems.append(_at(entry, ("venue", "coordinates"), "error", code, lat=point.lat, lon=point.lon))
        key = (activity.organisation, " ".join(activity.title.casefold().split()), activity.schedule.start,
               activity.schedule.weekdays)  # fmt: skip
        if key in seen:
            problems.append(_at(entry, ("title",), "warning", "relation.possible_copy", other=seen[key].display))
        else:
            seen[key] = entry
    return problems
