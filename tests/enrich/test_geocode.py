"""Geocoding through the committed cache: keys, the cache file, and what a run looks up."""

from __future__ import annotations

import dataclasses
import unicodedata
from types import SimpleNamespace

import pytest

from tests.conftest import TODAY
from vejviser.enrich.geocode import (
    CacheError,
    GeoCache,
    address_key,
    geocode_missing,
    geopy_lookup,
)
from vejviser.model import Address, Coordinates
from vejviser.settings import Geocoding, load_settings
from vejviser.validate.project import validate_project

KULTURHUS = Address("Måløv Hovedgade 55", "2760", "Måløv")


def test_an_address_key_ignores_case_spacing_and_unicode_form():
    decomposed = Address(unicodedata.normalize("NFD", "MÅLØV  Hovedgade 55 "), "2760", "måløv")
    assert address_key(decomposed) == address_key(KULTURHUS) == "måløv hovedgade 55, 2760 måløv"


def _activities(world, without_coordinates=("strikkecafe",)):
    for name in without_coordinates:
        record = world / "activities" / f"{name}.yaml"
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("  coordinates: {lat: 55.7471, lon: 12.3191}\n", ""), encoding="utf-8")
    settings = load_settings(world)
    return settings, validate_project(settings, TODAY).activities


def test_a_missing_cache_file_is_an_empty_cache_and_saving_writes_it_sorted(world):
    settings = load_settings(world)
    cache = GeoCache.load(settings)
    assert cache.entries == {}
    cache.put(Address("Vestergade 2", "2750", "Ballerup"), Coordinates(55.7312, 12.3634))
    cache.put(KULTURHUS, Coordinates(55.7471, 12.3191))
    cache.save()
    text = (world / "geocache.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Coordinates of venue addresses")
    assert text.index("måløv hovedgade") < text.index("vestergade")
    assert GeoCache.load(settings).get(KULTURHUS) == Coordinates(55.7471, 12.3191)


@pytest.mark.parametrize("text", ["[1, 2]", "måløv: {lat: 55.7}", "a: b: c"])
def test_a_broken_cache_file_is_an_error_naming_it(world, text):
    (world / "geocache.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CacheError) as caught:
        GeoCache.load(load_settings(world))
    assert caught.value.path.name == "geocache.yaml"


def test_a_venue_is_looked_up_once_and_what_is_found_goes_into_the_cache(world):
    settings, activities = _activities(world)
    twin = dataclasses.replace(activities[0], id="strikkecafe-2", file="activities/strikkecafe-2.yaml")
    asked = []

    def lookup(query):
        asked.append(query)
        return Coordinates(55.7471, 12.3191)

    cache = GeoCache.load(settings)
    report = geocode_missing([activities[0], twin], cache, lookup, "Danmark")
    assert asked == ["Måløv Hovedgade 55, 2760 Måløv, Danmark"]
    assert [file for file, _ in report.found] == ["activities/strikkecafe.yaml", "activities/strikkecafe-2.yaml"]
    assert cache.get(KULTURHUS) == Coordinates(55.7471, 12.3191)
    again = geocode_missing([activities[0]], cache, lookup, "Danmark")
    assert len(asked) == 1 and again.cached == [("activities/strikkecafe.yaml", "Måløv Hovedgade 55, 2760 Måløv")]


def test_venues_with_coordinates_and_offers_without_a_venue_are_not_looked_up(world):
    settings, activities = _activities(world, without_coordinates=())
    at_home = dataclasses.replace(activities[0], venue=None, form="hjemme")

    def lookup(query):
        raise AssertionError(query)

    report = geocode_missing([activities[0], at_home], GeoCache.load(settings), lookup, "Danmark")
    assert report.found == report.cached == report.missing == report.failed == []


def test_not_found_and_failed_lookups_are_reported_not_raised(world):
    settings, activities = _activities(world)
    cache = GeoCache.load(settings)
    assert geocode_missing(activities, cache, lambda q: None, "Danmark").missing == [
        ("activities/strikkecafe.yaml", "Måløv Hovedgade 55, 2760 Måløv")
    ]

    def timeout(query):
        raise TimeoutError("no answer")

    report = geocode_missing(activities, cache, timeout, "Danmark")
    assert report.failed == [
        ("activities/strikkecafe.yaml", "Måløv Hovedgade 55, 2760 Måløv", "TimeoutError: no answer")
    ]
    assert cache.entries == {}


def test_the_geopy_lookup_asks_the_configured_service_with_the_user_agent(monkeypatch):
    from geopy.geocoders import Nominatim

    calls = []

    def geocode(self, query, exactly_one=True):
        calls.append((self.headers["User-Agent"], query))
        return SimpleNamespace(latitude=55.7471, longitude=12.3191) if "Måløv" in query else None

    monkeypatch.setattr(Nominatim, "geocode", geocode)
    config = Geocoding("nominatim", "vejviser-test (it@example.org)", "Danmark", 1.0, "geocache.yaml")
    lookup = geopy_lookup(config)
    assert lookup("Måløv Hovedgade 55, 2760 Måløv, Danmark") == Coordinates(55.7471, 12.3191)
    assert lookup("Ingen Vej 1, 9999 Intetsteds, Danmark") is None
    assert calls[0] == ("vejviser-test (it@example.org)", "Måløv Hovedgade 55, 2760 Måløv, Danmark")


def test_a_cache_file_that_is_not_yaml_is_reported_with_its_line(world):
    (world / "geocache.yaml").write_text("a: {lat: 55.7, lon: 12.3}\nb: {lat: 55.7\nc: 1\n", encoding="utf-8")
    with pytest.raises(CacheError) as caught:
        GeoCache.load(load_settings(world))
    # read as the records are: the place of the real mistake (the brace opened on line 2), and why
    assert caught.value.problem.line == 2
    assert caught.value.problem.code == "load.geocache"
    assert caught.value.problem.params["cause"] == "load.syntax_unclosed_bracket"


def test_a_cache_of_many_addresses_is_read_whole(world):
    """A large municipality's cache has thousands of addresses in one mapping; the record's cap on fields is not its."""
    lines = [f"vej {n}, 2760 måløv: {{lat: 55.7{n % 10}, lon: 12.3{n % 10}}}" for n in range(5000)]
    (world / "geocache.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cache = GeoCache.load(load_settings(world))
    assert len(cache.entries) == 5000
