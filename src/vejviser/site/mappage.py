"""The map itself, made with folium: a Leaflet map of the municipality with its tile layer.

folium writes the map's markup and script; its page header is not used, because it
loads Leaflet, jQuery and Bootstrap from CDNs and forbids zooming the page. The page
loads the vendored Leaflet instead (``assets/vendor/``), and ``map.js`` adds the
activities from the map data as a data-driven cluster layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import folium
import nh3

from vejviser.settings import Settings

if TYPE_CHECKING:
    from branca.element import Figure

#: The map's name in the page's script (folium names elements with random ids; a fixed one keeps builds equal).
MAP_NAME = "vejviser"
#: The widest and closest zoom: a region around the municipality, and a street.
MIN_ZOOM, MAX_ZOOM = 10, 18


@dataclass(frozen=True)
class MapParts:
    """What a page embeds: the map's element, its script, and the script's name for the map."""

    html: str
    script: str
    name: str


def safe_attribution(text: str) -> str:
    """The tile provider's attribution, with nothing but text and https links."""
    return nh3.clean(text, tags={"a"}, attributes={"a": {"href"}}, url_schemes={"https"}, link_rel=None)


def map_parts(settings: Settings) -> MapParts:
    b = settings.bounds
    centre = [(b.south + b.north) / 2, (b.west + b.east) / 2]
    # Zoom stops at the municipality's scale and at street level: fewer levels for the clusters to compute.
    max_zoom = min(settings.map.max_zoom, MAX_ZOOM)
    folium_map = folium.Map(location=centre, zoom_start=12, tiles=None, control_scale=False, minZoom=MIN_ZOOM,
                            maxZoom=max_zoom)  # fmt: skip
    folium_map._id = MAP_NAME
    layer = folium.TileLayer(tiles=settings.map.tiles, attr=safe_attribution(settings.map.attribution),
                             min_zoom=MIN_ZOOM, max_zoom=max_zoom, name="kort")  # fmt: skip
    layer._id = MAP_NAME
    layer.add_to(folium_map)
    folium_map.fit_bounds([[b.south, b.west], [b.north, b.east]])
    root = cast("Figure", folium_map.get_root())  # a map's root is its Figure; branca types it as any Element
    root.render()
    return MapParts(root.html.render().strip(), root.script.render().strip(), folium_map.get_name())
