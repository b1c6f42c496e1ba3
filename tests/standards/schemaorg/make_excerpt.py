"""Remake ``vocabulary.jsonld`` from schema.org's release file (see README.md in this folder).

    python tests/standards/schemaorg/make_excerpt.py schemaorg-current-https.jsonld

Keeps the terms the structured data uses (the properties of an Event and its Schedules), the
classes they are checked against with every class above them, and the values of the
enumerations it uses; each node is copied as the release has it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
#: The properties the directory's JSON-LD writes on an Event and on a Schedule.
PROPERTIES = (
    "name", "description", "url", "inLanguage", "eventStatus", "eventAttendanceMode", "organizer", "location",
    "eventSchedule", "startDate", "endDate", "isAccessibleForFree", "offers",
    "repeatFrequency", "byDay", "byMonthWeek", "byMonth", "exceptDate", "startTime", "endTime", "scheduleTimezone",
)  # fmt: skip
#: The types whose properties are checked, the types of their values, and the enumerations used.
CLASSES = (
    "Event", "Schedule", "Organization", "Place", "Offer", "DayOfWeek", "EventStatusType",
    "EventAttendanceModeEnumeration", "Text", "URL", "Date", "DateTime", "Time", "Integer", "Number", "Boolean",
    "Duration", "Language",
)  # fmt: skip
ENUMERATIONS = ("DayOfWeek", "EventStatusType", "EventAttendanceModeEnumeration")


def _ids(value) -> list[str]:
    if value is None:
        return []
    return [item["@id"] for item in (value if isinstance(value, list) else [value])]


def excerpt(release: dict) -> dict:
    nodes = {node["@id"]: node for node in release["@graph"]}
    keep = {f"schema:{name}" for name in PROPERTIES}
    todo = [f"schema:{name}" for name in CLASSES]
    while todo:  # each class with the classes above it
        name = todo.pop()
        if name in keep or name not in nodes:
            continue
        keep.add(name)
        todo += _ids(nodes[name].get("rdfs:subClassOf"))
    enumerations = {f"schema:{name}" for name in ENUMERATIONS}
    for node_id, node in nodes.items():
        types = node.get("@type", [])
        if set(types if isinstance(types, list) else [types]) & enumerations:
            keep.add(node_id)
    missing = sorted(keep - set(nodes))
    if missing:
        raise SystemExit(f"not in the release: {missing}")
    return {"@context": release["@context"], "@graph": [nodes[name] for name in sorted(keep)]}


if __name__ == "__main__":
    source = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    text = json.dumps(excerpt(source), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    (HERE / "vocabulary.jsonld").write_text(text, encoding="utf-8")
