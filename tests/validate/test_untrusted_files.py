"""Records, settings, the geocoding cache and the polygons are read only as regular files inside
the project: a link, a device or a path out of the project is refused with its name."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES
from vejviser.cli import main


def _validate(project):
    result = CliRunner().invoke(main, ["validate", str(project), "--today", "2026-11-23", "--format", "json"])
    problems = json.loads(result.output)["problems"] if result.output.lstrip().startswith("{") else []
    return result, problems


@pytest.fixture
def secret(tmp_path):
    """A valid record outside the project, as the runner's own files would be."""
    path = tmp_path / "outside" / "runner-secret.yaml"
    path.parent.mkdir()
    shutil.copy(EXAMPLES / "world" / "activities" / "strikkecafe.yaml", path)
    text = path.read_text(encoding="utf-8").replace("Strikkecafé i Måløv", "HEMMELIG-TITEL")
    path.write_text(text, encoding="utf-8")
    return path


def test_a_record_that_is_a_link_out_of_the_project_is_refused_and_not_published(world, secret):
    os.symlink(secret, world / "activities" / "hemmelig.yaml")
    result, problems = _validate(world)
    assert result.exit_code == 1
    assert [p["code"] for p in problems if p["file"] == "activities/hemmelig.yaml"] == ["load.symlink"]
    build = CliRunner().invoke(main, ["build", str(world)])
    assert build.exit_code != 0 and "HEMMELIG-TITEL" not in build.output
    assert not (world / "site").exists()


def test_an_organisation_that_is_a_link_is_refused(world, secret):
    os.symlink(secret, world / "organisations" / "hemmelig.yaml")
    _, problems = _validate(world)
    assert [p["code"] for p in problems if p["file"] == "organisations/hemmelig.yaml"] == ["load.symlink"]


def test_a_link_that_does_not_end_in_yaml_is_refused_too(world):
    os.symlink("/etc/passwd", world / "activities" / "passwd")
    _, problems = _validate(world)
    assert [p["code"] for p in problems if p["file"] == "activities/passwd"] == ["load.symlink"]


def test_a_records_folder_that_is_a_link_is_refused(world, tmp_path):
    shutil.move(world / "activities", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", world / "activities")
    result, problems = _validate(world)
    assert result.exit_code == 1
    assert [p["code"] for p in problems if p["file"] == "activities"] == ["load.symlink"]


def test_a_pipe_among_the_records_is_refused_without_waiting(world):
    os.mkfifo(world / "activities" / "roer.yaml")
    _, problems = _validate(world)
    assert [p["code"] for p in problems if p["file"] == "activities/roer.yaml"] == ["load.not_regular_file"]


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_geocache_that_is_a_link_to_a_device_is_refused_at_once(world, target):
    os.symlink(target, world / "geocache.yaml")
    result, problems = _validate(world)
    assert result.exit_code == 1
    assert [(p["file"], p["code"]) for p in problems if p["file"] == "geocache.yaml"] == [
        ("geocache.yaml", "load.geocache")
    ]
    assert "genvej" in problems[0]["message"]


def test_a_settings_file_that_is_a_link_is_refused(world, tmp_path):
    shutil.move(world / "vejviser.yaml", tmp_path / "vejviser.yaml")
    os.symlink(tmp_path / "vejviser.yaml", world / "vejviser.yaml")
    result = CliRunner().invoke(main, ["validate", str(world)])
    assert result.exit_code == 2
    assert "vejviser.yaml" in result.output and "symbolsk link" in result.output
    assert "Traceback" not in result.output


def test_a_polygons_file_that_is_a_link_is_refused(example, tmp_path):
    shutil.move(example / "omraader.geojson", tmp_path / "omraader.geojson")
    os.symlink(tmp_path / "omraader.geojson", example / "omraader.geojson")
    result = CliRunner().invoke(main, ["validate", str(example)])
    assert result.exit_code == 2 and "omraader.geojson" in result.output
    assert "symbolsk link" in result.output or "skal være en fil i vejviserens egen mappe" in result.output
    os.unlink(example / "omraader.geojson")  # a link that stays inside the project is refused as a link
    (example / "data").mkdir()
    shutil.move(tmp_path / "omraader.geojson", example / "data" / "omraader.geojson")
    os.symlink("data/omraader.geojson", example / "omraader.geojson")
    result = CliRunner().invoke(main, ["validate", str(example)])
    assert result.exit_code == 2 and "symbolsk link" in result.output


def test_a_geocache_of_nested_brackets_is_refused_with_its_line(world):
    (world / "geocache.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result, problems = _validate(world)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert problems[0]["file"] == "geocache.yaml" and problems[0]["line"] == 1


def test_a_geocache_over_its_size_is_refused_before_it_is_read(world):
    from vejviser.load.files import LIMITS

    with open(world / "geocache.yaml", "w", encoding="utf-8") as out:
        out.truncate(LIMITS["geocache"] + 1)  # a sparse file: nothing to read, only its size
    _, problems = _validate(world)
    assert problems[0]["code"] == "load.geocache" and str(LIMITS["geocache"] // 1024) in problems[0]["message"]


@pytest.mark.parametrize(
    ("setting", "value"),
    [("geocoding", {"cache": "../geocache.yaml"}), ("geocoding", {"cache": "/etc/geocache.yaml"}),
     ("area_polygons", "../../omraader.geojson"), ("area_polygons", "data/../../x.geojson")],
)  # fmt: skip
def test_a_settings_path_out_of_the_project_is_refused(world, setting, value):
    import yaml

    data = yaml.safe_load((world / "vejviser.yaml").read_text(encoding="utf-8"))
    data[setting] = value
    (world / "vejviser.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(world)])
    assert result.exit_code == 2
    assert "skal være en fil i vejviserens egen mappe" in result.output or "har ikke den rigtige form" in result.output


@pytest.mark.parametrize("reserved", ["index", "con"])
def test_an_area_or_category_named_like_a_page_of_the_site_is_refused(world, reserved):
    import yaml

    data = yaml.safe_load((world / "vejviser.yaml").read_text(encoding="utf-8"))
    data["areas"][0]["id"] = reserved
    (world / "vejviser.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(world)])
    assert result.exit_code == 2 and f"'{reserved}' kan ikke bruges som id" in result.output


def test_an_organisation_named_index_is_refused(world):
    shutil.copy(world / "organisations" / "seniorklubben.yaml", world / "organisations" / "index.yaml")
    _, problems = _validate(world)
    assert [p["code"] for p in problems if p["file"] == "organisations/index.yaml"] == ["load.reserved_id"]
