"""Validation with the build cache: an unchanged file is not checked again, and the result is always
the one a validation without a cache gives."""

from __future__ import annotations

import os
import pickle
import sqlite3
import zlib

import pytest

from tests.conftest import TODAY
from vejviser.cache import CACHE_FILE, BuildCache
from vejviser.settings import load_settings
from vejviser.validate import project
from vejviser.validate.project import validate_project


@pytest.fixture
def checked(monkeypatch) -> list[int]:
    """How many files each validation checked itself (rather than found in the cache), where it checked any."""
    counts: list[int] = []
    real = BuildCache.put_many

    def put_many(cache, kind, entries):
        if kind == "validated" and entries and cache.path is not None:
            counts.append(len(entries))
        return real(cache, kind, entries)

    monkeypatch.setattr(BuildCache, "put_many", put_many)
    return counts


def _validate(root, today=TODAY):
    return validate_project(load_settings(root), today, cache=BuildCache.of_project(root))


def _uncached(root, today=TODAY):
    return validate_project(load_settings(root), today)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_second_validation_checks_no_unchanged_file_and_finds_the_same(example, checked):
    first = _validate(example)
    second = _validate(example)
    assert checked == [25, 71]  # organisations, then activities; none the second time
    assert first == second == _uncached(example)
    assert len(second.activities) == 71


def test_a_changed_record_is_checked_again_and_only_it(example, checked):
    _validate(example)
    _edit(example / "activities" / "strikkecafe-i-måløv.yaml", "title: ", "title: Nyt navn - ")
    result = _validate(example)
    assert checked[2:] == [1]
    [activity] = [a for a in result.activities if a.id == "strikkecafe-i-måløv"]
    assert activity.title.startswith("Nyt navn - ")
    assert result == _uncached(example)


def test_a_record_made_invalid_and_fixed_again_is_reported_then_passes(example):
    record = example / "activities" / "strikkecafe-i-måløv.yaml"
    good = record.read_text(encoding="utf-8")
    assert _validate(example).ok
    record.write_text(good.replace("title: ", "titel: ", 1), encoding="utf-8")
    broken = _validate(example)
    assert [p.file for p in broken.errors] == ["activities/strikkecafe-i-måløv.yaml"]
    assert broken == _uncached(example)
    record.write_text(good, encoding="utf-8")
    assert _validate(example).ok


def test_relations_are_checked_every_time_though_the_files_come_from_the_cache(example, checked):
    _validate(example)
    (example / "organisations" / "måløv-frivilligcenter.yaml").unlink()  # the knitting café's
    result = _validate(example)
    assert checked[2:] == []  # nothing new to check on its own
    assert "activities/strikkecafe-i-måløv.yaml" in {p.file for p in result.errors}
    assert result == _uncached(example)


def test_a_new_and_a_deleted_record_are_seen(example, checked):
    _validate(example)
    source = example / "activities" / "strikkecafe-i-måløv.yaml"
    (example / "activities" / "strikkecafe-kopi.yaml").write_bytes(source.read_bytes())
    (example / "activities" / "banko-i-cafeen.yaml").unlink()
    result = _validate(example)
    assert checked[2:] == [1]
    ids = {a.id for a in result.activities} | {p.file for p in result.errors}
    assert "banko-i-cafeen" not in ids and "activities/banko-i-cafeen.yaml" not in ids
    assert result == _uncached(example)


@pytest.mark.parametrize("change", ["today", "settings", "code"])
def test_another_day_other_settings_or_other_code_check_every_file_again(example, checked, monkeypatch, change):
    _validate(example)
    today = TODAY
    if change == "today":
        today = TODAY.replace(year=TODAY.year + 1)  # records' dates have passed, reviews are due
    elif change == "settings":
        _edit(example / "vejviser.yaml", "\n", "\n# a comment\n")
    else:
        monkeypatch.setattr(project, "code_version", lambda: "another version of the code")
    result = _validate(example, today)
    assert checked[2:] == [25, 71]
    assert result == _uncached(example, today)


def _entries(root):
    with sqlite3.connect(root / CACHE_FILE) as db:
        return db.execute("SELECT key, value FROM entries WHERE kind = 'validated'").fetchall()


def _replace_entries(root, value: bytes):
    with sqlite3.connect(root / CACHE_FILE) as db:
        db.execute("UPDATE entries SET value = ? WHERE kind = 'validated'", [zlib.compress(value)])


def test_an_entry_that_cannot_be_read_is_made_again(example, checked):
    expected = _validate(example)
    _replace_entries(example, b"not a pickle")
    assert _validate(example) == expected
    assert checked[1:] == [71, 25, 71]
    assert len(_entries(example)) == 96


class _Calls:
    def __reduce__(self):
        return (os.system, ("touch HACKED",))


@pytest.mark.parametrize(
    "value",
    [pickle.dumps(_Calls()), pickle.dumps((None, [])), pickle.dumps(("x", "y")), pickle.dumps(42)],
    ids=["a call", "no entry", "strings", "a number"],
)
def test_an_entry_that_is_not_a_file_s_entry_is_never_run_and_made_again(example, value, monkeypatch):
    monkeypatch.chdir(example)
    expected = _validate(example)
    _replace_entries(example, value)
    assert _validate(example) == expected
    assert not (example / "HACKED").exists()


def test_a_deleted_cache_is_made_again(example, checked):
    expected = _validate(example)
    (example / CACHE_FILE).unlink()
    assert _validate(example) == expected
    assert checked == [25, 71, 25, 71]


def test_validating_named_files_uses_and_fills_the_same_cache(example, checked):
    named = frozenset({"activities/strikkecafe-i-måløv.yaml"})
    one = validate_project(load_settings(example), TODAY, named, BuildCache.of_project(example))
    assert checked == [1]  # the named activity (its organisation is listed, not read)
    assert one == validate_project(load_settings(example), TODAY, named)
    _validate(example)
    assert checked == [1, 25, 70]
