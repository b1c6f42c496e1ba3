"""The schemas are valid draft-07, describe every field in Danish, and forbid unknown keys."""

from __future__ import annotations

import pytest
from jsonschema import Draft7Validator

from vejviser.schema import SchemaIndex, bundled_schema, effective_schema, raw_schema


@pytest.mark.parametrize("name", ["activity", "organisation", "settings"])
def test_schema_is_valid_draft_07(name):
    schema = raw_schema(name)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    Draft7Validator.check_schema(bundled_schema(name))


def _objects(node, path=""):
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield path, node
        for key, value in node.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{path}/{index}")


@pytest.mark.parametrize("name", ["activity", "organisation", "settings"])
def test_every_object_forbids_unknown_keys(name):
    for path, node in _objects(raw_schema(name)):
        assert node.get("additionalProperties") is False, path


@pytest.mark.parametrize("name", ["activity", "organisation"])
def test_every_field_has_a_danish_title_and_description(name):
    schema = bundled_schema(name)
    index = SchemaIndex(schema)

    def walk(path):
        for field in index.property_names(path):
            here = path + (field,)
            info = index.info(here)
            assert info.title and info.description, here
            if "array" in info.types:
                item = index.info(here + (0,))
                assert item.title and item.description, here + (0,)
                walk(here + (0,))
            else:
                walk(here)

    walk(())


def test_the_taxonomy_becomes_an_enum():
    schema = effective_schema("activity", {"categories": ["motion"], "target_groups": ["mænd"], "areas": ["a"],
                                           "service_areas": ["a", "hele-kommunen"]})  # fmt: skip
    assert schema["properties"]["categories"]["items"]["enum"] == ["motion"]
    assert schema["properties"]["service_area"]["items"]["enum"] == ["a", "hele-kommunen"]


def test_the_organisation_schema_borrows_the_activity_definitions():
    schema = bundled_schema("organisation")
    assert schema["properties"]["contact"]["$ref"] == "#/definitions/contact"
    assert "contact" in schema["definitions"]
