"""`vejviser confirm`: sets the reviewed date and changes nothing else in the volunteer's file."""

from __future__ import annotations

from click.testing import CliRunner

from vejviser.cli import main


def run(world, *args):
    return CliRunner().invoke(main, ["confirm", *args, "--project", str(world)])


def test_confirm_sets_the_date_and_keeps_comments_order_and_quotes(world):
    record = world / "activities" / "strikkecafe.yaml"
    before = record.read_text(encoding="utf-8")
    result = run(world, "strikkecafe", "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "Bekræftet: activities/strikkecafe.yaml (sidst bekræftet 1. december 2026)." in result.output
    after = record.read_text(encoding="utf-8")
    assert after == before.replace("reviewed: 2026-09-01", "reviewed: 2026-12-01")
    assert after.startswith("# The reference activity")


def test_the_confirmed_record_is_still_valid_and_counts_as_current(world):
    assert run(world, "strikkecafe", "--date", "2026-12-01").exit_code == 0
    result = CliRunner().invoke(main, ["validate", str(world), "--today", "2026-12-02"])
    assert result.exit_code == 0, result.output
    review = CliRunner().invoke(main, ["review", str(world), "--today", "2027-12-02", "--format", "csv"])
    assert "2026-12-01" in review.output


def test_an_unknown_id_suggests_the_nearest_and_writes_nothing(world):
    record = world / "activities" / "strikkecafe.yaml"
    before = record.read_text(encoding="utf-8")
    result = run(world, "strikkecafe", "strikcafe")
    assert result.exit_code == 2
    assert 'Der er ingen fil med id\'et "strikcafe" i mappen activities/' in result.output
    assert 'Mente du "strikkecafe"?' in result.output
    assert record.read_text(encoding="utf-8") == before  # the known one is not written either
    assert "Traceback" not in result.output


def test_a_record_without_a_reviewed_date_is_left_as_it_was(world):
    record = world / "activities" / "strikkecafe.yaml"
    text = "\n".join(line for line in record.read_text(encoding="utf-8").splitlines() if "reviewed" not in line)
    record.write_text(text + "\n", encoding="utf-8")
    result = run(world, "strikkecafe")
    assert result.exit_code == 1
    assert "Kunne ikke skrive i activities/strikkecafe.yaml" in result.output
    assert record.read_text(encoding="utf-8") == text + "\n"


def test_the_file_name_that_review_prints_is_taken_as_the_id(world):
    record = world / "activities" / "strikkecafe.yaml"
    printed = CliRunner().invoke(main, ["review", str(world), "--today", "2027-12-02", "--all"]).output
    assert "activities/strikkecafe.yaml" in printed
    for given in ("activities/strikkecafe.yaml", "./activities/strikkecafe.yaml", "activities\\strikkecafe"):
        record.write_text(record.read_text(encoding="utf-8").replace("reviewed: 2026-", "reviewed: 2025-"))
        result = run(world, given, "--date", "2026-12-01")
        assert result.exit_code == 0, result.output
        assert "reviewed: 2026-12-01" in record.read_text(encoding="utf-8")


def test_only_the_records_own_folder_may_stand_before_its_name(world):
    record = world / "activities" / "strikkecafe.yaml"
    before = record.read_text(encoding="utf-8")
    refused = [
        "organisations/strikkecafe.yaml",
        "activities/../activities/strikkecafe.yaml",
        "activities/activities/strikkecafe.yaml",
        "/activities/strikkecafe.yaml",
        "xactivities/strikkecafe",
    ]
    for given in refused:
        result = run(world, given, "--date", "2026-12-01")
        assert result.exit_code == 2, (given, result.output)
        assert "Traceback" not in result.output
    assert record.read_text(encoding="utf-8") == before
