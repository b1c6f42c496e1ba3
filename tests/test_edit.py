"""Records are changed in place only as asked: comments, key order, quotes and layout stay."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from vejviser.edit import EditError, set_coordinates, update_record
from vejviser.model import Coordinates

REPO = Path(__file__).parent.parent


def _without_coordinates(tmp_path: Path) -> Path:
    source = REPO / "activities" / "strikkecafe-i-måløv.yaml"
    text = source.read_text(encoding="utf-8").replace("  coordinates: {lat: 55.7471, lon: 12.3191}\n", "")
    target = tmp_path / "strikkecafe-i-måløv.yaml"
    target.write_text("# En kommentar øverst\n" + text.replace("venue:\n", "venue:  # hvor vi mødes\n"), "utf-8")
    return target


def test_setting_coordinates_adds_one_line_after_the_directions_and_changes_nothing_else(tmp_path):
    record = _without_coordinates(tmp_path)
    before = record.read_text(encoding="utf-8").splitlines()
    set_coordinates(record, Coordinates(55.74712345678, 12.3191))
    after = record.read_text(encoding="utf-8").splitlines()
    added = [line for line in difflib.ndiff(before, after) if line.startswith(("+ ", "- "))]
    assert added == ["+   coordinates: {lat: 55.747123, lon: 12.3191}"]
    assert (
        after.index("  coordinates: {lat: 55.747123, lon: 12.3191}")
        == after.index(next(line for line in after if line.startswith("  directions:"))) + 1
    )


def test_every_example_record_survives_the_round_trip_byte_for_byte(tmp_path):
    for source in sorted((REPO / "activities").glob("*.yaml")) + sorted((REPO / "organisations").glob("*.yaml")):
        copy = tmp_path / source.name
        shutil.copy(source, copy)
        update_record(copy, lambda document: None, lambda data: None)
        assert copy.read_bytes() == source.read_bytes(), source.name


def test_a_record_without_a_venue_is_left_as_it_was(tmp_path):
    record = tmp_path / "besøg.yaml"
    shutil.copy(REPO / "activities" / "besøgsven-fra-røde-kors.yaml", record)
    before = record.read_bytes()
    with pytest.raises(EditError) as caught:
        set_coordinates(record, Coordinates(55.7, 12.3))
    assert caught.value.code == "edit.no_venue"
    assert record.read_bytes() == before


def test_a_change_that_would_alter_more_than_asked_writes_nothing(tmp_path):
    record = _without_coordinates(tmp_path)
    before = record.read_bytes()

    def change(document):
        document["title"] = "Noget andet"

    with pytest.raises(EditError) as caught:
        update_record(record, change, lambda data: None)
    assert caught.value.code == "edit.more_than_asked"
    assert record.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [record.name]  # no temporary file left behind


def test_a_record_the_loader_refuses_carries_the_loaders_problem(tmp_path):
    record = tmp_path / "kaffe.yaml"
    record.write_text("title: &navn Kaffe\nsummary: *navn\n", encoding="utf-8")
    with pytest.raises(EditError) as caught:
        update_record(record, lambda document: None, lambda data: None)
    assert caught.value.code == caught.value.problem.code == "load.anchor"
    assert caught.value.params == {"name": "navn"}


def test_several_times_take_the_place_of_the_one_time_and_back_keeping_the_rest(tmp_path):
    """A change that gives ``times`` removes weekdays, start and end (the schema's ``x-replaces``), and
    one that gives weekdays and start removes the times: the record never says both."""
    import datetime as dt

    import yaml

    from vejviser.edit import set_values

    record = tmp_path / "strikkecafe-i-måløv.yaml"
    shutil.copy(REPO / "activities" / "strikkecafe-i-måløv.yaml", record)
    times = [{"weekday": "mandag", "start": "10:00", "end": "12:00"}, {"weekday": "torsdag", "start": "14:00"}]
    set_values(record, [(("schedule", "times"), times)], dt.date(2026, 12, 2))
    text = record.read_text(encoding="utf-8")
    schedule = yaml.safe_load(text)["schedule"]  # YAML 1.1 too: the times are quoted, never read as minutes
    assert schedule == {"frequency": "ugentlig", "times": times, "pause_months": ["juli"]}
    assert '- {weekday: mandag, start: "10:00", end: "12:00"}' in text or 'start: "10:00"' in text
    set_values(record, [(("schedule", "weekdays"), ["onsdag"]), (("schedule", "start"), "09:30")], dt.date(2026, 12, 2))
    schedule = yaml.safe_load(record.read_text(encoding="utf-8"))["schedule"]
    assert schedule == {"frequency": "ugentlig", "pause_months": ["juli"], "weekdays": ["onsdag"], "start": "09:30"}
