"""Acceptance tests from example files: every invalid record yields its message, every valid one passes.

A case in tests/examples/invalid/ is a file (copied into activities/, or into
organisations/ from the organisations/ subfolder) or a folder (copied over the world).
expected.yaml names, for each case, the problems it must produce: line, field and a
part of the Danish message.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import EXAMPLES, TODAY
from vejviser.cli import main

INVALID = EXAMPLES / "invalid"
VALID = EXAMPLES / "valid"
EXPECTED = yaml.safe_load((INVALID / "expected.yaml").read_text(encoding="utf-8"))


def _cases(folder: Path) -> list[str]:
    names = []
    for path in sorted(folder.iterdir()):
        if path.name in ("expected.yaml", "organisations", "README.md"):
            continue
        names.append(path.name)
    names += [f"organisations/{p.name}" for p in sorted((folder / "organisations").glob("*"))] if (
        folder / "organisations").is_dir() else []  # fmt: skip
    return names


def _place(case: str, source: Path, world: Path) -> str:
    """Copy a case into the world; return the display name of the file under test."""
    if source.is_dir():
        shutil.copytree(source, world, dirs_exist_ok=True)
        return ""
    folder = "organisations" if case.startswith("organisations/") else "activities"
    shutil.copy(source, world / folder / source.name)
    return f"{folder}/{source.name}"


def _validate(world: Path, *extra: str):
    runner = CliRunner()
    return runner.invoke(main, ["validate", str(world), "--today", TODAY.isoformat(), *extra])


def test_every_invalid_case_has_an_expectation_and_every_expectation_a_case():
    assert sorted(_cases(INVALID)) == sorted(EXPECTED)


def test_there_are_at_least_forty_invalid_cases():
    assert len(EXPECTED) >= 40


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_invalid_example_yields_its_message(case: str, world: Path):
    display = _place(case, INVALID / case, world)
    result = _validate(world, "--format", "json")
    assert result.exit_code == 1, result.output
    problems = json.loads(result.output)["problems"]
    for want in EXPECTED[case]:
        file = want.get("file", display)
        matches = [
            p
            for p in problems
            if p["file"] == file
            and p["severity"] == want.get("severity", "error")
            and want["says"] in p["message"]
            and ("line" not in want or p["line"] == want["line"])
            and ("field" not in want or p["field"] == want["field"])
        ]
        assert matches, f"{case}: no problem like {want} in {json.dumps(problems, ensure_ascii=False, indent=1)}"


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_invalid_example_prints_no_traceback_in_any_format(case: str, world: Path):
    _place(case, INVALID / case, world)
    for fmt in ("text", "github"):
        result = _validate(world, "--format", fmt)
        assert result.exit_code == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output


@pytest.mark.parametrize("case", _cases(VALID))
def test_valid_example_passes(case: str, world: Path):
    _place(case, VALID / case, world)
    result = _validate(world, "--format", "json")
    report = json.loads(result.output)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert errors == []
    assert result.exit_code == 0
    assert report["summary"]["activities"] + report["summary"]["organisations"] == len(
        list((world / "activities").glob("*.y*ml"))
    ) + len(list((world / "organisations").glob("*.y*ml")))


def test_no_message_ever_repeats_a_cpr_number(world):
    """The CPR-like examples: the digits after the date never reach any output format."""
    for case in ("cpr-som-feltnavn.yaml", "cpr-med-punktummer.yaml", "010203-1234.yaml", "cpr-med-bindestreg.yaml"):
        display = _place(case, INVALID / case, world)
        for fmt in ("text", "json", "github"):
            output = _validate(world, "--format", fmt).output
            assert "1234" not in output.replace(display, ""), (case, fmt)
        (world / display).unlink()


def test_every_invalid_case_fails_only_for_its_own_file(world):
    """No case leaks errors into the reference world (the case's own expectations name every file)."""
    for case in sorted(EXPECTED):
        if (INVALID / case).is_dir():
            continue
        display = _place(case, INVALID / case, world)
        problems = json.loads(_validate(world, "--format", "json").output)["problems"]
        assert {p["file"] for p in problems if p["severity"] == "error"} <= {display}, case
        (world / display).unlink()


def test_validation_on_every_core_finds_what_one_process_finds(world, monkeypatch, request):
    """All invalid and valid single-file cases in one world, validated in one process and in two."""
    from vejviser.settings import load_settings
    from vejviser.validate.project import validate_project

    for folder in (INVALID, VALID):
        for case in _cases(folder):
            if not (folder / case).is_dir() and case not in ("organisations",):
                _place(case, folder / case, world)
    settings = load_settings(world)
    monkeypatch.setenv("VEJVISER_WORKERS", "1")
    alone = validate_project(settings, TODAY)
    forks = request.getfixturevalue("on_two_cores")
    spread = validate_project(settings, TODAY)
    assert forks == ["fork", "fork"]  # organisations, then activities
    assert len(alone.problems) > 100
    assert spread.problems == alone.problems
    assert spread.activities == alone.activities and spread.organisations == alone.organisations
    assert (spread.files, spread.unknown_answers) == (alone.files, alone.unknown_answers)
