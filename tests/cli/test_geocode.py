"""`vejviser geocode`: looks up venues without coordinates, fills the cache, edits records only when asked."""

from __future__ import annotations

import importlib

import pytest
from click.testing import CliRunner

from tests.conftest import edit_record
from vejviser.cli import main
from vejviser.model import Coordinates

COORDINATES_LINE = "  coordinates: {lat: 55.7471, lon: 12.3191}\n"


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Replace the geocoder: Måløv Hovedgade is found, other streets not; returns the queries asked."""
    queries: list[str] = []

    def fake_lookup(config):
        def lookup(query):
            queries.append(query)
            if "Fejl" in query:
                raise TimeoutError("the service did not answer")
            return Coordinates(55.7471, 12.3191) if "Måløv Hovedgade" in query else None

        return lookup

    # The module, not the click command of the same name that vejviser.cli exports.
    monkeypatch.setattr(importlib.import_module("vejviser.cli.geocode"), "geopy_lookup", fake_lookup)
    return queries


def run(world, *args):
    return CliRunner().invoke(main, ["geocode", str(world), *args])


def test_a_venue_without_coordinates_is_looked_up_and_cached_and_the_record_is_left_alone(world, asked):
    edit_record(world, COORDINATES_LINE, "")
    record = (world / "activities" / "strikkecafe.yaml").read_bytes()
    result = run(world)
    assert result.exit_code == 0, result.output
    assert asked == ["Måløv Hovedgade 55, 2760 Måløv, Danmark"]
    assert "Fandt koordinater til 1 adresse og gemte dem i geocache.yaml:" in result.output
    assert "activities/strikkecafe.yaml: Måløv Hovedgade 55, 2760 Måløv" in result.output
    assert "kør med --write" in result.output
    assert "måløv hovedgade 55, 2760 måløv: {lat: 55.7471, lon: 12.3191}" in (world / "geocache.yaml").read_text(
        "utf-8"
    )
    assert (world / "activities" / "strikkecafe.yaml").read_bytes() == record
    again = run(world)
    assert len(asked) == 1
    assert "1 adresse stod allerede i geocache.yaml." in again.output


def test_with_write_the_coordinates_go_into_the_record(world, asked):
    edit_record(world, COORDINATES_LINE, "")
    result = run(world, "--write")
    assert result.exit_code == 0, result.output
    assert "Skrev koordinaterne ind i 1 post:" in result.output
    text = (world / "activities" / "strikkecafe.yaml").read_text(encoding="utf-8")
    assert "  coordinates: {lat: 55.7471, lon: 12.3191}\n" in text
    assert CliRunner().invoke(main, ["validate", str(world), "--today", "2026-11-23"]).exit_code == 0


def test_an_address_that_is_not_found_is_named_with_its_file(world, asked):
    edit_record(world, COORDINATES_LINE, "")
    edit_record(world, "street: Måløv Hovedgade 55", "street: Ukendt Vej 1")
    result = run(world)
    assert result.exit_code == 0, result.output
    assert "Fandt ikke 1 adresse." in result.output
    assert "activities/strikkecafe.yaml: Ukendt Vej 1, 2760 Måløv" in result.output
    assert not (world / "geocache.yaml").exists()


def test_a_failed_lookup_is_reported_and_exits_1(world, asked):
    edit_record(world, COORDINATES_LINE, "")
    edit_record(world, "street: Måløv Hovedgade 55", "street: Fejlvej 3")
    result = run(world)
    assert result.exit_code == 1
    assert "Opslaget mislykkedes for 1 adresse" in result.output
    assert "TimeoutError: the service did not answer" in result.output
    assert "Traceback" not in result.output


def test_nothing_to_look_up_says_so(world, asked):
    result = run(world)
    assert result.exit_code == 0
    assert asked == []
    assert "Alle mødesteder har koordinater" in result.output


def test_a_broken_cache_file_stops_with_a_message(world, asked):
    (world / "geocache.yaml").write_text("- not a mapping\n", encoding="utf-8")
    result = run(world)
    assert result.exit_code == 2
    assert "Cache-filen" in result.output and "geocache.yaml" in result.output
    assert "Traceback" not in result.output


def test_records_with_errors_are_skipped_and_said_to_be(world, asked):
    edit_record(world, COORDINATES_LINE, "")
    edit_record(world, "[tirsdag]", "[tirsdg]")
    result = run(world)
    assert result.exit_code == 0
    assert asked == []
    assert "1 post med fejl blev sprunget over" in result.output
    assert "intet at slå op" not in result.output
