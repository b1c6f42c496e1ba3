"""`vejviser validate`: exit 0 without errors, 1 with an invalid record, 2 for settings and usage."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.conftest import TODAY
from vejviser.cli import main


def run(*args):
    return CliRunner().invoke(main, ["validate", *args])


def test_a_valid_world_exits_0(world):
    result = run(str(world), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "Alt er i orden." in result.output


def test_warnings_alone_exit_0(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("reviewed: 2026-09-01", "reviewed: 2025-01-02"))
    result = run(str(world), "--today", TODAY.isoformat())
    assert result.exit_code == 0
    assert "advarsel: reviewed: Ikke bekræftet siden 2025-01-02 (22 måneder)" in result.output


def test_an_invalid_record_exits_1_and_names_file_line_and_field(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"))
    result = run(str(world), "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "activities/strikkecafe.yaml:11:14: fejl: schedule.weekdays[0]: 'tirsdg'" in result.output
    assert "Mente du 'tirsdag'?" in result.output


def test_every_problem_is_reported_at_once(world):
    record = world / "activities" / "strikkecafe.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("[tirsdag]", "[tirsdg]").replace("step_free: ja", "step_free: yes")
    text = text.replace("organisation: frivilligcenter", "organisation: frivilligcentret")
    record.write_text(text)
    (world / "activities" / "gåtur.yaml").write_text("title: Gåtur\ntitle: igen\n", encoding="utf-8")
    result = run(str(world), "--today", TODAY.isoformat(), "--format", "json")
    codes = sorted(p["code"] for p in json.loads(result.output)["problems"])
    assert codes == ["load.duplicate_key", "schema.enum", "schema.enum"]


def test_relation_errors_appear_once_the_records_themselves_are_valid(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("organisation: frivilligcenter", "organisation: x"))
    result = run(str(world), "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "Foreningen 'x' findes ikke i mappen organisations/." in result.output


def test_missing_settings_exit_2(tmp_path):
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert "Fandt ingen indstillingsfil" in result.output


def test_a_broken_settings_file_exits_2_with_its_line(world):
    (world / "vejviser.yaml").write_text("municipality:\n  name: X\n  name: Y\n", encoding="utf-8")
    result = run(str(world))
    assert result.exit_code == 2
    assert "vejviser.yaml:3:3: fejl: Feltet 'name' står to gange" in result.output


def test_a_usage_mistake_exits_2(world):
    result = run(str(world), "--format", "xml")
    assert result.exit_code == 2


def test_english_messages_with_lang_en(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"))
    result = run(str(world), "--lang", "en", "--today", TODAY.isoformat())
    assert "error: schedule.weekdays[0]: 'tirsdg' is not a valid value" in result.output
    assert "Did you mean 'tirsdag'?" in result.output


def test_github_format_annotates_the_line(world):
    record = world / "activities" / "strikkecafe.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("[tirsdag]", "[tirsdg]"))
    result = run(str(world), "--format", "github", "--today", TODAY.isoformat())
    assert "::error file=activities/strikkecafe.yaml,line=11,col=14,title=schedule.weekdays[0]::" in result.output


def test_unknown_answers_are_counted_in_a_summary_line(world):
    result = run(str(world), "--today", TODAY.isoformat(), "--format", "json")
    summary = json.loads(result.output)["summary"]
    assert summary["records_with_unknown_answers"] == 1
    assert "accessibility.step_free" not in summary["unknown_answers"]  # answered ja in the world record
    assert summary["unknown_answers"]["transport.pickup"] == 1
