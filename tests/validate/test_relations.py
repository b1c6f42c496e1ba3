"""Relations with the geocoding cache: a venue is placed by its coordinates, else by the cache, else warned about."""

from __future__ import annotations

from tests.conftest import TODAY, edit_record
from vejviser.model import Coordinates
from vejviser.settings import load_settings
from vejviser.validate.project import validate_project

COORDINATES_LINE = "  coordinates: {lat: 55.7471, lon: 12.3191}\n"
CACHE_KEY = "måløv hovedgade 55, 2760 måløv"


def _validate(world):
    return validate_project(load_settings(world), TODAY)


def test_a_venue_without_coordinates_and_not_in_the_cache_is_a_warning_at_its_address(world):
    edit_record(world, COORDINATES_LINE, "")
    result = _validate(world)
    assert result.ok
    [problem] = [p for p in result.problems if p.code == "relation.no_position"]
    assert (problem.file, problem.line, problem.field, problem.severity) == (
        "activities/strikkecafe.yaml", 16, "venue.address", "warning")  # fmt: skip
    assert result.activities[0].position is None  # listed, without a pin


def test_the_cache_places_a_venue_without_coordinates(world):
    edit_record(world, COORDINATES_LINE, "")
    (world / "geocache.yaml").write_text(f"{CACHE_KEY}: {{lat: 55.7469, lon: 12.3188}}\n", encoding="utf-8")
    result = _validate(world)
    assert not [p for p in result.problems if p.code.startswith("relation.")]
    [activity] = result.activities
    assert activity.position == Coordinates(55.7469, 12.3188)
    assert activity.venue.coordinates is None  # the record's own stay as written


def test_a_record_s_own_coordinates_win_over_the_cache(world):
    (world / "geocache.yaml").write_text(f"{CACHE_KEY}: {{lat: 55.0, lon: 12.0}}\n", encoding="utf-8")
    assert _validate(world).activities[0].position == Coordinates(55.7471, 12.3191)


def test_a_cached_point_outside_the_municipality_is_an_error_at_the_address(world):
    edit_record(world, COORDINATES_LINE, "")
    (world / "geocache.yaml").write_text(f"{CACHE_KEY}: {{lat: 56.1629, lon: 10.2039}}\n", encoding="utf-8")
    result = _validate(world)
    [problem] = result.errors
    assert (problem.code, problem.line, problem.field) == ("relation.cached_outside_bounds", 16, "venue.address")
    assert problem.params["lat"] == 56.1629


def test_a_broken_cache_file_is_an_error_naming_it_and_the_records_are_still_checked(world):
    (world / "geocache.yaml").write_text("- not: a mapping\n", encoding="utf-8")
    edit_record(world, "[tirsdag]", "[tirsdg]")
    result = _validate(world)
    assert {p.file for p in result.errors} == {"geocache.yaml", "activities/strikkecafe.yaml"}


def _with_centres(world):
    path = world / "vejviser.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        'postcodes:\n  - {postcode: "2750", name: Ballerup, lat: 55.732, lon: 12.361}\n'
        '  - {postcode: "2760", name: Måløv, lat: 55.748, lon: 12.32}\n'), "utf-8")  # fmt: skip


def test_a_pin_far_from_its_postcode_is_pointed_out_with_the_distance(world):
    _with_centres(world)
    assert not _validate(world).problems
    edit_record(world, "{lat: 55.7471, lon: 12.3191}", "{lat: 55.7010, lon: 12.4280}")  # in the box, 8.5 km away
    [problem] = _validate(world).problems
    assert (problem.code, problem.severity, problem.field, problem.line) == (
        "relation.far_from_postcode", "warning", "venue.coordinates", 20)  # fmt: skip
    assert problem.params == {"km": "8,5", "postcode": "2760", "town": "Måløv"}


def test_a_cached_pin_far_from_its_postcode_is_pointed_out_at_the_address(world):
    _with_centres(world)
    edit_record(world, COORDINATES_LINE, "")
    (world / "geocache.yaml").write_text(f"{CACHE_KEY}: {{lat: 55.7010, lon: 12.4280}}\n", encoding="utf-8")
    [problem] = _validate(world).problems
    assert (problem.code, problem.field, problem.line) == ("relation.far_from_postcode", "venue.address", 16)
