"""The municipality's settings: read into a typed object, or refused with located problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from vejviser.settings import SettingsError, load_settings

REPO = Path(__file__).parent.parent


def test_the_example_municipality_settings_load():
    settings = load_settings(REPO)
    assert settings.example_data is True
    assert len(settings.areas) >= 6
    assert {a.id for a in settings.areas_for_postcode("2750")} >= {"ballerup-centrum", "hedegården"}
    assert [a.id for a in settings.areas_for_postcode("2760")] == ["måløv"]
    assert settings.bounds.contains(55.7471, 12.3191)
    assert not settings.bounds.contains(12.3191, 55.7471)


def test_the_default_taxonomy_is_used_when_none_is_given(world):
    settings = load_settings(world)
    assert "fællesspisning" in [t.id for t in settings.categories]
    assert "demens" in [t.id for t in settings.target_groups]


def test_missing_settings_file_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path)
    assert caught.value.problems[0].code == "settings.missing"


def test_a_settings_mistake_is_located(world):
    path = world / "vejviser.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('postcodes: ["2760"]', "postcodes: 2760"), "utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(world)
    problem = caught.value.problems[0]
    assert (problem.code, problem.field) == ("schema.type", "areas[2].postcodes")
    assert problem.line == 18


def test_duplicate_area_ids_are_refused(world):
    path = world / "vejviser.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: vest", "id: centrum"), "utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(world)
    assert [p.code for p in caught.value.problems] == ["settings.duplicate_area"]


def test_bounds_the_wrong_way_round_are_refused(world):
    path = world / "vejviser.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("south: 55.70", "south: 56.70"), "utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(world)
    assert [p.code for p in caught.value.problems] == ["settings.bounds_order"]


def test_the_map_defaults_to_openstreetmap_with_its_attribution(world):
    settings = load_settings(world)
    assert settings.map.tiles == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in settings.map.attribution
    assert settings.postcodes == ()


def _with_postcodes(world, text: str) -> None:
    path = world / "vejviser.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, "utf-8")


def test_postcode_centres_are_read_and_looked_up(world):
    _with_postcodes(world, 'postcodes:\n  - {postcode: "2750", name: Ballerup, lat: 55.732, lon: 12.361}\n'
                           '  - {postcode: "2760", name: Måløv, lat: 55.748, lon: 12.32}\n')  # fmt: skip
    settings = load_settings(world)
    assert settings.postcode("2760").name == "Måløv" and settings.postcode("2760").lat == 55.748
    assert settings.postcode("9999") is None


def test_when_centres_are_given_every_area_postcode_needs_one(world):
    _with_postcodes(world, 'postcodes:\n  - {postcode: "2750", name: Ballerup, lat: 55.732, lon: 12.361}\n'
                           '  - {postcode: "2750", name: Ballerup, lat: 55.732, lon: 12.361}\n')  # fmt: skip
    with pytest.raises(SettingsError) as caught:
        load_settings(world)
    found = [(p.code, p.field, p.params["postcode"]) for p in caught.value.problems]
    assert found == [("settings.duplicate_postcode", "postcodes[1].postcode", "2750"),
                     ("settings.postcode_without_centre", "areas[2].postcodes", "2760")]  # fmt: skip


def test_a_tile_address_without_its_placeholders_is_refused(world):
    _with_postcodes(world, "map:\n  tiles: https://tiles.example/kort.png\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(world)
    assert caught.value.problems[0].field == "map.tiles"


def test_every_default_is_the_schemas_and_a_minimal_settings_file_gets_them_all(tmp_path):
    from vejviser.schema import raw_schema

    schema = raw_schema("settings")["properties"]
    (tmp_path / "vejviser.yaml").write_text(
        "municipality: {name: Ballerup}\ncontact: {name: Koordinator, email: k@example.org}\n"
        "bounds: {south: 55.6, west: 12.2, north: 55.8, east: 12.5}\n"
        "areas: [{id: maaloev, name: Måløv, postcodes: ['2760']}]\n",
        encoding="utf-8",
    )
    settings = load_settings(tmp_path)
    assert settings.stale_after_months == schema["freshness"]["properties"]["stale_after_months"]["default"] == 12
    assert settings.hide_after_months == schema["freshness"]["properties"]["hide_after_months"]["default"] == 18
    assert settings.geocoding.cache == schema["geocoding"]["properties"]["cache"]["default"]
    assert settings.geocoding.min_delay_seconds == 1.0
    assert settings.map.max_zoom == schema["map"]["properties"]["max_zoom"]["default"]
    assert settings.print_paper == "a5" and settings.print_near_km == 1.0 and settings.print_year == 0
    assert settings.language == "da" and settings.example_data is False and settings.postcodes == ()
    assert settings.contact.phone == "" and settings.repository == "" and settings.area_polygons == ""


def test_no_default_is_written_in_the_help_text_instead_of_the_schema():
    import json

    from vejviser.schema import raw_schema

    text = json.dumps(raw_schema("settings"), ensure_ascii=False)
    assert "(standard" not in text and "standard:" not in text
