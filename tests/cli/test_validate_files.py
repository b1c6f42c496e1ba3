"""`vejviser validate FILE...`: the named records, with what they need of the others, and only them.

The pre-commit hook passes the files a commit changes; an editor passes the file it shows."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from tests.conftest import TODAY, edit_record
from vejviser.cli import main


def run(world, *args):
    """The command as typed in the directory's folder (as pre-commit runs it)."""
    cwd = os.getcwd()
    os.chdir(world)
    try:
        return CliRunner().invoke(main, ["validate", *args, "--today", TODAY.isoformat()])
    finally:
        os.chdir(cwd)


def problems(result) -> list[tuple[str, str]]:
    return sorted((p["file"], p["code"]) for p in json.loads(result.output)["problems"])


def _broken_neighbour(world) -> None:
    (world / "activities" / "gåtur.yaml").write_text("title: Gåtur\ntitle: igen\n", encoding="utf-8")


def test_a_named_valid_record_is_checked_alone_and_a_broken_neighbour_is_not_read(world):
    _broken_neighbour(world)
    result = run(world, "activities/strikkecafe.yaml")
    assert result.exit_code == 0, result.output
    assert "1 aktivitet og 0 foreninger tjekket: 0 fejl og 0 advarsler i 1 fil." in result.output
    assert "gåtur" not in result.output


def test_a_named_invalid_record_names_its_file_line_and_field(world):
    edit_record(world, "[tirsdag]", "[tirsdg]")
    result = run(world, "activities/strikkecafe.yaml")
    assert result.exit_code == 1
    assert "activities/strikkecafe.yaml:11:14: fejl: schedule.weekdays[0]: 'tirsdg'" in result.output


def test_the_organisation_a_named_activity_names_must_exist_though_it_is_not_read(world):
    (world / "organisations" / "seniorklubben.yaml").write_text("name: [ikke lukket\n", encoding="utf-8")
    assert run(world, "activities/strikkecafe.yaml").exit_code == 0  # its organisation is there
    edit_record(world, "organisation: frivilligcenter", "organisation: frivilligcentret")
    result = run(world, "activities/strikkecafe.yaml", "--format", "json")
    assert result.exit_code == 1
    assert problems(result) == [("activities/strikkecafe.yaml", "relation.unknown_organisation")]
    assert "frivilligcenter" in result.output  # the suggestion, from the organisations' file names


def test_an_id_another_file_has_too_is_an_error_of_the_named_file(world):
    text = (world / "activities" / "strikkecafe.yaml").read_text(encoding="utf-8")
    (world / "activities" / "Strikkecafe.yml").write_text(text, encoding="utf-8")
    result = run(world, "activities/strikkecafe.yaml", "--format", "json")
    assert result.exit_code == 1
    assert problems(result) == [("activities/strikkecafe.yaml", "relation.duplicate_id")]
    assert "Strikkecafe.yml" in result.output


def test_records_of_both_kinds_can_be_named_together(world):
    _broken_neighbour(world)
    result = run(world, "activities/strikkecafe.yaml", "organisations/frivilligcenter.yaml")
    assert result.exit_code == 0, result.output
    assert "1 aktivitet og 1 forening tjekket" in result.output


def test_a_named_file_that_is_not_there_is_an_error_with_its_name(world):
    result = run(world, "activities/findes-ikke.yaml", "--format", "json")
    assert result.exit_code == 1
    assert problems(result) == [("activities/findes-ikke.yaml", "load.missing")]


def test_a_named_record_that_is_a_symbolic_link_is_refused_not_followed(world, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text((world / "activities" / "strikkecafe.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (world / "activities" / "link.yaml").symlink_to(outside)
    result = run(world, "activities/link.yaml", "--format", "json")
    assert result.exit_code == 1
    assert problems(result) == [("activities/link.yaml", "load.symlink")]


def test_a_path_outside_the_directory_is_refused_and_nothing_is_read(world, tmp_path):
    (tmp_path / "elsewhere.yaml").write_text("title: x\n", encoding="utf-8")
    for path in (str(tmp_path / "elsewhere.yaml"), "../elsewhere.yaml", "/etc/passwd", "activities/../../x.yaml"):
        result = run(world, path)
        assert result.exit_code == 2, (path, result.output)
        assert "ligger ikke i vejviserens mappe" in result.output, path
        assert "Traceback" not in result.output


def test_a_folder_among_named_files_is_a_usage_mistake(world):
    result = run(world, "activities/strikkecafe.yaml", "activities")
    assert result.exit_code == 2
    assert "activities er en mappe" in result.output


def test_a_named_settings_file_checks_the_whole_directory(world):
    """Every record may depend on the settings (areas, vocabularies): changing them checks all."""
    _broken_neighbour(world)
    result = run(world, "vejviser.yaml", "--format", "json")
    assert result.exit_code == 1
    assert ("activities/gåtur.yaml", "load.duplicate_key") in problems(result)


def test_the_directorys_folder_alone_is_still_the_whole_directory(world):
    _broken_neighbour(world)
    result = CliRunner().invoke(main, ["validate", str(world), "--today", TODAY.isoformat()])
    assert result.exit_code == 1
    assert "activities/gåtur.yaml" in result.output


def test_another_folder_is_named_with_project(world, tmp_path):
    result = CliRunner().invoke(
        main, ["validate", str(world / "activities" / "strikkecafe.yaml"), "--project", str(world),
               "--today", TODAY.isoformat()],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 aktivitet og 0 foreninger tjekket" in result.output
