"""Areas from polygons: the GeoJSON the settings name is read with shapely, and pins are looked up in it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TODAY, edit_record
from vejviser.settings import SettingsError, load_settings
from vejviser.validate.project import validate_project

B = {"south": 55.70, "west": 12.26, "north": 55.77, "east": 12.43}


def _square(south, west, north, east):
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


FEATURES = {
    "måløv": _square(55.74, B["west"], B["north"], B["east"]),
    "vest": _square(B["south"], B["west"], 55.74, 12.34),
    "centrum": _square(B["south"], 12.34, 55.74, B["east"]),
}


def _with_polygons(world, features=None, text=None):
    features = FEATURES if features is None else features
    feature_list = [{"type": "Feature", "properties": {"id": area_id}, "geometry": geometry}
                    for area_id, geometry in features.items()]  # fmt: skip
    collection = {"type": "FeatureCollection", "features": feature_list}
    (world / "omraader.geojson").write_text(text or json.dumps(collection), encoding="utf-8")
    path = world / "vejviser.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "area_polygons: omraader.geojson\n", "utf-8")


def test_a_pin_is_found_in_its_area(world):
    _with_polygons(world)
    shapes = load_settings(world).area_shapes
    assert shapes.area_at(55.7471, 12.3191) == "måløv"
    assert shapes.area_at(55.7200, 12.3000) == "vest"
    assert shapes.area_at(55.7200, 12.4000) == "centrum"
    assert shapes.area_at(56.0, 12.3) is None


@pytest.mark.parametrize(
    ("features", "text", "code"),
    [
        (None, "{not json", "settings.polygons_unreadable"),
        ({**FEATURES, "nord": FEATURES["vest"]}, None, "settings.polygons_unknown_area"),
        ({"måløv": FEATURES["måløv"], "vest": FEATURES["vest"]}, None, "settings.polygons_missing_area"),
        ({**FEATURES, "vest": {"type": "Point", "coordinates": [12.3, 55.7]}}, None, "settings.polygons_bad_shape"),
    ],
)
def test_a_wrong_polygons_file_stops_with_a_message_naming_it(world, features, text, code):
    _with_polygons(world, features, text)
    with pytest.raises(SettingsError) as caught:
        load_settings(world)
    [problem] = caught.value.problems
    assert (problem.file, problem.code) == ("omraader.geojson", code)


def test_a_missing_polygons_file_is_named_in_the_settings(world):
    path = world / "vejviser.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "area_polygons: findes-ikke.geojson\n", "utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(world)
    [problem] = caught.value.problems
    assert (problem.file, problem.field, problem.code) == (
        "vejviser.yaml",
        "area_polygons",
        "settings.polygons_missing_file",
    )


def test_the_pin_decides_between_the_areas_of_a_shared_postcode(world):
    _with_polygons(world)
    edit_record(world, 'postcode: "2760"', 'postcode: "2750"')
    edit_record(world, "town: Måløv", "town: Ballerup")
    edit_record(world, "{lat: 55.7471, lon: 12.3191}", "{lat: 55.7200, lon: 12.4000}")
    result = validate_project(load_settings(world), TODAY)
    assert result.ok, result.errors
    assert result.activities[0].area == "centrum"


def test_a_pin_in_another_area_than_the_record_names_is_pointed_out(world):
    _with_polygons(world)
    edit_record(world, "{lat: 55.7471, lon: 12.3191}", "{lat: 55.7300, lon: 12.3000}")
    problems = validate_project(load_settings(world), TODAY).problems
    [problem] = [p for p in problems if p.code == "relation.pin_in_other_area"]
    assert problem.severity == "warning" and problem.field == "venue.coordinates"
    assert problem.params == {"found": "Vest", "area": "Måløv"}


def test_without_polygons_an_unnamed_area_in_a_shared_postcode_is_still_an_error(world):
    edit_record(world, 'postcode: "2760"', 'postcode: "2750"')
    edit_record(world, "town: Måløv", "town: Ballerup")
    result = validate_project(load_settings(world), TODAY)
    assert [p.code for p in result.errors] == ["relation.postcode_ambiguous"]


def test_every_pin_of_the_example_municipality_lies_in_its_area():
    from pathlib import Path

    settings = load_settings(Path(__file__).parent.parent.parent)
    result = validate_project(settings, TODAY)
    placed = [a for a in result.activities if a.position is not None]
    assert len(placed) >= 50
    assert [a.file for a in placed if settings.area_shapes.area_at(a.position.lat, a.position.lon) != a.area] == []
    pin_codes = {"relation.pin_in_other_area", "relation.pin_outside_areas", "relation.far_from_postcode"}
    assert [p for p in result.problems if p.code in pin_codes] == []


def test_the_distance_outside_an_area_is_in_metres_and_0_inside():
    from shapely.geometry import shape

    from vejviser.geo import AreaShapes

    shapes = AreaShapes({area: shape(geometry) for area, geometry in FEATURES.items()})
    assert shapes.distance_m("måløv", 55.75, 12.30) == 0  # inside
    assert shapes.distance_m("måløv", 55.74, 12.30) == pytest.approx(0, abs=1e-6)  # on the border
    # 0.01 degrees of latitude south of the border: 1.11 km anywhere on Earth.
    assert shapes.distance_m("måløv", 55.73, 12.30) == pytest.approx(1112, abs=5)
    # 0.01 degrees of longitude east of the border, at 55.75 N: 1.11 km times cos(55.75°), 626 m.
    assert shapes.distance_m("måløv", 55.75, B["east"] + 0.01) == pytest.approx(626, abs=5)


def test_within_tells_the_distance_only_up_to_the_limit():
    from shapely.geometry import shape

    from vejviser.geo import AreaShapes

    shapes = AreaShapes({area: shape(geometry) for area, geometry in FEATURES.items()})
    assert shapes.within_m("måløv", 55.73, 12.30, 1200) == pytest.approx(1112, abs=5)
    assert shapes.within_m("måløv", 55.73, 12.30, 1000) is None  # measured, too far
    assert shapes.within_m("måløv", 55.0, 12.30, 1000) is None  # far beyond the box: not measured
    assert shapes.within_m("måløv", 55.75, 12.30, 0) == 0
