"""The map's data: one compact row per placed activity, the words in chunks fetched on demand.

A map of 10,000 activities must not cost the reader megabytes. The first file holds only
what clustering, filtering and "near me" need: a position as whole numbers from the
municipality's south-west corner, and bit masks of categories, weekdays and barrier
answers. Titles, times and places are in chunks of :data:`CHUNK` rows, fetched when a
popup opens or the list shows a row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from vejviser.i18n import Messages
from vejviser.model import Answer, applies, barrier_fields
from vejviser.present.facets import WEEKDAYS, weekdays_of
from vejviser.present.views import ActivityView
from vejviser.schema import SchemaIndex, bundled_schema
from vejviser.settings import Settings

#: Rows of words per chunk file.
CHUNK = 500
#: Positions are stored in units of 1/SCALE degree (about a metre) from the south-west corner.
SCALE = 100_000


@dataclass(frozen=True)
class MapData:
    """The index file's content, and the chunks of words, in the same order as its rows."""

    index: dict
    chunks: list[list[list[str]]]


def _mask(flags) -> int:
    return sum(1 << bit for bit, on in enumerate(flags) if on)


def map_data(views: list[ActivityView], settings: Settings, messages: Messages) -> MapData:
    """The data for the map page from the current activities with a known position."""
    placed = [v for v in views if v.listed and v.activity.position is not None]
    categories = [term.id for term in settings.categories]
    answers = barrier_fields()
    index = SchemaIndex(bundled_schema("activity"))
    south, west = settings.bounds.south, settings.bounds.west
    rows, words = [], []
    by_area: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for view in placed:
        a, position, venue = view.activity, view.activity.position, view.activity.venue
        assert position is not None and venue is not None  # placed, and only a venue has a position
        days = weekdays_of(a)
        rows.append([
            round((position.lat - south) * SCALE),
            round((position.lon - west) * SCALE),
            _mask(c in a.categories for c in categories),
            _mask(day in days for day in WEEKDAYS),
            _mask(applies(a, group) and getattr(getattr(a, group), name) == Answer.YES for group, name in answers),
        ])  # fmt: skip
        place = ", ".join(part for part in (venue.name, venue.address.town) if part)
        words.append([a.title, view.url, view.when[:1].upper() + view.when[1:], place, view.upcoming.line, a.id])
        if a.area:
            by_area[a.area].append((position.lat, position.lon))
    centres = [
        {"id": p.postcode, "name": f"{p.postcode} {p.name}", "lat": p.lat, "lon": p.lon} for p in settings.postcodes
    ]
    areas = []
    for area in settings.areas:
        points = by_area.get(area.id) or [(p.lat, p.lon) for code in area.postcodes if (p := settings.postcode(code))]
        if points:
            lat, lon = (sum(c) / len(points) for c in zip(*points, strict=True))
            areas.append({"id": area.id, "name": area.name, "lat": round(lat, 5), "lon": round(lon, 5)})
    data = {
        "origin": [south, west],
        "scale": SCALE,
        "chunk": CHUNK,
        "filters": {
            "kategori": [[t.id, t.label] for t in settings.categories],
            "ugedag": [[day, day.capitalize()] for day in WEEKDAYS],
            "barriere": [[f"{group}.{name}", index.info((group, name)).title] for group, name in answers],
        },
        "postcodes": centres,
        "areas": areas,
        "rows": rows,
    }
    chunks = [words[start : start + CHUNK] for start in range(0, len(words), CHUNK)]
    return MapData(data, chunks)
