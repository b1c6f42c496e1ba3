"""Hostile sizes are refused by the first check that can: the loader's caps, the schema's lengths;
the content rules never read a value the schema refused as too long. (How long it takes is
measured by `make bench`, bench/bench_hostile.py, not asserted here.)"""

from __future__ import annotations

import json

from click.testing import CliRunner

from vejviser.cli import main
from vejviser.load.yamlfile import MAX_ITEMS, MAX_KEYS


def _validate(world, record: dict) -> list[dict]:
    (world / "activities" / "fjendtlig.yaml").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(world), "--today", "2026-11-23", "--format", "json"])
    assert result.exit_code == 1, result.output
    return [p for p in json.loads(result.output)["problems"] if p["file"] == "activities/fjendtlig.yaml"]


def _record(**fields) -> dict:
    record = {"title": "Strikkecafé", "summary": "Vi strikker og snakker sammen.", "organisation": "seniorklubben",
              "categories": ["kreativ"], "form": "online", "reviewed": "2026-09-01",
              "schedule": {"frequency": "ugentlig", "weekdays": ["tirsdag"], "start": "10:00"}}  # fmt: skip
    record.update(fields)
    return record


def test_a_long_field_is_refused_as_too_long_and_not_read_by_the_content_rules(world):
    problems = _validate(world, _record(description="010203-1234 lone@example.dk " * 8000))
    assert [p["code"] for p in problems] == ["schema.too_long"]
    assert "5000" in problems[0]["message"] and "010203" not in problems[0]["message"]


def test_a_list_longer_than_the_loader_takes_is_refused_where_it_stands(world):
    problems = _validate(world, _record(categories=[{"x": i} if i % 2 else i for i in range(MAX_ITEMS + 5)]))
    assert [p["code"] for p in problems] == ["load.too_many_items"]
    assert str(MAX_ITEMS) in problems[0]["message"] and "categories" in problems[0]["message"]


def test_a_mapping_with_more_fields_than_the_loader_takes_is_refused(world):
    problems = _validate(world, _record(**{f"felt{i}": i for i in range(MAX_KEYS + 5)}))
    assert [p["code"] for p in problems] == ["load.too_many_items"]


def test_every_list_in_the_schema_is_capped_before_its_items_are_compared():
    from vejviser.schema import bundled_schema

    def arrays(node, path=""):
        if isinstance(node, dict):
            if node.get("type") == "array":
                yield path, node
            for key, value in node.items():
                yield from arrays(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from arrays(value, f"{path}[{index}]")

    for name in ("activity", "organisation"):
        for path, node in arrays(bundled_schema(name)):
            assert 0 < node.get("maxItems", 0) <= MAX_ITEMS, f"{name}{path} has no maxItems"


def test_every_one_line_field_refuses_a_line_break():
    """A text the forms show on one line (no textarea) has the schema's line-break rule."""
    from vejviser.schema import bundled_schema
    from vejviser.submit.issue_forms import LONG_TEXT

    def strings(node, path=""):
        if isinstance(node, dict):
            if node.get("type") == "string" and "enum" not in node and "format" not in node:
                yield path, node
            for key, value in node.items():
                if key != "not":
                    yield from strings(value, f"{path}/{key}")

    checked = 0
    for path, node in strings(bundled_schema("activity")):
        if path.startswith("/definitions/line_break") or node.get("maxLength", 0) >= LONG_TEXT:
            continue
        if "x-taxonomy" in node or path.endswith("/slug"):  # closed lists; a slug's pattern takes no break
            continue
        assert node.get("not") == {"$ref": "#/definitions/line_break"}, path
        checked += 1
    assert checked >= 15
