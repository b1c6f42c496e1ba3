"""Geometry of the municipality: the local areas' polygons, and distances between places.

One module for every question of where: which area a point lies in, how far a venue is
outside an area, and how far two pins are apart. shapely does the polygons.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

from vejviser.load.files import FileRefused, read_limited

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

#: The Earth's mean radius, for great-circle distances.
EARTH_RADIUS_KM = 6371.0088


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


#: Metres per degree of latitude (and of longitude at the equator), near enough for distances of a few km.
METRES_PER_DEGREE_LAT = 111_195


class AreaShapes:
    """The local areas' polygons (GeoJSON in the repository), for finding the area a point lies in.

    shapely does the geometry; the polygons are prepared once, so a lookup is cheap.
    """

    def __init__(self, shapes: dict[str, BaseGeometry]):
        from shapely.prepared import prep

        self.shapes = shapes
        self._prepared = [(area_id, prep(shape)) for area_id, shape in shapes.items()]

    @classmethod
    def read(cls, path: Path, area_ids: list[str]) -> AreaShapes:
        """Read a FeatureCollection with one (Multi)Polygon per area, named by the property ``id``.

        Raises :class:`AreaShapesError` with what is wrong.
        """
        from shapely.geometry import shape

        try:
            data = json.loads(read_limited(path, "polygons").decode("utf-8"))
        except FileRefused as exc:
            raise AreaShapesError(exc.code, **exc.params) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise AreaShapesError("settings.polygons_unreadable", reason=str(exc)) from None
        except RecursionError:  # brackets nested thousands deep
            raise AreaShapesError("settings.polygons_unreadable", reason="nesting too deep") from None
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list):
            raise AreaShapesError("settings.polygons_unreadable", reason="no FeatureCollection")
        shapes: dict[str, BaseGeometry] = {}
        for number, feature in enumerate(features, start=1):
            area_id = ((feature or {}).get("properties") or {}).get("id")
            if area_id not in area_ids:
                raise AreaShapesError("settings.polygons_unknown_area", number=number, id=str(area_id),
                                      known=area_ids)  # fmt: skip
            try:
                geometry = shape(feature["geometry"])
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise AreaShapesError(
                    "settings.polygons_bad_shape", number=number, id=area_id, reason=str(exc)
                ) from None
            if geometry.geom_type not in ("Polygon", "MultiPolygon") or not geometry.is_valid:
                raise AreaShapesError("settings.polygons_bad_shape", number=number, id=area_id,
                                      reason=f"{geometry.geom_type}, valid: {geometry.is_valid}")  # fmt: skip
            shapes[area_id] = geometry
        missing = [area_id for area_id in area_ids if area_id not in shapes]
        if missing:
            raise AreaShapesError("settings.polygons_missing_area", ids=missing)
        return cls(shapes)

    def distance_m(self, area_id: str, lat: float, lon: float) -> float:
        """How far the point lies outside the area, in metres (0 inside it).

        Measured in a flat projection around the point (metres east and north), which is
        true to within a few metres over the few kilometres that "near" means here.
        """
        from shapely import affinity
        from shapely.geometry import Point

        east, north = METRES_PER_DEGREE_LAT * math.cos(math.radians(lat)), METRES_PER_DEGREE_LAT
        flat = affinity.scale(self.shapes[area_id], xfact=east, yfact=north, origin=(lon, lat))
        return flat.distance(Point(lon, lat))

    def within_m(self, area_id: str, lat: float, lon: float, limit: float) -> float | None:
        """The point's distance outside the area (metres) if it is at most ``limit``, else None.

        A point beyond the area's bounding box by more than ``limit`` is passed over without
        measuring, so that going through thousands of venues stays cheap."""
        west, south, east, north = self.shapes[area_id].bounds
        margin_lat = limit / METRES_PER_DEGREE_LAT
        margin_lon = margin_lat / max(math.cos(math.radians(max(abs(south), abs(north)))), 0.01)
        if not (south - margin_lat <= lat <= north + margin_lat and west - margin_lon <= lon <= east + margin_lon):
            return None
        distance = self.distance_m(area_id, lat, lon)
        return distance if distance <= limit else None

    def area_at(self, lat: float, lon: float) -> str | None:
        """The area whose polygon holds the point (GeoJSON is lon, lat), or None."""
        from shapely.geometry import Point

        point = Point(lon, lat)
        return next((area_id for area_id, shape in self._prepared if shape.covers(point)), None)


class AreaShapesError(Exception):
    """The polygons file is wrong: a message code and its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params
