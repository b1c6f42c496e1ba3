"""The map's data: one compact row per placed activity, the words in chunks fetched on demand.

A map of 10,000 activities must not cost the reader megabytes. The first file holds only
what clustering, filtering and "near me" need: for each activity one short string of bits, its
position as whole numbers from the south-west corner of the pins, and its values of every facet of
the search (``present.facets``: the same definition, so that the map filters and counts as the
search does). Titles, times and places are in chunks of :data:`CHUNK` rows, fetched when a popup
opens or the list shows a row; the rows' ids in a file of their own, fetched only when a free-text
search from the front page must be matched to the pins.

A row, :func:`pack`: the fields of :data:`MapData.index` ``fields`` one after the other from bit 0,
each ``[name, kind, bits]`` wide and least significant bit first: ``y`` and ``x`` (kind
:data:`NUMBER`); a facet whose activities have at most one value (the form, a barrier answer) as
its value's number plus one, 0 for none (:data:`ONE`); any other as a bit per value (:data:`ANY`).
Bit ``i`` is bit ``i % 6`` of the row's ``i // 6``-th character of :data:`DIGITS`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from vejviser.i18n import Messages
from vejviser.present.facets import WHEN, Facet, build_facets
from vejviser.present.views import ActivityView
from vejviser.settings import Settings

#: Rows of words per chunk file.
CHUNK = 500
#: Positions are stored in units of 1/SCALE degree (about a metre) from the south-west corner.
SCALE = 100_000
#: The 64 digits of a row's bits (base64url's, so that JSON needs no escapes).
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: Bits held by one digit.
BITS = 6
#: The kinds of field in a row: a whole number, a facet of at most one value, a facet of any values.
NUMBER, ONE, ANY = "number", "one", "any"
#: The distances "Nær mig" offers to keep pins within, in km (beside "alle"; in the URL as ``afstand``).
MAP_DISTANCES = (1, 2, 5)


@dataclass(frozen=True)
class MapData:
    """The index file's content, the chunks of words and the rows' ids, in the same order as its rows."""

    index: dict
    chunks: list[list[list[str]]]
    ids: list[str]


def map_facets(settings: Settings, messages: Messages) -> list[Facet]:
    """The search's facets that the map's rows carry: all but the days from the reader's day, which the
    page works out from the published meetings."""
    return [facet for facet in build_facets(settings, messages) if facet.key != WHEN]


def fields(facets: Sequence[Facet], values: Sequence[dict[str, tuple[str, ...]]], top: tuple[int, int]) -> list:
    """The row's fields for ``facets``, given every row's values and the largest ``y`` and ``x``."""
    out: list = [["y", NUMBER, max(1, top[0].bit_length())], ["x", NUMBER, max(1, top[1].bit_length())]]
    for facet in facets:
        if all(len(row.get(facet.key, ())) <= 1 for row in values):
            out.append([facet.key, ONE, len(facet.values).bit_length()])
        else:
            out.append([facet.key, ANY, len(facet.values)])
    return out


def value_bits(facets: Sequence[Facet]) -> list[tuple[str, dict[str, int]]]:
    """For each facet its key and the bit of each of its values, for :func:`numbers`."""
    return [(facet.key, {value: 1 << i for i, (value, _) in enumerate(facet.values)}) for facet in facets]


def numbers(
    bits: Sequence[tuple[str, dict[str, int]]], values: dict[str, tuple[str, ...]], y: int, x: int
) -> list[int]:
    """A row's fields as numbers, in the order of :func:`fields`: a facet's as a bit per value it has
    (``bits`` from :func:`value_bits`)."""
    out = [y, x]
    for key, bit in bits:
        out.append(sum({bit.get(str(v), 0) for v in values.get(key, ())}))
    return out


def pack(layout: Sequence[Sequence], row: Sequence[int]) -> str:
    """A row's numbers (a facet's as a bit per value) as the digits of :data:`layout`'s bits."""
    bits, at = 0, 0
    for (_, kind, width), number in zip(layout, row, strict=True):
        if kind == ONE:
            number = number.bit_length()  # one value: its number plus one; none: 0
        assert 0 <= number < 1 << width
        bits |= number << at
        at += width
    return "".join(DIGITS[bits >> start & (1 << BITS) - 1] for start in range(0, max(at, 1), BITS))


def unpack(layout: Sequence[Sequence], text: str) -> list[int]:
    """What :func:`pack` packed (``map.js`` reads it the same way)."""
    bits = sum(DIGITS.index(c) << (BITS * i) for i, c in enumerate(text))
    out, at = [], 0
    for _, kind, width in layout:
        number = bits >> at & (1 << width) - 1
        at += width
        out.append(1 << number - 1 if kind == ONE and number else number)
    return out


def facet_values(facet: Facet, number: int) -> tuple[str, ...]:
    """A facet's values from its number in :func:`unpack`'s answer."""
    return tuple(value for i, (value, _) in enumerate(facet.values) if number >> i & 1)


def _values(view: ActivityView) -> dict[str, tuple[str, ...]]:
    """The view's facet values (``present.facets.values_of``, worked out once for the view)."""
    out: dict[str, list[str]] = defaultdict(list)
    for key, value in view.filters:
        out[key].append(str(value))
    return {key: tuple(values) for key, values in out.items()}


def map_data(views: list[ActivityView], settings: Settings, messages: Messages) -> MapData:
    """The data for the map page from the current activities with a known position."""
    placed = [v for v in views if v.listed and v.activity.position is not None]
    facets = map_facets(settings, messages)
    values = [_values(v) for v in placed]
    # from the pins' own south-west corner (a venue may lie a little outside the settings' bounds)
    lats = [v.activity.position.lat for v in placed if v.activity.position]
    lons = [v.activity.position.lon for v in placed if v.activity.position]
    south = min([settings.bounds.south, *lats])
    west = min([settings.bounds.west, *lons])
    positions = [
        (round((lat - south) * SCALE), round((lon - west) * SCALE)) for lat, lon in zip(lats, lons, strict=True)
    ]
    layout = fields(
        facets, values, (max((y for y, _ in positions), default=0), max((x for _, x in positions), default=0))
    )
    rows, words, bits = [], [], value_bits(facets)
    by_area: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for view, have, (y, x) in zip(placed, values, positions, strict=True):
        a, position, venue = view.activity, view.activity.position, view.activity.venue
        assert position is not None and venue is not None  # placed, and only a venue has a position
        rows.append(pack(layout, numbers(bits, have, y, x)))
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
        "fields": layout,
        "postcodes": centres,
        "areas": areas,
        "rows": rows,
    }
    chunks = [words[start : start + CHUNK] for start in range(0, len(words), CHUNK)]
    return MapData(data, chunks, [view.id for view in placed])
